#!/usr/bin/env bash
# make bench: how many API calls and how much time apply, plan and destroy take
# at N = 10, 100, 500 webhooks, next to the same N of terraform_data resources
# (Terraform core alone), on the bundled mock API.
#
# Builds the provider and the mock, serves the mock on a free loopback port,
# points Terraform at the local build through a throw-away CLI config with
# dev_overrides (as scripts/demo.sh does), runs the Go benchmarks of the
# snapshot, then hands over to internal/benchtool, which runs every Terraform
# command, counts the calls through the mock's /_mock/stats, checks the
# targets (PASS/FAIL), prints a table and writes bench/results.md.
#
# Knobs: BENCH_N (default "10 100 500"), BENCH_REPS (runs of each plan, default
# 3), BENCH_OUT (default bench/results.md), BENCH_GOBENCH=0 skips the Go
# benchmarks, BENCH_STRICT=1 makes a missed target fail the run (exit 2).
# Otherwise the exit status is non-zero only when something did not work
# (a command failed, a plan after apply was not empty, webhooks lost or
# doubled), not when a timing target is missed: timings depend on the machine.
# Needs Go and Terraform or OpenTofu (TERRAFORM=/path/to/cli, default terraform
# on PATH; internal/benchtool runs $TERRAFORM); no credentials, no network.
# Cleans up after itself.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
resolve_cli bench

bench_n="${BENCH_N:-10 100 500}"
bench_reps="${BENCH_REPS:-3}"
bench_out="${BENCH_OUT:-$root/bench/results.md}"

work="$(mktemp -d "${TMPDIR:-/tmp}/sendblue-bench.XXXXXX")"
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

step() { printf '\n==> %s\n' "$*"; }

step "Building the provider, the mock and the bench tool"
version="bench-$(cd "$root" && git describe --tags --always --dirty 2>/dev/null || echo dev)"
(cd "$root" && go build -ldflags "-X main.version=$version" -o "$work/bin/terraform-provider-sendblue" . \
  && go build -o "$work/bin/sendblue-mock" ./internal/mock/cmd/sendblue-mock \
  && go build -o "$work/benchtool" ./internal/benchtool)

if [ "${BENCH_GOBENCH:-1}" != 0 ]; then
  step "Go benchmarks: decoding a 10,000-webhook configuration, snapshot lookups"
  (cd "$root" && go test -run '^$' -bench . -benchmem ./internal/sendblue/) | tee "$work/gobench.txt"
fi

step "Starting the mock Sendblue API on a free loopback port"
api_key="bench-api-key"
api_secret="bench-api-secret"
start_mock "$work" "$api_key" "$api_secret"

# Only the dev_overrides: no plugin cache, mirrors or credentials of the
# developer's own CLI configuration.
write_dev_overrides "$work"
unset TF_PLUGIN_CACHE_DIR TF_LOG TF_LOG_PROVIDER TF_LOG_CORE TF_LOG_PATH
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1
export SENDBLUE_API_KEY="$api_key" SENDBLUE_API_SECRET="$api_secret" SENDBLUE_BASE_URL="$base_url"
unset SENDBLUE_API_API_KEY SENDBLUE_API_API_SECRET SENDBLUE_API_BASE_URL

step "Terraform runs for N in: $bench_n"
strict=()
if [ "${BENCH_STRICT:-0}" = 1 ]; then strict=(-strict); fi
gobench=()
if [ -s "$work/gobench.txt" ]; then gobench=(-gobench "$work/gobench.txt"); fi
"$work/benchtool" -work "$work/runs" -n "$bench_n" -reps "$bench_reps" -out "$bench_out" \
  -mocklog "$work/mock.log" -provider-version "$version" "${gobench[@]}" "${strict[@]}"
