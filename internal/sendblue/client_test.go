package sendblue

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// These tests talk to httptest servers written here, on purpose independent
// of the mock package: a wire mistake shared by client and mock would hide.

const (
	testKey    = "key-id-4711"
	testSecret = "api-secret-Zq9xK2"
)

// clientRetry keeps the package fast: four attempts, a few milliseconds apart.
var clientRetry = RetryPolicy{MaxAttempts: 4, WaitMin: time.Millisecond, WaitMax: 5 * time.Millisecond}

type recorded struct {
	method string
	path   string
	header http.Header
	body   []byte
	at     time.Time
}

type recorder struct {
	mu   sync.Mutex
	reqs []recorded
}

func (r *recorder) all() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.reqs...)
}

func (r *recorder) count() int { return len(r.all()) }

// newServer serves h, telling it the 1-based number of the request.
func newServer(t *testing.T, h func(n int, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(rec.serve(h))
	t.Cleanup(srv.Close)
	return srv, rec
}

// serve records each request, then lets h answer it.
func (r *recorder) serve(h func(n int, w http.ResponseWriter, r *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.reqs = append(r.reqs, recorded{req.Method, req.URL.Path, req.Header.Clone(), body, time.Now()})
		n := len(r.reqs)
		r.mu.Unlock()
		h(n, w, req)
	})
}

// newBubbleClient is newClient on newServer's h served in-process
// (handlerTransport), for tests inside a synctest bubble: the client's waits
// run on the bubble's fake clock, so the times they measure are exact.
func newBubbleClient(t *testing.T, h func(n int, w http.ResponseWriter, r *http.Request), mods ...func(*Config)) (*Client, *recorder) {
	t.Helper()
	rec := &recorder{}
	tr := handlerTransport{rec.serve(h)}
	route := func(c *Config) { c.HTTPClient = &http.Client{Transport: tr} }
	return newClient(t, "https://api.sendblue.invalid", append([]func(*Config){route}, mods...)...), rec
}

func newClient(t *testing.T, baseURL string, mods ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{BaseURL: baseURL, APIKey: testKey, APISecret: testSecret, Timeout: 5 * time.Second, Retry: clientRetry}
	for _, m := range mods {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

const okList = `{"status":"OK","webhooks":{"receive":["https://a.example/hook",{"url":"https://b.example/hook","secret":"s1"}],"contact_created":["https://c.example/hook"],"globalSecret":"g1","secret":"legacy","future_field":42}}`

// asAPIError fails the test unless err is an *APIError.
func asAPIError(t *testing.T, err error) *APIError {
	t.Helper()
	var e *APIError
	if !errors.As(err, &e) {
		t.Fatalf("want *APIError, got %T: %v", err, err)
	}
	return e
}

// invoke runs one of the four calls by method, for table tests.
func invoke(ctx context.Context, c *Client, method string) error {
	switch method {
	case http.MethodGet:
		_, err := c.List(ctx)
		return err
	case http.MethodPost:
		_, err := c.Add(ctx, AddRequest{Type: TypeReceive, Webhooks: []Webhook{{URL: "https://a.example/hook"}}})
		return err
	case http.MethodPut:
		_, err := c.Replace(ctx, &Configuration{Webhooks: map[WebhookType][]Webhook{TypeReceive: {{URL: "https://a.example/hook"}}}})
		return err
	case http.MethodDelete:
		return c.Delete(ctx, DeleteRequest{Type: TypeReceive, URLs: []string{"https://a.example/hook"}})
	}
	panic("unknown method " + method)
}

func TestNewBaseURL(t *testing.T) {
	t.Parallel()
	good := map[string]string{
		"":                             "https://api.sendblue.co/api/account/webhooks",
		"https://api.sendblue.co":      "https://api.sendblue.co/api/account/webhooks",
		"https://api.sendblue.co/":     "https://api.sendblue.co/api/account/webhooks",
		"http://127.0.0.1:8080//":      "http://127.0.0.1:8080/api/account/webhooks",
		"https://proxy.example/sb/":    "https://proxy.example/sb/api/account/webhooks",
		"  https://api.sendblue.co  ":  "https://api.sendblue.co/api/account/webhooks",
		"HTTPS://API.SENDBLUE.CO/path": "https://API.SENDBLUE.CO/path/api/account/webhooks",
	}
	for in, want := range good {
		c, err := New(Config{BaseURL: in})
		if err != nil {
			t.Errorf("New(%q): %v", in, err)
			continue
		}
		if got := c.urlOf(GenCurrent); got != want {
			t.Errorf("New(%q).urlOf(current) = %q, want %q", in, got, want)
		}
		if got, want := c.urlOf(GenV2), strings.Replace(want, "/api/account", "/api/v2/account", 1); got != want {
			t.Errorf("New(%q).urlOf(v2) = %q, want %q", in, got, want)
		}
	}
	bad := []string{"api.sendblue.co", "/relative", "ftp://api.sendblue.co", "https://", "https://h.example/?q=1", "https://h.example/#f", "https://user:pw-hunter2@h.example", "http://[::1"}
	for _, in := range bad {
		_, err := New(Config{BaseURL: in})
		if err == nil {
			t.Errorf("New(%q) accepted a bad base URL", in)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("New(%q) error leaks the URL's password: %v", in, err)
		}
	}
}

func TestUnsendableCredentials(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, okList) })
	// New accepts it (its only error is the base URL); every call refuses
	// to send it, permanently and without echoing it.
	c := newClient(t, srv.URL, func(c *Config) { c.APISecret = testSecret + "\n" })
	for _, m := range []string{"GET", "POST", "PUT", "DELETE"} {
		err := invoke(context.Background(), c, m)
		e := asAPIError(t, err)
		if e.Transient || !strings.Contains(e.Message, "API secret contains a line break") || strings.Contains(err.Error(), testSecret) {
			t.Errorf("%s: %v", m, err)
		}
	}
	if rec.count() != 0 {
		t.Errorf("%d requests sent", rec.count())
	}
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	c, err := New(Config{APIKey: testKey, APISecret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	if c.RetryPolicy() != DefaultRetryPolicy() {
		t.Errorf("RetryPolicy() = %+v, want the default %+v", c.RetryPolicy(), DefaultRetryPolicy())
	}
	if c.timeout != 30*time.Second || c.budget != 2*time.Minute || c.userAgent != "terraform-provider-sendblue/dev" {
		t.Errorf("timeout %v, budget %v, user agent %q", c.timeout, c.budget, c.userAgent)
	}
	partial, _ := New(Config{Retry: RetryPolicy{MaxAttempts: 3}})
	if got := partial.RetryPolicy(); got.MaxAttempts != 3 || got.WaitMin != 500*time.Millisecond || got.WaitMax != 10*time.Second {
		t.Errorf("partial policy = %+v", got)
	}
}

func TestRequestsOnTheWire(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			writeJSON(w, 200, `{"status":"OK","message":"deleted"}`)
			return
		}
		writeJSON(w, 200, okList)
	})
	c := newClient(t, srv.URL+"/", func(c *Config) { c.UserAgent = "terraform-provider-sendblue/1.2.3" })
	ctx := context.Background()

	got, err := c.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if w, ok := got.Find(TypeReceive, "https://b.example/hook"); !ok || w.Secret != "s1" || got.GlobalSecret != "g1" || got.Count(TypeContactCreated, "https://c.example/hook") != 1 {
		t.Errorf("List decoded %+v", got)
	}
	added, err := c.Add(ctx, AddRequest{Type: TypeCallLog, Webhooks: []Webhook{{URL: "https://x.example"}, {URL: "https://y.example", Secret: "whs"}}, GlobalSecret: "gs"})
	if err != nil || added.Len() != 3 {
		t.Fatalf("Add: %v, %+v", err, added)
	}
	replaced, err := c.Replace(ctx, &Configuration{Webhooks: map[WebhookType][]Webhook{TypeOutbound: {{URL: "https://o.example"}}}, GlobalSecret: "g2", LegacySecret: "legacy"})
	if err != nil || replaced == nil {
		t.Fatalf("Replace: %v", err)
	}
	if err := c.Delete(ctx, DeleteRequest{URLs: []string{"https://x.example"}}); err != nil {
		t.Fatalf("Delete: %v", err)
	}

	reqs := rec.all()
	if len(reqs) != 4 {
		t.Fatalf("%d requests, want 4", len(reqs))
	}
	wantBodies := []string{
		``,
		`{"type":"call_log","webhooks":["https://x.example",{"url":"https://y.example","secret":"whs"}],"globalSecret":"gs"}`,
		`{"webhooks":{"outbound":["https://o.example"],"globalSecret":"g2","secret":"legacy"}}`, // the legacy secret is written back as read
		`{"type":"receive","webhooks":["https://x.example"]}`,                                   // the default type is sent explicitly
	}
	for i, r := range reqs {
		want := []string{"GET", "POST", "PUT", "DELETE"}[i]
		if r.method != want || r.path != "/api/account/webhooks" {
			t.Errorf("request %d: %s %s, want %s /api/account/webhooks", i, r.method, r.path, want)
		}
		h := r.header
		if h.Get("sb-api-key-id") != testKey || h.Get("sb-api-secret-key") != testSecret {
			t.Errorf("%s: credentials headers %q / %q", r.method, h.Get("sb-api-key-id"), h.Get("sb-api-secret-key"))
		}
		if h.Get("Accept") != "application/json" || h.Get("User-Agent") != "terraform-provider-sendblue/1.2.3" {
			t.Errorf("%s: Accept %q, User-Agent %q", r.method, h.Get("Accept"), h.Get("User-Agent"))
		}
		if ct := h.Get("Content-Type"); (wantBodies[i] != "") != (ct == "application/json") {
			t.Errorf("%s: Content-Type %q", r.method, ct)
		}
		if !jsonEqual(t, r.body, wantBodies[i]) {
			t.Errorf("%s body = %s, want %s", r.method, r.body, wantBodies[i])
		}
	}
}

// jsonEqual compares two JSON texts by value ("" matches an empty body).
func jsonEqual(t *testing.T, got []byte, want string) bool {
	t.Helper()
	if want == "" {
		return len(got) == 0
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Errorf("body is not JSON: %q", got)
		return false
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want %q", want)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	return string(gb) == string(wb)
}

func TestRedirectDoesNotForwardCredentials(t *testing.T) {
	t.Parallel()
	other, otherRec := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, okList) })
	srv, _ := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
	})
	c := newClient(t, srv.URL)
	if _, err := c.List(context.Background()); err == nil {
		t.Error("a redirect was taken as success")
	}
	if otherRec.count() != 0 {
		t.Errorf("the redirect target received %d requests", otherRec.count())
	}
}

func TestConcurrentCalls(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n <= 5 { // fewer failures than attempts, so every call ends well
			writeJSON(w, 503, `{"status":"ERROR","message":"busy"}`)
			return
		}
		writeJSON(w, 200, okList)
	})
	c := newClient(t, srv.URL, func(c *Config) {
		c.Retry.MaxAttempts = 6
		c.Log = func(context.Context, string, string, map[string]any) {}
	})
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			if _, err := c.List(context.Background()); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if rec.count() != 25 {
		t.Errorf("%d requests, want 20 answered and 5 refused", rec.count())
	}
}
