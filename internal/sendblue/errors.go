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
)

// APIError is a failed call: an HTTP error status, or "status":"ERROR" in the
// body (also inside an HTTP 200). It never carries credentials or secrets:
// Message is the API's own message, and the request body is not kept.
type APIError struct {
	Method string // GET, POST, PUT, DELETE
	// Path is the URL path actually requested (base URL's path prefix
	// included), so that an error says which API generation answered.
	Path       string
	StatusCode int    // HTTP status; 200 for an ERROR body inside a 200
	Message    string // the API's message, or a short description of the body
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
		if e.Token {
			hint := "Check access_token in the provider block, or the SENDBLUE_ACCESS_TOKEN environment variable"
			if e.StatusCode == 403 {
				hint = "A line-scoped access token may only list, add and delete receive webhooks of its own Sendblue lines " +
					"(with sendblue_numbers within those lines); other types, the global secret and the whole-account " +
					"configuration (sendblue_account_webhooks) need an account-wide token or the API key and secret. " + hint
			}
			return fmt.Sprintf("sendblue: %s %s: HTTP %d: the API refused the access token (%s). %s", e.Method, p, e.StatusCode, msg, hint)
		}
		return fmt.Sprintf("sendblue: %s %s: HTTP %d: the API refused the credentials (%s). Check api_key / api_secret in the provider block, or the SENDBLUE_API_KEY / SENDBLUE_API_SECRET environment variables", e.Method, p, e.StatusCode, msg)
	default:
		return fmt.Sprintf("sendblue: %s %s: HTTP %d: %s", e.Method, p, e.StatusCode, msg)
	}
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
// certainly did not apply them (429/408/409, or no connection at all);
// otherwise the caller gets an Ambiguous error and must look first.
func (st *call) judge(resp *http.Response, body []byte, readErr, err error) outcome {
	m := st.method
	idempotent := m == http.MethodGet || m == http.MethodPut || st.idempotent
	write := m != http.MethodGet
	tok := st.c.token != ""
	fail := func(status int, msg string) *APIError {
		return &APIError{Method: m, Path: st.path, StatusCode: status, Message: msg, Token: tok}
	}

	// unknown is a failure after the request may have been applied.
	unknown := func(status int, msg string) outcome {
		e := fail(status, msg)
		e.Transient, e.Ambiguous = true, write
		return outcome{err: e, retry: idempotent}
	}

	if err != nil {
		desc, notSent, permanent := st.describeNetErr(err)
		switch {
		case permanent:
			return outcome{err: fail(0, desc)}
		case notSent:
			e := fail(0, desc)
			e.Transient = true
			return outcome{err: e, retry: true}
		default:
			return unknown(0, desc)
		}
	}

	status := resp.StatusCode
	ct := resp.Header.Get("Content-Type")
	if readErr != nil {
		// The status line alone decides; the body was lost.
		desc, _, _ := st.describeNetErr(readErr)
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
// URLs or headers, and says whether the request certainly never left
// (connection refused, DNS failure) and whether trying again is pointless
// (the TLS certificate is rejected).
func (st *call) describeNetErr(err error) (desc string, notSent, permanent bool) {
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
		return "TLS certificate rejected: " + inner.Error() + "; check the host of the base URL and any proxy in between", true, true
	case errors.As(err, &recordErr), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return "the server does not speak TLS (is the scheme of the base URL right?)", true, true
	case errors.As(err, &alertErr), strings.Contains(inner.Error(), "tls: "):
		return "TLS handshake failed: " + inner.Error() + "; check the base URL and any proxy in between", true, true
	case strings.Contains(err.Error(), "invalid header"):
		// net/http names the header, never its value.
		return inner.Error(), true, true
	case errors.As(err, &dnsErr):
		return "DNS lookup failed: " + dnsErr.Error() + "; check the host name in the base URL and the DNS settings of this machine", true, true
	case errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect"):
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			return "connection refused", true, false
		case opErr.Timeout():
			return "timed out while connecting", true, false
		default:
			return "could not connect: " + opErr.Err.Error(), true, false
		}
	case isTimeout(err):
		return "timed out after " + fmtDuration(st.c.timeout) + " without an answer", false, false
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset", false, false
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed before the full answer", false, false
	default:
		return inner.Error(), false, false
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return (errors.As(err, &ne) && ne.Timeout()) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded)
}
