package provider

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// A server speaking only the v2 API lists a contact_created webhook with a
// secret of its own (set through the current API). Importing the account
// and adding an unrelated receive webhook works: the entry read from the
// account goes back as it was read, secret included; only a secret the
// configuration sets is checked against the generation's rules.
func TestAccAccountWebhooks_v2ServerHeldContactSecret(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnvWith(t, mock.Options{Only: "v2", V2ContactSecrets: true})
	contact := mock.Entry{URL: "https://c.example/new", Secret: "server-cc-secret"}
	e.Mock.SetState(mock.State{Webhooks: map[string][]mock.Entry{
		"receive":         {{URL: "https://a.example/in"}},
		"contact_created": {contact},
	}})
	// cfg is the account with a second receive webhook, its contact_created
	// entry written as contactEntry.
	cfg := func(contactEntry string) string {
		return e.Configf(`
resource "sendblue_account_webhooks" "all" {
  receive = {
    "https://a.example/in"  = {}
    "https://a.example/in2" = {}
  }
  contact_created = { "https://c.example/new" = %s }
}
`, contactEntry)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: e.Config(importAccount + `resource "sendblue_account_webhooks" "all" {
  receive         = { "https://a.example/in" = {} }
  contact_created = { "https://c.example/new" = {} }
}
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionNoop),
				}},
			},
			{
				Config: cfg(`{}`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: e.CheckMock(func(m *mock.Server) error {
					want := mock.State{Webhooks: map[string][]mock.Entry{
						"receive":         {{URL: "https://a.example/in"}, {URL: "https://a.example/in2"}},
						"contact_created": {contact},
					}}
					if got := m.State(); !reflect.DeepEqual(got, want) {
						t.Errorf("the account holds\n %+v\nwant\n %+v", got, want)
					}
					return nil
				}),
			},
			{
				// A secret the configuration sets is checked: refused before
				// anything is sent.
				PreConfig:   e.Mock.ResetCounters,
				Config:      cfg(`{ secret = "configured-cc-secret" }`),
				ExpectError: acctest.ErrRe(`(?s)contact_created webhooks cannot have their own secret under the v2 API generation.*Nothing was sent`),
			},
			{
				PreConfig: func() {
					if err := acctest.NoMutations(e.Mock); err != nil {
						t.Error(err)
					}
				},
				Config:           cfg(`{}`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}
