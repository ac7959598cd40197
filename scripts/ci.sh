#!/usr/bin/env bash
# What CI runs, defined once. .ci/run runs every step in turn on one machine
# (PATH's terraform, then each other CLI of its matrix); .github/workflows/test.yml
# runs the same steps as parallel jobs, one CLI per job.
#
#   ci.sh build           go mod verify, go build, go vet, make build
#   ci.sh test CLI        make test with CLI: every package, every test
#   ci.sh test-cli CLI    make test with CLI, narrowed to the tests that drive the
#                         CLI (TEST_PKGS and TEST_RUN below): what each extra CLI runs
#   ci.sh lint            make lint
#   ci.sh docs            make docs-check
#   ci.sh release         make release-check: the signed release dry run
#   ci.sh scope           prints the test-cli scope (TEST_PKGS, then TEST_RUN)
#
# The official-SDK check of the mock (TestOfficialSDK) must run, not be skipped:
# every test step sets MOCK_REQUIRE_SDK_CHECK=1 and needs node and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

# The tests that depend on the CLI: acceptance and end-to-end tests of the provider.
cli_pkgs=./internal/provider
cli_run='^(TestAcc|TestE2E)'

need_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "ci: error: node and npm are not on PATH. The mock is checked against Sendblue's official Node SDK;" >&2
    echo "ci: install Node.js 20 or later (apt-get install nodejs npm)." >&2
    exit 1
  fi
  export MOCK_REQUIRE_SDK_CHECK=1
}

step="${1:-}"
case "$step" in
build)
  go mod verify
  go build ./...
  go vet ./...
  make build
  ;;
test)
  need_node
  make test TERRAFORM="${2:?usage: ci.sh test CLI}" TEST_PKGS=./... TEST_RUN=
  ;;
test-cli)
  need_node
  make test TERRAFORM="${2:?usage: ci.sh test-cli CLI}" TEST_PKGS="$cli_pkgs" TEST_RUN="$cli_run"
  ;;
lint) make lint ;;
docs) make docs-check ;;
release) make release-check ;;
scope) printf '%s\n%s\n' "$cli_pkgs" "$cli_run" ;;
*)
  echo "usage: ci.sh build | test CLI | test-cli CLI | lint | docs | release | scope" >&2
  exit 2
  ;;
esac
