package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

func TestAccWebhooksDataSource(t *testing.T) {
	e := acctest.NewEnv(t)
	// Out of order on purpose, with a URL registered twice and a legacy
	// top-level secret that must not count as the global one. (The
	// adoption test covers global_secret_set = true.)
	e.Mock.SetState(mock.State{
		Webhooks: map[string][]mock.Entry{
			"receive":         {{URL: "https://z.example.com/in", Secret: "z-secret"}, {URL: "https://a.example.com/in"}},
			"outbound":        {{URL: "https://b.example.com/out"}, {URL: "https://b.example.com/out", Secret: "dup-secret"}},
			"contact_created": {{URL: "https://c.example.com/contacts"}},
		},
		LegacySecret: "legacy",
	})
	all, out := "data.sendblue_webhooks.all", "data.sendblue_webhooks.outbound"
	cfg := e.Config(`
data "sendblue_webhooks" "all" {}
data "sendblue_webhooks" "outbound" {
  type = "outbound"
}
data "sendblue_webhooks" "none" {
  type = "call_log"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectAttr(all, "webhooks", knownvalue.ListExact([]knownvalue.Check{
						acctest.HasAttrs(map[string]knownvalue.Check{"type": acctest.Str("contact_created"), "url": acctest.Str("https://c.example.com/contacts"), "has_secret": knownvalue.Bool(false)}),
						acctest.HasAttrs(map[string]knownvalue.Check{"type": acctest.Str("outbound"), "url": acctest.Str("https://b.example.com/out")}),
						acctest.HasAttrs(map[string]knownvalue.Check{"type": acctest.Str("outbound"), "url": acctest.Str("https://b.example.com/out")}),
						acctest.HasAttrs(map[string]knownvalue.Check{"type": acctest.Str("receive"), "url": acctest.Str("https://a.example.com/in"), "has_secret": knownvalue.Bool(false)}),
						acctest.HasAttrs(map[string]knownvalue.Check{"type": acctest.Str("receive"), "url": acctest.Str("https://z.example.com/in"), "has_secret": knownvalue.Bool(true)}),
					})),
					acctest.ExpectAttr(all, "global_secret_set", knownvalue.Bool(false)),
					acctest.ExpectAttr(all, "type", knownvalue.Null()),

					acctest.ExpectAttr(out, "webhooks", knownvalue.ListExact([]knownvalue.Check{
						acctest.HasAttrs(map[string]knownvalue.Check{"has_secret": knownvalue.Bool(false)}),
						acctest.HasAttrs(map[string]knownvalue.Check{"has_secret": knownvalue.Bool(true)}),
					})),
					acctest.ExpectAttr(out, "type", acctest.Str("outbound")),

					acctest.ExpectAttr("data.sendblue_webhooks.none", "webhooks", knownvalue.ListExact([]knownvalue.Check{})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.StateLacks("z-secret"),
					acctest.StateLacks("dup-secret"),
					acctest.StateLacks("legacy"),
					e.CheckMock(acctest.NoMutations),
				),
			},
		},
	})
}

func TestAccWebhooksDataSource_badType(t *testing.T) {
	e := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: e.Config(`
data "sendblue_webhooks" "x" {
  type = "inbound"
}
`),
			PlanOnly:    true,
			ExpectError: acctest.ErrRe(`(?s)type.*value must be one of.*receive.*contact_created`),
		}},
	})
	if n := e.Mock.Requests()["GET"]; n != 0 {
		t.Errorf("a bad type reached the API (%d list calls)", n)
	}
}

func TestListWebhooksSortsByTypeThenURL(t *testing.T) {
	c := &sendblue.Configuration{Webhooks: map[sendblue.WebhookType][]sendblue.Webhook{
		sendblue.TypeReceive:      {{URL: "https://b"}, {URL: "https://a", Secret: "s"}},
		sendblue.TypeCallLog:      {{URL: "https://z"}},
		sendblue.TypeLineAssigned: {{URL: "https://m"}},
		sendblue.TypeLineBlocked:  {{URL: "https://m"}},
	}}
	var got []string
	for _, w := range listWebhooks(c, "") {
		got = append(got, w.Type.ValueString()+" "+w.URL.ValueString())
	}
	want := []string{"call_log https://z", "line_assigned https://m", "line_blocked https://m", "receive https://a", "receive https://b"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
	if only := listWebhooks(c, sendblue.TypeReceive); len(only) != 2 || !only[0].HasSecret.ValueBool() || only[1].HasSecret.ValueBool() {
		t.Errorf("type receive only: %+v", only)
	}
	if none := listWebhooks(&sendblue.Configuration{}, ""); none == nil || len(none) != 0 {
		t.Errorf("an empty account lists %#v, want an empty, non-nil list", none)
	}
}
