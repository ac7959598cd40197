package sendblue

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"
)

// APIError is a failed call: an HTTP error status, or "status":"ERROR" in the
// body (also inside an HTTP 200), or a request that got no answer. It never
// carries credentials or secrets: Message is the API's own message, and the
// request body is not kept. It holds facts only; what to do about them is
// the caller's to say (a Terraform provider names its own settings).
type APIError struct {
	Method string // GET, POST, PUT, DELETE
	// Path is the URL path actually requested (base URL's path prefix
	// included), so that an error says which API generation answered.
	Path string
	// Endpoint is the host and port requested ("api.sendblue.co:443"),
	// taken from the base URL.
	Endpoint   string
	StatusCode int    // HTTP status; 200 for an ERROR body inside a 200; 0 when there was no answer
	Message    string // the API's message, or a short description of the body
	// Failure says why there was no usable answer, when there was none
	// (StatusCode 0): the connection was refused, the name did not resolve,
	// the attempt timed out, ... (FailureNone when the API answered).
	Failure Failure
	// AttemptTimeout is how long each attempt waited for its answer (the
	// Config's Timeout), set when the last attempt ran out of it.
	AttemptTimeout time.Duration
	// DeadlineFirst is set when retrying stopped because the caller's
	// deadline came before the next attempt could be made; it is the
	// deadline's name (see WithDeadlineName), or "the operation's time
	// budget".
	DeadlineFirst string
	// NotServed lists the paths that answered 404 to this call before it
	// gave up or moved on to another API generation (see Client.send).
	NotServed []string
	// OtherGeneration, set when a path answered 404 and the other API
	// generation was not tried, says why: what that generation cannot take.
	OtherGeneration string
	// Ambiguous is true for a write whose outcome is unknown: the request
	// was sent but the answer was a 5xx, a timeout or a broken connection,
	// so the server may or may not have applied it.
	Ambiguous bool
	// Transient is true when trying again later may succeed (429, 5xx,
	// connection errors, timeouts).
	Transient bool
	// Token is true when the call was authenticated with a bearer access
	// token rather than the API key and secret.
	Token bool
}

// Failure is why a request got no usable answer from the API. It is a
// classification for callers to switch on; it has no text of its own (the
// error's Message describes what happened).
type Failure int

// The failures of a request that got no answer.
const (
	// FailureNone: the API answered (the zero value).
	FailureNone Failure = iota
	// FailureRefused: nothing accepts connections at the endpoint.
	FailureRefused
	// FailureUnreachable: no route to the endpoint's host or network.
	FailureUnreachable
	// FailureDNS: the endpoint's host name did not resolve.
	FailureDNS
	// FailureTLS: the TLS handshake failed or the certificate was rejected.
	FailureTLS
	// FailureConnectTimeout: the connection was not made in time.
	FailureConnectTimeout
	// FailureTimeout: the request was sent and no answer came within the
	// attempt's timeout.
	FailureTimeout
	// FailureBroken: the connection broke before the whole answer came.
	FailureBroken
	// FailureOther: any other transport error.
	FailureOther
)

// noConnection reports whether f means the request never reached a server:
// another attempt a moment later meets the same closed port or missing route.
func (f Failure) noConnection() bool {
	return f == FailureRefused || f == FailureUnreachable
}

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = "no message"
	}
	p := e.Path
	if p == "" {
		p = "(no request sent)"
	}
	switch e.StatusCode {
	case 0:
		return fmt.Sprintf("sendblue: %s %s: %s", e.Method, p, msg)
	case 401, 403:
		what := "the credentials"
		if e.Token {
			what = "the access token"
		}
		return fmt.Sprintf("sendblue: %s %s: HTTP %d: the API refused %s (%s)", e.Method, p, e.StatusCode, what, msg)
	default:
		return fmt.Sprintf("sendblue: %s %s: HTTP %d: %s", e.Method, p, e.StatusCode, msg)
	}
}

// AsAPIError returns the *APIError in err's chain, if any.
func AsAPIError(err error) (*APIError, bool) {
	var e *APIError
	ok := errors.As(err, &e)
	return e, ok
}

// IsUnauthorized reports whether err is a 401 or 403 from the API.
func IsUnauthorized(err error) bool {
	var e *APIError
	return errors.As(err, &e) && (e.StatusCode == 401 || e.StatusCode == 403)
}

// IsTransient reports whether err may succeed when tried again.
func IsTransient(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Transient
}

// IsAmbiguous reports whether err is a write whose outcome is unknown, so the
// caller must look (List) before trying it again.
func IsAmbiguous(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Ambiguous
}

// IsRateLimited reports whether err is the API's 429 (too many requests).
func IsRateLimited(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.StatusCode == 429
}

// IsNotFound reports whether err is a 404 from the API: the path is not
// served (the other API generation may be).
func IsNotFound(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.StatusCode == 404
}

// ErrUnknownOutcome is wrapped by the error of a write that was (or may have
// been) sent but whose result is not known: its answer was lost and the
// account could not be looked at afterwards, or the caller stopped waiting
// (an interrupt, a timeout). The webhook may or may not be on the account.
var ErrUnknownOutcome = errors.New("the outcome is unknown")

// IsUnknownOutcome reports whether err is a write that may or may not have
// been applied (see ErrUnknownOutcome).
func IsUnknownOutcome(err error) bool { return errors.Is(err, ErrUnknownOutcome) }

// judge classifies one attempt. The rule that matters: GET and PUT may be
// repeated freely, but POST and DELETE are repeated only when the server
// certainly did not apply them (408, 429, or no connection at all);
// otherwise the caller gets an Ambiguous error and must look first. A 409 is
// not retried, for any method (Stainless-generated SDKs do retry it): the
// API documents no 409, so it is taken as a refusal that the same request
// meets again, and a write that conflicted is for the caller to look into,
// not to send blindly once more.
func (st *call) judge(resp *http.Response, body []byte, readErr, err error) outcome {
	m := st.method
	idempotent := m == http.MethodGet || m == http.MethodPut || st.idempotent
	write := m != http.MethodGet
	tok := st.c.token != ""
	fail := func(status int, msg string) *APIError {
		return &APIError{Method: m, Path: st.path, Endpoint: st.c.endpoint(), StatusCode: status, Message: msg, Token: tok}
	}

	// unknown is a failure after the request may have been applied.
	unknown := func(status int, msg string) outcome {
		e := fail(status, msg)
		e.Transient, e.Ambiguous = true, write
		return outcome{err: e, retry: idempotent}
	}

	if err != nil {
		desc, failure, notSent, permanent := st.describeNetErr(err)
		var out outcome
		switch {
		case permanent:
			out = outcome{err: fail(0, desc)}
		case notSent:
			e := fail(0, desc)
			e.Transient = true
			out = outcome{err: e, retry: true}
		default:
			out = unknown(0, desc)
		}
		out.err.Failure = failure
		if failure == FailureTimeout {
			out.err.AttemptTimeout = st.c.timeout
		}
		return out
	}

	status := resp.StatusCode
	ct := resp.Header.Get("Content-Type")
	if readErr != nil {
		// The status line alone decides; the body was lost.
		desc, _, _, _ := st.describeNetErr(readErr)
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
		read := readSuccess
		if st.read != nil {
			read = st.read
		}
		r, perr := read(m, status, ct, body)
		var ref refusal
		switch {
		case errors.As(perr, &ref):
			return outcome{err: fail(status, string(ref))}
		case perr != nil:
			return malformed(perr.Error())
		}
		return outcome{resp: r}

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
// URLs or headers (a connection error names the endpoint, host and port),
// the kind of failure, and says whether the request certainly never left
// (connection refused, DNS failure) and whether trying again is pointless
// (the TLS certificate is rejected).
func (st *call) describeNetErr(err error) (desc string, f Failure, notSent, permanent bool) {
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
		return "TLS certificate rejected: " + inner.Error() + "; check the host of the base URL and any proxy in between", FailureTLS, true, true
	case errors.As(err, &recordErr), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return fmt.Sprintf("the server at %s does not speak TLS (is the scheme of the base URL right?)", st.c.endpoint()), FailureTLS, true, true
	case errors.As(err, &alertErr), strings.Contains(inner.Error(), "tls: "):
		return "TLS handshake failed: " + inner.Error() + "; check the base URL and any proxy in between", FailureTLS, true, true
	case strings.Contains(err.Error(), "invalid header"):
		// net/http names the header, never its value.
		return inner.Error(), FailureOther, true, true
	case errors.As(err, &dnsErr):
		return "DNS lookup failed: " + dnsErr.Error() + "; check the host name in the base URL and the DNS settings of this machine", FailureDNS, true, true
	case errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect"):
		at := st.c.endpoint()
		if opErr.Op == "proxyconnect" {
			at += " (through the proxy)"
		}
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			return "connection refused by " + at + ": nothing accepts connections there", FailureRefused, true, false
		case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
			return "could not reach " + at + ": " + opErr.Err.Error(), FailureUnreachable, true, false
		case opErr.Timeout():
			return "timed out while connecting to " + at, FailureConnectTimeout, true, false
		default:
			return "could not connect to " + at + ": " + opErr.Err.Error(), FailureOther, true, false
		}
	case isTimeout(err):
		return "timed out after " + fmtDuration(st.c.timeout) + " without an answer", FailureTimeout, false, false
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset", FailureBroken, false, false
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed before the full answer", FailureBroken, false, false
	default:
		return inner.Error(), FailureOther, false, false
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return (errors.As(err, &ne) && ne.Timeout()) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded)
}
