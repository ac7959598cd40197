#!/usr/bin/env bash
# make sdk-deps: installs the official Node SDK that TestOfficialSDK runs against the
# mock, pinned with its lock file in internal/mock/sdkcheck, from the npm registry,
# only when the lock file changed. Without npm the check is skipped (and fails
# where MOCK_REQUIRE_SDK_CHECK=1, as in CI).
set -euo pipefail
dir="$(cd "$(dirname "$0")/.." && pwd)/internal/mock/sdkcheck"
if ! command -v npm >/dev/null 2>&1; then
  echo "note: npm is not on PATH; the official-SDK check of the mock (TestOfficialSDK) will be skipped"
elif [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
  echo "npm ci --prefix internal/mock/sdkcheck"
  npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
fi
