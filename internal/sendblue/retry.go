package sendblue

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// RetryPolicy is the one retry policy of the project: the client uses it for
// transport-level retries and the account layer reuses it when it has to
// look (List) before trying a write again. Zero fields take the defaults of
// DefaultRetryPolicy, so a zero RetryPolicy behaves like the default one.
type RetryPolicy struct {
	MaxAttempts int           // total attempts including the first; default 10
	WaitMin     time.Duration // first wait; default 500ms
	WaitMax     time.Duration // longest wait; default 10s (so 10 attempts span about a minute)
	// ConnectAttempts bounds the attempts (within MaxAttempts) of a call
	// whose requests find nothing listening at the endpoint or no route to
	// it; default 3, which with the default waits gives up within about 2s.
	// A closed port or a wrong host does not open in a minute; a server
	// restarting does in a second or two.
	ConnectAttempts int
}

// Defaults of RetryPolicy. Ten attempts waiting 0.5s, 1s, 2s, 4s, 8s, then
// 10s each add up to about a minute, within the time budget of an operation
// (DefaultBudget, or the resource's timeouts): long enough to ride out a
// short outage, short enough for an interactive terraform plan.
const (
	defaultMaxAttempts     = 10
	defaultMinWait         = 500 * time.Millisecond
	defaultMaxWait         = 10 * time.Second
	defaultConnectAttempts = 3

	// maxServerWait bounds a server's retry-after-ms so that a huge value
	// cannot overflow a Duration; anything that long is past every budget.
	maxServerWait = 24 * time.Hour

	// jitterFraction is how much of the exponential wait is randomly taken
	// off, so that parallel Terraform operations do not retry in lockstep.
	jitterFraction = 0.25
)

// DefaultMaxRetries is how many times a failed request is tried again by
// default (DefaultRetryPolicy's MaxAttempts minus the first attempt).
const DefaultMaxRetries = defaultMaxAttempts - 1

// DefaultRetryPolicy returns 10 attempts waiting from 500ms up to 10s, 3 of
// them when nothing accepts the connection.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: defaultMaxAttempts, WaitMin: defaultMinWait, WaitMax: defaultMaxWait, ConnectAttempts: defaultConnectAttempts}
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
	if p.ConnectAttempts <= 0 {
		p.ConnectAttempts = defaultConnectAttempts
	}
	return p
}

// Backoff returns the wait before attempt n+1 after attempt n (n starts at
// 1) failed: the server's own wish when resp carries one (see serverWait),
// else WaitMin doubled for each earlier failure, capped at WaitMax, minus up
// to 25% of jitter. A server's wish is not capped here: the caller compares
// it with its time budget and gives up at once when it does not fit.
func (p RetryPolicy) Backoff(n int, resp *http.Response) time.Duration {
	d, _ := p.delay(n, resp)
	return d
}

// delay is Backoff, also saying whether the server chose the wait.
func (p RetryPolicy) delay(n int, resp *http.Response) (time.Duration, bool) {
	if d, ok := serverWait(resp); ok {
		return d, true
	}
	lo, hi := p.backoffRange(n)
	if hi <= lo {
		return hi, false
	}
	return lo + rand.N(hi-lo+1), false //nolint:gosec // jitter spreads retries; it protects nothing, so a non-cryptographic source is right
}

// retryVerdict is what the policy says after a failed attempt that another
// attempt may cure.
type retryVerdict int

const (
	retryAfterWait    retryVerdict = iota // wait, then make the next attempt
	retryExhausted                        // the attempts are spent
	retryPastBudget                       // the backoff does not fit before ctx's deadline
	retryAskedTooLong                     // the server's wish does not fit before ctx's deadline
)

// next is the one retry decision, consulted by both loops that try again:
// the client's attempts of one call (attempts.go) and the account layer's
// attempts of a batched write (batchrun.go). After attempt n failed, it
// returns the wait before attempt n+1 (the server's wish in resp, else the
// backoff) and whether that attempt may be made: not when the attempts are
// spent (ConnectAttempts of them when noConnection says the request never
// reached a server), nor when the wait does not fit before ctx's deadline,
// since sleeping past the budget only to fail is worse than failing now.
func (p RetryPolicy) next(ctx context.Context, n int, resp *http.Response, noConnection bool) (time.Duration, retryVerdict) {
	p = p.withDefaults()
	wait, asked := p.delay(n, resp)
	dl, hasDL := ctx.Deadline()
	fits := !hasDL || time.Until(dl) >= wait
	switch {
	case asked && !fits:
		return wait, retryAskedTooLong
	case n >= p.MaxAttempts, noConnection && n >= p.ConnectAttempts:
		return wait, retryExhausted
	case !fits:
		return wait, retryPastBudget
	}
	return wait, retryAfterWait
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

// serverWait reads how long the server asks the client to wait: the
// retry-after-ms header of Sendblue's SDKs (milliseconds; retryablehttp does
// not know it), else a Retry-After on a 429 or 503, in seconds or as an HTTP
// date, as retryablehttp's DefaultBackoff reads it. A wish of zero or in the
// past, or an unparsable one, is no wish: the exponential backoff applies.
func serverWait(resp *http.Response) (time.Duration, bool) {
	if resp == nil {
		return 0, false
	}
	if v := strings.TrimSpace(resp.Header.Get("retry-after-ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && !math.IsNaN(ms) && ms > 0 {
			// Clamp in float first: a huge value must not overflow Duration.
			return time.Duration(min(ms, float64(maxServerWait/time.Millisecond)) * float64(time.Millisecond)), true
		}
	}
	// With no minimum and no maximum, DefaultBackoff's exponential part is
	// zero, so anything above zero is the server's Retry-After.
	if d := retryablehttp.DefaultBackoff(0, 0, 0, resp); d > 0 {
		return d, true
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

// retryWait applies the retry policy to an attempt that failed in a way
// another attempt may cure (out.retry): it returns the wait before the next
// attempt, or false when there is none, saying why in out. A wait the server
// asked for (Retry-After) that does not fit in what is left of the time
// budget fails at once with a message saying when to try again, rather than
// sleeping past the budget; so does a backoff that does not fit.
func (st *call) retryWait(ctx context.Context, resp *http.Response, out *outcome) (time.Duration, bool) {
	wait, verdict := st.c.retry.next(ctx, st.attempt, resp, out.err.Failure.noConnection())
	switch verdict {
	case retryAskedTooLong:
		dl, _ := ctx.Deadline()
		out.err.Message = serverWaitMessage(out.err, wait, time.Until(dl))
	case retryExhausted:
		out.exhausted = true
	case retryPastBudget:
		out.deadline = true
		out.err.DeadlineFirst = deadlineName(ctx)
		if out.err.DeadlineFirst == "" {
			out.err.DeadlineFirst = "the operation's time budget"
		}
	default:
		return wait, true
	}
	out.retry = false
	return 0, false
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
