package sendblue

import (
	"context"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy is the one retry policy of the project: the client uses it for
// transport-level retries and the account layer reuses it when it has to
// look (List) before trying a write again. Zero fields take the defaults of
// DefaultRetryPolicy, so a zero RetryPolicy behaves like the default one.
type RetryPolicy struct {
	MaxAttempts int           // total attempts including the first; default 10
	WaitMin     time.Duration // first wait; default 500ms
	WaitMax     time.Duration // longest wait; default 10s (so 10 attempts span about a minute)
}

// Defaults of RetryPolicy. Ten attempts waiting 0.5s, 1s, 2s, 4s, 8s, then
// 10s each add up to about a minute: long enough to ride out a rate limit or
// a short outage, short enough for an interactive terraform apply.
const (
	defaultMaxAttempts = 10
	defaultMinWait     = 500 * time.Millisecond
	defaultMaxWait     = 10 * time.Second

	// maxRetryAfter caps a server's Retry-After so that a wrong header
	// cannot stall a run for an hour.
	maxRetryAfter = 60 * time.Second

	// jitterFraction is how much of the exponential wait is randomly taken
	// off, so that parallel Terraform operations do not retry in lockstep.
	jitterFraction = 0.25
)

// DefaultRetryPolicy returns 10 attempts waiting from 500ms up to 10s.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: defaultMaxAttempts, WaitMin: defaultMinWait, WaitMax: defaultMaxWait}
}

// withDefaults fills zero (or nonsensical) fields from DefaultRetryPolicy.
func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = defaultMaxAttempts
	}
	if p.WaitMin <= 0 {
		p.WaitMin = defaultMinWait
	}
	if p.WaitMax <= 0 {
		p.WaitMax = defaultMaxWait
	}
	if p.WaitMax < p.WaitMin {
		p.WaitMax = p.WaitMin
	}
	return p
}

// Backoff returns the wait before attempt n+1 after attempt n (n starts at
// 1) failed: WaitMin doubled for each earlier failure, capped at WaitMax,
// minus up to 25% of jitter. When resp carries retry-after-ms (milliseconds)
// or Retry-After (seconds or an HTTP date), the server knows best and that
// value wins, capped at 60s and never negative.
func (p RetryPolicy) Backoff(n int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header, time.Now()); ok {
			return d
		}
	}
	lo, hi := p.backoffRange(n)
	if hi <= lo {
		return hi
	}
	return lo + rand.N(hi-lo+1) //nolint:gosec // jitter spreads retries; it protects nothing, so a non-cryptographic source is right

}

// backoffRange returns the bounds of the jittered exponential wait after
// attempt n, without any server hint. Tests add these up instead of sleeping.
func (p RetryPolicy) backoffRange(n int) (lo, hi time.Duration) {
	p = p.withDefaults()
	if n < 1 {
		n = 1
	}
	hi = p.WaitMin
	for i := 1; i < n && hi < p.WaitMax; i++ {
		hi *= 2
	}
	if hi > p.WaitMax {
		hi = p.WaitMax
	}
	lo = hi - time.Duration(float64(hi)*jitterFraction)
	return lo, hi
}

// retryAfter reads the server's hint: retry-after-ms first (it is the more
// precise of the two), then Retry-After as seconds or as an HTTP date.
// Unparsable values are ignored.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	clamp := func(d time.Duration) time.Duration {
		return min(max(d, 0), maxRetryAfter)
	}
	if v := strings.TrimSpace(h.Get("retry-after-ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && !math.IsNaN(ms) {
			// Clamp in float first: a huge value must not overflow Duration.
			return clamp(time.Duration(min(max(ms, 0), float64(maxRetryAfter/time.Millisecond)) * float64(time.Millisecond))), true
		}
	}
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if s, err := strconv.ParseFloat(v, 64); err == nil && !math.IsNaN(s) {
			return clamp(time.Duration(min(max(s, 0), maxRetryAfter.Seconds()) * float64(time.Second))), true
		}
		if t, err := http.ParseTime(v); err == nil {
			return clamp(t.Sub(now)), true
		}
	}
	return 0, false
}

// Sleep waits d, or less when ctx is done first (then it returns ctx.Err()),
// so that a canceled Terraform operation never sits out a backoff.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
