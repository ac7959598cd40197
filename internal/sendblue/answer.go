package sendblue

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"
)

// readBody reads the whole answer, up to maxBodyBytes.
func readBody(resp *http.Response) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxBodyBytes {
		return nil, fmt.Errorf("answer larger than %d bytes", maxBodyBytes)
	}
	return b, nil
}

// refusal is the message of a success status whose answer says the call
// failed ("status":"ERROR", or an "error" key).
type refusal string

func (r refusal) Error() string { return string(r) }

// readSuccess reads the answer to method that came with a 2xx status. Its
// error is a refusal when the answer says the call failed, and otherwise
// says why the answer cannot be used (malformed).
func readSuccess(method string, status int, ct string, body []byte) (*response, error) {
	if method == http.MethodDelete && status == http.StatusNoContent && len(body) == 0 {
		return &response{Status: "OK"}, nil
	}
	env, err := readEnvelope(ct, body)
	if err != nil {
		return nil, err
	}
	// "status" is optional under the current API: an answer without it is
	// good when it holds what the call needs.
	if method == http.MethodDelete {
		return &response{Status: "OK", Message: env.message}, nil
	}
	var r response
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, errors.New("the answer's webhook configuration could not be read: " + err.Error())
	}
	if method == http.MethodGet && r.Webhooks == nil {
		return nil, errors.New(describeBody(ct, body, errors.New(`no "webhooks" configuration in the answer`)))
	}
	return &r, nil
}

// envelope is the part of every answer that says whether the call worked.
// Older endpoints say {"status":"ERROR","message":"..."}, newer ones
// {"error":{"code":...,"message":"..."}} (or "error" as a string); under the
// current API "status" is optional.
type envelope struct {
	status    string
	hasStatus bool
	message   string
	hasError  bool // an "error" key: {"error": {"code", "message"}} or a string
}

// failed reports whether the answer says the call failed.
func (e envelope) failed() bool {
	if e.hasStatus {
		return strings.EqualFold(e.status, "ERROR")
	}
	return e.hasError
}

// readEnvelope reads the envelope of a 2xx answer: a refusal inside it
// ("status":"ERROR" or an "error" key) is a refusal, and a status other than
// OK or a body that is not a JSON object says why the answer cannot be used.
func readEnvelope(ct string, body []byte) (envelope, error) {
	env, err := parseEnvelope(body)
	if err != nil {
		return env, errors.New(describeBody(ct, body, err))
	}
	switch {
	case env.failed():
		msg := env.message
		if msg == "" {
			msg = "the API answered with an error without a message"
		}
		return env, refusal(msg)
	case env.hasStatus && !strings.EqualFold(env.status, "OK"):
		return env, errors.New(describeBody(ct, body, fmt.Errorf("unexpected status %q", truncate(env.status, 40))))
	}
	return env, nil
}

// parseEnvelope reads "status", "message" and "error" without touching
// "webhooks", so that an error answer is recognised even when the rest is
// malformed.
func parseEnvelope(body []byte) (envelope, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return envelope{}, errNotObject
		}
		return envelope{}, err
	}
	if raw == nil {
		return envelope{}, errNotObject
	}
	var env envelope
	if v, ok := raw["error"]; ok && !isNull(v) {
		env.hasError = true
		// Newer endpoints: {"error": {"code", "message", "details"?}}.
		var obj struct {
			Code    any    `json:"code"`
			Message string `json:"message"`
		}
		var str string
		switch {
		case json.Unmarshal(v, &obj) == nil && obj.Message != "":
			env.message = obj.Message
			if code, ok := obj.Code.(string); ok && code != "" {
				env.message = code + ": " + obj.Message
			}
		case json.Unmarshal(v, &str) == nil:
			env.message = str
		}
	}
	if v, ok := raw["message"]; ok && env.message == "" {
		var m string
		if json.Unmarshal(v, &m) == nil && m != "" {
			env.message = m
		}
	}
	if v, ok := raw["status"]; ok {
		env.hasStatus = true
		if json.Unmarshal(v, &env.status) != nil {
			return env, errBadStatus
		}
	}
	return env, nil
}

var (
	errNotObject = errors.New("not a JSON object")
	errBadStatus = errors.New(`"status" is not a string`)
)

// bodyMessage is the message of an HTTP error answer: the API's own message
// when the body has one, otherwise a description of the body.
func bodyMessage(ct string, body []byte) string {
	env, err := parseEnvelope(body)
	switch {
	case env.message != "":
		return env.message
	case err == nil || errors.Is(err, errBadStatus):
		return fmt.Sprintf("JSON answer without a message (%d bytes)", len(body))
	default:
		return describeBody(ct, body, err)
	}
}

// describeBody says, briefly, why an answer could not be used: its type and
// size, never its content (except a short plain-text line, which is what
// proxies send).
func describeBody(ct string, body []byte, perr error) string {
	mt := mediaType(ct)
	kind := mt
	if kind == "" {
		kind = "no content type"
	}
	n := len(body)
	switch {
	case n == 0:
		if mt == "" {
			return "empty answer"
		}
		return fmt.Sprintf("empty answer (%s)", mt)
	case isJSONType(mt) || looksLikeJSON(body):
		var se *json.SyntaxError
		if errors.As(perr, &se) {
			return fmt.Sprintf("malformed JSON answer (%s, %d bytes): %v", kind, n, perr)
		}
		return fmt.Sprintf("unexpected JSON answer (%s, %d bytes): %v", kind, n, perr)
	case mt == "text/plain" && n <= 200 && utf8.Valid(body) && !bytes.ContainsAny(body, "\r\n"):
		return fmt.Sprintf("non-JSON answer (text/plain, %d bytes): %s", n, strings.TrimSpace(string(body)))
	default:
		return fmt.Sprintf("non-JSON answer (%s, %d bytes)", kind, n)
	}
}

func mediaType(ct string) string {
	if ct == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return "unparsable content type"
	}
	return mt
}

func isJSONType(mt string) bool {
	mt = mediaType(mt)
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

func looksLikeJSON(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && (b[0] == '{' || b[0] == '[')
}
