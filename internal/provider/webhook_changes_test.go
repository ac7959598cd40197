package provider

// No write destroys what it was meant to change, replayed against the mock
// with fault injection: every case ends with the account as the plan said, nothing lost, nothing doubled.

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

const safetyURL = "https://hooks.example.com/prod"

func safetyWebhook(attrs string) string {
	return fmt.Sprintf(`
resource "sendblue_webhook" "prod" {
  url = %q
%s
}
`, safetyURL, attrs)
}

// expectGlobal checks the account's global secret on the mock.
func expectGlobal(e *acctest.Env, want string) resource.TestCheckFunc {
	return e.CheckMock(func(m *mock.Server) error {
		if got := m.State().GlobalSecret; got != want {
			return fmt.Errorf("the mock's global secret is %q, want %q", got, want)
		}
		return nil
	})
}

// A new secret (or global secret) the API refuses with 400 leaves the
// webhook as it was: the old entry is put back, the error says so, and the
// next plan shows the change again.
func TestAccWebhook_refusedSecretChangeKeepsTheWebhook(t *testing.T) {
	e := acctest.NewEnv(t)
	refuseNextAdd := func() {
		e.Mock.FailNext(1, mock.Fault{Methods: []string{http.MethodPost}, Status: http.StatusBadRequest,
			Body: `{"status":"ERROR","message":"secret rejected"}`})
	}
	old := e.Config(safetyWebhook(`  secret = "old-good-secret"
  global_secret = "global-one"`))
	newSecret := e.Config(safetyWebhook(`  secret = "new-bad-secret"
  global_secret = "global-one"`))
	newGlobal := e.Config(safetyWebhook(`  secret = "old-good-secret"
  global_secret = "global-two"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: old, Check: e.ExpectSecret("receive", safetyURL, "old-good-secret")},
			{
				PreConfig:   refuseNextAdd,
				Config:      newSecret,
				ExpectError: acctest.ErrRe(`(?s)secret rejected.*old entry was put back, and a list of the account confirmed the webhook is as it was`),
			},
			{
				// The account is as it was, and the plan still shows the change.
				Config:   newSecret,
				PlanOnly: true, ExpectNonEmptyPlan: true,
				Check: resource.ComposeTestCheckFunc(e.ExpectCount("receive", safetyURL, 1), e.ExpectSecret("receive", safetyURL, "old-good-secret")),
			},
			{Config: old, PlanOnly: true},
			{
				PreConfig:   refuseNextAdd,
				Config:      newGlobal,
				ExpectError: acctest.ErrRe(`(?s)secret rejected.*old entry was put back`),
			},
			{
				Config: old, PlanOnly: true,
				Check: resource.ComposeTestCheckFunc(e.ExpectCount("receive", safetyURL, 1), e.ExpectSecret("receive", safetyURL, "old-good-secret"), expectGlobal(e, "global-one")),
			},
			{
				// Without the fault, the change goes through.
				Config: newSecret,
				Check:  resource.ComposeTestCheckFunc(e.ExpectCount("receive", safetyURL, 1), e.ExpectSecret("receive", safetyURL, "new-bad-secret")),
			},
		},
	})
}

// Removing `secret` removes it on the server, as the plan shows;
// removing `secret_wo` (with its version) too. Removing `global_secret`
// stops managing it: the plan shows no change and nothing is sent.
func TestAccWebhook_removingSecretsDoesWhatThePlanSays(t *testing.T) {
	e := acctest.NewEnv(t)
	addr := "sendblue_webhook.prod"
	var writes int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: e.Config(safetyWebhook(`  secret = "leaked-secret"
  global_secret = "global-one"`)),
				Check: resource.ComposeTestCheckFunc(e.ExpectSecret("receive", safetyURL, "leaked-secret"), expectGlobal(e, "global-one")),
			},
			{
				Config: e.Config(safetyWebhook(`  global_secret = "global-one"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{acctest.ExpectAttr(addr, "secret", knownvalue.Null())},
				Check: resource.ComposeTestCheckFunc(e.ExpectSecret("receive", safetyURL, ""), e.ExpectCount("receive", safetyURL, 1),
					expectGlobal(e, "global-one")),
			},
			{
				PreConfig: func() { writes = e.Mock.MutatingRequests() },
				Config:    e.Config(safetyWebhook(``)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(expectGlobal(e, "global-one"), e.CheckMock(func(m *mock.Server) error {
					if n := m.MutatingRequests() - writes; n != 0 {
						return fmt.Errorf("removing global_secret sent %d writes; the plan showed none", n)
					}
					return nil
				})),
			},
		},
	})
}

// Removing secret_wo and its version removes the secret on the server, as
// the plan's update says. (Write-only attributes need Terraform >= 1.11,
// hence a test of its own, gated by version.)
func TestAccWebhook_removingWriteOnlySecretRemovesIt(t *testing.T) {
	e := acctest.NewEnv(t)
	addr := "sendblue_webhook.prod"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		TerraformVersionChecks:   acctest.NeedsCLI(t, acctest.FeatWriteOnly),
		Steps: []resource.TestStep{
			{
				Config: e.Config(safetyWebhook(`  secret_wo = "write-only-secret"
  secret_wo_version = 1`)),
				Check: e.ExpectSecret("receive", safetyURL, "write-only-secret"),
			},
			{
				Config: e.Config(safetyWebhook(``)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(e.ExpectSecret("receive", safetyURL, ""), e.ExpectCount("receive", safetyURL, 1)),
			},
		},
	})
}

// Two different global secrets on one provider configuration are an
// error at plan, and nothing is written.
func TestAccWebhook_differentGlobalSecretsFailAtPlan(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	failsSendingNothing(t, e, e.Config(`
resource "sendblue_webhook" "a" {
  url           = "https://hooks.example.com/a"
  global_secret = "global-one"
}
resource "sendblue_webhook" "b" {
  url           = "https://hooks.example.com/b"
  type          = "outbound"
  global_secret = "global-two"
}
resource "sendblue_webhook" "c" {
  url = "https://hooks.example.com/c"
}
`), `(?s)Different global_secret values for one Sendblue account.*this resource \((receive https://hooks.example.com/a|outbound https://hooks.example.com/b)\) and the one for (receive https://hooks.example.com/a|outbound https://hooks.example.com/b)`)
}

// A create whose webhook is already on the account fails at plan
// with the import command; two resources with the same type and URL fail at
// plan; nothing is written.
func TestAccWebhook_conflictsFailAtPlan(t *testing.T) {
	e := acctest.NewEnv(t)
	e.Mock.AddWebhook("receive", "https://hooks.example.com/taken", "their-secret")
	// Two resources for one webhook (same type, same URL).
	sameWebhookTwice := e.Config(`
resource "sendblue_webhook" "one" {
  url = "https://hooks.example.com/same"
}
resource "sendblue_webhook" "two" {
  url = "https://hooks.example.com/same"
}
`)
	var writes int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: e.Config(`
resource "sendblue_webhook" "taken" {
  url = "https://hooks.example.com/taken"
}
`),
				PlanOnly:    true,
				ExpectError: acctest.ErrRe(`(?s)Webhook already exists.*terraform import sendblue_webhook.<name> receive:https://hooks.example.com/taken`),
			},
			{
				Config:      sameWebhookTwice,
				ExpectError: acctest.ErrRe(`(?s)Two sendblue_webhook resources declare the same webhook.*receive webhook https://hooks.example.com/same`),
			},
			{
				Config: e.Config(`
resource "sendblue_webhook" "one" {
  url = "https://hooks.example.com/same"
}
`),
				Check: e.ExpectCount("receive", "https://hooks.example.com/same", 1),
			},
			{
				// A second resource for a webhook the first one already owns.
				PreConfig:   func() { writes = e.Mock.MutatingRequests() },
				Config:      sameWebhookTwice,
				ExpectError: acctest.ErrRe(`(Two sendblue_webhook resources declare the same webhook|Webhook already exists)`),
			},
			{
				// The same URL under another type is another webhook.
				PreConfig: func() {
					if n := e.Mock.MutatingRequests(); n != writes {
						t.Errorf("the conflicting plan was followed by %d writes", n-writes)
					}
				},
				Config: e.Config(`
resource "sendblue_webhook" "one" {
  url = "https://hooks.example.com/same"
}
resource "sendblue_webhook" "two" {
  url  = "https://hooks.example.com/same"
  type = "outbound"
}
`),
				Check: resource.ComposeTestCheckFunc(e.ExpectCount("receive", "https://hooks.example.com/same", 1), e.ExpectCount("outbound", "https://hooks.example.com/same", 1)),
			},
		},
	})
	if n := e.Mock.Count("receive", "https://hooks.example.com/taken"); n != 1 {
		t.Fatalf("the existing webhook is there %d times", n)
	}
}

// A URL change whose new URL is already on the account fails at plan too.
func TestAccWebhook_urlChangeOntoAnExistingWebhookFailsAtPlan(t *testing.T) {
	e := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: e.Config(`
resource "sendblue_webhook" "w" {
  url = "https://hooks.example.com/old"
}
`)},
			{
				PreConfig: func() { e.Mock.AddWebhook("receive", "https://hooks.example.com/new", "") },
				Config: e.Config(`
resource "sendblue_webhook" "w" {
  url = "https://hooks.example.com/new"
}
`),
				ExpectError: acctest.ErrRe(`(?s)Webhook already exists.*receive:https://hooks.example.com/new`),
			},
			{
				Config: e.Config(`
resource "sendblue_webhook" "w" {
  url = "https://hooks.example.com/old"
}
`),
				Check: resource.ComposeTestCheckFunc(e.ExpectCount("receive", "https://hooks.example.com/old", 1), e.ExpectCount("receive", "https://hooks.example.com/new", 1)),
			},
		},
	})
}

// A create whose answer is lost and whose outcome cannot be looked
// up is saved as tainted. The next plan replaces it when it did land, or
// creates it when it did not; the account ends with it once.
func TestAccWebhook_unknownCreateOutcomeIsTainted(t *testing.T) {
	for _, landed := range []bool{true, false} {
		t.Run(fmt.Sprintf("landed=%v", landed), func(t *testing.T) {
			e := acctest.NewEnv(t)
			addr := "sendblue_webhook.prod"
			cfg := e.Config(safetyWebhook(`  secret = "s"`))
			loseTheAnswer := func() {
				// The add lands (or not) and its answer is a 502; when it
				// arrives, every list starts failing, so the account layer
				// cannot find out whether it landed.
				arrived, hold := make(chan string, 1), make(chan struct{})
				e.Mock.FailNext(1, mock.Fault{Methods: []string{http.MethodPost}, Apply: landed, Status: http.StatusBadGateway, Arrived: arrived, Hold: hold})
				go func() {
					<-arrived
					e.Mock.FailNext(1000, mock.Fault{Methods: []string{http.MethodGet}, Status: http.StatusServiceUnavailable})
					close(hold)
				}()
			}
			want := plancheck.ResourceActionCreate
			if landed {
				want = plancheck.ResourceActionDestroyBeforeCreate
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{
					{
						PreConfig:   loseTheAnswer,
						Config:      cfg,
						ExpectError: acctest.ErrRe(`saved as tainted`),
					},
					{
						PreConfig: func() {
							e.Mock.ClearFaults()
							if n := e.Mock.Count("receive", safetyURL); n != map[bool]int{true: 1, false: 0}[landed] {
								t.Errorf("after the lost answer the webhook is on the account %d times", n)
							}
						},
						Config: cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, want)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						Check: resource.ComposeTestCheckFunc(e.ExpectCount("receive", safetyURL, 1), e.ExpectSecret("receive", safetyURL, "s"), e.ExpectTotal(1)),
					},
				},
			})
		})
	}
}

// Starting to manage a secret the webhook already has on the server (after
// an import, say) records it without a write.
func TestAccWebhook_managingAnExistingSecretSendsNothing(t *testing.T) {
	e := acctest.NewEnv(t)
	var writes int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: e.Config(safetyWebhook(``)),
				Check: e.CheckMock(func(m *mock.Server) error {
					m.SetWebhookSecret("receive", safetyURL, "set-by-hand")
					writes = m.MutatingRequests()
					return nil
				}),
			},
			{
				Config: e.Config(safetyWebhook(`  secret = "set-by-hand"`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(e.ExpectSecret("receive", safetyURL, "set-by-hand"), e.CheckMock(func(m *mock.Server) error {
					if n := m.MutatingRequests() - writes; n != 0 {
						return fmt.Errorf("%d writes to record a secret the webhook already has", n)
					}
					return nil
				})),
			},
		},
	})
}
