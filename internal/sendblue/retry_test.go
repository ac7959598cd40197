package sendblue

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

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
		got, asked := p.delay(3, tc.resp)
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
		if got, asked := p.delay(3, r); asked || got < lo3 || got > hi3 {
			t.Errorf("%s: wait = %v, %v; want the exponential wait", name, got, asked)
		}
	}
	synctest.Test(t, func(t *testing.T) {
		// The bubble's clock starts on a whole second, which is all an HTTP
		// date can say, and stands still meanwhile: the wait is exact.
		future := resp("Retry-After", time.Now().Add(5*time.Second).UTC().Format(http.TimeFormat))
		if got := p.Backoff(1, future); got != 5*time.Second {
			t.Errorf("Retry-After date 5s ahead: Backoff = %v", got)
		}
	})
	for _, garbage := range []string{"soon", "NaN", ""} {
		if got := p.Backoff(1, resp("Retry-After", garbage, "retry-after-ms", garbage)); got < 75*time.Millisecond || got > 100*time.Millisecond {
			t.Errorf("unparsable hint %q must fall back to the exponential wait, got %v", garbage, got)
		}
	}
}

func TestSleep(t *testing.T) {
	t.Parallel()
	synctest.Test(t, testSleep)
}

func testSleep(t *testing.T) {
	start := time.Now()
	if err := Sleep(context.Background(), 20*time.Millisecond); err != nil || time.Since(start) != 20*time.Millisecond {
		t.Errorf("Sleep: err %v after %v", err, time.Since(start))
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	start = time.Now()
	if err := Sleep(ctx, time.Minute); !errors.Is(err, context.Canceled) || time.Since(start) != 20*time.Millisecond {
		t.Errorf("Sleep on cancel: err %v after %v", err, time.Since(start))
	}
	if err := Sleep(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep(0) on a done context: %v", err)
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

// A closed port is tried again only a few times (ConnectAttempts, within
// MaxAttempts), writes too, since nothing was sent; the error names the
// endpoint as requested.
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
				attempt, _ := f["attempt"].(int)
				attempts = append(attempts, attempt)
				mu.Unlock()
			}
		}
	})
	err = invoke(context.Background(), c, "POST")
	e := asAPIError(t, err)
	if e.StatusCode != 0 || !strings.Contains(e.Message, "connection refused by "+addr+": nothing accepts connections there (after 3 attempts in ") ||
		!e.Transient || e.Ambiguous || e.Failure != FailureRefused || e.Endpoint != addr {
		t.Errorf("got %+v", e)
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(attempts) != "[1 2 3]" {
		t.Errorf("attempts logged %v, want [1 2 3]", attempts)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	cases := []struct {
		header, value string
		want          time.Duration
	}{
		{"Retry-After", "1", time.Second},
		{"retry-after-ms", "50", 50 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.header, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				c, rec := newBubbleClient(t, func(n int, w http.ResponseWriter, _ *http.Request) {
					if n == 1 {
						w.Header().Set(tc.header, tc.value)
						writeJSON(w, 429, `{"status":"ERROR","message":"slow down"}`)
						return
					}
					writeJSON(w, 200, okList)
				})
				if _, err := c.List(context.Background()); err != nil {
					t.Fatal(err)
				}
				reqs := rec.all()
				if len(reqs) != 2 {
					t.Fatalf("%d attempts", len(reqs))
				}
				if gap := reqs[1].at.Sub(reqs[0].at); gap != tc.want {
					t.Errorf("waited %v, want %v", gap, tc.want)
				}
			})
		})
	}
}

// throttled30s answers every request 429, asking for a retry in 30 seconds.
func throttled30s(_ int, w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Retry-After", "30")
	writeJSON(w, 429, `{"status":"ERROR","message":"slow down"}`)
}

// A Retry-After beyond the deadline ends the call at once.
func TestDeadlineBeforeNextAttempt(t *testing.T) {
	t.Parallel()
	synctest.Test(t, testDeadlineBeforeNextAttempt)
}

func testDeadlineBeforeNextAttempt(t *testing.T) {
	c, rec := newBubbleClient(t, throttled30s)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.List(ctx)
	if elapsed := time.Since(start); elapsed != 0 {
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
