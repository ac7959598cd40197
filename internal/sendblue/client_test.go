package sendblue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
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
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, recorded{r.Method, r.URL.Path, r.Header.Clone(), body, time.Now()})
		n := len(rec.reqs)
		rec.mu.Unlock()
		h(n, w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, rec
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

func TestDefaultPolicySpansAboutAMinute(t *testing.T) {
	t.Parallel()
	p := DefaultRetryPolicy()
	if p.MaxAttempts != 10 || p.WaitMin != 500*time.Millisecond || p.WaitMax != 10*time.Second {
		t.Fatalf("DefaultRetryPolicy() = %+v", p)
	}
	var lo, hi time.Duration
	for n := 1; n < p.MaxAttempts; n++ { // a wait between each two attempts
		l, h := p.backoffRange(n)
		lo += l
		hi += h
	}
	// 0.5+1+2+4+8+10+10+10+10 = 55.5s at most, 25% jitter off at least.
	if hi != 55500*time.Millisecond {
		t.Errorf("longest total wait = %v, want 55.5s", hi)
	}
	if lo < 40*time.Second || hi > 65*time.Second {
		t.Errorf("total wait between %v and %v, want roughly a minute", lo, hi)
	}
	if (RetryPolicy{}).withDefaults() != p {
		t.Errorf("zero policy does not act as the default")
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	p := RetryPolicy{MaxAttempts: 10, WaitMin: 100 * time.Millisecond, WaitMax: time.Second}
	wantHi := []time.Duration{100, 200, 400, 800, 1000, 1000, 1000}
	for i, h := range wantHi {
		n := i + 1
		h *= time.Millisecond
		lo, hi := p.backoffRange(n)
		if hi != h || lo != h*3/4 {
			t.Errorf("backoffRange(%d) = [%v, %v], want [%v, %v]", n, lo, hi, h*3/4, h)
		}
		seen := map[time.Duration]bool{}
		for range 200 {
			d := p.Backoff(n, nil)
			if d < lo || d > hi {
				t.Fatalf("Backoff(%d) = %v outside [%v, %v]", n, d, lo, hi)
			}
			seen[d] = true
		}
		if len(seen) < 2 {
			t.Errorf("Backoff(%d) has no jitter", n)
		}
	}
	if lo, hi := p.backoffRange(1000); hi != time.Second || lo <= 0 {
		t.Errorf("a huge attempt number must stay capped, got [%v, %v]", lo, hi)
	}
	if _, hi := p.backoffRange(0); hi != 100*time.Millisecond {
		t.Errorf("n < 1 must act as 1")
	}

	resp := func(kv ...string) *http.Response {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return &http.Response{StatusCode: 429, Header: h}
	}
	cases := []struct {
		name string
		resp *http.Response
		want time.Duration
	}{
		{"retry-after-ms", resp("retry-after-ms", "50"), 50 * time.Millisecond},
		{"retry-after-ms wins", resp("retry-after-ms", "20", "Retry-After", "7"), 20 * time.Millisecond},
		{"Retry-After seconds", resp("Retry-After", "1"), time.Second},
		// Not capped: the caller compares the wish with its time budget.
		{"Retry-After an hour", resp("Retry-After", "3600"), time.Hour},
		{"retry-after-ms huge", resp("retry-after-ms", "1e300"), 24 * time.Hour},
	}
	for _, tc := range cases {
		got, asked := p.wait(3, tc.resp)
		if got != tc.want || !asked {
			t.Errorf("%s: wait = %v, %v; want %v, true", tc.name, got, asked, tc.want)
		}
	}
	// No wish: zero, negative, a date in the past, or on a status other
	// than 429 and 503 (retryablehttp reads Retry-After only on those).
	lo3, hi3 := p.backoffRange(3)
	other := resp("Retry-After", "5")
	other.StatusCode = 500
	for name, r := range map[string]*http.Response{
		"zero":        resp("Retry-After", "0"),
		"negative":    resp("Retry-After", "-5"),
		"past date":   resp("Retry-After", "Fri, 31 Dec 1999 23:59:59 GMT"),
		"on a 500":    other,
		"no response": nil,
		"zero ms":     resp("retry-after-ms", "0"),
		"negative ms": resp("retry-after-ms", "-3"),
	} {
		if got, asked := p.wait(3, r); asked || got < lo3 || got > hi3 {
			t.Errorf("%s: wait = %v, %v; want the exponential wait", name, got, asked)
		}
	}
	future := resp("Retry-After", time.Now().Add(5*time.Second).UTC().Format(http.TimeFormat))
	if got := p.Backoff(1, future); got < 3*time.Second || got > 6*time.Second {
		t.Errorf("Retry-After date 5s ahead: Backoff = %v", got)
	}
	for _, garbage := range []string{"soon", "NaN", ""} {
		if got := p.Backoff(1, resp("Retry-After", garbage, "retry-after-ms", garbage)); got < 75*time.Millisecond || got > 100*time.Millisecond {
			t.Errorf("unparsable hint %q must fall back to the exponential wait, got %v", garbage, got)
		}
	}
}

func TestSleep(t *testing.T) {
	t.Parallel()
	start := time.Now()
	if err := Sleep(context.Background(), 20*time.Millisecond); err != nil || time.Since(start) < 20*time.Millisecond {
		t.Errorf("Sleep: err %v after %v", err, time.Since(start))
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	start = time.Now()
	if err := Sleep(ctx, time.Minute); !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second {
		t.Errorf("Sleep on cancel: err %v after %v", err, time.Since(start))
	}
	if err := Sleep(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep(0) on a done context: %v", err)
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

// Writes need no configuration in their answer; a list does: an account
// without webhooks answers an empty object, and taking a missing one for
// "no webhooks" would make Terraform add them all again.
func TestAnswersWithoutConfiguration(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		writeJSON(w, 200, `{"status":"OK"}`)
	})
	c := newClient(t, srv.URL)
	ctx := context.Background()
	if cfg, err := c.List(ctx); err == nil || IsTransient(err) || !strings.Contains(err.Error(), `no "webhooks" configuration`) || rec.count() != 1 {
		t.Errorf("List without webhooks: %+v, %v after %d attempts; want a malformed answer at once", cfg, err, rec.count())
	}
	if cfg, err := c.Add(ctx, AddRequest{Webhooks: []Webhook{{URL: "https://a.example"}}}); err != nil || cfg != nil {
		t.Errorf("Add without webhooks in the answer: %+v, %v; want nil, nil", cfg, err)
	}
	if err := c.Delete(ctx, DeleteRequest{Type: TypeOutbound, URLs: []string{"https://a.example"}}); err != nil {
		t.Errorf("Delete answered 204: %v", err)
	}
}

func TestRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, okList) })
	c := newClient(t, srv.URL)
	ctx := context.Background()
	errs := []error{
		func() error { _, err := c.Replace(ctx, nil); return err }(),
		func() error { _, err := c.Add(ctx, AddRequest{Type: "bogus"}); return err }(),
		func() error {
			_, err := c.Add(ctx, AddRequest{Type: TypeCallLog, Webhooks: []Webhook{{URL: "https://a.example", SendblueNumbers: []string{"+15551234567"}}}})
			return err
		}(),
		c.Delete(ctx, DeleteRequest{Type: "bogus", URLs: []string{"https://a.example"}}),
	}
	for i, err := range errs {
		e := asAPIError(t, err)
		if e.Transient || e.Ambiguous {
			t.Errorf("case %d: %+v must be permanent", i, e)
		}
	}
	if rec.count() != 0 {
		t.Errorf("%d requests sent, want none", rec.count())
	}
}

func TestErrorShapes(t *testing.T) {
	t.Parallel()
	html := "<html><head><title>502 Bad Gateway</title></head><body>" + strings.Repeat("x", 1000) + "</body></html>"
	type want struct {
		status    int
		attempts  int
		contains  []string
		transient bool
		ambiguous bool
	}
	cases := []struct {
		name    string
		method  string
		handler func(n int, w http.ResponseWriter, r *http.Request)
		want    want
	}{
		{"GET 500 ERROR JSON is retried", "GET", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 500, `{"status":"ERROR","message":"database unavailable"}`)
		}, want{500, 4, []string{"HTTP 500: database unavailable", "after 4 attempts"}, true, false}},
		{"POST 500 ERROR JSON is not retried", "POST", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 500, `{"status":"ERROR","message":"database unavailable"}`)
		}, want{500, 1, []string{"database unavailable"}, true, true}},
		{"PUT 500 exhausted is ambiguous", "PUT", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 500, `{"status":"ERROR","message":"boom"}`)
		}, want{500, 4, []string{"boom", "after 4 attempts"}, true, true}},
		{"GET 502 HTML page", "GET", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(502)
			_, _ = io.WriteString(w, html)
		}, want{502, 4, []string{fmt.Sprintf("HTTP 502: non-JSON answer (text/html, %d bytes)", len(html))}, true, false}},
		{"POST 502 HTML page is not retried", "POST", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			_, _ = io.WriteString(w, html)
		}, want{502, 1, []string{"non-JSON answer (text/html"}, true, true}},
		{"DELETE 503 is not retried", "DELETE", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(503)
		}, want{503, 1, []string{"HTTP 503: empty answer"}, true, true}},
		{"ERROR inside 200", "GET", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 200, `{"status":"ERROR","message":"Account is not allowed to use webhooks"}`)
		}, want{200, 1, []string{"HTTP 200: Account is not allowed to use webhooks"}, false, false}},
		{"ERROR inside 200 on POST", "POST", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 200, `{"status":"ERROR","message":"invalid url","webhooks":"garbage"}`)
		}, want{200, 1, []string{"invalid url"}, false, false}},
		{"401 names the environment", "GET", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 401, `{"status":"ERROR","message":"Invalid API key; is SENDBLUE_API_KEY set?"}`)
		}, want{401, 1, []string{"HTTP 401", "Invalid API key; is SENDBLUE_API_KEY set?", "api_secret"}, false, false}},
		{"403", "PUT", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 403, `{"status":"ERROR","message":"forbidden"}`)
		}, want{403, 1, []string{"forbidden"}, false, false}},
		{"400 plain JSON error key", "POST", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 400, `{"error":"webhooks must be an array"}`)
		}, want{400, 1, []string{"HTTP 400: webhooks must be an array"}, false, false}},
		{"404 without body", "DELETE", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(404)
		}, want{404, 2, []string{"DELETE /api/v2/account/webhooks: HTTP 404: empty answer", "neither /api/account/webhooks nor /api/v2/account/webhooks is served"}, false, false}},
		// Malformed success answers fail at once, saying what to check; a
		// write's may have been applied, so it is ambiguous.
		{"malformed JSON 200 GET fails at once", "GET", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 200, `{"status":"OK","webhooks":{"receive":[}`)
		}, want{200, 1, []string{"malformed JSON answer (application/json, 39 bytes)", "check that the base URL points at the Sendblue API"}, false, false}},
		{"malformed JSON 200 POST is ambiguous", "POST", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 200, `not json at all`)
		}, want{200, 1, []string{"malformed JSON answer"}, false, true}},
		{"HTML 200 GET fails at once", "GET", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<html><body>Sign in</body></html>")
		}, want{200, 1, []string{"HTTP 200: non-JSON answer (text/html, 33 bytes)", "check that the base URL"}, false, false}},
		{"empty 200 GET", "GET", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(200)
		}, want{200, 1, []string{"empty answer"}, false, false}},
		{"empty 200 DELETE is ambiguous", "DELETE", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(200)
		}, want{200, 1, []string{"empty answer"}, false, true}},
		{"truncated JSON 200 PUT fails at once", "PUT", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 200, okList[:len(okList)/2])
		}, want{200, 1, []string{"malformed JSON answer", "unexpected end of JSON input"}, false, true}},
		{"JSON without status or webhooks", "GET", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 200, `{"message":"hello"}`)
		}, want{200, 1, []string{`unexpected JSON answer (application/json, 19 bytes): no "webhooks" configuration in the answer`}, false, false}},
		{"unknown status", "GET", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 200, `{"status":"PENDING","webhooks":{}}`)
		}, want{200, 1, []string{`unexpected status "PENDING"`}, false, false}},
		{"JSON array", "GET", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 200, `[]`)
		}, want{200, 1, []string{"not a JSON object"}, false, false}},
		{"409 fails at once", "GET", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 409, `{"status":"ERROR","message":"conflict"}`)
		}, want{409, 1, []string{"HTTP 409: conflict"}, false, false}},
		{"newer error shape inside 200", "POST", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 200, `{"error":{"code":"invalid_url","message":"URL must be https"}}`)
		}, want{200, 1, []string{"HTTP 200: invalid_url: URL must be https"}, false, false}},
		{"newer error shape on 400", "POST", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 400, `{"error":{"code":"invalid_url","message":"URL must be https","details":{}}}`)
		}, want{400, 1, []string{"HTTP 400: invalid_url: URL must be https"}, false, false}},
		{"OK with undecodable configuration GET", "GET", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 200, `{"status":"OK","webhooks":{"receive":[42]}}`)
		}, want{200, 1, []string{"webhook configuration could not be read", "receive"}, false, false}},
		{"OK with undecodable configuration POST", "POST", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 200, `{"status":"OK","webhooks":{"globalSecret":7}}`)
		}, want{200, 1, []string{"could not be read", "globalSecret is not a string"}, false, true}},
		{"redirect is not followed", "GET", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Location", "http://127.0.0.1:1/elsewhere")
			w.WriteHeader(http.StatusTemporaryRedirect)
		}, want{307, 1, []string{"redirect"}, false, false}},
		{"plain text proxy error", "GET", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(504)
			_, _ = io.WriteString(w, "upstream request timeout")
		}, want{504, 4, []string{"non-JSON answer (text/plain, 24 bytes): upstream request timeout"}, true, false}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, rec := newServer(t, tc.handler)
			c := newClient(t, srv.URL)
			err := invoke(context.Background(), c, tc.method)
			e := asAPIError(t, err)
			if e.Method != tc.method || e.StatusCode != tc.want.status {
				t.Errorf("Method %q StatusCode %d, want %q %d", e.Method, e.StatusCode, tc.method, tc.want.status)
			}
			if got := rec.count(); got != tc.want.attempts {
				t.Errorf("%d attempts, want %d", got, tc.want.attempts)
			}
			for _, s := range tc.want.contains {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			if IsTransient(err) != tc.want.transient || IsAmbiguous(err) != tc.want.ambiguous {
				t.Errorf("transient %v ambiguous %v, want %v %v", IsTransient(err), IsAmbiguous(err), tc.want.transient, tc.want.ambiguous)
			}
			if IsUnauthorized(err) != (tc.want.status == 401 || tc.want.status == 403) {
				t.Errorf("IsUnauthorized = %v", IsUnauthorized(err))
			}
			if len(e.Message) > maxMessageLen+40 {
				t.Errorf("message of %d bytes is not capped", len(e.Message))
			}
		})
	}
}

// hijack closes the connection, after writing raw if any: a server that
// dies mid-answer.
func hijack(t *testing.T, w http.ResponseWriter, raw string) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	if raw != "" {
		_, _ = buf.WriteString(raw)
		_ = buf.Flush()
	}
	_ = conn.Close()
}

func TestConnectionClosed(t *testing.T) {
	t.Parallel()
	partial := "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n" + `{"status":"OK","webhooks":{"rec`
	cases := []struct {
		name      string
		method    string
		raw       string
		attempts  int
		contains  string
		ambiguous bool
	}{
		{"GET no answer", "GET", "", 4, "connection closed before the full answer (after 4 attempts in ", false},
		{"GET body cut off", "GET", partial, 4, "HTTP 200: answer cut off: connection closed", false},
		{"POST no answer", "POST", "", 1, "connection closed", true},
		{"POST body cut off", "POST", partial, 1, "answer cut off", true},
		{"DELETE no answer", "DELETE", "", 1, "connection closed", true},
		{"PUT body cut off", "PUT", partial, 4, "answer cut off", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, rec := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) { hijack(t, w, tc.raw) })
			c := newClient(t, srv.URL)
			err := invoke(context.Background(), c, tc.method)
			_ = asAPIError(t, err)
			if rec.count() != tc.attempts {
				t.Errorf("%d attempts, want %d", rec.count(), tc.attempts)
			}
			if !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("error %q does not contain %q", err, tc.contains)
			}
			if !IsTransient(err) || IsAmbiguous(err) != tc.ambiguous {
				t.Errorf("transient %v ambiguous %v, want true %v", IsTransient(err), IsAmbiguous(err), tc.ambiguous)
			}
		})
	}
}

// slowHandler answers only after the client has given up (or 10s).
func slowHandler(_ int, w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
	writeJSON(w, 200, okList)
}

func TestSlowServerTimesOut(t *testing.T) {
	t.Parallel()
	for _, method := range []string{"GET", "POST"} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			srv, rec := newServer(t, slowHandler)
			c := newClient(t, srv.URL, func(c *Config) {
				c.Timeout = 100 * time.Millisecond
				c.Retry.MaxAttempts = 2
			})
			start := time.Now()
			err := invoke(context.Background(), c, method)
			elapsed := time.Since(start)
			e := asAPIError(t, err)
			want := map[string]int{"GET": 2, "POST": 1}[method]
			if rec.count() != want {
				t.Errorf("%d attempts, want %d", rec.count(), want)
			}
			if e.StatusCode != 0 || !strings.Contains(e.Message, "timed out after 100ms") || !IsTransient(err) {
				t.Errorf("got %+v", e)
			}
			if IsAmbiguous(err) != (method == "POST") {
				t.Errorf("ambiguous = %v", IsAmbiguous(err))
			}
			if elapsed < time.Duration(want)*100*time.Millisecond || elapsed > 3*time.Second {
				t.Errorf("took %v", elapsed)
			}
		})
	}
}

func TestSlowBodyTimesOut(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "500")
		w.WriteHeader(200)
		_, _ = io.WriteString(w, `{"status":"OK",`)
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	c := newClient(t, srv.URL, func(c *Config) { c.Timeout = 100 * time.Millisecond; c.Retry.MaxAttempts = 2 })
	_, err := c.Add(context.Background(), AddRequest{Webhooks: []Webhook{{URL: "https://a.example"}}})
	if rec.count() != 1 || !IsAmbiguous(err) || !strings.Contains(err.Error(), "answer cut off: timed out after 100ms") {
		t.Errorf("%d attempts, err %v", rec.count(), err)
	}
}

func TestGetRetriedThroughOutage(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n <= 3 {
			writeJSON(w, 503, `{"status":"ERROR","message":"maintenance"}`)
			return
		}
		writeJSON(w, 200, okList)
	})
	c := newClient(t, srv.URL)
	cfg, err := c.List(context.Background())
	if err != nil || cfg.Len() != 3 {
		t.Fatalf("List: %v, %+v", err, cfg)
	}
	if rec.count() != 4 {
		t.Errorf("%d attempts, want 4", rec.count())
	}
}

func TestWritesRetriedWhenSafe(t *testing.T) {
	t.Parallel()
	cases := []struct {
		method string
		status int
	}{{"POST", 429}, {"POST", 408}, {"DELETE", 429}, {"DELETE", 408}, {"PUT", 500}, {"PUT", 429}}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s %d", tc.method, tc.status), func(t *testing.T) {
			t.Parallel()
			srv, rec := newServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
				if n == 1 {
					writeJSON(w, tc.status, `{"status":"ERROR","message":"later"}`)
					return
				}
				writeJSON(w, 200, okList)
			})
			c := newClient(t, srv.URL)
			if err := invoke(context.Background(), c, tc.method); err != nil {
				t.Fatal(err)
			}
			reqs := rec.all()
			if len(reqs) != 2 {
				t.Fatalf("%d attempts, want 2", len(reqs))
			}
			if string(reqs[0].body) != string(reqs[1].body) || len(reqs[1].body) == 0 {
				t.Errorf("retried body differs: %q vs %q", reqs[0].body, reqs[1].body)
			}
		})
	}
}

func TestPost429Exhausted(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 429, `{"status":"ERROR","message":"rate limited"}`)
	})
	c := newClient(t, srv.URL)
	err := invoke(context.Background(), c, "POST")
	if rec.count() != 4 || !IsTransient(err) || IsAmbiguous(err) || !strings.Contains(err.Error(), "HTTP 429: rate limited (after 4 attempts in ") {
		t.Errorf("%d attempts, err %v", rec.count(), err)
	}
}

func TestConnectionRefusedIsRetriedForWrites(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // nothing listens there any more
	var mu sync.Mutex
	var attempts []int
	c := newClient(t, "http://"+addr, func(c *Config) {
		c.Log = func(_ context.Context, _ string, msg string, f map[string]any) {
			if msg == "sendblue: sending request" {
				mu.Lock()
				attempts = append(attempts, f["attempt"].(int))
				mu.Unlock()
			}
		}
	})
	err = invoke(context.Background(), c, "POST")
	e := asAPIError(t, err)
	if e.StatusCode != 0 || !strings.Contains(e.Message, "connection refused (after 4 attempts in ") || !e.Transient || e.Ambiguous {
		t.Errorf("got %+v", e)
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(attempts) != "[1 2 3 4]" {
		t.Errorf("attempts logged %v, want [1 2 3 4]", attempts)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	cases := []struct {
		header, value string
		min, max      time.Duration
	}{
		{"Retry-After", "1", 950 * time.Millisecond, 2500 * time.Millisecond},
		{"retry-after-ms", "50", 45 * time.Millisecond, 900 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.header, func(t *testing.T) {
			t.Parallel()
			srv, rec := newServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
				if n == 1 {
					w.Header().Set(tc.header, tc.value)
					writeJSON(w, 429, `{"status":"ERROR","message":"slow down"}`)
					return
				}
				writeJSON(w, 200, okList)
			})
			c := newClient(t, srv.URL)
			if _, err := c.List(context.Background()); err != nil {
				t.Fatal(err)
			}
			reqs := rec.all()
			if len(reqs) != 2 {
				t.Fatalf("%d attempts", len(reqs))
			}
			if gap := reqs[1].at.Sub(reqs[0].at); gap < tc.min || gap > tc.max {
				t.Errorf("waited %v, want between %v and %v", gap, tc.min, tc.max)
			}
		})
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "30")
		writeJSON(w, 429, `{"status":"ERROR","message":"slow down"}`)
	})
	c := newClient(t, srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.List(ctx)
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("took %v after cancel", elapsed)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	var e *APIError
	if errors.As(err, &e) || IsTransient(err) {
		t.Errorf("a canceled call must not look transient: %v", err)
	}
	if !strings.Contains(err.Error(), "stopped while waiting to retry (1 attempt in ") || rec.count() != 1 {
		t.Errorf("err %v after %d attempts", err, rec.count())
	}
}

func TestCancelDuringWrite(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t, slowHandler)
	c := newClient(t, srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	err := invoke(ctx, c, "POST")
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("took %v after cancel", elapsed)
	}
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "may or may not have been applied") {
		t.Errorf("got %v", err)
	}
}

func TestDeadlineBeforeNextAttempt(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "30")
		writeJSON(w, 429, `{"status":"ERROR","message":"slow down"}`)
	})
	c := newClient(t, srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.List(ctx)
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("waited %v for a retry that could not happen in time", elapsed)
	}
	e := asAPIError(t, err)
	if e.StatusCode != 429 || !e.Transient || !strings.Contains(e.Message, "rate limited by Sendblue; retry after 30s (at ") ||
		!strings.Contains(e.Message, "the API said: slow down") || rec.count() != 1 {
		t.Errorf("got %+v after %d attempts", e, rec.count())
	}
}

// Without a server's wish, a backoff that does not fit before the deadline
// stops the retries too, saying so.
func TestBackoffBeyondDeadline(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 503, `{"status":"ERROR","message":"busy"}`)
	})
	c := newClient(t, srv.URL, func(c *Config) { c.Retry = RetryPolicy{MaxAttempts: 5, WaitMin: time.Hour, WaitMax: time.Hour} })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := c.List(ctx)
	e := asAPIError(t, err)
	if e.StatusCode != 503 || !e.Transient || !strings.Contains(e.Message, "busy (after 1 attempt in ") ||
		!strings.Contains(e.Message, "time budget ends before the next attempt") || rec.count() != 1 {
		t.Errorf("got %+v after %d attempts", e, rec.count())
	}
}

func TestAlreadyCanceled(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, okList) })
	c := newClient(t, srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, m := range []string{"GET", "POST", "PUT", "DELETE"} {
		if err := invoke(ctx, c, m); !errors.Is(err, context.Canceled) || IsTransient(err) {
			t.Errorf("%s: %v", m, err)
		}
	}
	if rec.count() != 0 {
		t.Errorf("%d requests reached the server", rec.count())
	}
}

// TestSecretsNeverLeak makes the server echo every secret it was sent (the
// API secret, webhook and global secrets) in every kind of failure, and
// checks the error strings and log lines.
func TestSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	const (
		whSecret     = "whsec-Hook-8812"
		globalSecret = "glob-Secret-5521"
	)
	secrets := []string{testSecret, testKey, whSecret, globalSecret}
	echo := "echo: key " + testKey + " secret " + testSecret + " hook " + whSecret + " global " + globalSecret
	shapes := []func(w http.ResponseWriter){
		func(w http.ResponseWriter) { writeJSON(w, 400, `{"status":"ERROR","message":"`+echo+`"}`) },
		func(w http.ResponseWriter) { writeJSON(w, 200, `{"status":"ERROR","message":"`+echo+`"}`) },
		func(w http.ResponseWriter) { writeJSON(w, 401, `{"status":"ERROR","message":"`+echo+`"}`) },
		func(w http.ResponseWriter) { writeJSON(w, 500, `{"status":"ERROR","message":"`+echo+`"}`) },
		func(w http.ResponseWriter) { writeJSON(w, 429, `{"status":"ERROR","message":"`+echo+`"}`) },
		func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(502)
			_, _ = io.WriteString(w, echo)
		},
		func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			_, _ = io.WriteString(w, "<p>"+echo+"</p>")
		},
		func(w http.ResponseWriter) {
			writeJSON(w, 200, `{"status":"OK","webhooks":{"receive":[{"secret":"`+whSecret+`"}]}}`)
		},
		// A long message: the cap must not leave half a secret behind.
		func(w http.ResponseWriter) {
			writeJSON(w, 400, `{"status":"ERROR","message":"`+strings.Repeat("a", maxMessageLen-10)+testSecret+`"}`)
		},
	}
	var mu sync.Mutex
	var logs []string
	logFn := func(_ context.Context, level, msg string, fields map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		logs = append(logs, fmt.Sprintf("%s %s %v", level, msg, fields))
	}
	for i, shape := range shapes {
		srv, _ := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) { shape(w) })
		c := newClient(t, srv.URL, func(c *Config) { c.Log = logFn })
		ctx := context.Background()
		_, errAdd := c.Add(ctx, AddRequest{Type: TypeReceive, Webhooks: []Webhook{{URL: "https://a.example", Secret: whSecret}}, GlobalSecret: globalSecret})
		_, errPut := c.Replace(ctx, &Configuration{Webhooks: map[WebhookType][]Webhook{TypeReceive: {{URL: "https://a.example", Secret: whSecret}}}, GlobalSecret: globalSecret})
		for _, err := range []error{errAdd, errPut} {
			if err == nil {
				t.Fatalf("shape %d: no error", i)
			}
			for _, s := range secrets {
				if strings.Contains(err.Error(), s) {
					t.Errorf("shape %d: error leaks %q: %v", i, s, err)
				}
			}
			if i <= 5 && !strings.Contains(err.Error(), "***") {
				t.Errorf("shape %d: echoed secrets should show as ***: %v", i, err)
			}
			if strings.Contains(err.Error(), testSecret[:6]) && !strings.Contains(err.Error(), "***") {
				t.Errorf("shape %d: part of the API secret left: %v", i, err)
			}
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(logs) == 0 {
		t.Fatal("Log was never called")
	}
	for _, line := range logs {
		for _, s := range []string{testSecret, whSecret, globalSecret} {
			if strings.Contains(line, s) {
				t.Errorf("log line leaks %q: %s", s, line)
			}
		}
	}
}

type ctxKey struct{}

func TestLog(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			writeJSON(w, 503, `{"status":"ERROR","message":"busy"}`)
			return
		}
		writeJSON(w, 200, okList)
	})
	type line struct {
		level, msg string
		fields     map[string]any
		tagged     bool
	}
	var mu sync.Mutex
	var lines []line
	c := newClient(t, srv.URL, func(c *Config) {
		c.Log = func(ctx context.Context, level, msg string, fields map[string]any) {
			mu.Lock()
			defer mu.Unlock()
			lines = append(lines, line{level, msg, fields, ctx.Value(ctxKey{}) == "tag"})
		}
	})
	ctx := context.WithValue(context.Background(), ctxKey{}, "tag")
	if _, err := c.List(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	var got []string
	for _, l := range lines {
		got = append(got, fmt.Sprintf("%s %s %v %v", l.level, l.msg, l.fields["attempt"], l.fields["status"]))
		if !l.tagged {
			t.Errorf("%q was logged without the caller's context", l.msg)
		}
		if l.fields["method"] != "GET" || l.fields["path"] != "/api/account/webhooks" {
			t.Errorf("fields %v", l.fields)
		}
		for k := range l.fields {
			if k == "header" || k == "headers" || k == "body" {
				t.Errorf("field %q must not be logged", k)
			}
		}
	}
	want := []string{
		"trace sendblue: sending request 1 <nil>",
		"debug sendblue: received answer 1 503",
		"warn sendblue: retrying 1 <nil>",
		"trace sendblue: sending request 2 <nil>",
		"debug sendblue: received answer 2 200",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("log lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, l := range lines {
		if l.msg == "sendblue: retrying" && (l.fields["reason"] != "busy" || l.fields["wait_ms"] == nil) {
			t.Errorf("retry line %v", l.fields)
		}
		if l.msg == "sendblue: received answer" && l.fields["duration_ms"] == nil {
			t.Errorf("answer line without duration: %v", l.fields)
		}
	}
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

func TestMessageCapped(t *testing.T) {
	t.Parallel()
	// The secret straddles the cap: redacting after cutting would leave its
	// first characters behind.
	long := strings.Repeat("a", maxMessageLen-5) + testSecret + strings.Repeat("b", 5000)
	srv, _ := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 400, `{"status":"ERROR","message":"`+long+`"}`)
	})
	c := newClient(t, srv.URL)
	err := invoke(context.Background(), c, "POST")
	e := asAPIError(t, err)
	if n := len([]rune(e.Message)); n > maxMessageLen+1 || n < maxMessageLen {
		t.Errorf("message of %d runes, want the cap of %d", n, maxMessageLen)
	}
	if strings.Contains(err.Error(), testSecret[:5]) || !strings.Contains(e.Message, "***") {
		t.Errorf("secret not redacted before the cut: %q", e.Message)
	}
}

func TestTLSFailuresArePermanent(t *testing.T) {
	t.Parallel()
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, okList) }))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the rejected handshake is expected
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	plain, rec := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, okList) })
	cases := map[string]string{
		tlsSrv.URL: "TLS certificate rejected", // self-signed, not trusted
		strings.Replace(plain.URL, "http://", "https://", 1): "does not speak TLS",
	}
	for base, want := range cases {
		c := newClient(t, base)
		_, err := c.List(context.Background())
		e := asAPIError(t, err)
		if !strings.Contains(e.Message, want) || e.Transient || e.Ambiguous || strings.Contains(e.Message, "after") {
			t.Errorf("%s: got %+v, want a permanent %q after one attempt", base, e, want)
		}
	}
	if rec.count() != 0 {
		t.Errorf("plain server saw %d HTTP requests", rec.count())
	}
	// The same server, trusted through Config.HTTPClient's transport.
	c := newClient(t, tlsSrv.URL, func(c *Config) { c.HTTPClient = tlsSrv.Client() })
	if _, err := c.List(context.Background()); err != nil {
		t.Errorf("trusted TLS server: %v", err)
	}
}

// An unresolvable host fails at once: another attempt meets the same name.
func TestDNSFailureFailsAtOnce(t *testing.T) {
	t.Parallel()
	var dials int
	var mu sync.Mutex
	tr := &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
		mu.Lock()
		dials++
		mu.Unlock()
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "api.sendblue.invalid", IsNotFound: true}}
	}}
	c := newClient(t, "https://api.sendblue.invalid", func(c *Config) { c.HTTPClient = &http.Client{Transport: tr} })
	for _, m := range []string{"GET", "DELETE"} {
		err := invoke(context.Background(), c, m)
		e := asAPIError(t, err)
		if !strings.Contains(e.Message, "DNS lookup failed") || !strings.Contains(e.Message, "check the host name in the base URL") ||
			e.Transient || e.Ambiguous || strings.Contains(e.Message, "after") {
			t.Errorf("%s: got %+v", m, e)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if dials != 2 {
		t.Errorf("%d dials, want 2 (one per call)", dials)
	}
}

// A secret the client has seen, of any webhook, is redacted from later
// error text too: the API could quote the account's configuration in a
// refusal that concerns another webhook.
func TestErrorsRedactSecretsReadBack(t *testing.T) {
	const other = "secret-of-another-webhook"
	const global = "the-global-secret"
	srv, _ := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, `{"status":"OK","webhooks":{"receive":[{"url":"https://a.example/x","secret":"`+other+`"}],"globalSecret":"`+global+`"}}`)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"status":"ERROR","message":"conflicts with `+other+` and `+global+`"}`)
	})
	c := newClient(t, srv.URL)
	if _, err := c.List(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err := c.Add(context.Background(), AddRequest{Type: TypeCallLog, Webhooks: []Webhook{{URL: "https://b.example/y"}}})
	if err == nil {
		t.Fatal("Add succeeded against a refusing server")
	}
	for _, s := range []string{other, global} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error text %q contains a secret read back earlier", err)
		}
	}
	if !strings.Contains(err.Error(), "conflicts with ***") {
		t.Errorf("error text %q lost the API's message", err)
	}
}

// Under the current API "status" is optional: an answer without it that
// holds what the call needs is good.
func TestStatusIsOptional(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, 200, `{"webhooks":{"receive":["https://a.example/hook"]}}`)
		case http.MethodDelete:
			writeJSON(w, 200, `{}`)
		default:
			writeJSON(w, 200, `{"message":"Webhooks updated"}`)
		}
	})
	c := newClient(t, srv.URL)
	ctx := context.Background()
	cfg, err := c.List(ctx)
	if err != nil || len(cfg.Get(TypeReceive)) != 1 {
		t.Errorf("List: %+v, %v", cfg, err)
	}
	for _, m := range []string{"POST", "PUT", "DELETE"} {
		if err := invoke(ctx, c, m); err != nil {
			t.Errorf("%s: %v", m, err)
		}
	}
	if rec.count() != 4 {
		t.Errorf("%d requests, want 4", rec.count())
	}
}
