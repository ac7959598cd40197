package provider

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"golang.org/x/net/idna"
)

// maxURLLength bounds a webhook URL; longer ones are refused at plan time.
const maxURLLength = 2048

// checkWebhookURL returns "" when u is an acceptable webhook URL, else what is
// wrong with it, phrased to follow "The URL ...". Besides what the API
// refuses (not https, no host), it refuses what no server could be called at
// (a port outside 1-65535, a host that is not ASCII) and what would not read
// back from the API as written, which Terraform would show as a change on
// every plan: a fragment (never sent to a server), and an upper-case scheme
// or host (URL parsers lower-case them). A query string is allowed: the API
// keeps it as sent.
func checkWebhookURL(u string) string {
	switch {
	case u == "":
		return "must not be empty; an https:// URL with a host is required"
	case len(u) > maxURLLength:
		return fmt.Sprintf("is %d bytes long; at most %d bytes are allowed", len(u), maxURLLength)
	case strings.ContainsAny(u, " \t\r\n"):
		return "must not contain spaces or other white space; an https:// URL with a host is required"
	case strings.ContainsFunc(u, unicode.IsControl):
		return "must not contain control characters; an https:// URL with a host is required"
	}
	parsed, err := url.Parse(u)
	if err != nil {
		return "is not a valid URL; an https:// URL with a host is required"
	}
	if parsed.Scheme != "https" {
		return fmt.Sprintf("uses the scheme %q; only https:// URLs are allowed (Sendblue delivers webhooks over HTTPS only)", parsed.Scheme)
	}
	if parsed.Opaque != "" || parsed.Hostname() == "" {
		return "has no host; an https:// URL with a host is required, such as https://example.com/hook"
	}
	if parsed.User != nil {
		// Never repeat the URL here: it holds the password.
		return "contains user information (user:password@ before the host), which is not allowed: a webhook URL is not secret " +
			"(it identifies the webhook and shows in plans, state and logs). To let your endpoint check that a delivery comes " +
			"from Sendblue, set secret_wo (or secret) instead; Sendblue sends it in the sb-signing-secret header"
	}
	if msg := checkURLHost(parsed); msg != "" {
		return msg
	}
	if parsed.Fragment != "" || strings.Contains(u, "#") {
		return fmt.Sprintf("has a fragment (#%s), which is never sent to a server; remove it", parsed.Fragment)
	}
	if lower := lowerSchemeAndHost(u, parsed); lower != u {
		return fmt.Sprintf("has upper-case letters in its scheme or host, which the API would not keep as written; write it as %q", lower)
	}
	return ""
}

// checkURLHost checks the port and the host name of a parsed https URL.
func checkURLHost(parsed *url.URL) string {
	host := parsed.Hostname()
	if p := parsed.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Sprintf("has the port %s; a port must be from 1 to 65535", p)
		}
	} else if strings.HasSuffix(parsed.Host, ":") {
		return "has an empty port after the host; remove the colon or give a port from 1 to 65535"
	}
	for _, r := range host {
		if r <= unicode.MaxASCII {
			continue
		}
		ascii, err := idna.Lookup.ToASCII(host)
		if err != nil {
			return fmt.Sprintf("has the host %q, which is not a valid international domain name", host)
		}
		return fmt.Sprintf("has the host %q with characters outside ASCII; write the host in its ASCII (punycode) form, %q", host, ascii)
	}
	return ""
}

// lowerSchemeAndHost is u with its scheme and host in lower case, the rest
// (user, path, query) as written.
func lowerSchemeAndHost(u string, parsed *url.URL) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	host := parsed.Host
	if len(rest) < len(host) || !strings.EqualFold(rest[:len(host)], host) {
		return u
	}
	return strings.ToLower(scheme) + "://" + strings.ToLower(rest[:len(host)]) + rest[len(host):]
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
// detail of the attribute as written in HCL (%[1]s, see hclPath), the value
// (%[2]q) and that (%[3]s).
type stringCheck struct {
	described
	summary string
	check   func(value string) string
	detail  string
	// show, when set, is the value as the error may quote it (say, without
	// a password); nil quotes it as it is.
	show func(value string) string
}

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := v.check(req.ConfigValue.ValueString()); msg != "" {
		value := req.ConfigValue.ValueString()
		if v.show != nil {
			value = v.show(value)
		}
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, fmt.Sprintf(v.detail, hclPath(req.Path, req.ConfigValue), value, msg))
	}
}

// hclPath writes p as a user reads it in HCL: attribute names joined by
// dots, map keys as ["key"] and list indexes as [0]. A set element has no
// address in HCL, so it is left out (the value is quoted beside it):
// sendblue_numbers, not sendblue_numbers[Value("+1")]. When the value
// checked is the map key that ends p, it is one of "the keys of" the map.
func hclPath(p path.Path, v types.String) string {
	var b strings.Builder
	steps := p.Steps()
	for i, step := range steps {
		switch s := step.(type) {
		case path.PathStepAttributeName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(s))
		case path.PathStepElementKeyString:
			if i == len(steps)-1 && !v.IsNull() && v.ValueString() == string(s) {
				return "the keys of " + b.String()
			}
			fmt.Fprintf(&b, "[%q]", string(s))
		case path.PathStepElementKeyInt:
			fmt.Fprintf(&b, "[%d]", int64(s))
		}
	}
	return b.String()
}

// webhookURLValidator applies checkWebhookURL at plan time.
var webhookURLValidator = stringCheck{
	described: described(fmt.Sprintf("must be an https:// URL with a host in lower case (ASCII: xn-- for international names) and a port, if any, "+
		"from 1 to 65535; without spaces, control characters, user information or a fragment; at most %d bytes", maxURLLength)),
	summary: "Invalid webhook URL",
	check:   checkWebhookURL,
	detail:  "The URL %[2]q in %[1]s %[3]s.",
	show:    withoutPassword,
}

// withoutPassword is a URL as an error may quote it: a password in it is
// replaced by xxxxx, and a string that does not parse and may hold one is
// not quoted at all. A very long one is cut short.
func withoutPassword(u string) string {
	parsed, err := url.Parse(u)
	switch {
	case err == nil && parsed.User != nil:
		u = parsed.Redacted()
	case err != nil && strings.Contains(u, "@"):
		return "(not shown: it may hold a password)"
	}
	if len(u) > maxQuotedURL {
		u = strings.ToValidUTF8(u[:maxQuotedURL], "") + "..."
	}
	return u
}

// maxQuotedURL is how much of a URL an error quotes.
const maxQuotedURL = 100

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
		return "is not an E.164 phone number: it must be + and 8 to 15 digits without spaces, such as +15551234567"
	},
	detail: "%[2]q in %[1]s %[3]s.",
}

// baseURLValidator applies checkBaseURL at plan time.
var baseURLValidator = stringCheck{
	described: "must be an https:// URL, or http:// to a loopback host",
	summary:   "Invalid Sendblue base URL",
	check:     checkBaseURL,
	detail:    "The base URL in %[1]s %[3]s.",
}

// forwardingNumberValidator refuses a forwarding number that is not E.164,
// suggesting the E.164 form when the number is a US number in local format:
// the API would store that form, and config and state would differ forever.
var forwardingNumberValidator = stringCheck{
	described: "must be an E.164 phone number: + and 8 to 15 digits, such as +16692138010",
	summary:   "Invalid forwarding number",
	check:     checkForwardingNumber,
	detail:    "%[2]q in %[1]s %[3]s.",
}

func checkForwardingNumber(s string) string {
	if e164.MatchString(s) {
		return ""
	}
	if fixed, ok := suggestE164(s); ok {
		return fmt.Sprintf("is not in E.164 form; write %q instead. Sendblue stores forwarding numbers in E.164 form, "+
			"so any other form would show as a change on every plan", fixed)
	}
	return "is not an E.164 phone number: it must be + and 8 to 15 digits without spaces, such as +16692138010"
}

// suggestE164 is the E.164 form of a number in a form the API accepts and
// normalises: a US number in local format (10 digits, or 11 starting with
// 1), or an E.164 number written with spaces, dots, dashes or parentheses.
func suggestE164(s string) (string, bool) {
	plus := strings.HasPrefix(s, "+")
	var digits strings.Builder
	for _, r := range strings.TrimPrefix(s, "+") {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case strings.ContainsRune(" .-()", r):
		default:
			return "", false
		}
	}
	d := digits.String()
	switch {
	case plus && e164.MatchString("+"+d):
		return "+" + d, true
	case !plus && len(d) == 10 && d[0] >= '2':
		return "+1" + d, true
	case !plus && len(d) == 11 && d[0] == '1' && d[1] >= '2':
		return "+" + d, true
	}
	return "", false
}
