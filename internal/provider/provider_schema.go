package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

func (p *sendblueProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manage the webhooks of a Sendblue account (iMessage/SMS business messaging) and the call forwarding of its lines.",
		Attributes: map[string]schema.Attribute{
			"api_key": credentialAttribute(false, fmt.Sprintf("Sendblue API key id, sent as the `sb-api-key-id` header. "+
				"Default: the `%s` environment variable, then `%s`. Must not be empty.", EnvAPIKey, EnvSDKAPIKey)),
			"api_secret": credentialAttribute(true, fmt.Sprintf("Sendblue API secret key, sent as the `sb-api-secret-key` header. Sensitive. "+
				"Default: the `%s` environment variable, then `%s`. Must not be empty.", EnvAPISecret, EnvSDKAPISecret)),
			"access_token": credentialAttribute(true, fmt.Sprintf("A Sendblue API access token, sent as `Authorization: Bearer <token>` instead of the API key and secret. "+
				"Sensitive. Default: the `%s` environment variable. Not allowed together with `api_key` or `api_secret`. "+
				"%s Must not be empty.", EnvAccessToken, lineTokenScope)),
			"api_version": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Which generation of Sendblue's webhook API to call: `auto` (default) tries the current path "+
					"`/api/account/webhooks` first and falls back to `/api/v2/account/webhooks` when the server answers 404 "+
					"(and the other way round), remembering what answered for the rest of the run; `current` or `v2` pins one. "+
					"The v2 generation has only the first six webhook types, takes `contact_created` webhooks without a secret, "+
					"and has no `sendblue_numbers`. Default: the `%s` environment variable, then `auto`.", EnvAPIVersion),
				Validators: []validator.String{stringvalidator.OneOf(apiVersions...)},
			},
			"base_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Base URL of the Sendblue API. Default: the `%s` environment variable, then `%s`, then `%s`. "+
					"Must be an `https://` URL; plain `http://` is allowed only to a loopback host "+
					"(`localhost`, `127.0.0.0/8`, `::1`), such as the bundled mock, so that credentials never cross a network in clear.",
					EnvBaseURL, EnvSDKBaseURL, sendblue.DefaultBaseURL),
				Validators: []validator.String{baseURLValidator},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many times a failed request is tried again, from 0 (never) to %d. "+
					"Only failures that another attempt may cure are retried: no answer in time, a broken connection, "+
					"HTTP 408, 429 and 5xx (writes only when they certainly did not reach Sendblue). "+
					"Retries wait 0.5s, 1s, 2s, ... up to 10s, or as long as Sendblue's `Retry-After` asks, "+
					"and never past the operation's time budget (its `timeouts`). "+
					"Default: the `%s` environment variable, then %d.", maxMaxRetries, EnvMaxRetries, sendblue.DefaultMaxRetries),
				Validators: []validator.Int64{int64validator.Between(0, maxMaxRetries)},
			},
			"request_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How long one request may wait for its answer, as a duration such as \"30s\" or \"1m\" "+
					"(units ms, s, m), from %s to %s. A request that runs out is retried (see `max_retries`) "+
					"within the operation's time budget. Default: the `%s` environment variable, then %s.",
					minRequestTimeout, shortDuration(maxRequestTimeout), EnvRequestTimeout, shortDuration(sendblue.DefaultRequestTimeout)),
				Validators: []validator.String{requestTimeoutValidator},
			},
		},
	}
}

// lineTokenScope is what a line-scoped access token may do, written once:
// the access_token description (docs/index.md) says it, and so does the
// advice for a 403 under an access token (credentialsAdvice, addLineError).
const lineTokenScope = "A line-scoped access token is limited to its own lines: it may list, add and delete `receive` webhooks " +
	"of those lines (`sendblue_webhook` with `type = \"receive\"` and `sendblue_numbers` within those lines) and, if Sendblue " +
	"allows it (undocumented), manage their call forwarding (`sendblue_line_call_forwarding`); other webhook types, the global " +
	"secret, `sendblue_account_webhooks` and the state of the account's lines (`sendblue_lines`) need an account-wide access " +
	"token or the API key and secret."

// credentialAttribute is an optional credential of the provider, never
// empty.
func credentialAttribute(sensitive bool, description string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		Sensitive:           sensitive,
		MarkdownDescription: description,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// ValidateConfig refuses access_token together with api_key or api_secret
// at plan time, naming both.
func (p *sendblueProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() || cfg.AccessToken.IsNull() {
		return
	}
	for _, name := range []string{"api_key", "api_secret"} {
		v := cfg.APIKey
		if name == "api_secret" {
			v = cfg.APISecret
		}
		if !v.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("access_token"), "access_token conflicts with "+name,
				fmt.Sprintf("access_token and %s are both set in the provider block. Authenticate with one: either access_token "+
					"(a bearer token) alone, or api_key and api_secret.", name))
		}
	}
}

// apiVersions are the values of api_version.
var apiVersions = []string{"auto", string(sendblue.GenCurrent), string(sendblue.GenV2)}

// checkRequestTimeout parses a request timeout; msg says what is wrong.
func checkRequestTimeout(v string) (time.Duration, string) {
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Sprintf("it must be a duration such as \"30s\" or \"1m\" (units ms, s, m), from %s to %s", minRequestTimeout, shortDuration(maxRequestTimeout))
	}
	if d < minRequestTimeout || d > maxRequestTimeout {
		return 0, fmt.Sprintf("it must be from %s to %s", minRequestTimeout, shortDuration(maxRequestTimeout))
	}
	return d, ""
}

// requestTimeoutValidator applies checkRequestTimeout at plan time.
var requestTimeoutValidator = stringCheck{
	described: described(fmt.Sprintf("must be a duration from %s to %s", minRequestTimeout, shortDuration(maxRequestTimeout))),
	summary:   "Invalid request_timeout",
	check:     func(s string) string { _, msg := checkRequestTimeout(s); return msg },
	detail:    "%[1]s is %[2]q; %[3]s.",
}
