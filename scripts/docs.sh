#!/usr/bin/env bash
# make generate (docs.sh generate): formats examples/ and renders docs/ with
# tfplugindocs from the provider schema, examples/ and templates/.
# make docs-check (docs.sh check): generate, then fail when docs/ or examples/
# differ from what is committed, then validate docs/.
# Both use terraform on PATH with an empty CLI configuration.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
tf_env terraform
tfplugindocs() { echo "tfplugindocs $*"; GOWORK=off go tool -modfile=tools/go.mod tfplugindocs "$@"; }

echo "terraform fmt -recursive ./examples/"
terraform fmt -recursive ./examples/
tfplugindocs generate --provider-name sendblue --rendered-provider-name Sendblue
[ "${1:-generate}" = check ] || exit 0

if ! git diff --exit-code -- docs examples || [ -n "$(git status --porcelain --untracked-files=all -- docs examples)" ]; then
  git status --short --untracked-files=all -- docs examples
  echo "docs-check: docs/ or examples/ are out of date with the provider; run 'make generate' and commit the result." >&2
  exit 1
fi
tfplugindocs validate --provider-name sendblue
