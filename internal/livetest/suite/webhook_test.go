package suite

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// TestLiveWebhook creates three webhooks of the run, changes the secret of
// two (contact_created with a secret needs the current generation), imports
// one and destroys them, checking the account after each step.
func TestLiveWebhook(t *testing.T) {
	l := newLive(t)
	inbound, outbound, contacts := l.url("inbound"), l.url("outbound"), l.url("contacts")
	hcl := func(outSecret, contactsSecret string) string {
		contactsLine := ""
		if contactsSecret != "" {
			contactsLine = `secret = "` + contactsSecret + `"`
		}
		return config(`
resource "sendblue_webhook" "inbound" {
  url = %q
}

resource "sendblue_webhook" "outbound" {
  url    = %q
  type   = "outbound"
  secret = %q
}

resource "sendblue_webhook" "contacts" {
  url  = %q
  type = "contact_created"
  %s
}
`, inbound, outbound, outSecret, contacts, contactsLine)
	}
	ref := func(typ sendblue.WebhookType, url string) sendblue.Ref { return sendblue.Ref{Type: typ, URL: url} }

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: l.factories(),
		CheckDestroy:             l.checkOnAccount(nil),
		Steps: []resource.TestStep{
			{
				Config: hcl("live-secret-1", ""),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("sendblue_webhook.inbound", "id", "receive:"+inbound),
					l.checkOnAccount(map[sendblue.Ref]string{
						ref(sendblue.TypeReceive, inbound):         "",
						ref(sendblue.TypeOutbound, outbound):       "live-secret-1",
						ref(sendblue.TypeContactCreated, contacts): "",
					}),
				),
			},
			{
				Config: hcl("live-secret-2", "live-secret-3"),
				Check: l.checkOnAccount(map[sendblue.Ref]string{
					ref(sendblue.TypeReceive, inbound):         "",
					ref(sendblue.TypeOutbound, outbound):       "live-secret-2",
					ref(sendblue.TypeContactCreated, contacts): "live-secret-3",
				}),
			},
			{
				ResourceName:      "sendblue_webhook.inbound",
				ImportState:       true,
				ImportStateId:     "receive:" + inbound,
				ImportStateVerify: true,
			},
		},
	})
}

// TestLiveWebhooksDataSource reads the account through the data source and
// finds the test's webhook in it (the account's other webhooks are read too,
// never changed).
func TestLiveWebhooksDataSource(t *testing.T) {
	l := newLive(t)
	url := l.url("listed")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: l.factories(),
		CheckDestroy:             l.checkOnAccount(nil),
		Steps: []resource.TestStep{{
			Config: config(`
resource "sendblue_webhook" "listed" {
  url    = %q
  type   = "call_log"
  secret = "live-secret-4"
}

data "sendblue_webhooks" "call_log" {
  type       = "call_log"
  depends_on = [sendblue_webhook.listed]
}
`, url),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckTypeSetElemNestedAttrs("data.sendblue_webhooks.call_log", "webhooks.*", map[string]string{
					"type": "call_log", "url": url, "has_secret": "true",
				}),
				l.checkOnAccount(map[sendblue.Ref]string{{Type: sendblue.TypeCallLog, URL: url}: "live-secret-4"}),
			),
		}},
	})
}
