#!/usr/bin/env bash
# Summarises a `go test -v` log: how many tests passed, failed and were
# skipped, and how many of them were acceptance tests that drove the
# Terraform (or OpenTofu) CLI (TestAcc*, TestE2E*). Used by `make test`.
#
# Tests are counted at their leaves: a test with subtests counts as its
# subtests, so a parent whose subtests were all skipped is not a "pass".
#
# An acceptance test may be skipped only because the CLI under test is older
# than a feature the test needs (a "version-gated" skip, see
# internal/provider/cli_test.go): those are counted as skipped, each listed
# with its reason, and do not fail the run. Any other skipped acceptance test
# fails the run, and so does a run in which no acceptance test ran at all.
#
# Usage: test-summary.sh LOG [CLI-DESCRIPTION]
set -euo pipefail
log="$1"
cli="${2:-}"

# "<result> <name>" for every test, the last result of each name winning.
results="$(sed -nE 's/^[[:space:]]*--- (PASS|FAIL|SKIP): ([^ ]+).*/\1 \2/p' "$log" |
  awk '{ r[$2] = $1 } END { for (n in r) print r[n], n }' | sort -k2)"
# Leaves only: drop every name that is the parent of another.
leaves="$(printf '%s\n' "$results" | awk 'NF == 2 { r[$2] = $1; names[++k] = $2 }
  END {
    for (i = 1; i <= k; i++) { n = names[i]; p = n
      while (sub(/\/[^\/]*$/, "", p)) parent[p] = 1 }
    for (i = 1; i <= k; i++) if (!(names[i] in parent)) print r[names[i]], names[i]
  }')"

count() { printf '%s\n' "$leaves" | grep -cE "$1" || true; }
passed=$(count '^PASS ')
failed=$(count '^FAIL ')
skipped=$(count '^SKIP ')
acc='(TestAcc|TestE2E)'
acc_passed=$(count "^PASS $acc")
acc_failed=$(count "^FAIL $acc")

gated=()
unexpected=()
while read -r _ name; do
  [ -n "$name" ] || continue
  # The gate's message names the test: "version-gated: <name> needs ...".
  reason="$(grep -m 1 -F "version-gated: $name needs " "$log" | sed -E 's/.*version-gated: [^ ]+ //' || true)"
  if [ -n "$reason" ]; then
    gated+=("$name: $reason")
  else
    unexpected+=("$name")
  fi
done < <(printf '%s\n' "$leaves" | grep -E "^SKIP $acc" || true)

echo
if [ -n "$cli" ]; then echo "CLI: $cli"; fi
echo "acceptance tests (the CLI against the mock): $acc_passed passed, $acc_failed failed, $(( ${#gated[@]} + ${#unexpected[@]} )) skipped (${#gated[@]} version-gated)"
echo "all tests: $passed passed, $failed failed, $skipped skipped"
if [ "${#gated[@]}" -ne 0 ]; then
  echo "skipped as version-gated (a feature newer than this CLI):"
  printf '  - %s\n' "${gated[@]}"
fi
rc=0
if [ "$acc_passed" -eq 0 ]; then
  echo "error: no acceptance test ran" >&2
  rc=1
fi
if [ "${#unexpected[@]}" -ne 0 ]; then
  echo "error: ${#unexpected[@]} acceptance tests were skipped for a reason other than the CLI's version; they must run in make test:" >&2
  printf '  - %s\n' "${unexpected[@]}" >&2
  rc=1
fi
exit "$rc"
