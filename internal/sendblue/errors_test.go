package sendblue

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

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
		{"401 quotes the API", "GET", func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 401, `{"status":"ERROR","message":"Invalid API key; is SENDBLUE_API_KEY set?"}`)
		}, want{401, 1, []string{"HTTP 401: the API refused the credentials (Invalid API key; is SENDBLUE_API_KEY set?)"}, false, false}},
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
