package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

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
	// A refusal of the API during a read says only that nothing changed.
	var diags diag.Diagnostics
	addAPIError(&diags, "read", aboutWebhook(sendblue.TypeReceive, "https://a.example/hook"), &sendblue.APIError{Method: "GET", StatusCode: 400, Message: "bad"})
	if d := diags[0].Detail(); !strings.HasSuffix(d, "HTTP 400: bad\n\nNothing was changed.") {
		t.Errorf("refusal during a read: %q", d)
	}
}

// The client's facts become advice in the provider's terms: the setting to
// check, the limit that ended a wait, what the next plan shows.
func TestAdviceNamesTheSetting(t *testing.T) {
	t.Parallel()
	limit := &limitReached{name: limitRead, d: 15 * time.Second, set: true}
	cases := []struct {
		name, op string
		err      error
		want     []string
		not      []string
	}{
		{"refused", "check", &sendblue.APIError{Method: "GET", Path: "/api/account/webhooks", Endpoint: "127.0.0.1:9", Failure: sendblue.FailureRefused, Transient: true},
			[]string{"Nothing accepts connections at 127.0.0.1:9", "base_url in the provider block (or the SENDBLUE_BASE_URL", "Nothing was changed."}, []string{"terraform plan", "try again later"}},
		{"limit during a plan", "check", fmt.Errorf("sendblue: GET /api/account/webhooks: the operation's time budget ran out: %w", limit),
			[]string{`It stopped when timeouts.read = "15s" ran out`, "Nothing was changed."}, []string{"terraform plan"}},
		{"default limit during a create", "create", fmt.Errorf("x: %w: %w", sendblue.ErrUnknownOutcome, &limitReached{name: limitCreate, d: 10 * time.Minute}),
			[]string{`timeouts.create (default 10m) ran out`, "may or may not have been applied", "shows what is left to do"}, nil},
		{"request timeout", "delete", fmt.Errorf("%w: %w", sendblue.ErrUnknownOutcome, &sendblue.APIError{Method: "DELETE", Path: "/p", Failure: sendblue.FailureTimeout, AttemptTimeout: 3 * time.Second, Transient: true, Ambiguous: true}),
			[]string{`request_timeout = "3s"`, "drops the resource from state if it is gone"}, nil},
		{"refused write", "create", &sendblue.APIError{Method: "POST", Path: "/p", StatusCode: 400, Message: "invalid url"},
			[]string{"Sendblue refused the request (HTTP 400", "Nothing was created"}, []string{"Nothing was changed"}},
		{"404 on one method", "create", &sendblue.APIError{Method: "POST", Path: "/api/account/webhooks", Endpoint: "h:443", StatusCode: 404, NotServed: []string{"/api/account/webhooks"}, OtherGeneration: "typing_indicator is not in v2"},
			[]string{"The path /api/account/webhooks answered 404 to POST at h:443", "typing_indicator is not in v2"}, []string{"api_version"}},
		{"404 pinned", "read", &sendblue.APIError{Method: "GET", Path: "/api/v2/account/webhooks", StatusCode: 404, NotServed: []string{"/api/v2/account/webhooks"}},
			[]string{`api_version pins that API generation. Set api_version = "auto"`}, nil},
		{"credentials", "read", &sendblue.APIError{Method: "GET", StatusCode: 401},
			[]string{"api_key / api_secret", "SENDBLUE_API_KEY", "Nothing was changed."}, nil},
		{"line token", "create", &sendblue.APIError{Method: "PUT", StatusCode: 403, Token: true},
			[]string{"line-scoped access token is limited to its own lines: it may list, add and delete `receive` webhooks", "SENDBLUE_ACCESS_TOKEN"}, nil},
	}
	for _, tc := range cases {
		var diags diag.Diagnostics
		addAPIError(&diags, tc.op, aboutAccount, tc.err)
		d := diags[0].Detail()
		for _, w := range tc.want {
			if !strings.Contains(d, w) {
				t.Errorf("%s: %q does not say %q", tc.name, d, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(d, w) {
				t.Errorf("%s: %q says %q", tc.name, d, w)
			}
		}
	}
}
