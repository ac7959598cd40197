#!/usr/bin/env bash
# Summarises a `go test -v` log: how many tests (and subtests) passed, failed
# and were skipped, and how many of them were acceptance tests that drove the
# real Terraform CLI (TestAcc*, TestE2E*). Used by `make test`.
set -euo pipefail
log="$1"
count() { grep -cE "$1" "$log" || true; }
passed=$(count '^\s*--- PASS: ')
failed=$(count '^\s*--- FAIL: ')
skipped=$(count '^\s*--- SKIP: ')
acc_passed=$(count '^\s*--- PASS: (TestAcc|TestE2E)')
acc_failed=$(count '^\s*--- FAIL: (TestAcc|TestE2E)')
acc_skipped=$(count '^\s*--- SKIP: (TestAcc|TestE2E)')
echo
echo "acceptance tests (Terraform CLI against the mock): $acc_passed passed, $acc_failed failed, $acc_skipped skipped"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$acc_passed" -eq 0 ]; then
  echo "error: no acceptance test ran" >&2
  exit 1
fi
if [ "$acc_skipped" -ne 0 ]; then
  echo "error: $acc_skipped acceptance tests were skipped; they must run in make test" >&2
  exit 1
fi
