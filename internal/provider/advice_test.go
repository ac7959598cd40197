package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// Errors during a plan (reads) must not send the user to `terraform plan`,
// and must say that nothing was changed; errors during an apply must.
func TestAdviceFitsTheCommand(t *testing.T) {
	t.Parallel()
	errs := map[string]error{
		"deadline":     fmt.Errorf("sendblue: GET /api/account/webhooks: stopped: %w", context.DeadlineExceeded),
		"canceled":     fmt.Errorf("sendblue: GET /api/account/webhooks: stopped: %w", context.Canceled),
		"transient":    &sendblue.APIError{Method: "GET", StatusCode: 503, Message: "busy", Transient: true},
		"rate limited": &sendblue.APIError{Method: "GET", StatusCode: 429, Message: "rate limited by Sendblue; retry after 1h0m0s", Transient: true},
	}
	for name, err := range errs {
		for _, op := range []string{"read", "list"} {
			var diags diag.Diagnostics
			addAPIError(&diags, op, aboutWebhook(sendblue.TypeOutbound, "https://a.example/hook"), err)
			addAPIError(&diags, op, aboutAccount, err)
			for _, d := range diags {
				if strings.Contains(d.Detail(), "terraform plan") || !strings.Contains(d.Detail(), "Nothing was changed") {
					t.Errorf("%s during %s: %q", name, op, d.Detail())
				}
			}
		}
		for _, op := range []string{"create", "update", "delete", "replace"} {
			var diags diag.Diagnostics
			addAPIError(&diags, op, aboutWebhook(sendblue.TypeOutbound, "https://a.example/hook"), err)
			addAPIError(&diags, op, aboutAccount, err)
			for _, d := range diags {
				if !strings.Contains(d.Detail(), "terraform plan") || strings.Contains(d.Detail(), "Nothing was changed") {
					t.Errorf("%s during %s: %q", name, op, d.Detail())
				}
			}
		}
	}
	// A refusal of the API carries no advice about timing.
	var diags diag.Diagnostics
	addAPIError(&diags, "read", aboutWebhook(sendblue.TypeReceive, "https://a.example/hook"), &sendblue.APIError{Method: "GET", StatusCode: 400, Message: "bad"})
	if d := diags[0].Detail(); strings.Contains(d, "\n\n") {
		t.Errorf("refusal got advice: %q", d)
	}
}
