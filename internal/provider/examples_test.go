package provider

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// examplesRoot is the examples/ folder that tfplugindocs renders into docs/.
const examplesRoot = "../../examples"

// exampleVariables gives every variable an example declares a value, so the
// example can be applied as it stands.
var exampleVariables = config.Variables{
	"outbound_webhook_secret": config.StringVariable("example-write-only-secret"),
}

// readExample returns the Terraform files of dir, concatenated, with any
// `provider "sendblue"` block and `terraform` block left out (the test
// supplies the provider configuration for its mock). Files named import*.tf
// (import blocks) are included only when withImports is set: they import
// what the rest of the example creates. The import by identity
// (importByIdentityExample) is never included: identityExample tests it.
func readExample(t *testing.T, dir string, withImports bool) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	var b strings.Builder
	for _, f := range files {
		if (!withImports && strings.HasPrefix(filepath.Base(f), "import")) || filepath.Base(f) == importByIdentityExample {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(stripBlocks(string(src), `provider "sendblue"`, "terraform"))
		b.WriteString("\n")
	}
	return b.String()
}

// stripBlocks removes top-level blocks that start with one of the given
// headers (examples are terraform fmt'ed, so a block ends at a line "}").
func stripBlocks(src string, headers ...string) string {
	var out strings.Builder
	skipping := false
	sc := bufio.NewScanner(strings.NewReader(src))
	for sc.Scan() {
		line := sc.Text()
		if !skipping {
			for _, h := range headers {
				if strings.HasPrefix(line, h+" {") {
					skipping = !strings.HasSuffix(strings.TrimSpace(line), "{}")
					line = ""
				}
			}
			if line != "" || !skipping {
				out.WriteString(line + "\n")
			}
			continue
		}
		if line == "}" {
			skipping = false
		}
	}
	return out.String()
}

// importByIdentityExample is the file of a resource example that imports by
// identity (Terraform 1.12+). It is not named import-by-identity.tf, which
// tfplugindocs would render from the identity schema that only a
// Terraform >= 1.12 on PATH reports; the resource's template includes it.
const importByIdentityExample = "import-identity.tf"

// importCommands reads `terraform import ADDRESS ID` lines from an
// example's import.sh.
func importCommands(t *testing.T, path string) [][2]string {
	t.Helper()
	src, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^terraform import (\S+) "?([^"\n]+)"?\s*$`)
	var out [][2]string
	for _, m := range re.FindAllStringSubmatch(string(src), -1) {
		out = append(out, [2]string{m[1], m[2]})
	}
	if len(out) == 0 {
		t.Fatalf("%s has no `terraform import` command", path)
	}
	return out
}

// Every example under examples/resources and examples/data-sources, and the
// demo, is applied against the mock (with the account's lines of seedLines)
// as it stands; the plan afterwards is
// empty, and each import command of its import.sh works. So no example in
// the docs can rot.
func TestAccExamples(t *testing.T) {
	var dirs []string
	for _, pattern := range []string{"resources/*", "data-sources/*", "demo"} {
		found, err := filepath.Glob(filepath.Join(examplesRoot, pattern))
		if err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, found...)
	}
	if len(dirs) < 2 {
		t.Fatalf("found only %v under %s", dirs, examplesRoot)
	}
	for _, dir := range dirs {
		t.Run(filepath.ToSlash(strings.TrimPrefix(dir, examplesRoot+"/")), func(t *testing.T) {
			e := acctest.NewEnv(t)
			seedLines(e.Mock)
			withImports := readExample(t, dir, true)
			cfg := e.Config(readExample(t, dir, false))
			steps := []resource.TestStep{{
				Config:          cfg,
				ConfigVariables: exampleVariables,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: e.CheckMock(func(m *mock.Server) error {
					if m.Requests()["GET"]+m.LineRequests()["GET"] == 0 {
						return errNoRequests
					}
					return nil
				}),
			}}
			// With the import blocks added, there is still nothing to do.
			steps = append(steps, resource.TestStep{
				Config:          e.Config(withImports),
				ConfigVariables: exampleVariables,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			})
			for _, imp := range importCommands(t, filepath.Join(dir, "import.sh")) {
				steps = append(steps, resource.TestStep{
					Config:            cfg,
					ConfigVariables:   exampleVariables,
					ResourceName:      imp[0],
					ImportState:       true,
					ImportStateId:     imp[1],
					ImportStateVerify: true,
					// secret_wo_version is not on the server; a secret set
					// through secret_wo is imported into secret (see the
					// import section of the docs).
					// An import takes no secret, and sendblue_account_webhooks
					// entries are compared without theirs.
					ImportStateVerifyIgnore: append([]string{"secret_wo_version", "secret"}, accountImportIgnore...),
				})
			}
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   acctest.NeedsCLI(t, exampleFeatures(withImports)...),
				ProtoV6ProviderFactories: factories(),
				Steps:                    steps,
			})
		})
		if _, err := os.Stat(filepath.Join(dir, importByIdentityExample)); err == nil {
			t.Run(filepath.ToSlash(strings.TrimPrefix(dir, examplesRoot+"/"))+" "+importByIdentityExample, func(t *testing.T) {
				identityExample(t, dir)
			})
		}
	}
}

// identityExample applies an example with the real CLI, forgets the
// webhooks its identity import names (terraform state rm), and applies
// again with the import by identity added: it imports exactly those
// webhooks, with no other change and no write to the account.
func identityExample(t *testing.T, dir string) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join(dir, importByIdentityExample))
	if err != nil {
		t.Fatal(err)
	}
	example := readExample(t, dir, false)
	acctest.RequireCLI(t, exampleFeatures(example+string(src))...)
	targets := regexp.MustCompile(`(?m)^\s*to\s*=\s*(\S+)`).FindAllStringSubmatch(string(src), -1)
	if len(targets) == 0 {
		t.Fatalf("%s has no import block", importByIdentityExample)
	}
	vars := map[string]json.RawMessage{}
	for name, v := range exampleVariables {
		b, err := v.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		vars[name] = b
	}
	varsJSON, err := json.Marshal(vars)
	if err != nil {
		t.Fatal(err)
	}

	e := acctest.NewEnv(t)
	seedLines(e.Mock)
	cli := newTFCLI(t, e)
	cli.Write("main.tf", example)
	cli.Write("example.auto.tfvars.json", string(varsJSON))
	cli.Init()
	cli.Apply()
	for _, m := range targets {
		cli.StateRm(m[1])
	}
	cli.Write(importByIdentityExample, string(src))
	e.Mock.ResetCounters()
	out := cli.Apply()
	if want := fmt.Sprintf("%d imported, 0 added, 0 changed, 0 destroyed", len(targets)); !strings.Contains(out, want) {
		t.Errorf("the apply with %s did not say %q:\n%s", importByIdentityExample, want, out)
	}
	if n := e.Mock.MutatingRequests() + e.Mock.LineWrites(); n != 0 {
		t.Errorf("importing by identity sent %d writes: %v", n, e.Mock.Requests())
	}
	cli.PlanEmpty()
}

// The list resource's example queries: every webhook, and one type only.
const (
	listResourceExample       = examplesRoot + "/list-resources/sendblue_webhook/list-resource.tfquery.hcl"
	listResourceByTypeExample = examplesRoot + "/list-resources/sendblue_webhook/list-resource-by-type.tfquery.hcl"
)

// The list resource's page (a static page, as tfplugindocs renders list
// resources only from the schema of a Terraform >= 1.14 on PATH) shows the
// example queries exactly as examples/ holds them, which the list tests run.
func TestListResourceDocShowsTheExamples(t *testing.T) {
	for _, page := range []string{"../../templates/list-resources/webhook.md", "../../docs/list-resources/webhook.md"} {
		doc, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, ex := range []string{listResourceExample, listResourceByTypeExample} {
			example, err := os.ReadFile(ex)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(doc), "```terraform\n"+string(example)+"```") {
				t.Errorf("%s does not show %s as it is; copy it into a terraform block of the page", page, ex)
			}
		}
	}
}

// The provider example configures everything from the environment.
func TestAccExampleProvider(t *testing.T) {
	e := acctest.NewEnv(t)
	t.Setenv(EnvAPIKey, mock.DefaultAPIKey)
	t.Setenv(EnvAPISecret, mock.DefaultAPISecret)
	t.Setenv(EnvBaseURL, e.URL)
	src, err := os.ReadFile(filepath.Join(examplesRoot, "provider", "provider.tf"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := stripBlocks(string(src), "terraform") + `
resource "sendblue_webhook" "probe" {
  url = "https://hooks.example.com/provider-example"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			Check:  e.ExpectCount("receive", "https://hooks.example.com/provider-example", 1),
		}},
	})
}

// exampleFeatures is what an example needs of the CLI beyond import blocks
// (Terraform 1.5), read from its configuration, so an example is skipped as
// version-gated on an older CLI rather than failed.
func exampleFeatures(src string) []acctest.Feature {
	var out []acctest.Feature
	for _, f := range []struct {
		re      string
		feature acctest.Feature
	}{
		{`(?m)^\s*ephemeral\s*=\s*true`, acctest.FeatEphemeralVariables},
		{`(?m)^\s*secret_wo\s*=`, acctest.FeatWriteOnly},
		{`(?m)^removed\s*\{`, acctest.FeatRemovedBlock},
		{`(?m)^import\s*\{[^}]*\bfor_each\s*=`, acctest.FeatImportForEach},
		{`(?m)^\s*identity\s*=\s*\{`, acctest.FeatIdentity},
	} {
		if regexp.MustCompile(f.re).MatchString(src) {
			out = append(out, f.feature)
		}
	}
	return out
}

type exampleError string

func (e exampleError) Error() string { return string(e) }

const errNoRequests = exampleError("the example made no API call")
