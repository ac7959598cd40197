package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// Real accounts: the current API and v2, the nine types, and what each
// generation refuses.

// Against a server that speaks only the current API, and against one that
// speaks only v2, apply, an empty plan and destroy work with no setting
// changed (api_version defaults to auto).
func TestAccRealAccounts_oneGenerationOnly(t *testing.T) {
	t.Parallel()
	for _, only := range []string{"current", "v2"} {
		t.Run(only, func(t *testing.T) {
			t.Parallel()
			e := acctest.NewEnvWith(t, mock.Options{Only: only})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config: e.Config(`
resource "sendblue_webhook" "in" {
  url    = "https://hooks.example.com/in"
  secret = "in-secret"
}
resource "sendblue_webhook" "out" {
  url  = "https://hooks.example.com/out"
  type = "outbound"
}
data "sendblue_webhooks" "all" {
  depends_on = [sendblue_webhook.in, sendblue_webhook.out]
}
`),
					ConfigStateChecks: []statecheck.StateCheck{
						acctest.ExpectAttr("data.sendblue_webhooks.all", "webhooks", knownvalue.ListSizeExact(2)),
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						e.ExpectSecret("receive", "https://hooks.example.com/in", "in-secret"),
						e.ExpectCount("outbound", "https://hooks.example.com/out", 1),
					),
				}},
				CheckDestroy: e.ExpectTotal(0),
			})
		})
	}
}

// A pinned generation refuses at plan time what it cannot take, naming the
// generation, and sends nothing.
func TestAccRealAccounts_pinnedV2RefusesNewerTypes(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	failsSendingNothing(t, e, e.ProviderBlockWith(`  api_version = "v2"`)+`
resource "sendblue_webhook" "typing" {
  url  = "https://hooks.example.com/typing"
  type = "typing_indicator"
}
`, `(?s)Not supported by the v2 API generation.*typing_indicator.*v2 API generation \(/api/v2/account/webhooks\).*pinned with api_version`)
}

// nineTypes is every type, in documented order.
var nineTypes = []string{"receive", "call_log", "line_blocked", "line_assigned", "outbound", "contact_created",
	"typing_indicator", "inbound_call", "contact_profile"}

// Every type applied (each with a secret, contact_created's too, on the
// current API), planned clean, and destroyed; sendblue_numbers on receive.
func TestAccWebhook_allNineTypes(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	var hcl strings.Builder
	for _, typ := range nineTypes {
		fmt.Fprintf(&hcl, `
resource "sendblue_webhook" %[1]q {
  url    = "https://hooks.example.com/%[1]s"
  type   = %[1]q
  secret = "secret-%[1]s"
}
`, typ)
	}
	hcl.WriteString(`
resource "sendblue_webhook" "lines" {
  url              = "https://hooks.example.com/lines"
  sendblue_numbers = ["+15551230000", "+447700900123"]
}
`)
	var checks []resource.TestCheckFunc
	var stateChecks []statecheck.StateCheck
	for _, typ := range nineTypes {
		checks = append(checks, e.ExpectSecret(typ, "https://hooks.example.com/"+typ, "secret-"+typ))
		stateChecks = append(stateChecks, acctest.ExpectAttr("sendblue_webhook."+typ, "id", acctest.Str(typ+":https://hooks.example.com/"+typ)))
	}
	stateChecks = append(stateChecks, acctest.ExpectAttr("sendblue_webhook.lines", "sendblue_numbers",
		knownvalue.SetExact([]knownvalue.Check{acctest.Str("+15551230000"), acctest.Str("+447700900123")})))
	checks = append(checks,
		e.CheckMock(func(m *mock.Server) error {
			for _, en := range m.State().Webhooks["receive"] {
				if en.URL == "https://hooks.example.com/lines" {
					if got := slices.Sorted(slices.Values(en.SendblueNumbers)); !slices.Equal(got, []string{"+15551230000", "+447700900123"}) {
						return fmt.Errorf("sendblue_numbers on the account: %v", en.SendblueNumbers)
					}
					return nil
				}
			}
			return fmt.Errorf("no receive webhook https://hooks.example.com/lines")
		}))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: e.Config(hcl.String()), Check: resource.ComposeAggregateTestCheckFunc(checks...), ConfigStateChecks: stateChecks},
			// Import of a newer type round-trips. An import takes no secret
			// into state (adoption never manages, so never removes, a secret it
			// was not given), so "secret" is left out of the
			// comparison and checked on the account instead: still there.
			{ResourceName: "sendblue_webhook.inbound_call", ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"timeouts", "secret"}, Config: e.Config(hcl.String()),
				ImportStateCheck: func([]*terraform.InstanceState) error {
					return e.ExpectSecret("inbound_call", "https://hooks.example.com/inbound_call", "secret-inbound_call")(nil)
				}},
		},
		CheckDestroy: e.ExpectTotal(0),
	})
}

// All nine types and sendblue_numbers round-trip through the authoritative
// resource: applied, planned clean, imported, destroyed.
func TestAccAccountWebhooks_allNineTypes(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	var hcl strings.Builder
	hcl.WriteString("resource \"sendblue_account_webhooks\" \"all\" {\n")
	for _, typ := range nineTypes {
		extra := ""
		if typ == "receive" {
			extra = `, sendblue_numbers = ["+15551230000"]`
		}
		fmt.Fprintf(&hcl, "  %[1]s = { \"https://hooks.example.com/%[1]s\" = { secret = \"s-%[1]s\"%[2]s } }\n", typ, extra)
	}
	hcl.WriteString("}\n")
	var checks []resource.TestCheckFunc
	for _, typ := range nineTypes {
		checks = append(checks, e.ExpectSecret(typ, "https://hooks.example.com/"+typ, "s-"+typ))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: e.Config(hcl.String()), Check: resource.ComposeAggregateTestCheckFunc(checks...)},
			{ResourceName: "sendblue_account_webhooks.all", ImportState: true, ImportStateId: "account", ImportStateVerify: true,
				ImportStateVerifyIgnore: accountImportIgnore, ImportStateCheck: importedWithoutSecrets, Config: e.Config(hcl.String())},
		},
		CheckDestroy: e.ExpectTotal(0),
	})
}

// The "import first" guard counts every entry: creating the resource over an
// account that holds only a type the provider does not know is refused.
func TestAccAccountWebhooks_createGuardCountsUnknownTypes(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	seedUnmodelled(e)
	failsSendingNothing(t, e, e.Config(`
resource "sendblue_account_webhooks" "all" {
  receive = { "https://hooks.example.com/in" = {} }
}
`), `(?s)already has webhooks.*future_type https://hooks.example.com/future.*Import the account first`)
}

// SENDBLUE_API_VERSION pins the generation like api_version: pinned to v2,
// a server that speaks only the current API is a 404 that says how to
// unpin. (Not parallel: it sets an environment variable.)
func TestAccProvider_apiVersionFromEnvironment(t *testing.T) {
	e := acctest.NewEnvWith(t, mock.Options{Only: "current"})
	t.Setenv(EnvAPIVersion, "v2")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: e.Config(`
resource "sendblue_webhook" "in" {
  url = "https://hooks.example.com/in"
}
`),
			ExpectError: acctest.ErrRe(`(?s)/api/v2/account/webhooks: HTTP 404.*the v2 API generation is pinned.*api_version pins that API generation. Set api_version = "auto"`),
		}},
	})
	if got := e.Mock.Total(); got != 0 {
		t.Fatalf("the account holds %d webhooks", got)
	}
}
