package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// This file is the one place where the client's errors, which carry facts
// only (status, path, method, endpoint, why no answer came), become advice
// in Terraform's terms: the provider setting to look at, the limit that
// ended a wait, and what the next plan will show.

// readOnlyOp reports whether op only reads the account (refresh, plan and
// its checks, the data source, import), so that advice can say nothing was
// changed instead of sending the user to `terraform plan` while a plan is
// what failed.
func readOnlyOp(op string) bool {
	return op == "read" || op == "list" || op == "check"
}

// failureAdvice is the paragraph added to a diagnostic about a failed API
// call: why it failed where the error alone does not say it in the user's
// terms, and what happened to the account, fitting the command that failed.
// It returns "" when the error itself says all there is (a refusal of the
// API during a read).
func failureAdvice(op string, err error) string {
	var parts []string
	if s := causeAdvice(err); s != "" {
		parts = append(parts, s)
	}
	if s := outcomeAdvice(op, err); s != "" {
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// baseURLSetting is where the API's address is set.
var baseURLSetting = fmt.Sprintf("base_url in the provider block (or the %s / %s environment variable)", EnvBaseURL, EnvSDKBaseURL)

// causeAdvice says why a call failed, in terms of the provider's settings.
func causeAdvice(err error) string {
	var limit *limitReached
	if errors.As(err, &limit) {
		return fmt.Sprintf("It stopped when %s ran out. If the API is only slow, raise it; otherwise check that %s points at the Sendblue API.",
			limit.setting(), baseURLSetting)
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "The operation ran out of time; if the API is only slow, raise the resource's timeouts or the provider's request_timeout."
	case errors.Is(err, context.Canceled):
		return "The operation was interrupted."
	}
	e, ok := sendblue.AsAPIError(err)
	if !ok {
		return ""
	}
	if e.DeadlineFirst != "" {
		return fmt.Sprintf("It stopped retrying because %s ends before the next attempt could be made. If the API is only slow, raise it; otherwise check that %s points at the Sendblue API.",
			e.DeadlineFirst, baseURLSetting)
	}
	at := e.Endpoint
	switch e.Failure {
	case sendblue.FailureRefused:
		return fmt.Sprintf("Nothing accepts connections at %s. Check %s: are the host and port right, and is the API running there?", at, baseURLSetting)
	case sendblue.FailureUnreachable:
		return fmt.Sprintf("There is no route from this machine to %s. Check %s, and the network between here and there.", at, baseURLSetting)
	case sendblue.FailureDNS:
		return fmt.Sprintf("The host of %s does not resolve. Check %s.", at, baseURLSetting)
	case sendblue.FailureTLS:
		return fmt.Sprintf("The TLS connection to %s failed. Check %s (its scheme and host) and any proxy in between.", at, baseURLSetting)
	case sendblue.FailureConnectTimeout:
		return fmt.Sprintf("No connection to %s could be made in time. Check %s, and any firewall in between.", at, baseURLSetting)
	case sendblue.FailureTimeout:
		return fmt.Sprintf("Each attempt waits at most request_timeout = %q for its answer, and none came in time. If the API is only slow, raise request_timeout; otherwise check that %s points at the Sendblue API.",
			shortDuration(e.AttemptTimeout), baseURLSetting)
	}
	switch {
	case e.StatusCode == 404 && e.OtherGeneration != "":
		return fmt.Sprintf("The path %s answered 404 to %s at %s, so the server does not serve that call there (an older deployment, or a proxy that routes only some methods), "+
			"and the other API generation cannot take it: %s. Check %s.", e.NotServed[0], e.Method, at, e.OtherGeneration, baseURLSetting)
	case e.StatusCode == 404 && len(e.NotServed) == 1:
		return fmt.Sprintf("The path %s answered 404 to %s at %s, and api_version pins that API generation. Set api_version = \"auto\" to let the provider find the generation the server speaks, or check %s.",
			e.NotServed[0], e.Method, at, baseURLSetting)
	case e.StatusCode == 404 && len(e.NotServed) > 1:
		return fmt.Sprintf("Neither API path (%s) is served at %s. Check %s: it should be the Sendblue API's base URL, such as %s.",
			strings.Join(e.NotServed, ", "), at, baseURLSetting, sendblue.DefaultBaseURL)
	case sendblue.IsRateLimited(err):
		return "Sendblue is limiting the rate of requests; try again later (after the time given above, if any)."
	case sendblue.IsTransient(err):
		return "The Sendblue API kept failing after retries; try again later."
	}
	return ""
}

// unknownNext is what the next plan shows after a write of op whose outcome
// is unknown.
var unknownNext = map[string]string{
	"create":  "the next `terraform plan` compares the account with the configuration and shows what is left to do.",
	"update":  "the next `terraform plan` shows no change if it was applied, or the same change again if it was not.",
	"delete":  "the next `terraform plan` drops the resource from state if it is gone, or plans to destroy it again if it is still there.",
	"replace": "the next `terraform plan` shows what differs between the account and the configuration.",
}

// refusedNext is what became of a write of op that was certainly not
// applied, and what the next plan shows.
var refusedNext = map[string]string{
	"create":  "Nothing was created; the next `terraform plan` plans to create it again.",
	"update":  "It was left as it was; the next `terraform plan` shows the change again.",
	"delete":  "Nothing was removed; the next `terraform plan` plans to destroy it again.",
	"replace": "The account's webhooks were not replaced; the next `terraform plan` shows the change again.",
}

// outcomeAdvice says what a failure did to the account: nothing, during a
// read; after a write, whether it may have been applied and what the next
// plan will show.
func outcomeAdvice(op string, err error) string {
	if readOnlyOp(op) {
		return "Nothing was changed."
	}
	// The account layer looks at the account after a write whose answer
	// was lost, and marks the error when that could not settle it.
	if sendblue.IsUnknownOutcome(err) {
		next, ok := unknownNext[op]
		if !ok {
			next = "the next `terraform plan` shows what the account now holds."
		}
		return "The request may or may not have been applied; " + next
	}
	if sendblue.IsAmbiguous(err) {
		// An attempt may have landed; the account layer, when the call went
		// through it, looked and did not mark the outcome unknown.
		return "The next `terraform plan` shows what is left to do."
	}
	next, ok := refusedNext[op]
	if !ok {
		next = "Run `terraform plan` to see what the account now holds."
	}
	if e, isAPI := sendblue.AsAPIError(err); isAPI && e.StatusCode >= 400 && e.StatusCode < 500 && !e.Transient {
		return fmt.Sprintf("Sendblue refused the request (HTTP %d; its message is quoted above). %s", e.StatusCode, next)
	}
	return next
}

// credentialsAdvice is where to look when the API refused the credentials.
func credentialsAdvice(err error) string {
	e, _ := sendblue.AsAPIError(err)
	if e == nil || !e.Token {
		return fmt.Sprintf("Check api_key / api_secret in the provider block, or the %s / %s environment variables.", EnvAPIKey, EnvAPISecret)
	}
	hint := fmt.Sprintf("Check access_token in the provider block, or the %s environment variable.", EnvAccessToken)
	if e.StatusCode == 403 {
		hint = lineTokenScope + " " + hint
	}
	return hint
}

// existsDetail is the error of a create whose webhook is already on the
// account: the way out is to import it.
func existsDetail(t sendblue.WebhookType, url string) string {
	id := webhookID(t, url)
	return fmt.Sprintf("The URL %s is already registered on the account as a webhook of type %s, and creating it could register it twice. "+
		"To manage it with Terraform, import it instead of creating it: `terraform import sendblue_webhook.<name> %s`, or an import block with id = %q",
		url, t, id, id)
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
	advice := failureAdvice(op, err)
	if sendblue.IsUnauthorized(err) {
		summary = "Sendblue refused the credentials"
		advice = credentialsAdvice(err)
		if readOnlyOp(op) {
			advice += " Nothing was changed."
		}
	}
	if advice != "" {
		detail += "\n\n" + advice
	}
	diags.AddError(summary, detail)
}
