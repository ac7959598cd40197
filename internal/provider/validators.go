package provider

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// maxURLLength bounds a webhook URL; longer ones are refused at plan time.
const maxURLLength = 2048

// checkWebhookURL returns "" when u is an acceptable webhook URL, else what is
// wrong with it, phrased to follow "The URL ...".
func checkWebhookURL(u string) string {
	switch {
	case u == "":
		return "must not be empty; an https:// URL with a host is required"
	case len(u) > maxURLLength:
		return fmt.Sprintf("is %d bytes long; at most %d bytes are allowed", len(u), maxURLLength)
	case strings.ContainsAny(u, " \t\r\n"):
		return "must not contain spaces or other white space; an https:// URL with a host is required"
	}
	parsed, err := url.Parse(u)
	if err != nil {
		return "is not a valid URL; an https:// URL with a host is required"
	}
	if parsed.Scheme != "https" {
		return fmt.Sprintf("uses the scheme %q; only https:// URLs are allowed (Sendblue delivers webhooks over HTTPS only)", parsed.Scheme)
	}
	if parsed.Hostname() == "" {
		return "has no host; an https:// URL with a host is required, such as https://example.com/hook"
	}
	if parsed.User != nil {
		// Never repeat the URL here: it holds the password.
		return "contains user information (user:password@ before the host), which is not allowed: a webhook URL is not secret " +
			"(it identifies the webhook and shows in plans, state and logs). To let your endpoint check that a delivery comes " +
			"from Sendblue, set secret_wo (or secret) instead; Sendblue sends it in the sb-signing-secret header"
	}
	return ""
}

// checkBaseURL returns "" when u may be used as the API's base URL, else what
// is wrong with it, phrased to follow "The base URL from X ...".
func checkBaseURL(u string) string {
	parsed, err := url.Parse(u)
	if err != nil || parsed.Host == "" || (parsed.Scheme != "https" && parsed.Scheme != "http") {
		return "is not an absolute http(s) URL, such as https://api.sendblue.co"
	}
	if parsed.Scheme == "http" && !isLoopback(parsed.Hostname()) {
		return fmt.Sprintf("uses plain http to %q; only https:// is allowed, except http:// to a loopback host (localhost, 127.0.0.0/8, ::1) such as the bundled mock, so that credentials never cross a network in clear", parsed.Hostname())
	}
	return ""
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// described is the description of a validator or plan modifier: plain text
// that reads the same as Markdown.
type described string

func (d described) Description(context.Context) string { return string(d) }

func (d described) MarkdownDescription(context.Context) string { return string(d) }

// stringCheck validates a known string at plan time. check returns what is
// wrong with a value ("" when nothing is); the error's detail is the format
// detail of the attribute's path (%[1]s), the value (%[2]q) and that (%[3]s).
type stringCheck struct {
	described
	summary string
	check   func(value string) string
	detail  string
}

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := v.check(req.ConfigValue.ValueString()); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, fmt.Sprintf(v.detail, req.Path, req.ConfigValue.ValueString(), msg))
	}
}

// webhookURLValidator applies checkWebhookURL at plan time.
var webhookURLValidator = stringCheck{
	described: described(fmt.Sprintf("must be an https:// URL with a host, without spaces or user information, at most %d bytes", maxURLLength)),
	summary:   "Invalid webhook URL",
	check:     checkWebhookURL,
	detail:    "The URL in %[1]s %[3]s.",
}

// e164 is an E.164 phone number: "+", then 8 to 15 digits, the first not 0.
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)

// e164Validator checks a Sendblue line number at plan time.
var e164Validator = stringCheck{
	described: "must be an E.164 phone number: + and 8 to 15 digits, such as +15551234567",
	summary:   "Invalid Sendblue number",
	check: func(s string) string {
		if e164.MatchString(s) {
			return ""
		}
		return "which is not an E.164 phone number: it must be + and 8 to 15 digits without spaces, such as +15551234567"
	},
	detail: "%[1]s is %[2]q, %[3]s.",
}

// baseURLValidator applies checkBaseURL at plan time.
var baseURLValidator = stringCheck{
	described: "must be an https:// URL, or http:// to a loopback host",
	summary:   "Invalid Sendblue base URL",
	check:     checkBaseURL,
	detail:    "The base URL in %[1]s %[3]s.",
}
