#!/usr/bin/env bash
# make testacc-live: the acceptance tests against a real Sendblue account,
# creating webhooks only under a URL prefix of the run and removing them on
# success, failure and interrupt. Needs SENDBLUE_API_KEY and SENDBLUE_API_SECRET
# (or SENDBLUE_ACCESS_TOKEN); SENDBLUE_BASE_URL, SENDBLUE_LIVE_ACCOUNT_IS_DISPOSABLE
# and SENDBLUE_LIVE_LINE are optional. TEST_RUN narrows the tests, TERRAFORM
# picks the CLI. The work is done by scripts/live (Go).
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o bin/sendblue-live ./scripts/live
exec bin/sendblue-live test ${TEST_RUN:+-run "$TEST_RUN"}
