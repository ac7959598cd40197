package provider

// The CLI the acceptance and end-to-end tests run (Terraform or OpenTofu, any
// version of the matrix: `make test TERRAFORM=...`), and which language and
// protocol features it has. A test that needs a feature newer than the CLI is
// skipped, never failed, with a message that scripts/test-summary.sh
// recognises: "version-gated: <test> needs <feature> ...". Any other skip of
// an acceptance test fails `make test`.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// cliFlavor names the two CLIs.
const (
	flavorTerraform = "Terraform"
	flavorOpenTofu  = "OpenTofu"
)

// cliInfo is what `<cli> version` says about the CLI under test.
type cliInfo struct {
	path    string
	flavor  string // flavorTerraform or flavorOpenTofu
	version *version.Version
}

// providerHost is the registry host that a `source = "sendblue-api/sendblue"`
// means to this CLI (and so the host dev_overrides and reattach addresses
// must name).
func (c cliInfo) providerHost() string {
	if c.flavor == flavorOpenTofu {
		return "registry.opentofu.org"
	}
	return "registry.terraform.io"
}

func (c cliInfo) String() string { return c.flavor + " " + c.version.String() }

var testCLIOnce struct {
	once sync.Once
	info cliInfo
	err  error
}

// cliPath is the CLI the tests run: TF_ACC_TERRAFORM_PATH (set by `make
// test`), else terraform on PATH. Nothing is downloaded.
func cliPath() (string, error) {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p, nil
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		return "", fmt.Errorf("the terraform CLI is needed on PATH (or in TF_ACC_TERRAFORM_PATH): %w", err)
	}
	return p, nil
}

var cliVersionLine = regexp.MustCompile(`(?m)^(Terraform|OpenTofu) v(\S+)`)

// detectCLI runs `<cli> version` once per test binary.
func detectCLI() (cliInfo, error) {
	testCLIOnce.once.Do(func() {
		path, err := cliPath()
		if err != nil {
			testCLIOnce.err = err
			return
		}
		cmd := exec.Command(path, "version") //nolint:gosec // the CLI under test
		cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
		out, err := cmd.Output()
		if err != nil {
			testCLIOnce.err = fmt.Errorf("%s version: %w", path, err)
			return
		}
		m := cliVersionLine.FindStringSubmatch(string(out))
		if m == nil {
			testCLIOnce.err = fmt.Errorf("%s version printed no version line:\n%s", path, out)
			return
		}
		v, err := version.NewVersion(m[2])
		if err != nil {
			testCLIOnce.err = fmt.Errorf("%s version: %w", path, err)
			return
		}
		testCLIOnce.info = cliInfo{path: path, flavor: m[1], version: v}
	})
	return testCLIOnce.info, testCLIOnce.err
}

// testCLI is detectCLI for a test: a CLI that cannot be run fails it. With
// -short the test is skipped instead: -short runs the unit tests only, with
// no Terraform CLI.
func testCLI(t *testing.T) cliInfo {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: runs a Terraform CLI")
	}
	c, err := detectCLI()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// cliFeature is a feature of the configuration language or the plugin
// protocol that only newer CLIs have, with the first release of each CLI
// that has it ("" for OpenTofu: no release has it).
type cliFeature struct {
	name      string
	terraform string
	opentofu  string
}

var (
	featRemovedBlock       = cliFeature{"`removed` blocks", "1.7.0", "1.7.0"}
	featImportForEach      = cliFeature{"`for_each` in `import` blocks", "1.7.0", "1.7.0"}
	featEphemeralVariables = cliFeature{"ephemeral input variables", "1.10.0", "1.11.0"}
	featWriteOnly          = cliFeature{"write-only attributes (`secret_wo`)", "1.11.0", "1.11.0"}
	featIdentity           = cliFeature{"resource identity (`import { identity = ... }`)", "1.12.0", "1.12.0"}
	featListResources      = cliFeature{"list resources (`terraform query`)", "1.14.0", ""}
	// Older CLIs write a map key that is not an identifier (a URL) without
	// quotes, and fail on the configuration they generated
	// (hashicorp/terraform#35837; opentofu/opentofu#3978, open).
	featGeneratedMapKeys = cliFeature{"`-generate-config-out` that quotes map keys such as URLs", "1.9.8", ""}
)

// missing says why c lacks f, or "" when it has it.
func (c cliInfo) missing(f cliFeature) string {
	first := f.terraform
	if c.flavor == flavorOpenTofu {
		first = f.opentofu
	}
	if first == "" {
		return fmt.Sprintf("%s, which %s does not have", f.name, c.flavor)
	}
	if c.version.Core().LessThan(version.Must(version.NewVersion(first))) {
		return fmt.Sprintf("%s (%s %s or later)", f.name, c.flavor, first)
	}
	return ""
}

// gateMessage is the skip message for a test that needs features c lacks,
// or "" when c has them all. scripts/test-summary.sh counts a skipped
// acceptance test as version-gated only with this message.
func gateMessage(c cliInfo, test string, features []cliFeature) string {
	var why []string
	for _, f := range features {
		if m := c.missing(f); m != "" {
			why = append(why, m)
		}
	}
	if len(why) == 0 {
		return ""
	}
	return fmt.Sprintf("version-gated: %s needs %s; this CLI is %s", test, strings.Join(why, " and "), c)
}

// requireCLI skips the test (as version-gated) unless the CLI has every one
// of the features. For tests that run the CLI themselves (TestE2E*).
func requireCLI(t *testing.T, features ...cliFeature) {
	t.Helper()
	if msg := gateMessage(testCLI(t), t.Name(), features); msg != "" {
		t.Skip(msg)
	}
}

// needsCLI is requireCLI for terraform-plugin-testing: a TestCase's
// TerraformVersionChecks. (The check sees the version only; the flavor comes
// from detectCLI, which runs the same binary.)
func needsCLI(t *testing.T, features ...cliFeature) []tfversion.TerraformVersionCheck {
	t.Helper()
	return []tfversion.TerraformVersionCheck{cliGate{c: testCLI(t), test: t.Name(), features: features}}
}

type cliGate struct {
	c        cliInfo
	test     string
	features []cliFeature
}

func (g cliGate) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	c := g.c
	if req.TerraformVersion != nil {
		c.version = req.TerraformVersion
	}
	resp.Skip = gateMessage(c, g.test, g.features)
}

// The gate itself: a feature newer than the CLI skips with the message the
// summary script looks for; OpenTofu lacks what it lacks whatever its version.
func TestCLIGate(t *testing.T) {
	v := func(s string) *version.Version { return version.Must(version.NewVersion(s)) }
	tf157 := cliInfo{flavor: flavorTerraform, version: v("1.5.7")}
	tf1159 := cliInfo{flavor: flavorTerraform, version: v("1.15.9")}
	tofu := cliInfo{flavor: flavorOpenTofu, version: v("1.12.6")}
	if got := gateMessage(tf1159, "TestX", []cliFeature{featWriteOnly, featIdentity, featListResources}); got != "" {
		t.Errorf("Terraform 1.15.9 is gated: %s", got)
	}
	got := gateMessage(tf157, "TestX/sub", []cliFeature{featRemovedBlock, featWriteOnly})
	want := "version-gated: TestX/sub needs `removed` blocks (Terraform 1.7.0 or later) and write-only attributes (`secret_wo`) (Terraform 1.11.0 or later); this CLI is Terraform 1.5.7"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := gateMessage(tofu, "TestX", []cliFeature{featWriteOnly}); got != "" {
		t.Errorf("OpenTofu 1.12.6 is gated for write-only: %s", got)
	}
	if got := gateMessage(tofu, "TestX", []cliFeature{featListResources}); !strings.HasPrefix(got, "version-gated: TestX needs list resources") || !strings.Contains(got, "OpenTofu does not have") {
		t.Errorf("OpenTofu is not gated for list resources: %q", got)
	}
	if got := gateMessage(cliInfo{flavor: flavorTerraform, version: v("1.14.0-rc1")}, "TestX", []cliFeature{featListResources}); got != "" {
		t.Errorf("a 1.14 prerelease is gated: %s", got)
	}
	if h := tofu.providerHost(); h != "registry.opentofu.org" {
		t.Errorf("OpenTofu's host is %q", h)
	}
	if h := tf157.providerHost(); h != "registry.terraform.io" {
		t.Errorf("Terraform's host is %q", h)
	}
}

// scripts/test-summary.sh, which `make test` ends with, over a `go test
// -json` log: a version-gated skip is reported as skipped with its reason and
// passes; any other skipped acceptance test, or a run without one acceptance
// test, fails; a parent test counts as its subtests; a failed test's output
// is printed; a test that never ended counts as failed.
func TestTestSummaryScript(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
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
			out, err := exec.Command("bash", filepath.Join(root, "scripts", "test-summary.sh"), log).CombinedOutput() //nolint:gosec // the repository's own script
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
