package scripts

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// scripts/test-summary.sh, which `make test` ends with, over a `go test
// -json` log: a version-gated skip is reported as skipped with its reason and
// passes; any other skipped acceptance test, or a run without one acceptance
// test, fails; a parent test counts as its subtests; a failed test's output
// is printed; a test that never ended counts as failed.
func TestTestSummaryScript(t *testing.T) {
	const pkg = "example.com/p"
	// ev is one line of go test -json: an action of a test ("" for the
	// package), with output for "output".
	ev := func(action, test, output string) string {
		b, err := json.Marshal(map[string]any{"Action": action, "Package": pkg, "Test": test, "Output": output})
		if err != nil {
			t.Fatal(err)
		}
		return string(b) + "\n"
	}
	// result is a test that ran, printed out and ended with action.
	result := func(action, test string, output ...string) string {
		s := ev("run", test, "")
		for _, o := range output {
			s += ev("output", test, o+"\n")
		}
		return s + ev(action, test, "")
	}
	gatedLog := result("pass", "TestAccA") +
		ev("run", "TestAccExamples", "") +
		result("skip", "TestAccExamples/x", "    tfversion_checks.go:27: version-gated: TestAccExamples/x needs write-only attributes (Terraform 1.11.0 or later); this CLI is Terraform 1.5.7") +
		ev("pass", "TestAccExamples", "") +
		result("skip", "TestE2E_b", "    cli_test.go:1: version-gated: TestE2E_b needs ephemeral input variables (Terraform 1.10.0 or later); this CLI is Terraform 1.5.7") +
		result("pass", "TestUnit")
	for name, tc := range map[string]struct {
		log     string
		wantErr bool
		want    []string
		notWant []string
	}{
		"version-gated skips pass": {
			log: gatedLog + ev("pass", "", ""),
			want: []string{
				"ok  \t" + pkg,
				"acceptance tests (the CLI against the mock): 1 passed, 0 failed, 2 skipped (2 version-gated)",
				"all tests: 2 passed, 0 failed, 2 skipped",
				"  - TestAccExamples/x: needs write-only attributes (Terraform 1.11.0 or later); this CLI is Terraform 1.5.7",
			},
		},
		"an unexplained skip fails": {
			log:     gatedLog + result("skip", "TestAccC", "    x_test.go:1: Acceptance tests skipped unless env 'TF_ACC' set"),
			wantErr: true,
			want:    []string{"3 skipped (2 version-gated)", "other than the CLI's version", "  - TestAccC"},
		},
		"a gate message of another test does not excuse a skip": {
			log:     result("pass", "TestAccA") + result("skip", "TestAccB", "    x: version-gated: TestAccBB needs x; this CLI is y"),
			wantErr: true,
			want:    []string{"  - TestAccB"},
		},
		"a gate message in another test's output does not excuse a skip": {
			log:     result("pass", "TestAccA", "    x: version-gated: TestAccB needs x; this CLI is y") + result("skip", "TestAccB"),
			wantErr: true,
			want:    []string{"  - TestAccB"},
		},
		"no acceptance test ran": {
			log:     result("pass", "TestUnit") + result("skip", "TestAccA", "    x: version-gated: TestAccA needs x; this CLI is y"),
			wantErr: true,
			want:    []string{"error: no acceptance test ran"},
		},
		"a failure is counted and its output printed": {
			log: result("pass", "TestAccA", "    passing output") + result("fail", "TestAccB", "    b_test.go:9: the plan was not empty") +
				ev("output", "", "FAIL\n") + ev("fail", "", ""),
			want:    []string{"FAIL\t" + pkg, "1 passed, 1 failed, 0 skipped (0 version-gated)", "=== FAIL: TestAccB", "b_test.go:9: the plan was not empty"},
			notWant: []string{"passing output"},
		},
		"a test that never ended is a failure": {
			log: result("pass", "TestAccA") + ev("run", "TestAccHung", "") + ev("output", "TestAccHung", "    still going\n") +
				ev("output", "", "panic: test timed out after 30m0s\n") + ev("fail", "", ""),
			want: []string{"1 passed, 1 failed, 0 skipped", "=== DID NOT FINISH: TestAccHung", "still going", "panic: test timed out"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			log := filepath.Join(t.TempDir(), "test.json")
			if err := os.WriteFile(log, []byte(tc.log), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("bash", "test-summary.sh", log).CombinedOutput() //nolint:gosec // the repository's own script
			if gotErr := err != nil; gotErr != tc.wantErr {
				t.Errorf("error = %v, want error %v\n%s", err, tc.wantErr, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("the summary lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(string(out), w) {
					t.Errorf("the summary holds %q:\n%s", w, out)
				}
			}
		})
	}
}
