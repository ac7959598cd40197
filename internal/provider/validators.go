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

// webhookURLValidator applies checkWebhookURL at plan time.
type webhookURLValidator struct{}

func (webhookURLValidator) Description(context.Context) string {
	return fmt.Sprintf("must be an https:// URL with a host, without spaces or user information, at most %d bytes", maxURLLength)
}

func (v webhookURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (webhookURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := checkWebhookURL(req.ConfigValue.ValueString()); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid webhook URL", fmt.Sprintf("The URL in %s %s.", req.Path, msg))
	}
}

// e164 is an E.164 phone number: "+", then 8 to 15 digits, the first not 0.
var e164 = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)

// e164Validator checks a Sendblue line number at plan time.
type e164Validator struct{}

func (e164Validator) Description(context.Context) string {
	return "must be an E.164 phone number: + and 8 to 15 digits, such as +15551234567"
}

func (v e164Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (e164Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if !e164.MatchString(req.ConfigValue.ValueString()) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Sendblue number",
			fmt.Sprintf("%s is %q, which is not an E.164 phone number: it must be + and 8 to 15 digits without spaces, such as +15551234567.",
				req.Path, req.ConfigValue.ValueString()))
	}
}

// baseURLValidator applies checkBaseURL at plan time.
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "must be an https:// URL, or http:// to a loopback host"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := checkBaseURL(req.ConfigValue.ValueString()); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Sendblue base URL", fmt.Sprintf("The base URL in %s %s.", req.Path, msg))
	}
}
