#!/usr/bin/env bash
# Summarises a `go test -json` log (what `make test` writes): each package's
# result, the output of every failed test, how many tests passed, failed and
# were skipped, and how many of them were acceptance tests that drove the
# Terraform (or OpenTofu) CLI (TestAcc*, TestE2E*). Fails (exit 1) when an
# acceptance test was skipped for a reason other than the CLI's version, or
# when no acceptance test ran. The work is done by scripts/testsummary (Go).
#
# Usage: test-summary.sh LOG [CLI-DESCRIPTION]
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 LOG [CLI-DESCRIPTION]" >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
log="$(realpath "$1")"
shift
exec go -C "$root" run ./scripts/testsummary "$log" "$@"
