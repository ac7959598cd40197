# Shared by the scripts (sourced, not run): the CLI's name, the hermetic
# environment every Terraform run gets, and the demo's start-up (the mock, the
# CLI, dev_overrides).

# cli_name CLI: the CLI's name and version ("Terraform v1.5.7", "OpenTofu v1.12.6"),
# the first such line of `CLI version`, whatever the CLI prints around it.
cli_name() {
  CHECKPOINT_DISABLE=1 "$1" version 2>/dev/null | awk '/^(Terraform|OpenTofu) v/ && !f { print; f = 1 }'
}

# tf_env [CLI]: Terraform (default terraform; a name on PATH or a path) reads an
# empty CLI configuration instead of ~/.terraformrc (no dev_overrides, mirrors or
# plugin caches) and makes no checkpoint calls. Sets tfbin (the CLI's path) and
# tfcfg (a temporary directory, removed on exit with every path in tmp_paths).
tmp_paths=()
tf_env() {
  tfbin="$(command -v "${1:-terraform}" || true)"
  if [ -z "$tfbin" ]; then
    echo "error: ${1:-terraform} is not on PATH; tests and tfplugindocs need the Terraform CLI (nothing is downloaded)" >&2
    return 1
  fi
  unset TF_PLUGIN_CACHE_DIR
  tfcfg="$(mktemp -d)"
  tmp_paths+=("$tfcfg")
  trap 'rm -rf "${tmp_paths[@]}"' EXIT
  : >"$tfcfg/terraformrc"
  export TF_CLI_CONFIG_FILE="$tfcfg/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
}

# test_env: tf_env for $TERRAFORM, made hermetic for the provider's tests: a
# developer's real Sendblue credentials (SENDBLUE_*) are removed so they can never
# reach an API, and terraform-plugin-testing is pinned to that CLI (it would
# otherwise download one). For OpenTofu the tests set TF_ACC_PROVIDER_HOST and
# TF_ACC_PROVIDER_NAMESPACE themselves.
test_env() {
  tf_env "${TERRAFORM:-terraform}"
  local v
  for v in $(compgen -e | grep '^SENDBLUE_' || true); do unset "$v"; done
  unset TF_ACC_TERRAFORM_VERSION TF_ACC_PROVIDER_NAMESPACE TF_ACC_PROVIDER_HOST
  export TF_ACC_TERRAFORM_PATH="$tfbin"
}

# start_mock WORK KEY SECRET: builds nothing; starts WORK/bin/sendblue-mock on
# a free loopback port with the given credentials, logging to WORK/mock.log,
# and sets mock_pid and base_url. The caller's EXIT trap must stop mock_pid.
start_mock() {
  local work="$1" key="$2" secret="$3"
  MOCK_ADDR=127.0.0.1:0 MOCK_API_KEY="$key" MOCK_API_SECRET="$secret" MOCK_URL_FILE="$work/mock-url" \
    "$work/bin/sendblue-mock" >"$work/mock.log" 2>&1 &
  mock_pid=$!
  for _ in $(seq 1 100); do
    [ -s "$work/mock-url" ] && break
    kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.log" >&2; echo "the mock did not start" >&2; return 1; }
    sleep 0.1
  done
  [ -s "$work/mock-url" ] || { echo "the mock did not report its address" >&2; return 1; }
  base_url="$(cat "$work/mock-url")"
  echo "mock serving at $base_url"
}

# resolve_cli WHO: the CLI to run, from TERRAFORM (a name on PATH or a path;
# default terraform; `make demo TERRAFORM=/path/to/tofu`). Sets tf_bin (its
# path), tf_name ("Terraform 1.5.7", "OpenTofu 1.12.6", ...) and tf_host, the
# registry host that `source = "sendblue-api/sendblue"` means to it (OpenTofu
# has its own), which dev_overrides must name.
resolve_cli() {
  local who="$1" first
  tf_bin="$(command -v "${TERRAFORM:-terraform}" || true)"
  if [ -z "$tf_bin" ]; then
    echo "$who: ${TERRAFORM:-terraform} is not on PATH; set TERRAFORM=/path/to/terraform-or-tofu (nothing is downloaded)" >&2
    return 1
  fi
  first="$(cli_name "$tf_bin")"
  case "$first" in
    OpenTofu*) tf_host="registry.opentofu.org" ;;
    Terraform*) tf_host="registry.terraform.io" ;;
    *) echo "$who: $tf_bin version printed '$first', not a Terraform or OpenTofu version" >&2; return 1 ;;
  esac
  tf_name="${first/ v/ }"
  export TERRAFORM="$tf_bin"
}

# write_dev_overrides WORK: a throw-away CLI configuration, WORK/terraformrc,
# that takes the provider from WORK/bin and nothing from the developer's own
# CLI configuration. Needs resolve_cli first (tf_host).
write_dev_overrides() {
  local work="$1"
  cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "${tf_host:?run resolve_cli first}/sendblue-api/sendblue" = "$work/bin"
  }
  direct {}
}
RC
}
