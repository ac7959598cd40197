#!/usr/bin/env bash
# make release-check: a signed release dry run. Validates .goreleaser.yml, then
# builds the release as the release workflow does (zips, SHA256SUMS with the
# registry manifest, and SHA256SUMS.sig from .goreleaser.yml's own `signs` step),
# in snapshot mode (nothing published), signed with a throw-away GPG key made for
# this run in a temporary GNUPGHOME. Then it checks what a Registry checks: the
# signature verifies against the public key alone, every file SHA256SUMS lists
# matches, every zip is listed, and each zip holds the provider binary.
#
# RELEASE_TARGETS="linux_amd64 darwin_arm64" builds only those platforms (a
# faster dry run: the signing and checksum steps are the same); unset, every
# platform of .goreleaser.yml is built, as for a release.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
for cmd in gpg sha256sum unzip; do
	command -v "$cmd" >/dev/null || { echo "release-check: $cmd is not on PATH" >&2; exit 1; }
done
goreleaser() { GOWORK=off go tool -modfile=tools/go.mod goreleaser "$@"; }

work="$(mktemp -d "${TMPDIR:-/tmp}/release-check.XXXXXX")"
trap 'gpgconf --homedir "$work/gnupg" --kill all 2>/dev/null || true; rm -rf "$work"' EXIT
start=$SECONDS

echo "==> goreleaser check"
goreleaser check

config=.goreleaser.yml
if [ -n "${RELEASE_TARGETS:-}" ]; then
	# The same file with `targets` on its build (targets override goos/goarch).
	config="$work/goreleaser.yml"
	targets="$(printf '"%s", ' $RELEASE_TARGETS)"
	awk -v t="  - targets: [${targets%, }]" '
		b && /^  - / { print t; sub(/^  - /, "    "); b = 0 }
		{ print }
		/^builds:/ { b = 1 }' .goreleaser.yml >"$config"
	grep -q '^  - targets: ' "$config" || { echo "release-check: could not set targets in a copy of .goreleaser.yml" >&2; exit 1; }
	echo "==> building only: $RELEASE_TARGETS"
fi

echo "==> a throw-away signing key (RSA, as the Registries require) in a temporary GNUPGHOME"
export GNUPGHOME="$work/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
	--quick-gen-key 'release-check (throw-away) <release-check@invalid>' rsa3072 sign 1d
GPG_FINGERPRINT="$(gpg --batch --list-secret-keys --with-colons | awk -F: '/^fpr:/ { print $10; exit }')"
export GPG_FINGERPRINT
echo "key $GPG_FINGERPRINT"
gpg --batch --armor --export "$GPG_FINGERPRINT" >"$work/public.asc"

echo "==> goreleaser release --snapshot --clean --skip=publish (signing on)"
goreleaser release --config "$config" --snapshot --clean --skip=publish --timeout 2h

echo "==> verifying dist/"
shopt -s nullglob
sums=(dist/*_SHA256SUMS)
[ "${#sums[@]}" -eq 1 ] || { echo "release-check: expected one *_SHA256SUMS in dist/, found ${#sums[@]}" >&2; exit 1; }
sums="${sums[0]}"
[ -f "$sums.sig" ] || { echo "release-check: $sums.sig is missing: the signs step did not run" >&2; exit 1; }

# The signature, checked against the public key alone, as a Registry would.
verify_home="$work/verify"
mkdir -m 700 "$verify_home"
GNUPGHOME="$verify_home" gpg --batch --quiet --import "$work/public.asc"
status="$(GNUPGHOME="$verify_home" gpg --batch --status-fd 1 --verify "$sums.sig" "$sums" 2>/dev/null)" || {
	GNUPGHOME="$verify_home" gpg --batch --verify "$sums.sig" "$sums" || true
	echo "release-check: gpg --verify failed for $sums.sig" >&2; exit 1
}
grep -q "^\[GNUPG:\] VALIDSIG $GPG_FINGERPRINT " <<<"$status" ||
	{ echo "release-check: $sums.sig is not a valid signature by $GPG_FINGERPRINT" >&2; exit 1; }
echo "gpg --verify $sums.sig: good signature by $GPG_FINGERPRINT"

version="$(basename "$sums" _SHA256SUMS)"
version="${version#terraform-provider-sendblue_}"
# The release uploads the manifest from the repository under this name (release.extra_files).
cp terraform-registry-manifest.json "dist/terraform-provider-sendblue_${version}_manifest.json"
(cd dist && sha256sum --strict -c "$(basename "$sums")")
grep -q "  terraform-provider-sendblue_${version}_manifest.json\$" "$sums" ||
	{ echo "release-check: $sums does not list the registry manifest" >&2; exit 1; }
zips=(dist/*.zip)
[ "${#zips[@]}" -gt 0 ] || { echo "release-check: no zip in dist/" >&2; exit 1; }
for zip in "${zips[@]}"; do
	name="$(basename "$zip")"
	grep -q "  $name\$" "$sums" || { echo "release-check: $name is not in $sums" >&2; exit 1; }
	unzip -Z1 "$zip" | grep -Eq "^terraform-provider-sendblue_v${version}(\.exe)?\$" ||
		{ echo "release-check: $name does not hold terraform-provider-sendblue_v$version" >&2; exit 1; }
done
echo "==> release-check: ${#zips[@]} zips and the manifest match $(basename "$sums"), signed [$((SECONDS - start))s]"
