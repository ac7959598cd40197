package sendblue

import (
	"context"
	"errors"
	"fmt"
)

// API is the four webhook calls. *Client implements it against HTTP; the
// Account layer is built on it, and tests may fake it.
type API interface {
	// List returns the account's whole configuration (GET).
	List(ctx context.Context) (*Configuration, error)
	// Add appends webhooks of one type (POST). The answer's configuration is
	// documented as "partial": callers must not take it as the whole account.
	Add(ctx context.Context, req AddRequest) (*Configuration, error)
	// Replace overwrites the whole configuration (PUT).
	Replace(ctx context.Context, cfg *Configuration) (*Configuration, error)
	// Delete removes URLs of one type (DELETE with a JSON body).
	Delete(ctx context.Context, req DeleteRequest) error
}

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
