package scripts

import (
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// ciScope is what ci.sh runs with each CLI beyond the first: its TEST_PKGS and
// TEST_RUN, as `ci.sh scope` prints them.
func ciScope(t *testing.T) (pkgs, run string) {
	t.Helper()
	out, err := exec.Command("bash", "ci.sh", "scope").Output()
	if err != nil {
		t.Fatalf("ci.sh scope: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 2 || lines[0] == "" || lines[1] == "" {
		t.Fatalf("ci.sh scope printed %q; want two lines, TEST_PKGS then TEST_RUN", out)
	}
	return lines[0], lines[1]
}

// CONTRIBUTING.md states the scope of the extra CLIs as ci.sh defines it, in the
// command a developer can copy.
func TestCIScopeDocumented(t *testing.T) {
	pkgs, run := ciScope(t)
	doc, err := os.ReadFile("../CONTRIBUTING.md")
	if err != nil {
		t.Fatal(err)
	}
	want := "TEST_PKGS=" + pkgs + " TEST_RUN='" + run + "'"
	if !strings.Contains(string(doc), want) {
		t.Fatalf("CONTRIBUTING.md does not state the extra CLIs' scope as scripts/ci.sh defines it: want %q in it", want)
	}
}

// ciCalls are the ci.sh steps a file runs (`scripts/ci.sh STEP`, or a
// workflow matrix's `step: STEP`), and its lines that run make targets of
// ci.sh's steps directly, bypassing the one definition.
func ciCalls(t *testing.T, path string) (steps []string, direct []string) {
	t.Helper()
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`scripts/ci\.sh "?([a-z-]+)|^\s*step: ([a-z-]+)\s*$`)
	makeStep := regexp.MustCompile(`\bmake (test|testacc|lint|docs-check|release-check|build)\b`)
	for _, line := range strings.Split(string(content), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if m := call.FindStringSubmatch(line); m != nil {
			steps = append(steps, m[1]+m[2])
		}
		if makeStep.MatchString(line) {
			direct = append(direct, strings.TrimSpace(line))
		}
	}
	return steps, direct
}

// .ci/run and the GitHub test workflow run every step of ci.sh through ci.sh
// and none of its make targets on their own, so the two cannot drift apart.
func TestCIEntryPointsShareCISteps(t *testing.T) {
	all := []string{"build", "test", "test-cli", "lint", "docs", "release"}
	for _, path := range []string{"../.ci/run", "../.github/workflows/test.yml"} {
		steps, direct := ciCalls(t, path)
		for _, step := range all {
			if !slices.Contains(steps, step) {
				t.Errorf("%s does not run `scripts/ci.sh %s`", path, step)
			}
		}
		for _, line := range direct {
			t.Errorf("%s runs a make target of a ci.sh step itself: %s", path, line)
		}
	}
}
