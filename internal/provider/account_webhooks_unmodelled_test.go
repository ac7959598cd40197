package provider

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// seedUnmodelled gives the account a webhook of a type the provider does
// not know (with a secret) and a legacy top-level secret.
func seedUnmodelled(e *acctest.Env, receive ...mock.Entry) {
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
	e.Mock.SetState(st)
}

// keepsUnmodelled checks that the account still holds both.
func keepsUnmodelled(e *acctest.Env) resource.TestCheckFunc {
	return e.CheckMock(func(m *mock.Server) error {
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
	e := acctest.NewEnv(t)
	seedUnmodelled(e, mock.Entry{URL: "https://hooks.example.com/in"})
	imported := e.Config(importAccount + `resource "sendblue_account_webhooks" "all" {
  receive = { "https://hooks.example.com/in" = {} }
}
data "sendblue_webhooks" "all" {
  depends_on = [sendblue_account_webhooks.all]
}
`)
	changed := e.Config(`
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
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: imported,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("sendblue_account_webhooks.all", plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectAttr(ds, "webhooks", knownvalue.ListExact([]knownvalue.Check{
						acctest.HasAttrs(map[string]knownvalue.Check{"type": acctest.Str("future_type"), "url": acctest.Str("https://hooks.example.com/future"),
							"has_secret": knownvalue.Bool(true), "supported": knownvalue.Bool(false)}),
						acctest.HasAttrs(map[string]knownvalue.Check{"type": acctest.Str("receive"), "supported": knownvalue.Bool(true)}),
					})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					keepsUnmodelled(e),
					acctest.StateLacks("future-secret-9"),
					acctest.StateLacks("legacy-top-secret"),
				),
			},
			{
				Config: changed,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectAttr("sendblue_account_webhooks.all", "receive", knownvalue.MapExact(map[string]knownvalue.Check{
						"https://hooks.example.com/in": acctest.HasAttrs(map[string]knownvalue.Check{"sendblue_numbers": knownvalue.SetExact([]knownvalue.Check{acctest.Str("+15551230000")})}),
					})),
					acctest.ExpectAttr(ds, "webhooks", knownvalue.ListSizeExact(4)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					keepsUnmodelled(e),
					e.ExpectSecret("call_log", "https://hooks.example.com/calls", "calls-secret"),
					e.ExpectCount("typing_indicator", "https://hooks.example.com/typing", 1),
					acctest.StateLacks("future-secret-9"),
				),
			},
		},
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			keepsUnmodelled(e),
			e.ExpectTotal(0),
		),
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
