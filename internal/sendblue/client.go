package sendblue

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/go-retryablehttp"
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

// remember adds the secrets of cfg and the given ones to the redaction set.
func (c *Client) remember(cfg *Configuration, secrets ...string) {
	c.knownMu.Lock()
	defer c.knownMu.Unlock()
	if c.known == nil {
		c.known = map[string]struct{}{}
	}
	add := func(s string) {
		if s != "" {
			c.known[s] = struct{}{}
		}
	}
	for _, s := range secrets {
		add(s)
	}
	for _, s := range cfg.Secrets() {
		add(s)
	}
}

// redactions returns what to redact from a call that sends secrets: those,
// the credentials, and every secret this client knows (nil when none).
func (c *Client) redactions(secrets []string) *regexp.Regexp {
	c.knownMu.Lock()
	all := append([]string{c.apiKey, c.apiSecret, c.token}, secrets...)
	for s := range c.known {
		all = append(all, s)
	}
	c.knownMu.Unlock()
	return SecretsRegexp(all...)
}

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

// send makes one call, on the generation that answers: a 404 (the path is
// not served, so nothing was applied) moves on to the other generation in
// auto mode, and the generation that answered is remembered for the rest of
// the process. check, when set, refuses a body the generation cannot take,
// before anything is sent to it.
func (c *Client) send(ctx context.Context, method string, body []byte, secrets []string, check func(Generation) error) (*response, error) {
	gens := c.order()
	var tried []string
	for i, g := range gens {
		if check != nil {
			if err := check(g); err != nil {
				return nil, &APIError{Method: method, Path: c.pathOf(g), Message: err.Error(), Token: c.token != ""}
			}
		}
		r, err := c.do(ctx, g, method, body, secrets)
		var ae *APIError
		answered := err == nil || (errors.As(err, &ae) && ae.StatusCode != 0 && ae.StatusCode != 404)
		if answered && c.pinned == "" {
			c.genMu.Lock()
			c.gen = g
			c.genMu.Unlock()
		}
		if IsNotFound(err) {
			tried = append(tried, c.pathOf(g))
			if i+1 < len(gens) {
				if c.log != nil {
					c.log(ctx, "debug", "sendblue: path not found; trying the other API generation", map[string]any{"path": c.pathOf(g), "next": c.pathOf(gens[i+1])})
				}
				continue
			}
			e := *ae
			switch {
			case c.pinned != "":
				e.Message += fmt.Sprintf(" (the provider is pinned to the %s API generation with api_version = %q; set api_version = \"auto\" to let it find the generation the server speaks, or check base_url)", c.pinned, c.pinned)
			default:
				e.Message += fmt.Sprintf(" (neither %s nor %s is served here; check base_url)", tried[0], tried[len(tried)-1])
			}
			return nil, &e
		}
		return r, err
	}
	return nil, &APIError{Method: method, Message: "no API generation to try"}
}

// List returns the account's whole configuration. An answer without a
// webhooks object yields an empty, non-nil configuration.
func (c *Client) List(ctx context.Context) (*Configuration, error) {
	r, err := c.send(ctx, http.MethodGet, nil, nil, nil)
	if err != nil {
		return nil, err
	}
	if r.Webhooks == nil {
		return &Configuration{Webhooks: map[WebhookType][]Webhook{}}, nil
	}
	return r.Webhooks, nil
}

// Add appends req.Webhooks to the list of req.Type and returns the answer's
// configuration (nil when the answer has none). It is never re-sent once it
// may have reached the server: such failures are Ambiguous. What the
// generation cannot take is refused before it is sent.
func (c *Client) Add(ctx context.Context, req AddRequest) (*Configuration, error) {
	const m = http.MethodPost
	if req.Webhooks == nil {
		req.Webhooks = []Webhook{} // the API requires the array
	}
	t := req.Type
	if t == "" {
		t = DefaultType
	}
	check := func(g Generation) error {
		for _, w := range req.Webhooks {
			if err := CheckWebhook(g, t, w); err != nil {
				return err
			}
		}
		if !t.InGeneration(g) {
			return CheckWebhook(g, t, Webhook{})
		}
		return nil
	}
	secrets := []string{req.GlobalSecret}
	for _, w := range req.Webhooks {
		secrets = append(secrets, w.Secret)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, &APIError{Method: m, Path: c.pathNow(), Message: "could not encode the request"}
	}
	r, err := c.send(ctx, m, body, secrets, check)
	if err != nil {
		return nil, err
	}
	return r.Webhooks, nil
}

// Replace overwrites the whole configuration with cfg and returns the
// answer's configuration (nil when the answer has none). A nil cfg is
// refused rather than sent as "delete everything". Everything cfg holds is
// sent, including what this version does not model (types it does not know,
// the legacy secret, other keys), so that a configuration read and written
// back loses nothing. Entries of the generation's own types are checked
// against its rules; other keys are carried as they are.
func (c *Client) Replace(ctx context.Context, cfg *Configuration) (*Configuration, error) {
	const m = http.MethodPut
	if cfg == nil {
		return nil, &APIError{Method: m, Path: c.pathNow(), Message: "no configuration to send (pass an empty one to remove every webhook)"}
	}
	check := func(g Generation) error {
		for _, t := range TypesOf(g) {
			for _, w := range cfg.Webhooks[t] {
				if err := CheckWebhook(g, t, w); err != nil {
					return err
				}
			}
		}
		return nil
	}
	secrets := cfg.Secrets()
	body, err := json.Marshal(replaceRequest{Webhooks: *cfg})
	if err != nil {
		return nil, &APIError{Method: m, Path: c.pathNow(), Message: "could not encode the request"}
	}
	r, err := c.send(ctx, m, body, secrets, check)
	if err != nil {
		return nil, err
	}
	return r.Webhooks, nil
}

// Delete removes req.URLs from the list of req.Type. An empty Type is sent
// as DefaultType explicitly, because what the API does without one is not
// documented. Any configuration in the answer is ignored.
func (c *Client) Delete(ctx context.Context, req DeleteRequest) error {
	const m = http.MethodDelete
	if req.Type == "" {
		req.Type = DefaultType
	}
	if req.URLs == nil {
		req.URLs = []string{}
	}
	check := func(g Generation) error {
		if !req.Type.InGeneration(g) {
			return CheckWebhook(g, req.Type, Webhook{})
		}
		return nil
	}
	body, err := json.Marshal(req)
	if err != nil {
		return &APIError{Method: m, Path: c.pathNow(), Message: "could not encode the request"}
	}
	_, err = c.send(ctx, m, body, nil, check)
	return err
}

// call is the state of one API call across its attempts. retryablehttp
// runs the attempts of one call one after the other, so no locking is needed.
type call struct {
	c      *Client
	method string
	path   string         // the URL path requested, base path included
	redact *regexp.Regexp // the secrets to hide from every message and log; nil: none

	began    time.Time       // when the call started
	attempt  int             // 1-based number of the current (or last) attempt
	start    time.Time       // when the current attempt started
	wait     time.Duration   // before the next attempt, decided by checkRetry
	waitCtx  context.Context // the request's context, for the retry log line
	inFlight bool            // the context ended while an attempt was under way
	out      outcome         // verdict on the last finished attempt
}

// outcome is the verdict on one attempt.
type outcome struct {
	resp      *response // success
	err       *APIError // failure
	retry     bool      // the attempt is being retried
	exhausted bool      // retryable, but no attempts were left
	deadline  bool      // retryable, but the context's deadline comes first
}

func (c *Client) do(ctx context.Context, g Generation, method string, body []byte, secrets []string) (*response, error) {
	if c.badHeader != "" {
		// Do not echo the value: it may be the secret.
		return nil, &APIError{Method: method, Path: c.pathOf(g), Token: c.token != "", Message: fmt.Sprintf("the %s contains a line break or another control character and cannot be sent; check for stray characters, such as a trailing newline from a file", c.badHeader)}
	}
	c.remember(nil, secrets...)
	st := &call{c: c, method: method, path: c.pathOf(g), redact: c.redactions(secrets), began: time.Now()}
	if _, ok := ctx.Deadline(); !ok {
		// Every call has a time budget, so that nothing waits forever.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.budget)
		defer cancel()
	}

	var raw any // untyped nil for GET, so that no body is sent
	if body != nil {
		raw = body
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, c.urlOf(g), raw)
	if err != nil {
		return nil, &APIError{Method: method, Path: st.path, Message: "could not build the request"}
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	} else {
		req.Header.Set("sb-api-key-id", c.apiKey)
		req.Header.Set("sb-api-secret-key", c.apiSecret)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	p := c.retry
	rc := &retryablehttp.Client{
		HTTPClient:      c.http,
		Logger:          nil, // our own hooks log, without URLs' secrets or headers
		RetryWaitMin:    p.WaitMin,
		RetryWaitMax:    p.WaitMax,
		RetryMax:        p.MaxAttempts - 1,
		RequestLogHook:  st.onRequest,
		ResponseLogHook: st.onResponse,
		CheckRetry:      st.checkRetry,
		Backoff:         st.backoff,
		// Hand back the last response and error as they are; the verdict
		// in st.out says what they mean.
		ErrorHandler: func(resp *http.Response, err error, _ int) (*http.Response, error) { return resp, err },
	}
	resp, doErr := rc.Do(req)
	if resp != nil && resp.Body != nil {
		_ = resp.Body.Close() // already read and replaced by checkRetry
	}

	switch {
	case st.out.resp != nil:
		c.remember(st.out.resp.Webhooks)
		return st.out.resp, nil
	case st.out.err != nil && !st.out.retry:
		return nil, st.final()
	case ctx.Err() != nil:
		// Cause, not Err: a call shared by several callers is canceled when
		// the last leaves, with that caller's reason (say, its deadline).
		return nil, st.canceled(context.Cause(ctx))
	default:
		// No verdict: the request never got as far as an attempt.
		msg := "the request could not be sent"
		if doErr != nil {
			msg += ": " + doErr.Error()
		}
		return nil, &APIError{Method: method, Path: st.path, Token: c.token != "", Message: st.clean(msg)}
	}
}

// final turns the last verdict into the error the caller sees, saying how
// many attempts were made and why retrying stopped.
func (st *call) final() error {
	e := *st.out.err
	e.Path = st.path
	e.Message = st.clean(e.Message)
	if st.attempt > 1 || st.out.exhausted || st.out.deadline {
		e.Message += fmt.Sprintf(" (after %s in %s)", st.attempts(), fmtSpent(time.Since(st.began)))
	}
	if st.out.deadline {
		e.Message += "; stopped retrying because the operation's time budget ends before the next attempt"
	}
	return &e
}

// canceled wraps ctx.Err() so that errors.Is(err, context.Canceled) and
// friends hold; a canceled call is not an APIError, since trying again is
// not what the caller wants.
func (st *call) canceled(ctxErr error) error {
	var what string
	switch {
	case st.attempt == 0:
		what = "before the first attempt"
	case st.inFlight:
		what = fmt.Sprintf("during attempt %d, which had no answer yet (%s in %s; each attempt waits at most %s)",
			st.attempt, st.attempts(), fmtSpent(time.Since(st.began)), fmtDuration(st.c.timeout))
		if st.method != http.MethodGet {
			what += "; the change may or may not have been applied"
		}
	default:
		what = fmt.Sprintf("while waiting to retry (%s in %s)", st.attempts(), fmtSpent(time.Since(st.began)))
	}
	why := "stopped"
	if errors.Is(ctxErr, context.DeadlineExceeded) {
		why = "the operation's time budget ran out"
	}
	return fmt.Errorf("sendblue: %s %s: %s %s: %w", st.method, st.path, why, what, ctxErr)
}

// attempts says "1 attempt" or "N attempts".
func (st *call) attempts() string {
	return fmt.Sprintf("%d %s", st.attempt, plural(st.attempt, "attempt", "attempts"))
}

func (st *call) onRequest(_ retryablehttp.Logger, req *http.Request, i int) {
	st.attempt = i + 1
	st.start = time.Now()
	st.logf(req.Context(), "trace", "sendblue: sending request", nil)
}

func (st *call) onResponse(_ retryablehttp.Logger, resp *http.Response) {
	ctx := context.Background()
	if resp.Request != nil {
		ctx = resp.Request.Context()
	}
	st.logf(ctx, "debug", "sendblue: received answer", map[string]any{
		"status":      resp.StatusCode,
		"duration_ms": time.Since(st.start).Milliseconds(),
	})
}

// backoff hands retryablehttp the wait checkRetry chose (checkRetry needs it
// first, to see whether it fits before the deadline). It runs after the
// response hook, so the retry line follows the answer it is about.
func (st *call) backoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
	st.logf(st.waitCtx, "warn", "sendblue: retrying", map[string]any{
		"reason":  st.out.err.Message,
		"wait_ms": st.wait.Milliseconds(),
	})
	return st.wait
}

// logf sends one line to the configured LogFunc, with the fields every line
// has. String fields are redacted like error messages.
func (st *call) logf(ctx context.Context, level, msg string, extra map[string]any) {
	if st.c.log == nil {
		return
	}
	fields := map[string]any{"method": st.method, "path": st.path, "attempt": st.attempt}
	for k, v := range extra {
		if s, ok := v.(string); ok {
			v = st.clean(s)
		}
		fields[k] = v
	}
	st.c.log(ctx, level, msg, fields)
}

// checkRetry reads the answer (so that a body cut off mid-way counts as a
// failed attempt), judges it, and decides whether another attempt is safe.
func (st *call) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	var body []byte
	var readErr error
	if resp != nil {
		body, readErr = readBody(resp)
		st.learn(body)
	}
	if ctx.Err() != nil && (err != nil || readErr != nil) {
		// The attempt was cut short by the caller, not by the server.
		st.out = outcome{}
		st.inFlight = true
		return false, ctx.Err()
	}
	if err != nil {
		desc, _, _ := st.describeNetErr(err)
		st.logf(ctx, "debug", "sendblue: request failed", map[string]any{
			"error":       desc,
			"duration_ms": time.Since(st.start).Milliseconds(),
		})
	}
	out := st.judge(resp, body, readErr, err)
	if out.retry && ctx.Err() != nil {
		st.out = outcome{}
		return false, ctx.Err()
	}
	if out.retry {
		p := st.c.retry
		wait, asked := p.wait(st.attempt, resp)
		dl, hasDL := ctx.Deadline()
		left := time.Until(dl)
		switch {
		case asked && hasDL && left < wait:
			// The server wants a wait the budget does not allow: say so
			// now instead of sleeping past the budget.
			out.retry = false
			out.err.Message = serverWaitMessage(out.err, wait, left)
		case st.attempt >= p.MaxAttempts:
			out.retry, out.exhausted = false, true
		case hasDL && left < wait:
			out.retry, out.deadline = false, true
		default:
			st.wait, st.waitCtx = wait, ctx
		}
	}
	st.out = out
	return out.retry, nil
}

// judge classifies one attempt. The rule that matters: GET and PUT may be
// repeated freely, but POST and DELETE are repeated only when the server
// certainly did not apply them (429/408/409, or no connection at all);
// otherwise the caller gets an Ambiguous error and must look first.
func (st *call) judge(resp *http.Response, body []byte, readErr, err error) outcome {
	m := st.method
	idempotent := m == http.MethodGet || m == http.MethodPut
	write := m != http.MethodGet
	tok := st.c.token != ""
	fail := func(status int, msg string) *APIError {
		return &APIError{Method: m, Path: st.path, StatusCode: status, Message: msg, Token: tok}
	}

	// unknown is a failure after the request may have been applied.
	unknown := func(status int, msg string) outcome {
		e := fail(status, msg)
		e.Transient, e.Ambiguous = true, write
		return outcome{err: e, retry: idempotent}
	}

	if err != nil {
		desc, notSent, permanent := st.describeNetErr(err)
		switch {
		case permanent:
			return outcome{err: fail(0, desc)}
		case notSent:
			e := fail(0, desc)
			e.Transient = true
			return outcome{err: e, retry: true}
		default:
			return unknown(0, desc)
		}
	}

	status := resp.StatusCode
	ct := resp.Header.Get("Content-Type")
	if readErr != nil {
		// The status line alone decides; the body was lost.
		desc, _, _ := st.describeNetErr(readErr)
		msg := "answer cut off: " + desc
		switch {
		case status >= 200 && status < 300, status >= 500:
			return unknown(status, msg)
		case status == http.StatusRequestTimeout || status == http.StatusTooManyRequests:
			e := fail(status, msg)
			e.Transient = true
			return outcome{err: e, retry: true}
		default:
			return outcome{err: fail(status, msg)}
		}
	}

	// malformed is a success status with an answer that cannot be used: not
	// retried (the same server will answer the same way), but a write may
	// have been applied, so it is Ambiguous.
	malformed := func(msg string) outcome {
		e := fail(status, msg+"; check that the base URL points at the Sendblue API, not at a proxy or a web page")
		e.Ambiguous = write
		return outcome{err: e}
	}

	switch {
	case status >= 200 && status < 300:
		if m == http.MethodDelete && status == http.StatusNoContent && len(body) == 0 {
			return outcome{resp: &response{Status: "OK"}}
		}
		env, perr := parseEnvelope(body)
		if perr != nil {
			return malformed(describeBody(ct, body, perr))
		}
		switch {
		case env.failed():
			msg := env.message
			if msg == "" {
				msg = "the API answered with an error without a message"
			}
			return outcome{err: fail(status, msg)}
		case env.hasStatus && !strings.EqualFold(env.status, "OK"):
			return malformed(describeBody(ct, body, fmt.Errorf("unexpected status %q", truncate(env.status, 40))))
		}
		// "status" is optional under the current API: an answer without it
		// is good when it holds what the call needs.
		if m == http.MethodDelete {
			return outcome{resp: &response{Status: "OK", Message: env.message}}
		}
		var r response
		if err := json.Unmarshal(body, &r); err != nil {
			return malformed("the answer's webhook configuration could not be read: " + err.Error())
		}
		if m == http.MethodGet && r.Webhooks == nil {
			return malformed(describeBody(ct, body, errors.New(`no "webhooks" configuration in the answer`)))
		}
		return outcome{resp: &r}

	case status == http.StatusRequestTimeout || status == http.StatusTooManyRequests:
		// The server says it did not process the request. Other 4xx
		// (409 included) fail at once: the same request gets the same
		// answer.
		e := fail(status, bodyMessage(ct, body))
		e.Transient = true
		return outcome{err: e, retry: true}

	case status >= 500:
		return unknown(status, bodyMessage(ct, body))

	case status >= 300 && status < 400:
		return outcome{err: fail(status, "the API answered with a redirect, which is not followed; check the base URL")}

	default:
		return outcome{err: fail(status, bodyMessage(ct, body))}
	}
}

// describeNetErr turns a transport error into a short description without
// URLs or headers, and says whether the request certainly never left
// (connection refused, DNS failure) and whether trying again is pointless
// (the TLS certificate is rejected).
func (st *call) describeNetErr(err error) (desc string, notSent, permanent bool) {
	inner := err
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		inner = ue.Err
	}
	var (
		certErr   *tls.CertificateVerificationError
		authErr   x509.UnknownAuthorityError
		hostErr   x509.HostnameError
		invalErr  x509.CertificateInvalidError
		recordErr tls.RecordHeaderError
		alertErr  tls.AlertError
		dnsErr    *net.DNSError
		opErr     *net.OpError
	)
	// DNS and TLS failures are not retried: another attempt a moment later
	// meets the same name and the same certificate.
	switch {
	case errors.As(err, &certErr), errors.As(err, &authErr), errors.As(err, &hostErr), errors.As(err, &invalErr):
		return "TLS certificate rejected: " + inner.Error() + "; check the host of the base URL and any proxy in between", true, true
	case errors.As(err, &recordErr), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return "the server does not speak TLS (is the scheme of the base URL right?)", true, true
	case errors.As(err, &alertErr), strings.Contains(inner.Error(), "tls: "):
		return "TLS handshake failed: " + inner.Error() + "; check the base URL and any proxy in between", true, true
	case strings.Contains(err.Error(), "invalid header"):
		// net/http names the header, never its value.
		return inner.Error(), true, true
	case errors.As(err, &dnsErr):
		return "DNS lookup failed: " + dnsErr.Error() + "; check the host name in the base URL and the DNS settings of this machine", true, true
	case errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect"):
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			return "connection refused", true, false
		case opErr.Timeout():
			return "timed out while connecting", true, false
		default:
			return "could not connect: " + opErr.Err.Error(), true, false
		}
	case isTimeout(err):
		return "timed out after " + fmtDuration(st.c.timeout) + " without an answer", false, false
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset", false, false
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed before the full answer", false, false
	default:
		return inner.Error(), false, false
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return (errors.As(err, &ne) && ne.Timeout()) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded)
}

// readBody reads the whole answer (up to maxBodyBytes) and leaves an empty
// body in its place, so that retryablehttp's draining and the caller's
// Close have nothing left to do.
func readBody(resp *http.Response) ([]byte, error) {
	if resp.Body == nil {
		return nil, nil
	}
	// Close the body read here, not the NoBody put in its place: closing
	// is what releases net/http's per-request timer.
	orig := resp.Body
	defer func() { _ = orig.Close() }()
	b, err := io.ReadAll(io.LimitReader(orig, maxBodyBytes+1))
	resp.Body = http.NoBody
	if err != nil {
		return nil, err
	}
	if len(b) > maxBodyBytes {
		return nil, fmt.Errorf("answer larger than %d bytes", maxBodyBytes)
	}
	return b, nil
}

// envelope is the part of every answer that says whether the call worked.
// Older endpoints say {"status":"ERROR","message":"..."}, newer ones
// {"error":{"code":...,"message":"..."}} (or "error" as a string); under the
// current API "status" is optional.
type envelope struct {
	status    string
	hasStatus bool
	message   string
	hasError  bool // an "error" key: {"error": {"code", "message"}} or a string
}

// failed reports whether the answer says the call failed.
func (e envelope) failed() bool {
	if e.hasStatus {
		return strings.EqualFold(e.status, "ERROR")
	}
	return e.hasError
}

// parseEnvelope reads "status", "message" and "error" without touching
// "webhooks", so that an error answer is recognised even when the rest is
// malformed.
func parseEnvelope(body []byte) (envelope, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return envelope{}, errNotObject
		}
		return envelope{}, err
	}
	if raw == nil {
		return envelope{}, errNotObject
	}
	var env envelope
	if v, ok := raw["error"]; ok && !isNull(v) {
		env.hasError = true
		// Newer endpoints: {"error": {"code", "message", "details"?}}.
		var obj struct {
			Code    any    `json:"code"`
			Message string `json:"message"`
		}
		var str string
		switch {
		case json.Unmarshal(v, &obj) == nil && obj.Message != "":
			env.message = obj.Message
			if code, ok := obj.Code.(string); ok && code != "" {
				env.message = code + ": " + obj.Message
			}
		case json.Unmarshal(v, &str) == nil:
			env.message = str
		}
	}
	if v, ok := raw["message"]; ok && env.message == "" {
		var m string
		if json.Unmarshal(v, &m) == nil && m != "" {
			env.message = m
		}
	}
	if v, ok := raw["status"]; ok {
		env.hasStatus = true
		if json.Unmarshal(v, &env.status) != nil {
			return env, errBadStatus
		}
	}
	return env, nil
}

var (
	errNotObject = errors.New("not a JSON object")
	errBadStatus = errors.New(`"status" is not a string`)
)

// bodyMessage is the message of an HTTP error answer: the API's own message
// when the body has one, otherwise a description of the body.
func bodyMessage(ct string, body []byte) string {
	env, err := parseEnvelope(body)
	switch {
	case env.message != "":
		return env.message
	case err == nil || errors.Is(err, errBadStatus):
		return fmt.Sprintf("JSON answer without a message (%d bytes)", len(body))
	default:
		return describeBody(ct, body, err)
	}
}

// describeBody says, briefly, why an answer could not be used: its type and
// size, never its content (except a short plain-text line, which is what
// proxies send).
func describeBody(ct string, body []byte, perr error) string {
	mt := mediaType(ct)
	kind := mt
	if kind == "" {
		kind = "no content type"
	}
	n := len(body)
	switch {
	case n == 0:
		if mt == "" {
			return "empty answer"
		}
		return fmt.Sprintf("empty answer (%s)", mt)
	case isJSONType(mt) || looksLikeJSON(body):
		var se *json.SyntaxError
		if errors.As(perr, &se) {
			return fmt.Sprintf("malformed JSON answer (%s, %d bytes): %v", kind, n, perr)
		}
		return fmt.Sprintf("unexpected JSON answer (%s, %d bytes): %v", kind, n, perr)
	case mt == "text/plain" && n <= 200 && utf8.Valid(body) && !bytes.ContainsAny(body, "\r\n"):
		return fmt.Sprintf("non-JSON answer (text/plain, %d bytes): %s", n, strings.TrimSpace(string(body)))
	default:
		return fmt.Sprintf("non-JSON answer (%s, %d bytes)", kind, n)
	}
}

func mediaType(ct string) string {
	if ct == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return "unparsable content type"
	}
	return mt
}

func isJSONType(mt string) bool {
	mt = mediaType(mt)
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

func looksLikeJSON(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && (b[0] == '{' || b[0] == '[')
}

// learn adds the secrets found anywhere in an answer (strings under keys
// named like a secret or token, whatever the type or key around them) to the
// redaction set of the client and of this call.
func (st *call) learn(body []byte) {
	found := SecretsInJSON(body)
	if len(found) == 0 {
		return
	}
	st.c.remember(nil, found...)
	st.redact = st.c.redactions(nil)
}

// clean replaces every known secret with "***" (whole values, see Redact)
// and then caps the length; in that order, so that the cap cannot leave
// part of a secret behind.
func (st *call) clean(s string) string {
	if st.redact != nil {
		s = st.redact.ReplaceAllLiteralString(s, mask)
	}
	return truncate(s, maxMessageLen)
}

// truncate cuts s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

func fmtDuration(d time.Duration) string {
	if d%time.Second == 0 {
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return d.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// fmtSpent prints a measured duration to a sensible precision: 1m32s,
// 4.2s, 12ms.
func fmtSpent(d time.Duration) string {
	switch {
	case d >= time.Minute:
		d = d.Round(time.Second)
	case d >= time.Second:
		d = d.Round(100 * time.Millisecond)
	default:
		d = d.Round(time.Millisecond)
	}
	return d.String()
}

// serverWaitMessage is the message of a retryable answer whose requested
// wait (Retry-After) does not fit in the time left: when to try again, and
// the API's own message.
func serverWaitMessage(e *APIError, wait, left time.Duration) string {
	what := "the API asked to wait"
	if e.StatusCode == http.StatusTooManyRequests {
		what = "rate limited by Sendblue"
	}
	at := time.Now().Add(wait).UTC().Format("2006-01-02 15:04:05 UTC")
	msg := fmt.Sprintf("%s; retry after %s (at %s), longer than the %s left of this operation's time budget, so it was not retried",
		what, fmtSpent(wait), at, fmtSpent(max(left, 0)))
	if e.Message != "" {
		msg += "; the API said: " + e.Message
	}
	return msg
}
