#!/usr/bin/env bash
# CHANGELOG.md: the format check and the release notes of a tag.
#
#   scripts/changelog.sh check [TAG...]
#       Checks that CHANGELOG.md follows Keep a Changelog as this project writes it,
#       and that each TAG has a release section with at least one entry. Without
#       TAG, every v* tag in the history of HEAD is checked (none in a clone
#       without tags). Run by `make lint`, and by the release workflow for the
#       tag being released.
#   scripts/changelog.sh notes TAG
#       Prints the entries of TAG's section (without its heading): the release
#       notes of the GitHub release.
#
# The format, so that entries from many branches merge without surprises:
#   # Changelog
#   ## [Unreleased]                      first section, always present
#   ## [1.2.3] - 2026-11-30              one per release, newest first; the tag is v1.2.3
#   ### Added | Changed | Deprecated | Removed | Fixed | Security   each at most once per section
#   - an entry                           entries sit under a ### category
# Link reference lines ("[1.2.3]: https://...") may follow the last section.
#
# CHANGELOG (environment) names another file, for tests.
set -euo pipefail

file="${CHANGELOG:-CHANGELOG.md}"

usage() {
	echo "usage: $0 check [TAG...] | notes TAG" >&2
	exit 2
}

# version_of TAG: the version a release tag stands for (v1.2.3 -> 1.2.3).
version_of() {
	if [[ ! "$1" =~ ^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$ ]]; then
		echo "changelog: '$1' is not a release tag: release tags are v<major>.<minor>.<patch>, e.g. v1.2.3" >&2
		return 1
	fi
	echo "${1#v}"
}

# section VERSION: the lines of VERSION's section, without its heading and without
# the link references after the last section.
section() {
	awk -v want="## [$1]" '
		/^## / { if (on) exit; if (index($0, want) == 1 && (length($0) == length(want) || substr($0, length(want) + 1, 1) == " ")) { on = 1; next } }
		/^\[[^]]+\]: / { if (on) exit }
		on { print }
	' "$file"
}

# format: every rule of the header comment, one message per problem.
format() {
	awk '
		function fail(msg) { printf "changelog: %s:%d: %s\n", FILENAME, NR, msg > "/dev/stderr"; bad = 1 }
		function close_section() {
			if (name != "" && name != "Unreleased" && entries == 0) {
				printf "changelog: %s: section [%s] has no entries\n", FILENAME, name > "/dev/stderr"; bad = 1
			}
		}
		NR == 1 { if ($0 != "# Changelog") fail("the first line must be \"# Changelog\""); next }
		/^## / {
			close_section()
			sections++; entries = 0; category = ""; delete seen_category
			if ($0 == "## [Unreleased]") {
				name = "Unreleased"
				if (sections != 1) fail("[Unreleased] must be the first section")
			} else if ($0 ~ /^## \[[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?\] - [0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]$/) {
				name = substr($0, 5, index($0, "]") - 5)
				if (name in seen_version) fail("a second section for " name)
				seen_version[name] = 1
				if (sections == 1) fail("the first section must be [Unreleased]")
			} else {
				name = "?"
				fail("a section heading is \"## [Unreleased]\" or \"## [1.2.3] - YYYY-MM-DD\", not \"" $0 "\"")
			}
			next
		}
		/^### / {
			category = substr($0, 5)
			if (sections == 0) fail("category \"" category "\" outside a section")
			if (category !~ /^(Added|Changed|Deprecated|Removed|Fixed|Security)$/) {
				fail("category \"" category "\" is not one of Added, Changed, Deprecated, Removed, Fixed, Security")
			} else if (category in seen_category) {
				fail("a second \"### " category "\" in section [" name "]: add the entry to the first one")
			}
			seen_category[category] = 1
			next
		}
		/^#/ { fail("unexpected heading \"" $0 "\"") ; next }
		/^- / {
			if (category == "") fail("an entry outside a ### category")
			entries++
			next
		}
		/^\[[^]]+\]: / { links = 1; next }
		links && NF > 0 { fail("text after the link references") }
		END {
			close_section()
			exit bad
		}
	' "$file" || return 1
	if ! grep -qx '## \[Unreleased\]' "$file"; then
		echo "changelog: $file: no \"## [Unreleased]\" section" >&2
		return 1
	fi
}

# check_tag TAG: TAG is a release tag whose version has a section with at least one entry.
check_tag() {
	local version
	version=$(version_of "$1") || return 1
	if ! grep -q "^## \[$version\] - " "$file"; then
		echo "changelog: $file has no section for tag $1: before tagging, move the [Unreleased] entries into \"## [$version] - $(date -u +%Y-%m-%d)\" and commit." >&2
		return 1
	fi
	if ! section "$version" | grep -q '^- '; then
		echo "changelog: $file: the section for tag $1 has no entries." >&2
		return 1
	fi
}

[ $# -ge 1 ] || usage
cmd=$1
shift
if [ ! -f "$file" ]; then
	echo "changelog: $file not found" >&2
	exit 1
fi

case "$cmd" in
check)
	rc=0
	format || rc=1
	tags=("$@")
	if [ ${#tags[@]} -eq 0 ] && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		mapfile -t tags < <(git tag --merged HEAD --list 'v[0-9]*')
	fi
	for tag in ${tags[@]+"${tags[@]}"}; do
		check_tag "$tag" || rc=1
	done
	if [ $rc -eq 0 ]; then
		echo "changelog: $file is well-formed${tags[*]:+; sections found for ${tags[*]}}"
	fi
	exit $rc
	;;
notes)
	[ $# -eq 1 ] || usage
	check_tag "$1"
	version=$(version_of "$1")
	# Without the blank lines around the section.
	section "$version" | awk 'NF { for (; blank > 0; blank--) print ""; print; started = 1; next } started { blank++ }'
	;;
*)
	usage
	;;
esac
