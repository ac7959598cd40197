package sendblue

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// hijack closes the connection, after writing raw if any: a server that
// dies mid-answer.
func hijack(t *testing.T, w http.ResponseWriter, raw string) {
	conn, buf, err := http.NewResponseController(w).Hijack()
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

// Each attempt ends at the request timeout: a GET is tried again after
// the backoff, a POST (which may have landed) is not. Time is the bubble's,
// so the elapsed time is exact.
func TestSlowServerTimesOut(t *testing.T) {
	t.Parallel()
	for _, method := range []string{"GET", "POST"} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) { testSlowServerTimesOut(t, method) })
		})
	}
}

func testSlowServerTimesOut(t *testing.T, method string) {
	c, rec := newBubbleClient(t, slowHandler, func(c *Config) {
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
	// Two timeouts and the one backoff between them (at most
	// clientRetry's first wait).
	if lo := time.Duration(want) * 100 * time.Millisecond; elapsed < lo || elapsed > lo+clientRetry.WaitMin {
		t.Errorf("took %v", elapsed)
	}
}

func TestSlowBodyTimesOut(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "500")
		w.WriteHeader(200)
		_, _ = io.WriteString(w, `{"status":"OK",`)
		_ = http.NewResponseController(w).Flush()
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

// returnsAtCancel runs call with a context canceled after d of the bubble's
// fake clock, checks that call returned at the cancel, not later, and returns
// its error.
func returnsAtCancel(t *testing.T, d time.Duration, call func(ctx context.Context) error) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(d, cancel)
	start := time.Now()
	err := call(ctx)
	if elapsed := time.Since(start); elapsed != d {
		t.Errorf("took %v, want the %v until the cancel", elapsed, d)
	}
	return err
}

// A cancel during a 30s Retry-After ends the call at once.
func TestCancelDuringBackoff(t *testing.T) {
	t.Parallel()
	synctest.Test(t, testCancelDuringBackoff)
}

func testCancelDuringBackoff(t *testing.T) {
	c, rec := newBubbleClient(t, throttled30s)
	err := returnsAtCancel(t, 100*time.Millisecond, func(ctx context.Context) error {
		_, err := c.List(ctx)
		return err
	})
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

// A cancel while a write waits for its answer ends the call at once, and
// says the write may have been applied.
func TestCancelDuringWrite(t *testing.T) {
	t.Parallel()
	synctest.Test(t, testCancelDuringWrite)
}

func testCancelDuringWrite(t *testing.T) {
	c, _ := newBubbleClient(t, slowHandler)
	err := returnsAtCancel(t, 50*time.Millisecond, func(ctx context.Context) error { return invoke(ctx, c, "POST") })
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "may or may not have been applied") {
		t.Errorf("got %v", err)
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
