package sendblue

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// DefaultBaseURL is where Sendblue's API lives (the official SDKs' default).
const DefaultBaseURL = "https://api.sendblue.co"

const (
	defaultUserAgent = "terraform-provider-sendblue/dev"
	// maxBodyBytes bounds what is read of an answer; a whole account's
	// configuration is far smaller.
	maxBodyBytes = 8 << 20
	// maxMessageLen caps APIError.Message so that a proxy's error page
	// cannot flood a Terraform diagnostic.
	maxMessageLen = 300
)

// Time limits of a call.
const (
	// DefaultRequestTimeout is how long one attempt may wait for its whole
	// answer. Sendblue answers in well under a second; an attempt that takes
	// 30s is hanging, and another attempt is the better bet.
	DefaultRequestTimeout = 30 * time.Second
	// DefaultBudget is how long one call may take, attempts and waits
	// included, when its context has no deadline of its own (a resource's
	// timeouts set one). It keeps a plan against an API that never answers
	// under two minutes.
	DefaultBudget = 2 * time.Minute
)

// LogFunc receives one line per attempt (method, path, attempt, status,
// duration, wait): never headers, bodies or secrets. level is "trace",
// "debug" or "warn". The provider plugs tflog in here; the client itself
// imports nothing from Terraform.
type LogFunc func(ctx context.Context, level string, msg string, fields map[string]any)

// Config configures New. Only the credentials are required.
type Config struct {
	BaseURL   string // default DefaultBaseURL; a trailing slash is tolerated
	APIKey    string // sent as sb-api-key-id
	APISecret string // sent as sb-api-secret-key
	// AccessToken, when set, is sent as "Authorization: Bearer" instead of
	// the key and secret headers.
	AccessToken string
	// APIVersion picks the API generation: "auto" or "" (try the current
	// path, fall back to the other on 404, remember what answered), or
	// "current" / "v2" to pin one.
	APIVersion string
	UserAgent  string        // e.g. "terraform-provider-sendblue/1.2.3"; default "terraform-provider-sendblue/dev"
	Timeout    time.Duration // per attempt; default DefaultRequestTimeout
	Budget     time.Duration // per call when its context has no deadline; default DefaultBudget
	Retry      RetryPolicy   // zero fields take DefaultRetryPolicy's values
	HTTPClient *http.Client  // optional; only its Transport is used (tests, proxies)
	Log        LogFunc       // optional
}

// Client calls the webhook API over HTTP, with retries that never repeat a
// write which may already have been applied. It is safe for concurrent use.
type Client struct {
	badHeader string  // a credential that cannot be sent; every call fails with it
	base      url.URL // the base URL; each generation's path is appended
	apiKey    string
	apiSecret string
	token     string
	pinned    Generation // "" in auto mode

	// genMu guards gen, the generation that last answered (auto mode).
	// genMu and knownMu are leaf locks (see the lock order on Account).
	genMu     sync.Mutex
	gen       Generation
	userAgent string
	timeout   time.Duration
	budget    time.Duration
	retry     RetryPolicy
	http      *http.Client
	log       LogFunc

	// known holds every secret this client has sent or read back from the
	// API (webhook secrets, global and legacy secrets), so that an error
	// message quoting the secret of another webhook is redacted too.
	knownMu sync.Mutex
	known   map[string]struct{}
}

var _ API = (*Client)(nil)

// New checks cfg and returns a Client. It fails only when BaseURL is not an
// absolute http(s) URL or a credential cannot be sent as a header; whether
// plain http is acceptable is the provider's decision, not the client's.
func New(cfg Config) (*Client, error) {
	base := strings.TrimSpace(cfg.BaseURL)
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := url.Parse(base)
	if err != nil {
		// url.Error repeats the raw URL, which might hold a password.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("sendblue: the base URL is not a valid URL: %v", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("sendblue: the base URL %q must be an absolute http:// or https:// URL", u.Redacted())
	}
	if u.User != nil {
		return nil, fmt.Errorf("sendblue: the base URL must not contain user information; the API key and secret are configured separately")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return nil, fmt.Errorf("sendblue: the base URL %q must not contain a query or fragment", u.Redacted())
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	var pinned Generation
	switch strings.TrimSpace(cfg.APIVersion) {
	case "", "auto":
	case string(GenCurrent):
		pinned = GenCurrent
	case string(GenV2):
		pinned = GenV2
	default:
		return nil, fmt.Errorf("sendblue: API version %q is not one of auto, current, v2", cfg.APIVersion)
	}

	c := &Client{
		badHeader: badHeaders(cfg),
		base:      *u,
		apiKey:    cfg.APIKey,
		apiSecret: cfg.APISecret,
		token:     cfg.AccessToken,
		pinned:    pinned,
		userAgent: cfg.UserAgent,
		timeout:   cfg.Timeout,
		budget:    cfg.Budget,
		retry:     cfg.Retry.withDefaults(),
		log:       cfg.Log,
	}
	if c.userAgent == "" {
		c.userAgent = defaultUserAgent
	}
	if c.timeout <= 0 {
		c.timeout = DefaultRequestTimeout
	}
	if c.budget <= 0 {
		c.budget = DefaultBudget
	}
	var rt http.RoundTripper
	switch {
	case cfg.HTTPClient != nil && cfg.HTTPClient.Transport != nil:
		rt = cfg.HTTPClient.Transport
	default:
		if t, ok := http.DefaultTransport.(*http.Transport); ok {
			rt = t.Clone()
		} else {
			rt = http.DefaultTransport
		}
	}
	c.http = &http.Client{
		Transport: rt,
		Timeout:   c.timeout,
		// Redirects are not followed: net/http would forward the custom
		// credential headers to whatever host the redirect names, and it
		// would turn a POST into a GET.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c, nil
}

// badHeaders names the first setting that cannot be sent as a header value.
// New does not fail on it (New's only error is a bad base URL, which the
// provider reports on base_url); every call does, before sending anything.
func badHeaders(cfg Config) string {
	for _, kv := range [][2]string{{"API key", cfg.APIKey}, {"API secret", cfg.APISecret}, {"access token", cfg.AccessToken}, {"user agent", cfg.UserAgent}} {
		for _, r := range kv[1] {
			if (r < 0x20 && r != '\t') || r == 0x7f {
				return kv[0]
			}
		}
	}
	return ""
}

// RetryPolicy returns the effective policy (defaults filled in), so that the
// account layer retries with the same budget as the client.
func (c *Client) RetryPolicy() RetryPolicy { return c.retry }

// Generation returns the API generation calls go to: the pinned one, or in
// auto mode the one that last answered ("" before any answer).
func (c *Client) Generation() Generation {
	if c.pinned != "" {
		return c.pinned
	}
	c.genMu.Lock()
	defer c.genMu.Unlock()
	return c.gen
}

// Pinned reports whether the generation was pinned (APIVersion "current" or
// "v2") rather than found out.
func (c *Client) Pinned() bool { return c.pinned != "" }

// endpoint is the host and port requests go to, as the base URL names them
// (the scheme's port when it names none).
func (c *Client) endpoint() string {
	if c.base.Port() != "" {
		return c.base.Host
	}
	port := "443"
	if c.base.Scheme == "http" {
		port = "80"
	}
	return net.JoinHostPort(c.base.Hostname(), port)
}

// pathNow is the path the next call goes to first, for errors raised
// before anything is sent.
func (c *Client) pathNow() string { return c.pathOf(c.order()[0]) }

// pathOf is the URL path requested for generation g, base path included.
func (c *Client) pathOf(g Generation) string { return c.base.Path + g.Path() }

// urlOf is the full URL of generation g's webhooks path.
func (c *Client) urlOf(g Generation) string {
	u := c.base
	u.Path = c.pathOf(g)
	return u.String()
}

// order returns the generations to try, in turn: the pinned one alone, or
// the one that last answered (the current one at first) and then the other.
func (c *Client) order() []Generation {
	if c.pinned != "" {
		return []Generation{c.pinned}
	}
	g := c.Generation()
	if g == "" {
		g = GenCurrent
	}
	return []Generation{g, g.Other()}
}
