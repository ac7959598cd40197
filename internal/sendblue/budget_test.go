package sendblue

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// These tests run the client with its default time limits against the mock's
// fault modes, inside a synctest bubble: time is fake, so two minutes of
// waiting take no time and the elapsed times are exact, not raced.

// handlerTransport serves requests with h in-process (no sockets), so that
// everything the call waits on is inside the bubble.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	in := req.Clone(req.Context())
	if in.Body == nil {
		in.Body = http.NoBody // a server's request always has a body
	}
	t.h.ServeHTTP(rec, in)
	if err := req.Context().Err(); err != nil {
		return nil, err // the client gave up while the handler was busy
	}
	return rec.Result(), nil
}

// defaultClient is a client with every default (request timeout, budget,
// retry policy) against m. The host is reserved (.invalid): nothing would
// resolve it, and nothing tries.
func defaultClient(t *testing.T, m *mock.Server) *Client {
	t.Helper()
	c, err := New(Config{
		BaseURL: "https://api.sendblue.invalid", APIKey: mock.DefaultAPIKey, APISecret: mock.DefaultAPISecret,
		HTTPClient: &http.Client{Transport: handlerTransport{m}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// An API that accepts requests and never answers: the call ends at the
// default budget (two minutes) with an error naming the request, the
// attempts and the time spent.
func TestBudget_hungAPIEndsWithinTheDefaultBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := mock.New(mock.Options{})
		m.FailNext(1000, mock.HangFault())
		c := defaultClient(t, m)
		start := time.Now()
		_, err := c.List(context.Background())
		elapsed := time.Since(start)
		if elapsed != DefaultBudget {
			t.Errorf("took %v, want the default budget %v", elapsed, DefaultBudget)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want a deadline", err)
		}
		for _, want := range []string{
			"sendblue: GET /api/account/webhooks: ", "the operation's time budget ran out during attempt 4",
			"4 attempts in 2m0s", "each attempt waits at most 30s",
		} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks %q", err, want)
			}
		}
		if n := m.Requests()["GET"]; n != 4 {
			t.Errorf("%d requests, want 4 (three timed out after 30s each, the fourth cut by the budget)", n)
		}
	})
}

// The same through the account layer, as a plan reads: the caller's
// deadline (a resource's read timeout) bounds the shared list call.
func TestBudget_hungAPIEndsAtTheCallersDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := mock.New(mock.Options{})
		m.FailNext(1000, mock.HangFault())
		a := NewAccount(defaultClient(t, m), AccountOptions{})
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		start := time.Now()
		_, err := a.Snapshot(ctx)
		if elapsed := time.Since(start); elapsed != 90*time.Second {
			t.Errorf("took %v, want the caller's 90s", elapsed)
		}
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "GET /api/account/webhooks") {
			t.Errorf("err = %v", err)
		}
	})
}

// A Retry-After longer than the budget fails at once, saying when to retry;
// one that fits is waited out exactly.
func TestBudget_retryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := mock.New(mock.Options{})
		c := defaultClient(t, m)

		m.FailNext(1, mock.RateLimitFault("3600"))
		start := time.Now()
		_, err := c.List(context.Background())
		if elapsed := time.Since(start); elapsed != 0 {
			t.Errorf("took %v, want no wait at all", elapsed)
		}
		at := start.Add(time.Hour).UTC().Format("2006-01-02 15:04:05 UTC")
		for _, want := range []string{"GET /api/account/webhooks: HTTP 429: rate limited by Sendblue; retry after 1h0m0s (at " + at + ")", "the API said: Too many requests"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("error %v lacks %q", err, want)
			}
		}
		if !IsRateLimited(err) || m.Requests()["GET"] != 1 {
			t.Errorf("rate limited %v after %d requests", IsRateLimited(err), m.Requests()["GET"])
		}

		m.ResetCounters()
		m.FailNext(1, mock.RateLimitFault("5"))
		start = time.Now()
		if _, err := c.List(context.Background()); err != nil {
			t.Fatal(err)
		}
		if elapsed := time.Since(start); elapsed != 5*time.Second || m.Requests()["GET"] != 2 {
			t.Errorf("took %v and %d requests, want the 5s asked for and 2", elapsed, m.Requests()["GET"])
		}
	})
}

// The shared list call of the account layer carries the latest deadline of
// its callers: a Retry-After that fits in the caller's 10 minutes is waited
// out, though it is beyond the client's own default budget.
func TestBudget_sharedCallUsesTheCallersDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := mock.New(mock.Options{})
		a := NewAccount(defaultClient(t, m), AccountOptions{})
		m.FailNext(1, mock.RateLimitFault("300"))
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		start := time.Now()
		if _, err := a.Snapshot(ctx); err != nil {
			t.Fatal(err)
		}
		if elapsed := time.Since(start); elapsed != 5*time.Minute {
			t.Errorf("took %v, want the 5m asked for", elapsed)
		}
	})
}

// Answers no retry can cure fail at once, with one request.
func TestBudget_hopelessAnswersFailAtOnce(t *testing.T) {
	cases := map[string]struct {
		f    mock.Fault
		want string
	}{
		"HTML 200":       {mock.HTMLFault(), "HTTP 200: non-JSON answer (text/html, "},
		"missing status": {mock.NoStatusFault(), `HTTP 200: unexpected JSON answer (application/json, 16 bytes): no "webhooks" configuration in the answer`},
		"400":            {mock.Fault{Status: 400}, "HTTP 400: injected fault"},
		"409":            {mock.Fault{Status: 409}, "HTTP 409: injected fault"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				m := mock.New(mock.Options{})
				c := defaultClient(t, m)
				m.FailNext(1000, tc.f)
				start := time.Now()
				_, err := c.List(context.Background())
				if elapsed := time.Since(start); elapsed != 0 {
					t.Errorf("took %v, want no wait", elapsed)
				}
				if err == nil || !strings.Contains(err.Error(), tc.want) || IsTransient(err) {
					t.Errorf("err = %v, want a permanent %q", err, tc.want)
				}
				if n := m.Requests()["GET"]; n != 1 {
					t.Errorf("%d requests, want 1", n)
				}
			})
		})
	}
}
