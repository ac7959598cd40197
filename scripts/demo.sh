#!/usr/bin/env bash
# make demo: the provider's main job, end to end, on the bundled mock API.
# Builds the provider and the mock, serves the mock on a free loopback port,
# points Terraform at the local build through a throw-away CLI config with
# dev_overrides, then applies examples/demo, shows what the mock holds, plans
# (expecting no changes) and destroys. Needs Go and Terraform or OpenTofu
# (TERRAFORM=/path/to/cli, default terraform on PATH); no credentials, no
# network. Cleans up after itself.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"
resolve_cli demo

work="$(mktemp -d "${TMPDIR:-/tmp}/sendblue-demo.XXXXXX")"
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

step() { printf '\n==> %s\n' "$*"; }

step "Building the provider and the mock"
(cd "$root" && go build -ldflags "-X main.version=demo" -o "$work/bin/terraform-provider-sendblue" . \
  && go build -o "$work/bin/sendblue-mock" ./internal/mock/cmd/sendblue-mock)

step "Starting the mock Sendblue API on a free loopback port"
api_key="demo-api-key"
api_secret="demo-api-secret"
start_mock "$work" "$api_key" "$api_secret"

# mock_api ARGS...: a call to the mock with the demo's credentials.
mock_api() { curl -fsS -H "sb-api-key-id: $api_key" -H "sb-api-secret-key: $api_secret" "$@"; }

step "Seeding the mock account with one line (the admin API, PUT /_mock/lines)"
demo_line="+12125550101"
mock_api -X PUT -H "Content-Type: application/json" \
  -d "[{\"sendblue_number\":\"$demo_line\",\"assignment\":\"assigned\",\"status\":\"ONLINE\"}]" "$base_url/_mock/lines" >/dev/null

# show_account WHEN: the mock account's webhooks WHEN (secrets shown: this is
# the mock), and the line's call forwarding (null: calls go to the company
# default).
show_account() {
  step "The mock account's webhooks $1 (secrets shown: this is the mock)"
  mock_api "$base_url/api/v2/account/webhooks" | jq .
  step "The line's call forwarding $1 (null: calls go to the company default number)"
  mock_api "$base_url/api/lines/$demo_line/call-forwarding" | jq .
}

step "Using $tf_name ($tf_bin); writing a throw-away CLI config with dev_overrides for $tf_host"
write_dev_overrides "$work"
mkdir -p "$work/config"
cp "$root/examples/demo/main.tf" "$work/config/main.tf"

export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1
export SENDBLUE_API_KEY="$api_key" SENDBLUE_API_SECRET="$api_secret" SENDBLUE_BASE_URL="$base_url"
unset SENDBLUE_API_API_KEY SENDBLUE_API_API_SECRET SENDBLUE_API_BASE_URL
tf() { "$tf_bin" -chdir="$work/config" "$@"; }

step "terraform apply"
tf apply -auto-approve -input=false -no-color
show_account "after apply"

step "terraform plan (expecting no changes)"
set +e
tf plan -detailed-exitcode -input=false -no-color
rc=$?
set -e
if [ "$rc" -ne 0 ]; then echo "demo: plan after apply was not empty (exit code $rc)" >&2; exit 1; fi

step "terraform destroy"
tf destroy -auto-approve -input=false -no-color
show_account "after destroy"
echo
echo "Demo complete with $tf_name: applied, planned with no changes, destroyed."
