#!/usr/bin/env bash
# make fuzz: runs every fuzz target of the module for FUZZTIME each (default 30s).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
test_env
fuzztime="${FUZZTIME:-30s}"
found=0
for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" | { grep '^Fuzz' || true; }); do
    found=1
    echo "==> fuzz $pkg $target for $fuzztime"
    go test -run '^$' -fuzz "^$target\$" -fuzztime "$fuzztime" "$pkg"
  done
done
if [ "$found" = 0 ]; then echo "fuzz: no fuzz targets found" >&2; exit 1; fi
