package provider

import (
	"reflect"
	"strings"
	"testing"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// A URL the account holds twice, once bare and once with a secret, under an
// adopted account whose configuration sets no secret: the plan names it and
// says how the copies differ without showing the secret, and the apply
// leaves one entry, with the secret. The next plan is empty.
func TestAccAccountWebhooks_duplicateKeepsTheSecret(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	e.Mock.SetState(mock.State{Webhooks: map[string][]mock.Entry{
		"receive": {
			{URL: "https://a.example/r1"},
			{URL: "https://a.example/r1", Secret: "dupsecret111"},
			{URL: "https://a.example/r2", Secret: "single-secret-2"},
		},
	}})
	cli := newTFCLI(t, e)
	cli.Init()
	cli.Write("main.tf", importAccount+`resource "sendblue_account_webhooks" "all" {
  receive = {
    "https://a.example/r1" = {}
    "https://a.example/r2" = {}
  }
}
`)
	out := flat(cli.PlanChanges())
	planSays(t, out,
		"The Sendblue account holds webhooks more than once",
		"receive https://a.example/r1 is registered 2 times: one copy has a secret, one copy has none.",
		"The apply keeps one entry with the secret the account holds for it (the configuration sets none).",
	)
	planHides(t, out, "dupsecret111", "single-secret-2")
	cli.Apply()
	want := mock.State{Webhooks: map[string][]mock.Entry{"receive": {
		{URL: "https://a.example/r1", Secret: "dupsecret111"},
		{URL: "https://a.example/r2", Secret: "single-secret-2"},
	}}}
	if got := e.Mock.State(); !reflect.DeepEqual(got, want) {
		t.Errorf("the account holds\n %+v\nwant\n %+v", got, want)
	}
	cli.PlanEmpty()
}

// When the copies hold different secrets and the configuration sets none,
// the provider cannot tell which to keep: the plan stops with an error
// naming the URL, and nothing is written. Setting the secret settles it:
// the apply keeps the copy with the configured secret.
func TestAccAccountWebhooks_duplicateWithDifferentSecrets(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	e.Mock.SetState(mock.State{Webhooks: map[string][]mock.Entry{
		"receive": {{URL: "https://a.example/in"}},
	}})
	cli := newTFCLI(t, e)
	cli.Init()
	cli.Write("main.tf", importAccount+`resource "sendblue_account_webhooks" "all" {
  receive = {
    "https://a.example/in" = {}
  }
  outbound = {
    "https://o.example/1" = { sendblue_numbers = null }
  }
}
`)
	cli.Apply()
	st := e.Mock.State()
	st.Webhooks["outbound"] = []mock.Entry{{URL: "https://o.example/1", Secret: "first-secret-aa"}, {URL: "https://o.example/1", Secret: "second-secret-bb"}}
	e.Mock.SetState(st)
	e.Mock.ResetCounters()
	before := e.Mock.State()

	out := flat(cli.PlanFails())
	planSays(t, out,
		"Cannot tell which copy of a webhook to keep",
		`11: "https://o.example/1" = { sendblue_numbers = null }`,
		"holds outbound https://o.example/1 2 times (they hold 2 different secrets)",
		"Set secret on this entry",
	)
	planHides(t, out, "first-secret-aa", "second-secret-bb")
	cli.ApplyFails()
	if err := acctest.NoMutations(e.Mock); err != nil {
		t.Error(err)
	}
	if got := e.Mock.State(); !reflect.DeepEqual(got, before) {
		t.Errorf("the account changed: %+v", got)
	}

	cli.Edit("main.tf", "{ sendblue_numbers = null }", `{ secret = "second-secret-bb" }`)
	out = flat(cli.PlanChanges())
	if !strings.Contains(out, "outbound https://o.example/1 is registered 2 times: they hold 2 different secrets. The apply keeps one entry with the configured secret.") {
		t.Errorf("the plan does not say which copy stays:\n%s", out)
	}
	cli.Apply()
	if got := e.Mock.State().Webhooks["outbound"]; !reflect.DeepEqual(got, []mock.Entry{{URL: "https://o.example/1", Secret: "second-secret-bb"}}) {
		t.Errorf("outbound holds %+v", got)
	}
	cli.PlanEmpty()
}

// flat collapses white space, so that messages wrapped by the CLI match.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }
