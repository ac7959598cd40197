// Package scripts holds the tests of the repository's shell scripts.
package scripts

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const goodChangelog = `# Changelog

Intro text.

## [Unreleased]

### Added

- Something new.

## [1.1.0] - 2026-12-01

### Added

- Resource ` + "`sendblue_webhook`" + `.
  A continuation line.

### Fixed

- A fix.

## [1.0.0] - 2026-11-30

### Security

- First release.

[Unreleased]: https://github.com/sendblue-api/terraform-provider-sendblue/compare/v1.1.0...HEAD
[1.1.0]: https://github.com/sendblue-api/terraform-provider-sendblue/compare/v1.0.0...v1.1.0
`

// changelog runs scripts/changelog.sh in dir with CHANGELOG pointing at a file
// holding content, and returns its exit code, stdout and stderr.
func changelog(t *testing.T, dir, content string, args ...string) (int, string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "CHANGELOG.md")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil { //nolint:gosec // a file in t.TempDir()
		t.Fatal(err)
	}
	script, err := filepath.Abs("changelog.sh")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", append([]string{script}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CHANGELOG="+path)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	code := 0
	if err != nil {
		exitErr, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("running %v: %v", args, err)
		}
		code = exitErr.ExitCode()
	}
	return code, stdout.String(), stderr.String()
}

func TestChangelogCheck(t *testing.T) {
	noGit := t.TempDir() // outside any git repository: no tags to find
	for _, tc := range []struct {
		name    string
		content string
		args    []string
		wantErr string // "" means the check passes
	}{
		{name: "well-formed", content: goodChangelog, args: []string{"check"}},
		{name: "tags with sections", content: goodChangelog, args: []string{"check", "v1.0.0", "v1.1.0"}},
		{
			name: "tag without a section", content: goodChangelog, args: []string{"check", "v1.2.0"},
			wantErr: "has no section for tag v1.2.0",
		},
		{
			name: "tag that is a prefix of a section", content: goodChangelog, args: []string{"check", "v1.1.0-rc.1"},
			wantErr: "has no section for tag v1.1.0-rc.1",
		},
		{
			name: "not a release tag", content: goodChangelog, args: []string{"check", "release-1"},
			wantErr: "'release-1' is not a release tag",
		},
		{
			name:    "unknown category",
			content: strings.Replace(goodChangelog, "### Fixed", "### Bug fixes", 1),
			args:    []string{"check"},
			wantErr: `category "Bug fixes" is not one of Added, Changed, Deprecated, Removed, Fixed, Security`,
		},
		{
			name:    "a category twice in a section",
			content: strings.Replace(goodChangelog, "- Something new.\n", "- Something new.\n\n### Added\n\n- Something else.\n", 1),
			args:    []string{"check"},
			wantErr: `a second "### Added" in section [Unreleased]`,
		},
		{
			name:    "no Unreleased section",
			content: strings.Replace(goodChangelog, "## [Unreleased]\n\n### Added\n\n- Something new.\n\n", "", 1),
			args:    []string{"check"},
			wantErr: "the first section must be [Unreleased]",
		},
		{
			name:    "a release without entries",
			content: strings.Replace(goodChangelog, "### Security\n\n- First release.\n", "", 1),
			args:    []string{"check"},
			wantErr: "section [1.0.0] has no entries",
		},
		{
			name:    "a release heading without a date",
			content: strings.Replace(goodChangelog, "## [1.0.0] - 2026-11-30", "## [1.0.0]", 1),
			args:    []string{"check"},
			wantErr: `not "## [1.0.0]"`,
		},
		{
			name:    "an entry outside a category",
			content: strings.Replace(goodChangelog, "## [Unreleased]\n", "## [Unreleased]\n\n- Loose entry.\n", 1),
			args:    []string{"check"},
			wantErr: "an entry outside a ### category",
		},
		{
			name:    "a version twice",
			content: strings.Replace(goodChangelog, "## [1.0.0] - 2026-11-30", "## [1.1.0] - 2026-11-30", 1),
			args:    []string{"check"},
			wantErr: "a second section for 1.1.0",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := changelog(t, noGit, tc.content, tc.args...)
			if tc.wantErr == "" {
				if code != 0 {
					t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
				}
				return
			}
			if code == 0 {
				t.Fatalf("exit 0, want a failure naming %q", tc.wantErr)
			}
			if !strings.Contains(stderr, tc.wantErr) {
				t.Fatalf("stderr does not say %q:\n%s", tc.wantErr, stderr)
			}
		})
	}
}

// The release notes are exactly the tag's entries, without its heading, the
// next section or the link references.
func TestChangelogNotes(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := changelog(t, dir, goodChangelog, "notes", "v1.1.0")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	want := "### Added\n\n- Resource `sendblue_webhook`.\n  A continuation line.\n\n### Fixed\n\n- A fix.\n"
	if stdout != want {
		t.Fatalf("notes v1.1.0:\n%q\nwant\n%q", stdout, want)
	}
	code, stdout, _ = changelog(t, dir, goodChangelog, "notes", "v1.0.0")
	if code != 0 || stdout != "### Security\n\n- First release.\n" {
		t.Fatalf("notes v1.0.0: exit %d, %q", code, stdout)
	}
	code, stdout, stderr = changelog(t, dir, goodChangelog, "notes", "v9.9.9")
	if code == 0 || stdout != "" || !strings.Contains(stderr, "no section for tag v9.9.9") {
		t.Fatalf("notes v9.9.9: exit %d, stdout %q, stderr %q; want a failure and no notes", code, stdout, stderr)
	}
}

// Without arguments, check finds the release tags in the history of HEAD: a
// tagged release without a section fails `make lint`.
func TestChangelogCheckFindsTags(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is not on PATH")
	}
	repo := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("commit", "-q", "--allow-empty", "-m", "first")
	git("tag", "v1.0.0")
	git("tag", "v2.0.0")

	code, _, stderr := changelog(t, repo, goodChangelog, "check")
	if code == 0 || !strings.Contains(stderr, "no section for tag v2.0.0") {
		t.Fatalf("exit %d, stderr %q; want a failure for v2.0.0", code, stderr)
	}
	if strings.Contains(stderr, "v1.0.0") {
		t.Fatalf("v1.0.0 has a section, yet: %s", stderr)
	}
	withSection := strings.Replace(goodChangelog, "## [1.1.0]", "## [2.0.0] - 2026-12-02\n\n### Changed\n\n- Big.\n\n## [1.1.0]", 1)
	code, stdout, stderr := changelog(t, repo, withSection, "check")
	if code != 0 || !strings.Contains(stdout, "v1.0.0") || !strings.Contains(stdout, "v2.0.0") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want both tags checked", code, stdout, stderr)
	}
}

// The project's own CHANGELOG.md passes the check.
func TestChangelogOfTheProject(t *testing.T) {
	content, err := os.ReadFile("../CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := changelog(t, t.TempDir(), string(content), "check")
	if code != 0 {
		t.Fatalf("CHANGELOG.md: exit %d\n%s", code, stderr)
	}
}
