package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

func TestAccWebhook_everyTypeAndEmptyPlan(t *testing.T) {
	e := acctest.NewEnv(t)
	cfg := e.Config(`
resource "sendblue_webhook" "receive" {
  url    = "https://hooks.example.com/receive"
  secret = "receive-secret"
}
resource "sendblue_webhook" "call_log" {
  url  = "https://hooks.example.com/call-log"
  type = "call_log"
}
resource "sendblue_webhook" "line_blocked" {
  url  = "https://hooks.example.com/line-blocked"
  type = "line_blocked"
}
resource "sendblue_webhook" "line_assigned" {
  url  = "https://hooks.example.com/line-assigned"
  type = "line_assigned"
}
resource "sendblue_webhook" "outbound" {
  url    = "https://hooks.example.com/outbound"
  type   = "outbound"
  secret = "outbound-secret"
}
resource "sendblue_webhook" "contact_created" {
  url  = "https://hooks.example.com/contact-created"
  type = "contact_created"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectAttr("sendblue_webhook.receive", "id", acctest.Str("receive:https://hooks.example.com/receive")),
					acctest.ExpectAttr("sendblue_webhook.receive", "type", acctest.Str("receive")),
					acctest.ExpectAttr("sendblue_webhook.contact_created", "id", acctest.Str("contact_created:https://hooks.example.com/contact-created")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.ExpectSecret("receive", "https://hooks.example.com/receive", "receive-secret"),
					e.ExpectSecret("outbound", "https://hooks.example.com/outbound", "outbound-secret"),
					e.ExpectCount("call_log", "https://hooks.example.com/call-log", 1),
					e.ExpectCount("line_blocked", "https://hooks.example.com/line-blocked", 1),
					e.ExpectCount("line_assigned", "https://hooks.example.com/line-assigned", 1),
					e.ExpectCount("contact_created", "https://hooks.example.com/contact-created", 1),
					e.ExpectTotal(6),
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// The same configuration again: nothing to do.
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
		CheckDestroy: e.ExpectTotal(0),
	})
}

func TestAccWebhook_import(t *testing.T) {
	e := acctest.NewEnv(t)
	cfg := e.Config(`
resource "sendblue_webhook" "a" {
  url    = "https://hooks.example.com/a"
  type   = "outbound"
  secret = "a-secret"
}
resource "sendblue_webhook" "b" {
  url = "https://hooks.example.com/b"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				Config:            cfg,
				ResourceName:      "sendblue_webhook.a",
				ImportState:       true,
				ImportStateId:     "outbound:https://hooks.example.com/a",
				ImportStateVerify: true,
				// An import leaves the server's secret unmanaged until the
				// configuration sets `secret` (see Read).
				ImportStateVerifyIgnore: []string{"secret"},
			},
			{
				// A bare URL means the receive type.
				Config:            cfg,
				ResourceName:      "sendblue_webhook.b",
				ImportState:       true,
				ImportStateId:     "https://hooks.example.com/b",
				ImportStateVerify: true,
			},
			{
				// Imported with an import block and configuration that leaves
				// the secret out (as -generate-config-out writes it): no change.
				Config: e.Config(`
resource "sendblue_webhook" "a" {
  url    = "https://hooks.example.com/a"
  type   = "outbound"
}
resource "sendblue_webhook" "b" {
  url = "https://hooks.example.com/b"
}
`),
				ResourceName:    "sendblue_webhook.a",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   "outbound:https://hooks.example.com/a",
			},
			{
				Config:        cfg,
				ResourceName:  "sendblue_webhook.b",
				ImportState:   true,
				ImportStateId: "call_log:https://hooks.example.com/b",
				ExpectError:   acctest.ErrRe(`(?i)cannot import non-existent remote object`),
			},
			{
				Config:        cfg,
				ResourceName:  "sendblue_webhook.b",
				ImportState:   true,
				ImportStateId: "inbound:https://hooks.example.com/b",
				ExpectError:   acctest.ErrRe(`not supported by this version of the provider`),
			},
		},
	})
}

// An account that already has the webhook (set up by hand): creating it
// again must not make a duplicate, and the error says how to import it.
func TestAccWebhook_existingIsNotDuplicated(t *testing.T) {
	e := acctest.NewEnv(t)
	e.Mock.AddWebhook("receive", "https://hooks.example.com/taken", "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: e.Config(`
resource "sendblue_webhook" "a" {
  url = "https://hooks.example.com/taken"
}
`),
				ExpectError: acctest.ErrRe(`(?s)already registered.*terraform import.*receive:https://hooks.example.com/taken`),
			},
			{
				Config:   e.Config(`resource "terraform_data" "noop" {}`),
				PlanOnly: false,
				Check:    e.ExpectCount("receive", "https://hooks.example.com/taken", 1),
			},
		},
	})
}

func TestAccWebhook_outOfBandDeleteIsRecreated(t *testing.T) {
	e := acctest.NewEnv(t)
	cfg := e.Config(`
resource "sendblue_webhook" "a" {
  url  = "https://hooks.example.com/a"
  type = "line_blocked"
}
resource "sendblue_webhook" "b" {
  url = "https://hooks.example.com/b"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg, Check: e.ExpectTotal(2)},
			{
				PreConfig: func() { e.Mock.RemoveWebhook("line_blocked", "https://hooks.example.com/a") },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("sendblue_webhook.a", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("sendblue_webhook.b", plancheck.ResourceActionNoop),
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.ExpectCount("line_blocked", "https://hooks.example.com/a", 1),
					e.ExpectCount("receive", "https://hooks.example.com/b", 1),
				),
			},
		},
	})
}

func TestAccWebhook_outOfBandSecretChangeIsDrift(t *testing.T) {
	e := acctest.NewEnv(t)
	cfg := e.Config(`
resource "sendblue_webhook" "a" {
  url    = "https://hooks.example.com/a"
  secret = "right"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg, Check: e.ExpectSecret("receive", "https://hooks.example.com/a", "right")},
			{
				PreConfig: func() {
					if !e.Mock.SetWebhookSecret("receive", "https://hooks.example.com/a", "changed-in-dashboard") {
						t.Fatal("mock has no webhook to change")
					}
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("sendblue_webhook.a", plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.ExpectSecret("receive", "https://hooks.example.com/a", "right"),
					e.ExpectCount("receive", "https://hooks.example.com/a", 1),
				),
			},
		},
	})
}

// Rotating a secret touches that webhook only: exactly one entry remains,
// and the account's other webhooks (managed here or not) are untouched.
func TestAccWebhook_secretRotation(t *testing.T) {
	e := acctest.NewEnv(t)
	e.Mock.AddWebhook("receive", "https://elsewhere.example.com/manual", "manual-secret")
	cfg := func(secret string) string {
		return e.Configf(`
resource "sendblue_webhook" "a" {
  url    = "https://hooks.example.com/a"
  type   = "call_log"
  secret = %q
}
resource "sendblue_webhook" "b" {
  url    = "https://hooks.example.com/b"
  type   = "call_log"
  secret = "b-secret"
}
`, secret)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg("one"), Check: e.ExpectSecret("call_log", "https://hooks.example.com/a", "one")},
			{
				Config: cfg("two"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("sendblue_webhook.a", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("sendblue_webhook.b", plancheck.ResourceActionNoop),
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.ExpectSecret("call_log", "https://hooks.example.com/a", "two"),
					e.ExpectCount("call_log", "https://hooks.example.com/a", 1),
					e.ExpectSecret("call_log", "https://hooks.example.com/b", "b-secret"),
					e.ExpectSecret("receive", "https://elsewhere.example.com/manual", "manual-secret"),
					e.ExpectTotal(3),
					e.CheckMock(func(m *mock.Server) error {
						if n := m.Requests()["PUT"]; n != 0 {
							return fmt.Errorf("a secret change rewrote the whole configuration (%d PUT calls)", n)
						}
						return nil
					}),
				),
			},
		},
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			e.ExpectTotal(1),
			e.ExpectCount("receive", "https://elsewhere.example.com/manual", 1),
		),
	})
}

func TestAccWebhook_urlChangeReplaces(t *testing.T) {
	e := acctest.NewEnv(t)
	cfg := func(url string) string {
		return e.Configf(`
resource "sendblue_webhook" "a" {
  url  = %q
  type = "outbound"
}
`, url)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg("https://hooks.example.com/old")},
			{
				Config: cfg("https://hooks.example.com/new"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("sendblue_webhook.a", plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectAttr("sendblue_webhook.a", "id", acctest.Str("outbound:https://hooks.example.com/new")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.ExpectCount("outbound", "https://hooks.example.com/old", 0),
					e.ExpectCount("outbound", "https://hooks.example.com/new", 1),
					e.ExpectTotal(1),
				),
			},
			{
				// Changing the type replaces too.
				Config: strings.Replace(cfg("https://hooks.example.com/new"), `"outbound"`, `"line_assigned"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("sendblue_webhook.a", plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.ExpectCount("outbound", "https://hooks.example.com/new", 0),
					e.ExpectCount("line_assigned", "https://hooks.example.com/new", 1),
				),
			},
		},
	})
}

func TestAccWebhook_writeOnlySecret(t *testing.T) {
	e := acctest.NewEnv(t)
	cfg := func(secret string, version int) string {
		return e.Configf(`
resource "sendblue_webhook" "a" {
  url               = "https://hooks.example.com/wo"
  secret_wo         = %q
  secret_wo_version = %d
}
`, secret, version)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   acctest.NeedsCLI(t, acctest.FeatWriteOnly),
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg("wo-secret-first", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{acctest.PlanLacks("wo-secret-first")},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectAttr("sendblue_webhook.a", "secret_wo", knownvalue.Null()),
					acctest.ExpectAttr("sendblue_webhook.a", "secret", knownvalue.Null()),
					acctest.ExpectAttr("sendblue_webhook.a", "secret_wo_version", knownvalue.Int64Exact(1)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.ExpectSecret("receive", "https://hooks.example.com/wo", "wo-secret-first"),
					acctest.StateLacks("wo-secret-first"),
				),
			},
			{
				// A new secret without a new version is not sent.
				Config: cfg("wo-secret-ignored", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: e.ExpectSecret("receive", "https://hooks.example.com/wo", "wo-secret-first"),
			},
			{
				Config: cfg("wo-secret-second", 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("sendblue_webhook.a", plancheck.ResourceActionUpdate),
						acctest.PlanLacks("wo-secret-second"),
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.ExpectSecret("receive", "https://hooks.example.com/wo", "wo-secret-second"),
					e.ExpectCount("receive", "https://hooks.example.com/wo", 1),
					acctest.StateLacks("wo-secret-second"),
				),
			},
		},
	})
}

func TestAccWebhook_globalSecret(t *testing.T) {
	e := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: e.Config(`
resource "sendblue_webhook" "a" {
  url           = "https://hooks.example.com/a"
  global_secret = "account-wide"
}
`),
				Check: expectGlobal(e, "account-wide"),
			},
		},
	})
}

// Destroy removes the URL under its own type only: the same URL registered
// for another type (here outside Terraform) stays.
func TestAccWebhook_destroyRemovesOnlyItsType(t *testing.T) {
	e := acctest.NewEnv(t)
	const url = "https://hooks.example.com/shared"
	e.Mock.AddWebhook("call_log", url, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: e.Configf(`
resource "sendblue_webhook" "a" {
  url = %q
}
`, url),
			Check: resource.ComposeAggregateTestCheckFunc(
				e.ExpectCount("receive", url, 1),
				e.ExpectCount("call_log", url, 1),
			),
		}},
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			e.ExpectCount("receive", url, 0),
			e.ExpectCount("call_log", url, 1),
		),
	})
}
