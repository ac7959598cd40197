package mock

import (
	"math/rand"
	"net"
	"net/http"
	"strings"
	"time"
)

// Fault describes how to misanswer a request, so clients' retries and error handling
// can be tested against every failure the API reference tells them to expect.
//
// A fault "answers" when any of Status, Body, Apply, ErrorInOK, ResetConn, Truncate,
// Hang, EchoRequest or LandLate is set; a fault with only Latency just delays the normal answer. Precedence when
// several are set: ResetConn, then Truncate, then ErrorInOK, then Status/Body.
type Fault struct {
	// Methods limits the fault to these HTTP methods (any case); empty means all.
	Methods []string
	// Lines queues the fault for the lines endpoints (call forwarding and line
	// state) instead of the webhooks paths: a queued fault is taken by requests of
	// its kind only, so that one queued for the webhooks is never used up by a
	// line-state read. Chaos applies to both.
	Lines bool
	// Status is the HTTP status to answer; 0 means 500, or 502 with Apply.
	Status int
	// Body replaces the default {"status":"ERROR","message":"injected fault"}.
	Body string
	// ContentType defaults to application/json.
	ContentType string
	// RetryAfter and RetryAfterMs set the Retry-After and retry-after-ms headers.
	RetryAfter   string
	RetryAfterMs string
	// Latency is slept before answering; a cancelled request ends the wait, and the
	// request is then neither applied nor answered.
	Latency time.Duration
	// Apply applies the request to the state first, then answers with the fault
	// ("applied but 502"), the case that tempts clients into double writes.
	Apply bool
	// ErrorInOK answers HTTP 200 with {"status":"ERROR","message":"injected error"}
	// (or Body, if set).
	ErrorInOK bool
	// ResetConn closes the connection without an answer. Note that Go's transport may
	// silently resend an idempotent request (GET) that fails this way on a reused
	// connection, using up the fault.
	ResetConn bool
	// Truncate answers 200 with a JSON body cut short: {"status":"OK","webh
	Truncate bool
	// Hang accepts the request and never answers, until the client gives up (its
	// request is canceled): an API that hangs. It takes precedence over all else.
	Hang bool
	// Arrived, when not nil, gets a value (sent without blocking, so give it room)
	// each time a request takes this fault: tests wait on it instead of polling or
	// sleeping.
	Arrived chan<- string
	// Hold, when not nil, keeps the request waiting after Latency (and after Apply,
	// which then applies at once) until Hold is closed, then answers as the fault
	// says; a request cancelled meanwhile is not answered. With Apply and Arrived, a
	// test interrupts a client at a known point: the write has landed, its answer
	// never comes.
	Hold <-chan struct{}
	// EchoRequest answers Status (400 when 0) with an ERROR whose message repeats the
	// request as a careless API or proxy would: its API secret header URL-encoded
	// (as in a query string) and its body as received (JSON, secrets and all). A
	// client must mask every encoding of a secret before it shows or logs the message.
	EchoRequest bool
	// LandLate models an add that takes longer than the client waits and lands
	// afterwards, without a clock: the request is neither applied nor answered while
	// the client waits (it is answered only by the client giving up), and it is
	// applied just after the mock answers the next list (GET) that arrives after it.
	// So the client's first look after giving up does not show the write, and every
	// later one does. It applies to POST only; queue it with Methods {"POST"}.
	LandLate bool
}

// Ready-made faults for the failures a client must not retry in vain or wait out.

// HangFault never answers (see Fault.Hang).
func HangFault() Fault { return Fault{Hang: true} }

// RateLimitFault answers 429 with the given Retry-After (seconds or an HTTP date),
// as an API that asks for a long pause would.
func RateLimitFault(retryAfter string) Fault {
	return Fault{Status: http.StatusTooManyRequests, RetryAfter: retryAfter,
		Body: `{"status":"ERROR","message":"Too many requests"}`}
}

// HTMLFault answers 200 with an HTML page, as a login page or a proxy in front of
// the API would.
func HTMLFault() Fault {
	return Fault{Status: http.StatusOK, ContentType: "text/html; charset=utf-8",
		Body: "<!doctype html><html><head><title>Sign in</title></head><body>Please sign in</body></html>"}
}

// NoStatusFault answers 200 with JSON that has neither "status" nor what any call
// needs ("webhooks"): a malformed success.
func NoStatusFault() Fault {
	return Fault{Status: http.StatusOK, Body: `{"message":"ok"}`}
}

type queuedFault struct {
	f    Fault
	left int
}

func (f Fault) matches(method string) bool {
	if len(f.Methods) == 0 {
		return true
	}
	for _, m := range f.Methods {
		if strings.EqualFold(m, method) {
			return true
		}
	}
	return false
}

func (f Fault) answers() bool {
	return f.Status != 0 || f.Body != "" || f.Apply || f.ErrorInOK || f.ResetConn || f.Truncate || f.Hang ||
		f.EchoRequest || f.LandLate
}

// arrive reports the request on f.Arrived, if set, without blocking.
func (f Fault) arrive(method string) {
	if f.Arrived == nil {
		return
	}
	select {
	case f.Arrived <- method:
	default:
	}
}

// hold waits for f.Hold to be closed; it reports whether the request is still
// wanted.
func (f Fault) hold(r *http.Request) bool {
	if f.Hold == nil {
		return r.Context().Err() == nil
	}
	select {
	case <-f.Hold:
		return true
	case <-r.Context().Done():
		return false
	}
}

// FailNext queues f for the next n requests it matches. Queued faults are used in the
// order they were queued: a request takes the first one whose Methods match it.
func (s *Server) FailNext(n int, f Fault) {
	if n <= 0 {
		return
	}
	f.Methods = append([]string(nil), f.Methods...)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, queuedFault{f: f, left: n})
}

// SetLatency delays every request on the webhooks path by d (0 turns it off), for
// timeout tests and for making races between parallel requests likely.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// Chaos injects random failures at given rates, reproducibly for a given seed and
// request order, to soak-test a client's retries (make bench, make demo).
type Chaos struct {
	Seed int64 `json:"seed"`
	// TransientRate is the fraction of all requests answered, without applying them,
	// by 429 (with Retry-After: 0 and retry-after-ms: 10), 500 or 503, chosen at random.
	TransientRate float64 `json:"transientRate"`
	// AppliedFailRate is the fraction of POST and DELETE requests that are applied,
	// then answered 502.
	AppliedFailRate float64 `json:"appliedFailRate"`
}

// SetChaos turns random faults on; the zero Chaos turns them off. Queued faults
// (FailNext) take precedence over chaos.
func (s *Server) SetChaos(c Chaos) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chaos = c
	s.rng = nil
	if c != (Chaos{}) {
		s.rng = rand.New(rand.NewSource(c.Seed))
	}
}

// ClearFaults drops queued faults, latency and chaos, leaving state and counters.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
	s.latency = 0
	s.chaos = Chaos{}
	s.rng = nil
}

// nextFault takes the fault for a request, if any: the first matching queued fault,
// else a chaos draw.
func (s *Server) nextFault(method string, lines bool) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.faults {
		q := &s.faults[i]
		if q.f.Lines != lines || !q.f.matches(method) {
			continue
		}
		f := q.f
		q.left--
		if q.left <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return f, true
	}
	if s.rng == nil {
		return Fault{}, false
	}
	if s.chaos.TransientRate > 0 && s.rng.Float64() < s.chaos.TransientRate {
		switch s.rng.Intn(3) {
		case 0:
			return Fault{Status: http.StatusTooManyRequests, RetryAfter: "0", RetryAfterMs: "10"}, true
		case 1:
			return Fault{Status: http.StatusInternalServerError}, true
		default:
			return Fault{Status: http.StatusServiceUnavailable}, true
		}
	}
	if (method == http.MethodPost || method == http.MethodDelete) &&
		s.chaos.AppliedFailRate > 0 && s.rng.Float64() < s.chaos.AppliedFailRate {
		return Fault{Apply: true, Status: http.StatusBadGateway}, true
	}
	return Fault{}, false
}

// answerFault answers r according to f (which answers()); apply applies the request.
func (s *Server) answerFault(w http.ResponseWriter, r *http.Request, f Fault, in request, apply func()) {
	if f.Apply {
		apply() // the real answer is lost, as behind a failing gateway
	}
	if !f.hold(r) {
		return
	}
	if f.ResetConn {
		resetConn(w)
		return
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.RetryAfterMs != "" {
		w.Header().Set("retry-after-ms", f.RetryAfterMs)
	}
	ct := f.ContentType
	if ct == "" {
		ct = "application/json"
	}
	switch {
	case f.EchoRequest:
		status := f.Status
		if status == 0 {
			status = http.StatusBadRequest
		}
		writeRaw(w, status, ct, errorBody(echoMessage(r, in)))
	case f.Truncate:
		writeRaw(w, http.StatusOK, ct, []byte(`{"status":"OK","webh`))
	case f.ErrorInOK:
		body := errorBody("injected error")
		if f.Body != "" {
			body = []byte(f.Body)
		}
		writeRaw(w, http.StatusOK, ct, body)
	default:
		status := f.Status
		if status == 0 {
			status = http.StatusInternalServerError
			if f.Apply {
				status = http.StatusBadGateway
			}
		}
		body := errorBody("injected fault")
		if f.Body != "" {
			body = []byte(f.Body)
		}
		writeRaw(w, status, ct, body)
	}
}

// resetConn drops the connection without an answer. A TCP connection is closed with
// SO_LINGER 0, so the client sees a reset rather than a clean EOF where possible.
func resetConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2): abort the handler, which resets the stream.
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// sleepCtx waits d unless the request is cancelled first; it reports whether the
// request is still wanted.
func sleepCtx(r *http.Request, d time.Duration) bool {
	ctx := r.Context()
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
