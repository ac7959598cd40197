package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// A webhook set up by hand is adopted with an import block that names it by
// identity {type, url} (Terraform 1.12+): the plan only imports, the apply
// sends nothing to the account, state holds the identity, and the next plan
// is empty. A created webhook gets the same identity, and
// terraform-plugin-testing's identity import of it matches its state.
func TestAccWebhook_importByIdentity(t *testing.T) {
	e := acctest.NewEnv(t)
	const url = "https://hooks.example.com/identity/status"
	e.Mock.AddWebhook("outbound", url, "")
	e.Mock.AddWebhook("receive", url, "") // same URL, another type: not this webhook
	resourceHCL := fmt.Sprintf(`
resource "sendblue_webhook" "status" {
  url  = %q
  type = "outbound"
}
`, url)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   acctest.NeedsCLI(t, acctest.FeatIdentity),
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			adoptByIdentityStep(e, e.Configf(`
import {
  to       = sendblue_webhook.status
  identity = { type = "outbound", url = %q }
}
`, url)+resourceHCL,
				[]statecheck.StateCheck{
					statecheck.ExpectIdentity("sendblue_webhook.status", identityOf("outbound", url)),
					statecheck.ExpectKnownValue("sendblue_webhook.status", tfjsonpath.New("id"), knownvalue.StringExact("outbound:"+url)),
				},
				e.ExpectTotal(2),
			),
			identityImportStep(e.Config(resourceHCL), "sendblue_webhook.status"),
		},
	})
}

// A created webhook has identity {type, url}; an identity naming a webhook
// that is not on the account, an unknown type or a bad URL fails the import
// at plan time with a message naming what is wrong.
func TestAccWebhook_identityOfCreatedAndBadIdentities(t *testing.T) {
	e := acctest.NewEnv(t)
	steps := []resource.TestStep{{
		Config: e.Config(`
resource "sendblue_webhook" "calls" {
  url  = "https://hooks.example.com/identity/calls"
  type = "call_log"
}
`),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectIdentity("sendblue_webhook.calls", identityOf("call_log", "https://hooks.example.com/identity/calls")),
		},
	}}
	for _, bad := range []struct{ typ, url, resourceURL, want string }{
		{"inbound", "https://hooks.example.com/identity/x", "https://hooks.example.com/identity/x", `identity's type "inbound" is not a webhook type`},
		{"receive", "http://hooks.example.com/identity/x", "https://hooks.example.com/identity/x", `identity's url "http://hooks.example.com/identity/x" uses the scheme "http"`},
		{"receive", "https://hooks.example.com/identity/not-there", "https://hooks.example.com/identity/not-there", `Cannot import non-existent remote object`},
	} {
		steps = append(steps, resource.TestStep{
			Config: e.Configf(`
import {
  to       = sendblue_webhook.x
  identity = { type = %q, url = %q }
}
resource "sendblue_webhook" "x" {
  url = %q
}
`, bad.typ, bad.url, bad.resourceURL),
			ExpectError: acctest.ErrRe(bad.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   acctest.NeedsCLI(t, acctest.FeatIdentity),
		ProtoV6ProviderFactories: factories(),
		Steps:                    steps,
	})
}

// identityOf is the identity of the webhook of type typ at url.
func identityOf(typ, url string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{"type": knownvalue.StringExact(typ), "url": knownvalue.StringExact(url)}
}

// adoptByIdentityStep applies config, whose import block adopts one
// resource by identity, with the mock's counters reset first: the plan only
// imports, nothing is written to the account (webhooks or lines), the plan
// after the apply is empty, and state and mock pass stateChecks and checks.
func adoptByIdentityStep(e *acctest.Env, config string, stateChecks []statecheck.StateCheck, checks ...resource.TestCheckFunc) resource.TestStep {
	noWrites := e.CheckMock(func(m *mock.Server) error {
		if n := m.MutatingRequests() + m.LineWrites(); n != 0 {
			return fmt.Errorf("importing by identity sent %d writes: %v, lines %v", n, m.Requests(), m.LineRequests())
		}
		return nil
	})
	return resource.TestStep{
		PreConfig: e.Mock.ResetCounters,
		Config:    config,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply:             []plancheck.PlanCheck{importOnlyPlan{n: 1}},
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		ConfigStateChecks: stateChecks,
		Check:             resource.ComposeAggregateTestCheckFunc(append([]resource.TestCheckFunc{noWrites}, checks...)...),
	}
}

// identityImportStep is terraform-plugin-testing's own identity import of
// addr: an import block with the identity from state, in a fresh working
// directory; the imported state must match.
func identityImportStep(config, addr string) resource.TestStep {
	return resource.TestStep{
		Config:          config,
		ResourceName:    addr,
		ImportState:     true,
		ImportStateKind: resource.ImportBlockWithResourceIdentity,
	}
}
