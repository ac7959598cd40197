#!/usr/bin/env bash
# make test: every test (unit, fuzz seed corpora, and acceptance tests against the
# in-process mock with TF_ACC=1), hermetic (scripts/lib.sh, test_env), with the CLI
# named by TERRAFORM. TEST_PKGS (default ./...) and TEST_RUN (a go test -run
# pattern) narrow the run. The client with its account layer and the mock run
# under the race detector. Ends with scripts/test-summary.sh's summary, which also
# fails the run when an acceptance test was skipped other than as version-gated.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
test_env

cliname="$(cli_name "$tfbin")"
echo "==> $cliname ($tfbin)"
run=()
if [ -n "${TEST_RUN:-}" ]; then run=(-run "$TEST_RUN"); fi
# shellcheck disable=SC2086 # TEST_PKGS is a list of package patterns
pkgs="$(go list ${TEST_PKGS:-./...})"
race_re='/internal/(sendblue|mock)(/|$)'
race="$(grep -E "$race_re" <<<"$pkgs" || true)"
others="$(grep -vE "$race_re" <<<"$pkgs" || true)"

log="$(mktemp)"
tmp_paths+=("$log")
rc=0
gotest() {
  echo "TF_ACC=1 go test -json $* -count=1 -timeout 30m ${run[*]}"
  # shellcheck disable=SC2068 # package lists split into words
  TF_ACC=1 go test -json $@ -count=1 -timeout 30m "${run[@]}" >>"$log" 2>&1 || { r=$?; [ "$rc" -ne 0 ] || rc=$r; }
}
[ -z "$race" ] || gotest -race $race
[ -z "$others" ] || gotest $others

summary=0
bash scripts/test-summary.sh "$log" "$cliname" || summary=$?
if [ "$rc" -eq 0 ]; then rc=$summary; fi
exit "$rc"
