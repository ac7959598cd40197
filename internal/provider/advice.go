package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// readOnlyOp reports whether op only reads the account (refresh, plan, the
// data source, import), so that advice can say nothing was changed instead
// of sending the user to `terraform plan` while a plan is what failed.
func readOnlyOp(op string) bool {
	return op == "read" || op == "list"
}

// failureAdvice is the paragraph added to a diagnostic about a failed API
// call: what to do next, fitting the command that failed. It returns "" when
// the error itself says all there is (a refusal of the API).
func failureAdvice(op string, err error) string {
	read := readOnlyOp(op)
	switch {
	case sendblue.IsRateLimited(err):
		if read {
			return "Sendblue is limiting the rate of requests. Nothing was changed; try again later (after the time given above, if any)."
		}
		return "Sendblue is limiting the rate of requests; try again later (after the time given above, if any). " +
			"Run `terraform plan` to see what the account now holds."
	case errors.Is(err, context.DeadlineExceeded):
		if read {
			return "Nothing was changed. Check that the provider's base_url is the Sendblue API and reachable from here; " +
				"if the API is only slow, raise the read timeout (timeouts = { read = \"5m\" }) or the provider's request_timeout."
		}
		return "The operation ran out of time; raise the resource's timeouts or the provider's request_timeout, or try again. " +
			"Run `terraform plan` to see what the account now holds."
	case errors.Is(err, context.Canceled):
		if read {
			return "The operation was interrupted. Nothing was changed."
		}
		return "The operation was interrupted. Run `terraform plan` to see what the account now holds."
	case sendblue.IsTransient(err):
		if read {
			return "The Sendblue API kept failing after retries. Nothing was changed; try again later."
		}
		return "The Sendblue API kept failing after retries; try again later. Run `terraform plan` to see what the account now holds."
	}
	return ""
}

// about names what a failed call was about, for its diagnostic.
type about struct {
	what   string // the summary's object: "Could not <op> <what>"
	prefix string // put before the error in the detail
}

// aboutWebhook is a call about one webhook.
func aboutWebhook(t sendblue.WebhookType, url string) about {
	return about{what: "Sendblue webhook", prefix: fmt.Sprintf("%s webhook %s: ", t, url)}
}

// aboutAccount is a call about the account's whole configuration.
var aboutAccount = about{what: "the Sendblue account's webhooks"}

// addAPIError turns a client error into a diagnostic that says what failed
// and what to do (failureAdvice), or that the credentials were refused. The
// client already keeps what it sent out of its errors; secrets given here
// (say those of the state, the plan and the account as last listed) are
// redacted as well, in case the API's message quotes the account's
// configuration.
func addAPIError(diags *diag.Diagnostics, op string, a about, err error, secrets ...string) {
	summary := fmt.Sprintf("Could not %s %s", op, a.what)
	detail := a.prefix + sendblue.Redact(err.Error(), secrets...)
	if sendblue.IsUnauthorized(err) {
		summary = "Sendblue refused the credentials"
	} else if advice := failureAdvice(op, err); advice != "" {
		detail += "\n\n" + advice
	}
	diags.AddError(summary, detail)
}
