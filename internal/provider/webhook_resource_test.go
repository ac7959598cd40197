package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// checkMock runs f against the mock as a step check.
func (e *testEnv) checkMock(f func(m *mock.Server) error) resource.TestCheckFunc {
	return func(*terraform.State) error { return f(e.mock) }
}

// expectCount checks that the mock holds url under typ exactly n times.
func (e *testEnv) expectCount(typ, url string, n int) resource.TestCheckFunc {
	return e.checkMock(func(m *mock.Server) error {
		if got := m.Count(typ, url); got != n {
			return fmt.Errorf("mock holds %s %s %d times, want %d (state: %+v)", typ, url, got, n, m.State())
		}
		return nil
	})
}

// expectSecret checks the secret the mock holds for typ/url.
func (e *testEnv) expectSecret(typ, url, secret string) resource.TestCheckFunc {
	return e.checkMock(func(m *mock.Server) error {
		for _, entry := range m.State().Webhooks[typ] {
			if entry.URL == url {
				if entry.Secret != secret {
					return fmt.Errorf("mock holds secret %q for %s %s, want %q", entry.Secret, typ, url, secret)
				}
				return nil
			}
		}
		return fmt.Errorf("mock holds no %s %s", typ, url)
	})
}

// expectTotal checks the number of webhooks on the mock account.
func (e *testEnv) expectTotal(n int) resource.TestCheckFunc {
	return e.checkMock(func(m *mock.Server) error {
		if got := m.Total(); got != n {
			return fmt.Errorf("mock holds %d webhooks, want %d: %+v", got, n, m.State())
		}
		return nil
	})
}

// stateLacks fails when s appears anywhere in the state.
func stateLacks(s string) resource.TestCheckFunc {
	return func(st *terraform.State) error {
		b, err := json.Marshal(st)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), s) {
			return fmt.Errorf("state contains %q", s)
		}
		return nil
	}
}

// planLacks is a plan check that fails when s appears in the plan's values:
// planned values, resource changes, prior state, outputs. (The plan's copy
// of the configuration's source is left out: a test writes the secret there
// as a literal, where a user would pass an ephemeral variable.)
type planLacks string

func (p planLacks) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	values := []any{req.Plan.PlannedValues, req.Plan.ResourceChanges, req.Plan.PriorState, req.Plan.OutputChanges, req.Plan.ResourceDrift, req.Plan.Variables}
	b, err := json.Marshal(values)
	if err != nil {
		resp.Error = err
		return
	}
	if strings.Contains(string(b), string(p)) {
		resp.Error = fmt.Errorf("plan contains %q", string(p))
	}
}

func TestAccWebhook_everyTypeAndEmptyPlan(t *testing.T) {
	e := newTestEnv(t)
	cfg := e.config(`
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
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr("sendblue_webhook.receive", "id", str("receive:https://hooks.example.com/receive")),
					expectAttr("sendblue_webhook.receive", "type", str("receive")),
					expectAttr("sendblue_webhook.contact_created", "id", str("contact_created:https://hooks.example.com/contact-created")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.expectSecret("receive", "https://hooks.example.com/receive", "receive-secret"),
					e.expectSecret("outbound", "https://hooks.example.com/outbound", "outbound-secret"),
					e.expectCount("call_log", "https://hooks.example.com/call-log", 1),
					e.expectCount("line_blocked", "https://hooks.example.com/line-blocked", 1),
					e.expectCount("line_assigned", "https://hooks.example.com/line-assigned", 1),
					e.expectCount("contact_created", "https://hooks.example.com/contact-created", 1),
					e.expectTotal(6),
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
		CheckDestroy: e.expectTotal(0),
	})
}

func TestAccWebhook_import(t *testing.T) {
	e := newTestEnv(t)
	cfg := e.config(`
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
		ProtoV6ProviderFactories: e.factories(),
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
				Config: e.config(`
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
				ExpectError:   errRe(`(?i)cannot import non-existent remote object`),
			},
			{
				Config:        cfg,
				ResourceName:  "sendblue_webhook.b",
				ImportState:   true,
				ImportStateId: "inbound:https://hooks.example.com/b",
				ExpectError:   errRe(`not supported by this version of the provider`),
			},
		},
	})
}

// An account that already has the webhook (set up by hand): creating it
// again must not make a duplicate, and the error says how to import it.
func TestAccWebhook_existingIsNotDuplicated(t *testing.T) {
	e := newTestEnv(t)
	e.mock.AddWebhook("receive", "https://hooks.example.com/taken", "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: e.config(`
resource "sendblue_webhook" "a" {
  url = "https://hooks.example.com/taken"
}
`),
				ExpectError: errRe(`(?s)already registered.*terraform import.*receive:https://hooks.example.com/taken`),
			},
			{
				Config:   e.config(`resource "terraform_data" "noop" {}`),
				PlanOnly: false,
				Check:    e.expectCount("receive", "https://hooks.example.com/taken", 1),
			},
		},
	})
}

func TestAccWebhook_outOfBandDeleteIsRecreated(t *testing.T) {
	e := newTestEnv(t)
	cfg := e.config(`
resource "sendblue_webhook" "a" {
  url  = "https://hooks.example.com/a"
  type = "line_blocked"
}
resource "sendblue_webhook" "b" {
  url = "https://hooks.example.com/b"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: cfg, Check: e.expectTotal(2)},
			{
				PreConfig: func() { e.mock.RemoveWebhook("line_blocked", "https://hooks.example.com/a") },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("sendblue_webhook.a", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("sendblue_webhook.b", plancheck.ResourceActionNoop),
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.expectCount("line_blocked", "https://hooks.example.com/a", 1),
					e.expectCount("receive", "https://hooks.example.com/b", 1),
				),
			},
		},
	})
}

func TestAccWebhook_outOfBandSecretChangeIsDrift(t *testing.T) {
	e := newTestEnv(t)
	cfg := e.config(`
resource "sendblue_webhook" "a" {
  url    = "https://hooks.example.com/a"
  secret = "right"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: cfg, Check: e.expectSecret("receive", "https://hooks.example.com/a", "right")},
			{
				PreConfig: func() {
					if !e.mock.SetWebhookSecret("receive", "https://hooks.example.com/a", "changed-in-dashboard") {
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
					e.expectSecret("receive", "https://hooks.example.com/a", "right"),
					e.expectCount("receive", "https://hooks.example.com/a", 1),
				),
			},
		},
	})
}

// Rotating a secret touches that webhook only: exactly one entry remains,
// and the account's other webhooks (managed here or not) are untouched.
func TestAccWebhook_secretRotation(t *testing.T) {
	e := newTestEnv(t)
	e.mock.AddWebhook("receive", "https://elsewhere.example.com/manual", "manual-secret")
	cfg := func(secret string) string {
		return e.configf(`
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
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: cfg("one"), Check: e.expectSecret("call_log", "https://hooks.example.com/a", "one")},
			{
				Config: cfg("two"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("sendblue_webhook.a", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("sendblue_webhook.b", plancheck.ResourceActionNoop),
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.expectSecret("call_log", "https://hooks.example.com/a", "two"),
					e.expectCount("call_log", "https://hooks.example.com/a", 1),
					e.expectSecret("call_log", "https://hooks.example.com/b", "b-secret"),
					e.expectSecret("receive", "https://elsewhere.example.com/manual", "manual-secret"),
					e.expectTotal(3),
					e.checkMock(func(m *mock.Server) error {
						if n := m.Requests()["PUT"]; n != 0 {
							return fmt.Errorf("a secret change rewrote the whole configuration (%d PUT calls)", n)
						}
						return nil
					}),
				),
			},
		},
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			e.expectTotal(1),
			e.expectCount("receive", "https://elsewhere.example.com/manual", 1),
		),
	})
}

func TestAccWebhook_urlChangeReplaces(t *testing.T) {
	e := newTestEnv(t)
	cfg := func(url string) string {
		return e.configf(`
resource "sendblue_webhook" "a" {
  url  = %q
  type = "outbound"
}
`, url)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: cfg("https://hooks.example.com/old")},
			{
				Config: cfg("https://hooks.example.com/new"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("sendblue_webhook.a", plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr("sendblue_webhook.a", "id", str("outbound:https://hooks.example.com/new")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.expectCount("outbound", "https://hooks.example.com/old", 0),
					e.expectCount("outbound", "https://hooks.example.com/new", 1),
					e.expectTotal(1),
				),
			},
			{
				// Changing the type replaces too.
				Config: strings.Replace(cfg("https://hooks.example.com/new"), `"outbound"`, `"line_assigned"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("sendblue_webhook.a", plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.expectCount("outbound", "https://hooks.example.com/new", 0),
					e.expectCount("line_assigned", "https://hooks.example.com/new", 1),
				),
			},
		},
	})
}

func TestAccWebhook_writeOnlySecret(t *testing.T) {
	e := newTestEnv(t)
	cfg := func(secret string, version int) string {
		return e.configf(`
resource "sendblue_webhook" "a" {
  url               = "https://hooks.example.com/wo"
  secret_wo         = %q
  secret_wo_version = %d
}
`, secret, version)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   needsCLI(t, featWriteOnly),
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg("wo-secret-first", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{planLacks("wo-secret-first")},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr("sendblue_webhook.a", "secret_wo", knownvalue.Null()),
					expectAttr("sendblue_webhook.a", "secret", knownvalue.Null()),
					expectAttr("sendblue_webhook.a", "secret_wo_version", knownvalue.Int64Exact(1)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.expectSecret("receive", "https://hooks.example.com/wo", "wo-secret-first"),
					stateLacks("wo-secret-first"),
				),
			},
			{
				// A new secret without a new version is not sent.
				Config: cfg("wo-secret-ignored", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: e.expectSecret("receive", "https://hooks.example.com/wo", "wo-secret-first"),
			},
			{
				Config: cfg("wo-secret-second", 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("sendblue_webhook.a", plancheck.ResourceActionUpdate),
						planLacks("wo-secret-second"),
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.expectSecret("receive", "https://hooks.example.com/wo", "wo-secret-second"),
					e.expectCount("receive", "https://hooks.example.com/wo", 1),
					stateLacks("wo-secret-second"),
				),
			},
		},
	})
}

func TestAccWebhook_globalSecret(t *testing.T) {
	e := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: e.config(`
resource "sendblue_webhook" "a" {
  url           = "https://hooks.example.com/a"
  global_secret = "account-wide"
}
`),
				Check: e.checkMock(func(m *mock.Server) error {
					if g := m.State().GlobalSecret; g != "account-wide" {
						return fmt.Errorf("global secret on the mock is %q", g)
					}
					return nil
				}),
			},
		},
	})
}

// Destroy removes the URL under its own type only: the same URL registered
// for another type (here outside Terraform) stays.
func TestAccWebhook_destroyRemovesOnlyItsType(t *testing.T) {
	e := newTestEnv(t)
	const url = "https://hooks.example.com/shared"
	e.mock.AddWebhook("call_log", url, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.configf(`
resource "sendblue_webhook" "a" {
  url = %q
}
`, url),
			Check: resource.ComposeAggregateTestCheckFunc(
				e.expectCount("receive", url, 1),
				e.expectCount("call_log", url, 1),
			),
		}},
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			e.expectCount("receive", url, 0),
			e.expectCount("call_log", url, 1),
		),
	})
}
