package provider

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// guidesRoot holds the examples of the Registry guides (templates/guides/),
// one folder per example.
const guidesRoot = examplesRoot + "/guides"

// The account the adoption examples find: set up by hand, with a secret on
// one webhook and a global secret.
const (
	guideInbound  = "https://hooks.example.com/sendblue/inbound"
	guideOutbound = "https://hooks.example.com/sendblue/outbound"
	guideContacts = "https://hooks.example.com/sendblue/contacts"
)

func adoptionSeed() mock.State {
	return mock.State{
		Webhooks: map[string][]mock.Entry{
			"receive":         {{URL: guideInbound, Secret: "inbound-secret"}},
			"outbound":        {{URL: guideOutbound}},
			"contact_created": {{URL: guideContacts}},
		},
		GlobalSecret: "account-global-secret",
	}
}

// guideExampleTests runs each guide example as the guide tells a user to, with
// the real terraform CLI against the mock. Every example folder must have an
// entry here (TestAccGuideExamples fails otherwise), so no guide shows an
// example that was never run.
var guideExampleTests = map[string]func(t *testing.T, dir string){
	"adopting-an-existing-account/generate-config": testGuideAdoptGenerateConfig,
	"adopting-an-existing-account/for-each":        testGuideAdoptForEach,
	"adopting-an-existing-account/authoritative":   testGuideAdoptAuthoritative,
	"running-in-ci":                          testGuideRunningInCI,
	"managing-signing-secrets/write-only":    testGuideSecretWriteOnly,
	"managing-signing-secrets/in-state":      testGuideSecretInState,
	"managing-signing-secrets/global-secret": testGuideGlobalSecret,
	"routing-calls-and-messages-per-line":    testGuideRoutingPerLine,
}

// guideExampleDirs returns every folder under examples/guides that holds
// Terraform files, relative to guidesRoot.
func guideExampleDirs(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(guidesRoot, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".tf") || strings.HasSuffix(path, ".tfquery.hcl")) {
			rel, err := filepath.Rel(guidesRoot, filepath.Dir(path))
			if err != nil {
				return err
			}
			seen[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for d := range seen {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	return dirs
}

func TestAccGuideExamples(t *testing.T) {
	dirs := guideExampleDirs(t)
	if len(dirs) < len(guideExampleTests) {
		t.Errorf("found %d guide example folders (%v), but there are tests for %d", len(dirs), dirs, len(guideExampleTests))
	}
	for _, rel := range dirs {
		test, ok := guideExampleTests[rel]
		if !ok {
			t.Errorf("examples/guides/%s has no test: add one to guideExampleTests", rel)
			continue
		}
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			test(t, filepath.Join(guidesRoot, rel))
		})
	}
}

// guideCLI skips the test as version-gated unless the CLI under test has
// every feature the example in dir uses, and returns the CLI harness with the
// example's Terraform files copied into its working directory, without their
// provider and terraform blocks (the harness supplies those, pointed at the
// mock).
func guideCLI(t *testing.T, e *acctest.Env, dir string) *acctest.Runner {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("%s has no .tf file", dir)
	}
	srcs := map[string]string{}
	var all strings.Builder
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs["example_"+filepath.Base(f)] = stripBlocks(string(src), `provider "sendblue"`, "terraform")
		all.Write(src)
	}
	acctest.RequireCLI(t, exampleFeatures(all.String())...)
	c := newTFCLI(t, e)
	for name, src := range srcs {
		c.Write(name, src)
	}
	return c
}

// adoptionGuide serves an account holding adoptionSeed and returns it, the
// seed, and the adoption example in dir, initialised.
func adoptionGuide(t *testing.T, dir string) (*acctest.Env, mock.State, *acctest.Runner) {
	t.Helper()
	e := acctest.NewEnv(t)
	seed := adoptionSeed()
	e.Mock.SetState(seed)
	c := guideCLI(t, e, dir)
	c.Init()
	return e, seed, c
}

// assertImportedAlone checks that an apply's output says it imported the
// three webhooks of adoptionSeed and did nothing else, and that the account
// saw no write. (A webhook with a secret on the account may show `secret`
// going to null: that only leaves it out of state.)
func assertImportedAlone(t *testing.T, out string, e *acctest.Env, seed mock.State) {
	t.Helper()
	if !strings.Contains(out, "3 imported, 0 added,") || !strings.Contains(out, "0 destroyed") {
		t.Errorf("apply did not import the three webhooks alone:\n%s", out)
	}
	assertAdoptedWithoutWrites(t, e, seed)
}

// assertAdoptedWithoutWrites checks that adopting changed nothing on the account.
func assertAdoptedWithoutWrites(t *testing.T, e *acctest.Env, seed mock.State) {
	t.Helper()
	if n := e.Mock.MutatingRequests(); n != 0 {
		t.Errorf("adopting sent %d writes to the account: %v", n, e.Mock.Requests())
	}
	if got := e.Mock.State(); !reflect.DeepEqual(got, seed) {
		t.Errorf("adopting changed the account:\n got %+v\nwant %+v", got, seed)
	}
}

// assertFileLacks fails when a file of the working directory holds secret.
func assertFileLacks(t *testing.T, c *acctest.Runner, name string, secrets ...string) {
	t.Helper()
	content := c.Read(name)
	for _, s := range secrets {
		if strings.Contains(content, s) {
			t.Errorf("%s holds the secret %q", name, s)
		}
	}
}

// assertPlanFileLacks fails when any file inside a saved plan (a zip archive)
// holds one of the secrets.
func assertPlanFileLacks(t *testing.T, c *acctest.Runner, name string, secrets ...string) {
	t.Helper()
	zr, err := zip.OpenReader(filepath.Join(c.Dir, name))
	if err != nil {
		t.Fatalf("saved plan %s: %v", name, err)
	}
	defer func() { _ = zr.Close() }()
	if len(zr.File) == 0 {
		t.Fatalf("saved plan %s is empty", name)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if strings.Contains(string(b), s) {
				t.Errorf("saved plan %s holds the secret %q in %s", name, s, f.Name)
			}
		}
	}
}

// equalJSON says whether two JSON documents hold the same value.
func equalJSON(t *testing.T, a, b any) bool {
	t.Helper()
	var va, vb any
	for _, c := range []struct {
		in  any
		out *any
	}{{a, &va}, {b, &vb}} {
		raw, err := json.Marshal(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, c.out); err != nil {
			t.Fatalf("%v: %s", err, raw)
		}
	}
	return reflect.DeepEqual(va, vb)
}

// webhookSecret returns the secret the mock account holds for a webhook.
func webhookSecret(t *testing.T, e *acctest.Env, typ, url string) string {
	t.Helper()
	for _, w := range e.Mock.State().Webhooks[typ] {
		if w.URL == url {
			return w.Secret
		}
	}
	t.Fatalf("the account has no %s webhook %s", typ, url)
	return ""
}

// Import blocks and generated configuration: a resource per webhook, written
// by Terraform, with no secret in it, adopted without a write; the next plan
// is empty.
func testGuideAdoptGenerateConfig(t *testing.T, dir string) {
	e, seed, c := adoptionGuide(t, dir)
	c.Plan(tfexec.GenerateConfigOut("generated.tf"))
	generated := c.Read("generated.tf")
	for _, want := range []string{
		`resource "sendblue_webhook" "inbound"`, `resource "sendblue_webhook" "outbound"`, `resource "sendblue_webhook" "contacts"`,
		`"` + guideContacts + `"`, `type              = "contact_created"`,
	} {
		if !strings.Contains(generated, want) {
			t.Errorf("generated.tf lacks %s:\n%s", want, generated)
		}
	}
	assertFileLacks(t, c, "generated.tf", "inbound-secret", "account-global-secret")
	out := c.Apply()
	assertImportedAlone(t, out, e, seed)
	c.PlanEmpty()
	assertFileLacks(t, c, "terraform.tfstate", "account-global-secret")
}

// One import block and one resource over a map (Terraform >= 1.7).
func testGuideAdoptForEach(t *testing.T, dir string) {
	e, seed, c := adoptionGuide(t, dir)
	out := c.Apply()
	assertImportedAlone(t, out, e, seed)
	c.PlanEmpty()
}

// The authoritative path: the account imported into sendblue_account_webhooks
// whose configuration lists what the account holds, secret included; the plan
// imports and changes nothing, and the global secret (not configured) stays.
func testGuideAdoptAuthoritative(t *testing.T, dir string) {
	e, seed, c := adoptionGuide(t, dir)
	c.PlanChanges(tfexec.Out("adopt.tfplan"))
	plan := c.ShowPlan("adopt.tfplan")
	if len(plan.ResourceChanges) != 1 {
		t.Fatalf("plan has %d resource changes, want the import of the account only: %+v", len(plan.ResourceChanges), plan.ResourceChanges)
	}
	rc := plan.ResourceChanges[0]
	if rc.Address != "sendblue_account_webhooks.all" || rc.Change.Importing == nil || rc.Change.Importing.ID != "account" {
		t.Errorf("plan: %s importing %+v; want sendblue_account_webhooks.all imported as account", rc.Address, rc.Change.Importing)
	}
	// No value changes. (Terraform 1.5 labels an import "update" when only
	// sensitivity marks differ; later versions say "no-op".)
	if !equalJSON(t, rc.Change.Before, rc.Change.After) {
		t.Errorf("the import plan changes the account's webhooks:\nbefore %v\nafter  %v", rc.Change.Before, rc.Change.After)
	}
	if a := fmt.Sprint(rc.Change.Actions); a != "[no-op]" && a != "[update]" {
		t.Errorf("the import plan's action is %s", a)
	}
	c.Apply(tfexec.DirOrPlan("adopt.tfplan"))
	assertAdoptedWithoutWrites(t, e, seed)
	c.PlanEmpty()
}

// Running in CI: the secret comes from an ephemeral variable, the plan is saved
// and applied later; neither the plan file nor the state holds the secret, the
// apply needs the variable again, and rotating is a new value with a new
// version.
func testGuideRunningInCI(t *testing.T, dir string) {
	e := acctest.NewEnv(t)
	c := guideCLI(t, e, dir)
	c.Init()
	c.Plan(tfexec.LockTimeout("5m"), tfexec.Var("inbound_webhook_secret=ci-secret-1"), tfexec.Out("tfplan"))
	assertPlanFileLacks(t, c, "tfplan", "ci-secret-1")
	if n := e.Mock.MutatingRequests(); n != 0 {
		t.Fatalf("plan sent %d writes", n)
	}
	// The apply job is given the ephemeral variable again.
	if out, err := c.ApplyErr(tfexec.LockTimeout("5m"), tfexec.DirOrPlan("tfplan")); err == nil {
		t.Errorf("applying the saved plan without the ephemeral variable succeeded:\n%s", out)
	}
	c.Apply(tfexec.LockTimeout("5m"), tfexec.Var("inbound_webhook_secret=ci-secret-1"), tfexec.DirOrPlan("tfplan"))
	if got := webhookSecret(t, e, "receive", guideInbound); got != "ci-secret-1" {
		t.Errorf("the webhook's secret on the account is %q, want the pipeline's", got)
	}
	if webhookSecret(t, e, "outbound", "https://hooks.example.com/sendblue/status") != "" {
		t.Error("the status webhook has a secret")
	}
	assertFileLacks(t, c, "terraform.tfstate", "ci-secret-1")
	c.PlanEmpty(tfexec.Var("inbound_webhook_secret=ci-secret-1"))

	// Rotation from the pipeline: the new value and a new version.
	c.Plan(tfexec.Var("inbound_webhook_secret=ci-secret-2"), tfexec.Var("inbound_webhook_secret_version=2"), tfexec.Out("tfplan"))
	assertPlanFileLacks(t, c, "tfplan", "ci-secret-1", "ci-secret-2")
	c.Apply(tfexec.Var("inbound_webhook_secret=ci-secret-2"), tfexec.Var("inbound_webhook_secret_version=2"), tfexec.DirOrPlan("tfplan"))
	if got := webhookSecret(t, e, "receive", guideInbound); got != "ci-secret-2" {
		t.Errorf("after rotation the webhook's secret on the account is %q, want the new one", got)
	}
	assertFileLacks(t, c, "terraform.tfstate", "ci-secret-1", "ci-secret-2")
}

// secret_wo: a new value alone sends nothing; a new value with a new version
// replaces the secret on the account; state never holds it.
func testGuideSecretWriteOnly(t *testing.T, dir string) {
	e := acctest.NewEnv(t)
	c := guideCLI(t, e, dir)
	c.Init()
	c.Apply(tfexec.Var("outbound_webhook_secret=wo-one"))
	if got := webhookSecret(t, e, "outbound", guideOutbound); got != "wo-one" {
		t.Fatalf("secret on the account %q, want wo-one", got)
	}
	// A new value without a new version: Terraform cannot see write-only
	// values, so nothing changes.
	c.PlanEmpty(tfexec.Var("outbound_webhook_secret=wo-two"))
	c.Apply(tfexec.Var("outbound_webhook_secret=wo-two"), tfexec.Var("outbound_webhook_secret_version=2"))
	if got := webhookSecret(t, e, "outbound", guideOutbound); got != "wo-two" {
		t.Errorf("after rotation the secret on the account is %q, want wo-two", got)
	}
	if n := e.Mock.Count("outbound", guideOutbound); n != 1 {
		t.Errorf("the account holds the webhook %d times after rotation", n)
	}
	assertFileLacks(t, c, "terraform.tfstate", "wo-one", "wo-two")
	c.PlanEmpty(tfexec.Var("outbound_webhook_secret=wo-two"), tfexec.Var("outbound_webhook_secret_version=2"))
}

// secret: stored in state, so a secret changed outside Terraform shows in the
// plan and the apply puts it back.
func testGuideSecretInState(t *testing.T, dir string) {
	e := acctest.NewEnv(t)
	c := guideCLI(t, e, dir)
	v := tfexec.Var("call_log_webhook_secret=in-state-secret")
	const url = "https://hooks.example.com/sendblue/calls"
	c.Init()
	c.Apply(v)
	if got := webhookSecret(t, e, "call_log", url); got != "in-state-secret" {
		t.Fatalf("secret on the account %q", got)
	}
	c.PlanEmpty(v)
	if !e.Mock.SetWebhookSecret("call_log", url, "changed-in-the-dashboard") {
		t.Fatal("could not change the secret on the mock")
	}
	out := c.PlanChanges(v)
	if strings.Contains(out, "changed-in-the-dashboard") || strings.Contains(out, "in-state-secret") {
		t.Errorf("the plan shows a secret:\n%s", out)
	}
	c.Apply(v)
	if got := webhookSecret(t, e, "call_log", url); got != "in-state-secret" {
		t.Errorf("after apply the secret on the account is %q, want it put back", got)
	}
}

// global_secret: set on one resource, it is the account's; destroying that
// resource leaves it on the account.
func testGuideGlobalSecret(t *testing.T, dir string) {
	e := acctest.NewEnv(t)
	c := guideCLI(t, e, dir)
	v := tfexec.Var("sendblue_global_secret=the-global-secret")
	c.Init()
	c.Apply(v)
	if got := e.Mock.State().GlobalSecret; got != "the-global-secret" {
		t.Fatalf("global secret on the account %q", got)
	}
	c.PlanEmpty(v)
	c.Destroy(v)
	st := e.Mock.State()
	if len(st.Webhooks) != 0 {
		t.Errorf("destroy left webhooks: %+v", st.Webhooks)
	}
	if st.GlobalSecret != "the-global-secret" {
		t.Errorf("destroy changed the global secret to %q; the guide says it stays", st.GlobalSecret)
	}
}
