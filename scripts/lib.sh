# Shared by scripts/demo.sh and scripts/bench.sh (sourced, not run).

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

# write_dev_overrides WORK: a throw-away Terraform CLI configuration,
# WORK/terraformrc, that takes the provider from WORK/bin and nothing from the
# developer's own CLI configuration.
write_dev_overrides() {
  local work="$1"
  cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/sendblue-api/sendblue" = "$work/bin"
  }
  direct {}
}
RC
}
