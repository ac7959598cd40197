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
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
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

var (
	_ provider.Provider                   = (*sendblueProvider)(nil)
	_ provider.ProviderWithListResources  = (*sendblueProvider)(nil)
	_ provider.ProviderWithValidateConfig = (*sendblueProvider)(nil)
)

func (p *sendblueProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "sendblue"
	resp.Version = p.version
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
			APIRetries:  client.RetryPolicy().MaxAttempts > 1,
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
