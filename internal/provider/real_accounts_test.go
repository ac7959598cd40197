package provider

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// Real accounts: the current API and v2, the nine types,
// sendblue_numbers, bearer tokens, and what the provider does not model.

// newTestEnvWith is newTestEnv with mock options (one generation only,
// bearer tokens).
func newTestEnvWith(t *testing.T, opts mock.Options) *testEnv {
	t.Helper()
	m := mock.New(opts)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return &testEnv{t: t, mock: m, url: srv.URL}
}

// Against a server that speaks only the current API, and against one that
// speaks only v2, apply, an empty plan and destroy work with no setting
// changed (api_version defaults to auto).
func TestAccRealAccounts_oneGenerationOnly(t *testing.T) {
	t.Parallel()
	for _, only := range []string{"current", "v2"} {
		t.Run(only, func(t *testing.T) {
			t.Parallel()
			e := newTestEnvWith(t, mock.Options{Only: only})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config: e.config(`
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
						expectAttr("data.sendblue_webhooks.all", "webhooks", knownvalue.ListSizeExact(2)),
					},
					Check: resource.ComposeAggregateTestCheckFunc(
						e.expectSecret("receive", "https://hooks.example.com/in", "in-secret"),
						e.expectCount("outbound", "https://hooks.example.com/out", 1),
					),
				}},
				CheckDestroy: e.expectTotal(0),
			})
		})
	}
}

// A pinned generation refuses at plan time what it cannot take, naming the
// generation, and sends nothing.
func TestAccRealAccounts_pinnedV2RefusesNewerTypes(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "sendblue" {
  api_key     = %q
  api_secret  = %q
  base_url    = %q
  api_version = "v2"
}
resource "sendblue_webhook" "typing" {
  url  = "https://hooks.example.com/typing"
  type = "typing_indicator"
}
`, mock.DefaultAPIKey, mock.DefaultAPISecret, e.url),
			ExpectError: errRe(`(?s)Not supported by the v2 API generation.*typing_indicator.*v2 API generation \(/api/v2/account/webhooks\).*pinned with api_version`),
		}},
	})
	if n := e.mock.MutatingRequests(); n != 0 {
		t.Fatalf("%d writes reached the API", n)
	}
}

// nineTypes is every type, in documented order.
var nineTypes = []string{"receive", "call_log", "line_blocked", "line_assigned", "outbound", "contact_created",
	"typing_indicator", "inbound_call", "contact_profile"}

// Every type applied (each with a secret, contact_created's too, on the
// current API), planned clean, and destroyed; sendblue_numbers on receive.
func TestAccWebhook_allNineTypes(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
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
		checks = append(checks, e.expectSecret(typ, "https://hooks.example.com/"+typ, "secret-"+typ))
		stateChecks = append(stateChecks, expectAttr("sendblue_webhook."+typ, "id", str(typ+":https://hooks.example.com/"+typ)))
	}
	stateChecks = append(stateChecks, expectAttr("sendblue_webhook.lines", "sendblue_numbers",
		knownvalue.SetExact([]knownvalue.Check{str("+15551230000"), str("+447700900123")})))
	checks = append(checks,
		e.checkMock(func(m *mock.Server) error {
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
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: e.config(hcl.String()), Check: resource.ComposeAggregateTestCheckFunc(checks...), ConfigStateChecks: stateChecks},
			// Import of a newer type round-trips. An import takes no secret
			// into state (adoption never manages, so never removes, a secret it
			// was not given), so "secret" is left out of the
			// comparison and checked on the account instead: still there.
			{ResourceName: "sendblue_webhook.inbound_call", ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"timeouts", "secret"}, Config: e.config(hcl.String()),
				ImportStateCheck: func([]*terraform.InstanceState) error {
					return e.expectSecret("inbound_call", "https://hooks.example.com/inbound_call", "secret-inbound_call")(nil)
				}},
		},
		CheckDestroy: e.expectTotal(0),
	})
}

// sendblue_numbers is read back: a change made elsewhere shows as drift, and
// the apply puts the configured numbers back (delete, then add).
func TestAccWebhook_sendblueNumbersDrift(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	const url = "https://hooks.example.com/lines"
	cfg := e.config(`
resource "sendblue_webhook" "lines" {
  url              = "` + url + `"
  sendblue_numbers = ["+15551230000"]
}
`)
	setNumbers := func(nums ...string) {
		st := e.mock.State()
		for i := range st.Webhooks["receive"] {
			st.Webhooks["receive"][i].SendblueNumbers = nums
		}
		e.mock.SetState(st)
	}
	numbersAre := func(want ...string) resource.TestCheckFunc {
		return e.checkMock(func(m *mock.Server) error {
			es := m.State().Webhooks["receive"]
			if len(es) != 1 || !slices.Equal(es[0].SendblueNumbers, want) {
				return fmt.Errorf("receive entries %+v, want one with numbers %v", es, want)
			}
			return nil
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: cfg, Check: numbersAre("+15551230000")},
			{
				PreConfig: func() { setNumbers("+15559990000") },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("sendblue_webhook.lines", plancheck.ResourceActionUpdate),
				}},
				Check: numbersAre("+15551230000"),
			},
			{
				// Removing the numbers from the configuration removes them.
				Config: e.config(`
resource "sendblue_webhook" "lines" {
  url = "` + url + `"
}
`),
				Check: numbersAre(),
			},
		},
		CheckDestroy: e.expectTotal(0),
	})
}

// SENDBLUE_ACCESS_TOKEN alone authenticates, as a bearer token. (Not
// parallel: it sets an environment variable.)
func TestAccProvider_accessTokenFromEnvironment(t *testing.T) {
	const token = "account-token-123"
	// Key and secret the provider does not have: only the token can work.
	e := newTestEnvWith(t, mock.Options{APIKey: "other-key", APISecret: "other-secret", AccessTokens: []string{token}})
	t.Setenv(EnvAccessToken, token)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "sendblue" {
  base_url = %q
}
resource "sendblue_webhook" "in" {
  url = "https://hooks.example.com/in"
}
`, e.url),
			Check: e.expectCount("receive", "https://hooks.example.com/in", 1),
		}},
		CheckDestroy: e.expectTotal(0),
	})
}

// access_token with api_key or api_secret is a plan-time error naming both.
func TestAccProvider_accessTokenConflicts(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "sendblue" {
  api_key      = "k"
  access_token = "t"
  base_url     = %q
}
resource "sendblue_webhook" "in" {
  url = "https://hooks.example.com/in"
}
`, e.url),
			ExpectError: errRe(`(?s)access_token conflicts with api_key.*access_token and api_key are both set`),
		}},
	})
	if n := e.mock.MutatingRequests(); n != 0 {
		t.Fatalf("%d writes reached the API", n)
	}
}

// A 403 under a line-scoped token explains what such tokens may manage,
// without showing the token.
func TestAccProvider_lineScopedToken403(t *testing.T) {
	t.Parallel()
	const token = "line-token-456"
	e := newTestEnvWith(t, mock.Options{LineTokens: map[string][]string{token: {"+15551230000"}}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "sendblue" {
  access_token = %q
  base_url     = %q
}
resource "sendblue_webhook" "out" {
  url  = "https://hooks.example.com/out"
  type = "outbound"
}
`, token, e.url),
			ExpectError: errRe(`(?s)HTTP 403.*line-scoped access token may only list, add and delete receive webhooks of its own Sendblue lines`),
		}},
	})
}

// seedUnmodelled gives the account a webhook of a type the provider does
// not know (with a secret) and a legacy top-level secret.
func seedUnmodelled(e *testEnv, receive ...mock.Entry) {
	st := mock.State{
		Webhooks:     map[string][]mock.Entry{},
		LegacySecret: "legacy-top-secret",
		Extra: map[string]json.RawMessage{
			"future_type": json.RawMessage(`[{"url":"https://hooks.example.com/future","secret":"future-secret-9"}]`),
		},
	}
	if len(receive) > 0 {
		st.Webhooks["receive"] = receive
	}
	e.mock.SetState(st)
}

// keepsUnmodelled checks that the account still holds both.
func (e *testEnv) keepsUnmodelled() resource.TestCheckFunc {
	return e.checkMock(func(m *mock.Server) error {
		st := m.State()
		var got any
		if err := json.Unmarshal(st.Extra["future_type"], &got); err != nil {
			return fmt.Errorf("future_type is gone: %+v", st)
		}
		want := []any{map[string]any{"url": "https://hooks.example.com/future", "secret": "future-secret-9"}}
		if !reflect.DeepEqual(got, want) || st.LegacySecret != "legacy-top-secret" {
			return fmt.Errorf("unmodelled keys changed: extra %s, legacy %q", st.Extra["future_type"], st.LegacySecret)
		}
		return nil
	})
}

// An account holding a type unknown to the provider and a top-level secret
// keeps both through sendblue_account_webhooks import, change and destroy;
// the data source lists that type; its secret appears nowhere in state.
func TestAccAccountWebhooks_keepsWhatItDoesNotModel(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	seedUnmodelled(e, mock.Entry{URL: "https://hooks.example.com/in"})
	imported := e.config(`
import {
  to = sendblue_account_webhooks.all
  id = "account"
}
resource "sendblue_account_webhooks" "all" {
  receive = { "https://hooks.example.com/in" = {} }
}
data "sendblue_webhooks" "all" {
  depends_on = [sendblue_account_webhooks.all]
}
`)
	changed := e.config(`
resource "sendblue_account_webhooks" "all" {
  receive          = { "https://hooks.example.com/in" = { sendblue_numbers = ["+15551230000"] } }
  call_log         = { "https://hooks.example.com/calls" = { secret = "calls-secret" } }
  typing_indicator = { "https://hooks.example.com/typing" = {} }
}
data "sendblue_webhooks" "all" {
  depends_on = [sendblue_account_webhooks.all]
}
`)
	const ds = "data.sendblue_webhooks.all"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: imported,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("sendblue_account_webhooks.all", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr(ds, "webhooks", knownvalue.ListExact([]knownvalue.Check{
						hasAttrs(map[string]knownvalue.Check{"type": str("future_type"), "url": str("https://hooks.example.com/future"),
							"has_secret": knownvalue.Bool(true), "supported": knownvalue.Bool(false)}),
						hasAttrs(map[string]knownvalue.Check{"type": str("receive"), "supported": knownvalue.Bool(true)}),
					})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.keepsUnmodelled(),
					stateLacks("future-secret-9"),
					stateLacks("legacy-top-secret"),
				),
			},
			{
				Config: changed,
				ConfigStateChecks: []statecheck.StateCheck{
					expectAttr("sendblue_account_webhooks.all", "receive", knownvalue.MapExact(map[string]knownvalue.Check{
						"https://hooks.example.com/in": hasAttrs(map[string]knownvalue.Check{"sendblue_numbers": knownvalue.SetExact([]knownvalue.Check{str("+15551230000")})}),
					})),
					expectAttr(ds, "webhooks", knownvalue.ListSizeExact(4)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.keepsUnmodelled(),
					e.expectSecret("call_log", "https://hooks.example.com/calls", "calls-secret"),
					e.expectCount("typing_indicator", "https://hooks.example.com/typing", 1),
					stateLacks("future-secret-9"),
				),
			},
		},
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			e.keepsUnmodelled(),
			e.expectTotal(0),
		),
	})
}

// The "import first" guard counts every entry: creating the resource over an
// account that holds only a type the provider does not know is refused.
func TestAccAccountWebhooks_createGuardCountsUnknownTypes(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	seedUnmodelled(e)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.config(`
resource "sendblue_account_webhooks" "all" {
  receive = { "https://hooks.example.com/in" = {} }
}
`),
			ExpectError: errRe(`(?s)already has webhooks.*future_type https://hooks.example.com/future.*Import the account first`),
		}},
	})
	if n := e.mock.MutatingRequests(); n != 0 {
		t.Fatalf("%d writes reached the API", n)
	}
}

// All nine types and sendblue_numbers round-trip through the authoritative
// resource: applied, planned clean, imported, destroyed.
func TestAccAccountWebhooks_allNineTypes(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
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
		checks = append(checks, e.expectSecret(typ, "https://hooks.example.com/"+typ, "s-"+typ))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: e.config(hcl.String()), Check: resource.ComposeAggregateTestCheckFunc(checks...)},
			{ResourceName: "sendblue_account_webhooks.all", ImportState: true, ImportStateId: "account", ImportStateVerify: true,
				ImportStateVerifyIgnore: accountImportIgnore, ImportStateCheck: importedWithoutSecrets, Config: e.config(hcl.String())},
		},
		CheckDestroy: e.expectTotal(0),
	})
}

// The warning about what the provider does not model names every such key,
// and comes once per provider process.
func TestWarnUnmodelledOnce(t *testing.T) {
	t.Parallel()
	var cfg sendblue.Configuration
	if err := json.Unmarshal([]byte(`{"receive":["https://r.example"],"future_type":["https://f.example"],"secret":"legacy-value-7","settings":{"a":1}}`), &cfg); err != nil {
		t.Fatal(err)
	}
	d := &providerData{}
	var first, second diag.Diagnostics
	d.warnUnmodelled(&cfg, &first)
	d.warnUnmodelled(&cfg, &second)
	if len(first) != 1 || len(second) != 0 {
		t.Fatalf("warnings: first %v, second %v; want one, then none", first, second)
	}
	if detail := first[0].Detail(); !strings.Contains(detail, "`future_type`, `secret` and `settings`") || strings.Contains(detail, "legacy-value-7") {
		t.Fatalf("warning detail %q does not name the keys (or shows the secret)", detail)
	}
	var none diag.Diagnostics
	(&providerData{}).warnUnmodelled(&sendblue.Configuration{}, &none)
	if len(none) != 0 {
		t.Fatalf("warned about an account without unmodelled keys: %v", none)
	}
}

// SENDBLUE_API_VERSION pins the generation like api_version: pinned to v2,
// a server that speaks only the current API is a 404 that says how to
// unpin. (Not parallel: it sets an environment variable.)
func TestAccProvider_apiVersionFromEnvironment(t *testing.T) {
	e := newTestEnvWith(t, mock.Options{Only: "current"})
	t.Setenv(EnvAPIVersion, "v2")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config: e.config(`
resource "sendblue_webhook" "in" {
  url = "https://hooks.example.com/in"
}
`),
			ExpectError: errRe(`(?s)/api/v2/account/webhooks: HTTP 404.*the v2 API generation is pinned.*api_version pins that API generation. Set api_version = "auto"`),
		}},
	})
	if got := e.mock.Total(); got != 0 {
		t.Fatalf("the account holds %d webhooks", got)
	}
}
