// Package provider is the only part of the project that knows Terraform: the
// provider's configuration, its resources and data sources, validation and
// import. It turns Terraform values into calls on internal/sendblue and back.
package provider

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// Environment variables read when an attribute is not set. The first of each
// pair is this provider's own; the second is the official SDKs' name,
// accepted as a fallback so an existing setup works unchanged.
const (
	EnvAPIKey       = "SENDBLUE_API_KEY"
	EnvAPISecret    = "SENDBLUE_API_SECRET"
	EnvBaseURL      = "SENDBLUE_BASE_URL"
	EnvSDKAPIKey    = "SENDBLUE_API_API_KEY"
	EnvSDKAPISecret = "SENDBLUE_API_API_SECRET"
	EnvSDKBaseURL   = "SENDBLUE_API_BASE_URL"
	EnvAccessToken  = "SENDBLUE_ACCESS_TOKEN"
	EnvAPIVersion   = "SENDBLUE_API_VERSION"

	EnvMaxRetries     = "SENDBLUE_MAX_RETRIES"
	EnvRequestTimeout = "SENDBLUE_REQUEST_TIMEOUT"
)

// Bounds of the retry and timeout settings, checked at plan time.
const (
	maxMaxRetries     = 20
	minRequestTimeout = 100 * time.Millisecond
	maxRequestTimeout = 10 * time.Minute
)

// Options tune the provider for tests and benchmarks; the zero value is what
// users get.
type Options struct {
	Retry       sendblue.RetryPolicy // zero: sendblue.DefaultRetryPolicy()
	BatchWindow time.Duration        // zero: the account layer's default
	Timeout     time.Duration        // per HTTP attempt; zero: the client's default
	HTTPClient  *http.Client         // nil: the client's own
}

// New returns a constructor for the provider with the given version, as
// providerserver.Serve wants it.
func New(version string) func() provider.Provider {
	return NewWithOptions(version, Options{})
}

// NewWithOptions is New with test knobs.
func NewWithOptions(version string, opts Options) func() provider.Provider {
	return func() provider.Provider {
		return &sendblueProvider{version: version, opts: opts}
	}
}

type sendblueProvider struct {
	version string
	opts    Options
}

type providerModel struct {
	APIKey         types.String `tfsdk:"api_key"`
	APISecret      types.String `tfsdk:"api_secret"`
	AccessToken    types.String `tfsdk:"access_token"`
	APIVersion     types.String `tfsdk:"api_version"`
	BaseURL        types.String `tfsdk:"base_url"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
}

// apiVersions are the values of api_version.
var apiVersions = []string{"auto", string(sendblue.GenCurrent), string(sendblue.GenV2)}

// providerData is what Configure hands every resource and data source: one
// account layer per provider process, so that all of them share one snapshot
// of the account and batch their writes together.
type providerData struct {
	account *sendblue.Account
	client  *sendblue.Client
	// apiSecret is the API secret or the access token: whichever
	// authenticates, masked in every log.
	apiSecret string
	// unmodelledWarned makes the warning about keys the provider does not
	// model appear once per provider process.
	unmodelledWarned sync.Once
	// mix notes which webhook resources this provider plans, to warn when
	// one configuration manages an account with both (see notePlanned).
	mix mixTracker
	// checks finds conflicts between sendblue_webhook resources at plan.
	checks *planChecks
	// lines is the account's line state, read once (lines_state.go).
	lines lineStateCache
}

var (
	_ provider.Provider                   = (*sendblueProvider)(nil)
	_ provider.ProviderWithListResources  = (*sendblueProvider)(nil)
	_ provider.ProviderWithValidateConfig = (*sendblueProvider)(nil)
)

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

func (p *sendblueProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "sendblue"
	resp.Version = p.version
}

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
				"A line-scoped token may only list, add and delete `receive` webhooks of its own lines (use `sendblue_webhook` "+
				"with `type = \"receive\"` and `sendblue_numbers` within those lines); other types, the global secret and "+
				"`sendblue_account_webhooks` need an account-wide token or the key and secret. Must not be empty.", EnvAccessToken)),
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

// firstEnv returns the first non-empty environment variable of names.
func firstEnv(names ...string) string {
	for _, n := range names {
		if v := os.Getenv(n); v != "" {
			return v
		}
	}
	return ""
}

func (p *sendblueProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A value that comes from another resource is unknown during plan; say
	// nothing now; the resources will be read once it is known.
	if cfg.APIKey.IsUnknown() || cfg.APISecret.IsUnknown() || cfg.BaseURL.IsUnknown() || cfg.AccessToken.IsUnknown() || cfg.APIVersion.IsUnknown() ||
		cfg.MaxRetries.IsUnknown() || cfg.RequestTimeout.IsUnknown() {
		tflog.Debug(ctx, "provider configuration not yet known; deferring client setup")
		return
	}

	// Credentials: a token or the key and secret. What the provider block
	// sets wins over the environment; both kinds in the environment alone is
	// an error rather than a guess.
	keysInConfig := !cfg.APIKey.IsNull() || !cfg.APISecret.IsNull()
	token := cfg.AccessToken.ValueString()
	if cfg.AccessToken.IsNull() && !keysInConfig {
		token = os.Getenv(EnvAccessToken)
	}
	var apiKey, apiSecret string
	if cfg.AccessToken.IsNull() {
		apiKey = cfg.APIKey.ValueString()
		if cfg.APIKey.IsNull() {
			apiKey = firstEnv(EnvAPIKey, EnvSDKAPIKey)
		}
		apiSecret = cfg.APISecret.ValueString()
		if cfg.APISecret.IsNull() {
			apiSecret = firstEnv(EnvAPISecret, EnvSDKAPISecret)
		}
	}
	ctx = maskSecrets(ctx, apiSecret, token)
	if token != "" && !cfg.AccessToken.IsNull() && keysInConfig {
		// ValidateConfig says so at plan time already.
		return
	}
	if token != "" && (apiKey != "" || apiSecret != "") {
		resp.Diagnostics.AddAttributeError(path.Root("access_token"), "Both an access token and an API key or secret are set",
			fmt.Sprintf("The environment sets %s and an API key or secret (%s / %s, or %s / %s). Use one: unset the one you do not mean, "+
				"or set access_token, or api_key and api_secret, in the provider block (which then wins over the environment).",
				EnvAccessToken, EnvAPIKey, EnvAPISecret, EnvSDKAPIKey, EnvSDKAPISecret))
		return
	}
	apiVersion := cfg.APIVersion.ValueString()
	if cfg.APIVersion.IsNull() {
		apiVersion = os.Getenv(EnvAPIVersion)
		if apiVersion != "" && !slices.Contains(apiVersions, apiVersion) {
			resp.Diagnostics.AddAttributeError(path.Root("api_version"), "Invalid Sendblue API version",
				fmt.Sprintf("The %s environment variable is %q; it must be one of %s.", EnvAPIVersion, apiVersion, strings.Join(apiVersions, ", ")))
		}
	}

	baseURL := cfg.BaseURL.ValueString()
	baseURLFrom := "base_url"
	if cfg.BaseURL.IsNull() {
		baseURL, baseURLFrom = firstEnv(EnvBaseURL, EnvSDKBaseURL), "the "+EnvBaseURL+" / "+EnvSDKBaseURL+" environment variable"
		if baseURL == "" {
			baseURL = sendblue.DefaultBaseURL
		}
	}
	if msg := checkBaseURL(baseURL); msg != "" {
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid Sendblue base URL",
			fmt.Sprintf("The base URL from %s %s", baseURLFrom, msg))
	}
	if token == "" && apiKey == "" {
		resp.Diagnostics.AddAttributeError(path.Root("api_key"), "Missing Sendblue API key",
			fmt.Sprintf("Set api_key in the provider block, or the %s environment variable (%s is also accepted); "+
				"or authenticate with an access token instead (access_token, or %s).", EnvAPIKey, EnvSDKAPIKey, EnvAccessToken))
	}
	if token == "" && apiSecret == "" {
		resp.Diagnostics.AddAttributeError(path.Root("api_secret"), "Missing Sendblue API secret",
			fmt.Sprintf("Set api_secret in the provider block, or the %s environment variable (%s is also accepted); "+
				"or authenticate with an access token instead (access_token, or %s).", EnvAPISecret, EnvSDKAPISecret, EnvAccessToken))
	}
	retry, timeout := p.opts.Retry, p.opts.Timeout
	if n, ok := maxRetries(cfg.MaxRetries, &resp.Diagnostics); ok {
		retry.MaxAttempts = n + 1
	}
	if d, ok := requestTimeout(cfg.RequestTimeout, &resp.Diagnostics); ok {
		timeout = d
	}
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := sendblue.New(sendblue.Config{
		BaseURL:     baseURL,
		APIKey:      apiKey,
		APISecret:   apiSecret,
		AccessToken: token,
		APIVersion:  apiVersion,
		UserAgent:   "terraform-provider-sendblue/" + p.version,
		Timeout:     timeout,
		Retry:       retry,
		HTTPClient:  p.opts.HTTPClient,
		Log:         logFunc,
	})
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid Sendblue base URL", err.Error())
		return
	}
	data := &providerData{
		account: sendblue.NewAccount(client, sendblue.AccountOptions{
			Retry:       client.RetryPolicy(),
			BatchWindow: p.opts.BatchWindow,
			Log:         logFunc,
		}),
		client:    client,
		apiSecret: cmp.Or(token, apiSecret),
		checks:    newPlanChecks(),
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
	tflog.Debug(ctx, "configured Sendblue client", map[string]any{"base_url": baseURL, "api_version": cmp.Or(apiVersion, "auto"), "bearer_token": token != ""})
}

func (p *sendblueProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewWebhookResource,
		NewAccountWebhooksResource,
		NewLineCallForwardingResource,
	}
}

// ListResources: the sendblue_webhook and sendblue_line_call_forwarding list
// resources, for `terraform query`
// (Terraform 1.14 and later; older CLIs never ask for it).
func (p *sendblueProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewWebhookListResource,
		NewLineCallForwardingListResource,
	}
}

func (p *sendblueProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewWebhooksDataSource,
		NewLinesDataSource,
	}
}

// logFunc forwards the client's log lines to tflog. The context carries the
// masks set by maskSecrets, so nothing secret reaches the log.
func logFunc(ctx context.Context, level, msg string, fields map[string]any) {
	switch level {
	case "warn":
		tflog.Warn(ctx, msg, fields)
	case "debug":
		tflog.Debug(ctx, msg, fields)
	default:
		tflog.Trace(ctx, msg, fields)
	}
}

// secretFieldKeys are log field names whose values are always masked.
var secretFieldKeys = []string{"api_secret", "access_token", "secret", "secret_wo", "global_secret", "globalSecret", "sb-api-secret-key", "Authorization", "authorization"}

// maskSecrets returns ctx with every given non-empty secret masked in log
// messages and field values, and the secret-named fields masked whatever
// their value. Secrets are masked as whole values, as in error text (see
// sendblue.Redact): a short secret never garbles part of a word.
func maskSecrets(ctx context.Context, secrets ...string) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, secretFieldKeys...)
	if re := sendblue.SecretsRegexp(secrets...); re != nil {
		ctx = tflog.MaskMessageRegexes(ctx, re)
		ctx = tflog.MaskAllFieldValuesRegexes(ctx, re)
	}
	return ctx
}

// ready reports a clear error when the provider was not configured (nil
// data), so that every resource and data source says it the same way.
func (d *providerData) ready(diags *diag.Diagnostics) bool {
	if d == nil {
		diags.AddError("Provider not configured", "The sendblue provider has no credentials yet; check the provider block.")
		return false
	}
	return true
}

// mask returns ctx with the API secret and the given secrets masked in logs.
func (d *providerData) mask(ctx context.Context, secrets ...string) context.Context {
	return maskSecrets(ctx, append(secrets, d.apiSecret)...)
}

// configuredData extracts providerData in a resource's or data source's
// Configure. It returns nil when the provider is not configured yet (plan with
// unknown provider values), and reports a type mistake as an error.
func configuredData(raw any, diags interface{ AddError(string, string) }) *providerData {
	if raw == nil {
		return nil
	}
	d, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T; please report this issue to the provider developers", raw))
		return nil
	}
	return d
}

// maxRetries reads max_retries, else SENDBLUE_MAX_RETRIES. It reports false
// when neither is set (the default applies) or the variable is not a
// number in range (an error is added).
func maxRetries(attr types.Int64, diags *diag.Diagnostics) (int, bool) {
	if !attr.IsNull() {
		return int(attr.ValueInt64()), true
	}
	v := strings.TrimSpace(os.Getenv(EnvMaxRetries))
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > maxMaxRetries {
		diags.AddAttributeError(path.Root("max_retries"), "Invalid max_retries",
			fmt.Sprintf("The %s environment variable is %q; it must be a whole number from 0 to %d (how many times a failed request is tried again).", EnvMaxRetries, v, maxMaxRetries))
		return 0, false
	}
	return n, true
}

// requestTimeout reads request_timeout, else SENDBLUE_REQUEST_TIMEOUT. It
// reports false when neither is set or the value is not acceptable (then an
// error is added).
func requestTimeout(attr types.String, diags *diag.Diagnostics) (time.Duration, bool) {
	v, from := attr.ValueString(), "request_timeout"
	if attr.IsNull() {
		v, from = strings.TrimSpace(os.Getenv(EnvRequestTimeout)), "The "+EnvRequestTimeout+" environment variable"
		if v == "" {
			return 0, false
		}
	}
	d, msg := checkRequestTimeout(v)
	if msg != "" {
		diags.AddAttributeError(path.Root("request_timeout"), "Invalid request_timeout", fmt.Sprintf("%s is %q; %s.", from, v, msg))
		return 0, false
	}
	return d, true
}

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
