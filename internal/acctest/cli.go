package acctest

// The CLI the acceptance and end-to-end tests run (Terraform or OpenTofu, any
// version of the matrix: `make test TERRAFORM=...`), and which language and
// protocol features it has. A test that needs a feature newer than the CLI is
// skipped, never failed, with a message that scripts/test-summary.sh
// recognises: "version-gated: <test> needs <feature> ...". Any other skip of
// an acceptance test fails `make test`.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// The two CLIs, as CLI.Flavor names them.
const (
	FlavorTerraform = "Terraform"
	FlavorOpenTofu  = "OpenTofu"
)

// CLI is what `<cli> version` says about the CLI under test.
type CLI struct {
	Path    string
	Flavor  string // FlavorTerraform or FlavorOpenTofu
	Version *version.Version
}

// ProviderHost is the registry host that a `source = "sendblue-api/sendblue"`
// means to this CLI (and so the host dev_overrides and reattach addresses
// must name).
func (c CLI) ProviderHost() string {
	if c.Flavor == FlavorOpenTofu {
		return "registry.opentofu.org"
	}
	return "registry.terraform.io"
}

// ProviderAddress is the provider's registry address as this CLI reads
// `source = "sendblue-api/sendblue"`.
func (c CLI) ProviderAddress() string { return c.ProviderHost() + "/sendblue-api/sendblue" }

func (c CLI) String() string { return c.Flavor + " " + c.Version.String() }

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

// detectOnce runs `<cli> version` once per test binary.
var detectOnce = sync.OnceValues(func() (CLI, error) {
	path, err := cliPath()
	if err != nil {
		return CLI{}, err
	}
	cmd := exec.Command(path, "version") //nolint:gosec // the CLI under test
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return CLI{}, fmt.Errorf("%s version: %w", path, err)
	}
	m := cliVersionLine.FindStringSubmatch(string(out))
	if m == nil {
		return CLI{}, fmt.Errorf("%s version printed no version line:\n%s", path, out)
	}
	v, err := version.NewVersion(m[2])
	if err != nil {
		return CLI{}, fmt.Errorf("%s version: %w", path, err)
	}
	return CLI{Path: path, Flavor: m[1], Version: v}, nil
})

// DetectCLI is the CLI under test, found out once per test binary.
func DetectCLI() (CLI, error) { return detectOnce() }

// SkipShort skips a test that runs a Terraform CLI when -short asks for the
// unit tests only.
func SkipShort(tb testing.TB) {
	tb.Helper()
	if testing.Short() {
		tb.Skip("-short: runs a Terraform CLI")
	}
}

// TestCLI is DetectCLI for a test: a CLI that cannot be run fails it. With
// -short the test is skipped instead: -short runs the unit tests only, with
// no Terraform CLI.
func TestCLI(tb testing.TB) CLI {
	tb.Helper()
	SkipShort(tb)
	c, err := DetectCLI()
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// Feature is a feature of the configuration language or the plugin
// protocol that only newer CLIs have, with the first release of each CLI
// that has it ("" for OpenTofu: no release has it).
type Feature struct {
	Name      string
	Terraform string
	OpenTofu  string
}

// The features that some CLIs of the matrix lack.
var (
	FeatRemovedBlock       = Feature{"`removed` blocks", "1.7.0", "1.7.0"}
	FeatImportForEach      = Feature{"`for_each` in `import` blocks", "1.7.0", "1.7.0"}
	FeatEphemeralVariables = Feature{"ephemeral input variables", "1.10.0", "1.11.0"}
	FeatWriteOnly          = Feature{"write-only attributes (`secret_wo`)", "1.11.0", "1.11.0"}
	FeatIdentity           = Feature{"resource identity (`import { identity = ... }`)", "1.12.0", "1.12.0"}
	FeatListResources      = Feature{"list resources (`terraform query`)", "1.14.0", ""}
	// Older CLIs write a map key that is not an identifier (a URL) without
	// quotes, and fail on the configuration they generated
	// (hashicorp/terraform#35837; opentofu/opentofu#3978, open).
	FeatGeneratedMapKeys = Feature{"`-generate-config-out` that quotes map keys such as URLs", "1.9.8", ""}
)

// missing says why c lacks f, or "" when it has it.
func (c CLI) missing(f Feature) string {
	first := f.Terraform
	if c.Flavor == FlavorOpenTofu {
		first = f.OpenTofu
	}
	if first == "" {
		return fmt.Sprintf("%s, which %s does not have", f.Name, c.Flavor)
	}
	if c.Version.Core().LessThan(version.Must(version.NewVersion(first))) {
		return fmt.Sprintf("%s (%s %s or later)", f.Name, c.Flavor, first)
	}
	return ""
}

// GateMessage is the skip message for a test that needs features c lacks,
// or "" when c has them all. scripts/test-summary.sh counts a skipped
// acceptance test as version-gated only with this message.
func GateMessage(c CLI, test string, features []Feature) string {
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

// RequireCLI skips the test (as version-gated) unless the CLI has every one
// of the features. For tests that run the CLI themselves (TestE2E*).
func RequireCLI(t *testing.T, features ...Feature) {
	t.Helper()
	if msg := GateMessage(TestCLI(t), t.Name(), features); msg != "" {
		t.Skip(msg)
	}
}

// NeedsCLI is RequireCLI for terraform-plugin-testing: a TestCase's
// TerraformVersionChecks. (The check sees the version only; the flavor comes
// from DetectCLI, which runs the same binary.)
func NeedsCLI(t *testing.T, features ...Feature) []tfversion.TerraformVersionCheck {
	t.Helper()
	return []tfversion.TerraformVersionCheck{cliGate{c: TestCLI(t), test: t.Name(), features: features}}
}

type cliGate struct {
	c        CLI
	test     string
	features []Feature
}

func (g cliGate) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	c := g.c
	if req.TerraformVersion != nil {
		c.Version = req.TerraformVersion
	}
	resp.Skip = GateMessage(c, g.test, g.features)
}
