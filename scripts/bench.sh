#!/usr/bin/env bash
# make bench: Go benchmarks, hermetic like the tests: the snapshot's
# (internal/sendblue), then plan, apply and destroy of N = 10, 100, 500 webhooks
# on the mock next to the floor provider (internal/bench), with the CLI named by
# TERRAFORM. BENCH picks benchmarks (a go test -bench pattern, default .),
# BENCHTIME how many runs of each (default 3x, alternating provider and floor).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
test_env
bench="${BENCH:-.}"
echo "go test -run '^\$' -bench '$bench' -benchmem ./internal/sendblue"
go test -run '^$' -bench "$bench" -benchmem ./internal/sendblue
echo "go test -run '^\$' -bench '$bench' -benchtime ${BENCHTIME:-3x} ./internal/bench"
go test -run '^$' -bench "$bench" -benchtime "${BENCHTIME:-3x}" -timeout 90m ./internal/bench
