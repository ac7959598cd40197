package suite

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// TestLiveAccountWebhooks manages the whole (disposable) account with
// sendblue_account_webhooks: a create over an emptied account, a change of
// entries and of the global secret, and the destroy, which clears it.
func TestLiveAccountWebhooks(t *testing.T) {
	requireDisposable(t)
	l := newLive(t)
	l.emptyAccount()
	a, b := l.url("a"), l.url("b")
	hcl := func(global string, withB bool) string {
		outbound := ""
		if withB {
			outbound = fmt.Sprintf("outbound = {\n    %q = {}\n  }", b)
		}
		return config(`
resource "sendblue_account_webhooks" "all" {
  global_secret = %q
  receive = {
    %q = { secret = "live-secret-5" }
  }
  %s
}
`, global, a, outbound)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: l.factories(),
		CheckDestroy:             l.checkAccountEmpty,
		Steps: []resource.TestStep{
			{
				Config: hcl("live-global-1", true),
				Check: resource.ComposeAggregateTestCheckFunc(
					l.checkOnAccount(map[sendblue.Ref]string{
						{Type: sendblue.TypeReceive, URL: a}:  "live-secret-5",
						{Type: sendblue.TypeOutbound, URL: b}: "",
					}),
					l.checkGlobalSecret("live-global-1"),
				),
			},
			{
				Config: hcl("live-global-2", false),
				Check: resource.ComposeAggregateTestCheckFunc(
					l.checkOnAccount(map[sendblue.Ref]string{{Type: sendblue.TypeReceive, URL: a}: "live-secret-5"}),
					l.checkGlobalSecret("live-global-2"),
				),
			},
		},
	})
}

// TestLiveWebhookGlobalSecret sets the account's global secret through a
// sendblue_webhook (disposable accounts only).
func TestLiveWebhookGlobalSecret(t *testing.T) {
	requireDisposable(t)
	l := newLive(t)
	url := l.url("global")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: l.factories(),
		CheckDestroy:             l.checkOnAccount(nil),
		Steps: []resource.TestStep{{
			Config: config(`
resource "sendblue_webhook" "global" {
  url           = %q
  global_secret = "live-global-3"
}
`, url),
			Check: resource.ComposeAggregateTestCheckFunc(
				l.checkOnAccount(map[sendblue.Ref]string{{Type: sendblue.TypeReceive, URL: url}: ""}),
				l.checkGlobalSecret("live-global-3"),
			),
		}},
	})
}

// emptyAccount clears a disposable account, since sendblue_account_webhooks
// creates only over an account without webhooks.
func (l *live) emptyAccount() {
	l.t.Helper()
	if cfg := l.list(); cfg.Len() > 0 || cfg.GlobalSecret != "" {
		l.t.Logf("emptying the disposable account (%d webhooks)", cfg.Len())
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		if _, err := l.client.Replace(ctx, &sendblue.Configuration{}); err != nil {
			l.t.Fatalf("emptying the disposable account: %v", err)
		}
	}
}

func (l *live) checkGlobalSecret(want string) func(*terraformState) error {
	return func(*terraformState) error {
		if l.list().GlobalSecret != want {
			return fmt.Errorf("the account's global secret is not the configuration's")
		}
		return nil
	}
}

func (l *live) checkAccountEmpty(*terraformState) error {
	if cfg := l.list(); cfg.Len() > 0 || cfg.GlobalSecret != "" {
		return fmt.Errorf("the account holds %d webhooks (or a global secret) after the destroy", cfg.Len())
	}
	return nil
}
