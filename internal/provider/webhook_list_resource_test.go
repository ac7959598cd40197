package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// The account the list resource tests query: three types, one URL under two
// types, one URL registered twice (one webhook, listed once), secrets and a
// global secret that must never show.
func seedListAccount(m *mock.Server) mock.State {
	st := mock.State{
		Webhooks: map[string][]mock.Entry{
			"receive": {
				{URL: "https://hooks.example.com/list/inbound", Secret: "list-inbound-secret"},
				{URL: "https://backup.example.com/list/inbound"},
				{URL: "https://backup.example.com/list/inbound"},
			},
			"outbound":        {{URL: "https://hooks.example.com/list/status"}},
			"contact_created": {{URL: "https://hooks.example.com/list/inbound"}},
		},
		GlobalSecret: "list-global-secret",
	}
	m.SetState(st)
	return st
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// queryWorkdirStep gives the query steps after it what a query step needs:
// a working directory with the provider's configuration in it.
func queryWorkdirStep(e *acctest.Env) resource.TestStep {
	return resource.TestStep{Config: e.Config("")}
}

// includeResourceQueryStep queries every result of list "<listType>" "all"
// with include_resource = true, the mock's counters reset first.
func includeResourceQueryStep(e *acctest.Env, listType string, checks ...querycheck.QueryResultCheck) resource.TestStep {
	return resource.TestStep{
		PreConfig: e.Mock.ResetCounters,
		Query:     true,
		Config: fmt.Sprintf(`
list %q "all" {
  provider         = sendblue
  include_resource = true
}
`, listType),
		QueryResultChecks: checks,
	}
}

// list "sendblue_webhook" lists every webhook of the account by identity
// (a URL held twice once), filters by type, names each result
// "<type> <url>", and makes one list call and no write.
func TestAccWebhookList_query(t *testing.T) {
	e := acctest.NewEnv(t)
	seedListAccount(e.Mock)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   acctest.NeedsCLI(t, acctest.FeatListResources),
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			queryWorkdirStep(e),
			{
				PreConfig: e.Mock.ResetCounters,
				Query:     true,
				// The two documented example queries.
				Config: readFile(t, listResourceExample) + readFile(t, listResourceByTypeExample),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("sendblue_webhook.all", 4),
					querycheck.ExpectIdentity("sendblue_webhook.all", identityOf("receive", "https://hooks.example.com/list/inbound")),
					querycheck.ExpectIdentity("sendblue_webhook.all", identityOf("receive", "https://backup.example.com/list/inbound")),
					querycheck.ExpectIdentity("sendblue_webhook.all", identityOf("outbound", "https://hooks.example.com/list/status")),
					querycheck.ExpectIdentity("sendblue_webhook.all", identityOf("contact_created", "https://hooks.example.com/list/inbound")),
					querycheck.ExpectResourceDisplayName("sendblue_webhook.all",
						queryfilter.ByResourceIdentity(identityOf("outbound", "https://hooks.example.com/list/status")),
						knownvalue.StringExact("outbound https://hooks.example.com/list/status")),
					querycheck.ExpectLength("sendblue_webhook.receive", 2),
					querycheck.ExpectNoIdentity("sendblue_webhook.receive", identityOf("outbound", "https://hooks.example.com/list/status")),
				},
			},
			// With include_resource, each result carries the resource as an
			// import reads it, less the secrets.
			includeResourceQueryStep(e, "sendblue_webhook",
				querycheck.ExpectLength("sendblue_webhook.all", 4),
				querycheck.ExpectResourceKnownValues("sendblue_webhook.all",
					queryfilter.ByResourceIdentity(identityOf("receive", "https://hooks.example.com/list/inbound")),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact("receive:https://hooks.example.com/list/inbound")},
						{Path: tfjsonpath.New("url"), KnownValue: knownvalue.StringExact("https://hooks.example.com/list/inbound")},
						{Path: tfjsonpath.New("type"), KnownValue: knownvalue.StringExact("receive")},
						{Path: tfjsonpath.New("secret"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("global_secret"), KnownValue: knownvalue.Null()},
					}),
			),
		},
	})
	if got := e.Mock.Requests(); got["GET"] == 0 || e.Mock.MutatingRequests() != 0 {
		t.Errorf("the last query made these calls: %v; want list calls only", got)
	}
}

// A bad type filter fails the query with the allowed types.
func TestAccWebhookList_badType(t *testing.T) {
	e := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   acctest.NeedsCLI(t, acctest.FeatListResources),
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			queryWorkdirStep(e),
			{
				Query: true,
				Config: `
list "sendblue_webhook" "bad" {
  provider = sendblue
  config {
    type = "inbound"
  }
}
`,
				ExpectError: acctest.ErrRe(`value must be one of: \["receive"`),
			},
		},
	})
	if n := e.Mock.Requests()["GET"]; n != 0 {
		t.Errorf("a query with a bad filter made %d list calls", n)
	}
}

// Listing and adopting, with the real CLI as a user runs it: on an
// account with three webhooks set up by hand, `terraform query
// -generate-config-out` writes three sendblue_webhook resources and three
// import blocks by identity; applying them imports all three with no
// change and no write to the API, and the next plan is empty. No secret
// reaches the generated file or the query's output.
func TestAccWebhookList_generateConfigImportsWithoutChange(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	acctest.RequireCLI(t, acctest.FeatListResources)
	seeded := mock.State{
		Webhooks: map[string][]mock.Entry{
			"receive":         {{URL: "https://hooks.example.com/adopt/inbound", SendblueNumbers: []string{"+15551230001", "+15551230002"}}},
			"outbound":        {{URL: "https://hooks.example.com/adopt/status"}},
			"contact_created": {{URL: "https://hooks.example.com/adopt/contacts"}},
		},
		GlobalSecret: "adopt-global-secret",
	}
	e.Mock.SetState(seeded)
	cli := newTFCLI(t, e)
	cli.Init()
	// The documented example query, as a user would copy it.
	query, err := os.ReadFile(listResourceExample)
	if err != nil {
		t.Fatal(err)
	}
	cli.Write("webhooks.tfquery.hcl", string(query))
	e.Mock.ResetCounters()
	out := strings.Join(cli.Query(tfexec.GenerateConfigOut("generated.tf")), "\n")
	for _, w := range []string{"outbound https://hooks.example.com/adopt/status", "receive https://hooks.example.com/adopt/inbound", "contact_created https://hooks.example.com/adopt/contacts"} {
		if !strings.Contains(out, w) {
			t.Errorf("terraform query does not list %q:\n%s", w, out)
		}
	}
	if got := e.Mock.Requests(); got["GET"] != 1 || e.Mock.MutatingRequests() != 0 {
		t.Errorf("terraform query made these calls: %v; want one list call", got)
	}
	generated := cli.Read("generated.tf")
	if n := len(regexp.MustCompile(`(?m)^import \{`).FindAllString(generated, -1)); n != 3 {
		t.Errorf("generated.tf has %d import blocks, want 3:\n%s", n, generated)
	}
	if n := len(regexp.MustCompile(`(?m)^resource "sendblue_webhook" `).FindAllString(generated, -1)); n != 3 {
		t.Errorf("generated.tf has %d sendblue_webhook resources, want 3:\n%s", n, generated)
	}
	for _, want := range []string{`type = "outbound"`, `url = "https://hooks.example.com/adopt/status"`, `identity = {`, `"+15551230001"`} {
		if !strings.Contains(regexp.MustCompile(`[ \t]+`).ReplaceAllString(generated, " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("generated.tf lacks %s:\n%s", want, generated)
		}
	}
	if strings.Contains(generated+out, "adopt-global-secret") {
		t.Errorf("a secret reached the query's output or generated.tf:\n%s\n%s", out, generated)
	}

	e.Mock.ResetCounters()
	applyAdoption(t, cli, e, seeded, "3 imported, 0 added, 0 changed, 0 destroyed")
	state := cli.StateResources()
	if len(state) != 3 || !strings.HasPrefix(state[0], "sendblue_webhook.") {
		t.Errorf("state holds %v, want three sendblue_webhook resources", state)
	}
	t.Logf("generated configuration:\n%s", generated)
}
