package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// This file is the mock's own reading of the wire format in sendblue-api.md. It
// deliberately shares nothing with internal/sendblue, so that a wire mistake in the
// client cannot be mirrored (and hidden) by the mock.

// webhookTypes lists the nine webhook types of the current API generation (official
// SDK sendblue@3.17.0), in documentation order; the first six are those of v2. It is a
// second copy on purpose: if the client's list drifts, tests against the mock fail.
var webhookTypes = [...]string{"receive", "call_log", "line_blocked", "line_assigned", "outbound", "contact_created",
	"typing_indicator", "inbound_call", "contact_profile"}

// v2Types is how many of webhookTypes the v2 generation has.
const v2Types = 6

// generation is one of the two API generations the mock serves, each on its own path
// with its own rules.
type generation int

const (
	genCurrent generation = iota // /api/account/webhooks
	genV2                        // /api/v2/account/webhooks
)

// types returns the types generation g has.
func (g generation) types() []string {
	if g == genV2 {
		return webhookTypes[:v2Types]
	}
	return webhookTypes[:]
}

func (g generation) hasType(t string) bool {
	for _, v := range g.types() {
		if v == t {
			return true
		}
	}
	return false
}

// objectsFor says whether entries of type t may be objects under g: on v2,
// contact_created takes URL strings only.
func (g generation) objectsFor(t string) bool { return g != genV2 || t != contactCreated }

// numbersFor says whether entries of type t may carry sendblue_numbers under g:
// receive only, current generation only.
func (g generation) numbersFor(t string) bool { return g == genCurrent && t == "receive" }

const (
	// defaultType is what POST and DELETE use when the body names no type.
	defaultType = "receive"
	// contactCreated takes URL strings only: no objects, hence no per-webhook secret.
	contactCreated = "contact_created"
	// keyGlobalSecret and keyLegacySecret are the two non-list keys of a configuration.
	keyGlobalSecret = "globalSecret"
	keyLegacySecret = "secret"
	keyNumbers      = "sendblue_numbers"
)

func validType(t string) bool {
	for _, v := range webhookTypes {
		if v == t {
			return true
		}
	}
	return false
}

// badRequest is a validation failure answered with 400. Its message never contains a
// secret or a URL from the request (URLs may carry tokens); it names positions instead.
type badRequest struct{ msg string }

func (e *badRequest) Error() string { return e.msg }

func badf(format string, args ...any) error { return &badRequest{msg: fmt.Sprintf(format, args...)} }

// apiResponse is the envelope of every answer on the webhooks path. Webhooks is an
// interface so that omitempty drops it only when unset (nil), not when it is an empty
// configuration, which GET must still send as {}. Status is optional under the current
// generation (the SDK's list answer has none), so an empty Status is left out.
type apiResponse struct {
	Status   string `json:"status,omitempty"`
	Message  string `json:"message,omitempty"`
	Webhooks any    `json:"webhooks,omitempty"`
}

// entryObject is the object form of a webhook entry as sent on the wire.
type entryObject struct {
	URL     string   `json:"url"`
	Secret  string   `json:"secret,omitempty"`
	Numbers []string `json:"sendblue_numbers,omitempty"`
}

// encodeConfig renders a configuration the way the API documents it: the keys the
// mock does not model (extra) as they were stored, a type key only when its list is
// non-empty, entries with nothing but a URL as bare URL strings, others as objects,
// and the two secrets only when set. Both generations list the whole account.
//
// The v2 generation shows entries as it documents them: contact_created as URL strings
// (unless v2ContactSecrets, see Options) and no sendblue_numbers, whatever the account
// holds.
func encodeConfig(g generation, hooks map[string][]Entry, global, legacy string, extra map[string]json.RawMessage, v2ContactSecrets bool) map[string]any {
	out := make(map[string]any)
	for k, v := range extra {
		out[k] = v
	}
	for _, t := range webhookTypes {
		entries := hooks[t]
		if len(entries) == 0 {
			continue
		}
		list := make([]any, 0, len(entries))
		for _, e := range entries {
			list = append(list, encodeEntry(g, t, e, v2ContactSecrets))
		}
		out[t] = list
	}
	if global != "" {
		out[keyGlobalSecret] = global
	}
	if legacy != "" {
		out[keyLegacySecret] = legacy
	}
	return out
}

// marshal encodes like a Node server would (no HTML escaping of & < >), so URLs with
// query strings come back byte-for-byte as they were sent.
func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only maps, slices, strings and plain structs are encoded here.
		panic("mock: encoding response: " + err.Error())
	}
	return buf.Bytes()
}

// errorBody is an error answer as the v2 generation (and older endpoints) send it.
func errorBody(msg string) []byte {
	return marshal(apiResponse{Status: "ERROR", Message: msg})
}

// errorBodyFor is an error answer in generation g's shape: the current generation's
// newer style {"error": {"code", "message"}}, or v2's {"status":"ERROR","message"}.
func errorBodyFor(g generation, status int, msg string) []byte {
	if g == genV2 {
		return errorBody(msg)
	}
	code := map[int]string{400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
		405: "method_not_allowed", 413: "payload_too_large"}[status]
	if code == "" {
		code = "error"
	}
	type apiErr struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	return marshal(struct {
		Error apiErr `json:"error"`
	}{apiErr{code, msg}})
}

// decodeObject decodes a JSON object strictly: no unknown fields, nothing after it.
// Strictness is the point of a mock: a misspelt key in the client (say
// "global_secret") must fail loudly here rather than be silently ignored.
func decodeObject(data []byte, v any, what string) error {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return badf("%s is required", what)
	}
	if trimmed[0] != '{' {
		return badf("%s must be a JSON object", what)
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(what, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badf("%s: unexpected data after the JSON object", what)
	}
	return nil
}

// jsonError turns a decoding error into a message without request values: syntax
// errors report only the offset, type errors name the field and the expected type,
// unknown-field errors name the key (keys are never secret).
func jsonError(what string, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return badf("%s: malformed JSON at byte %d", what, syn.Offset)
	case errors.As(err, &typ):
		// typ.Value can be "number 123": keep only the kind, never the value.
		got, _, _ := strings.Cut(typ.Value, " ")
		if typ.Field != "" {
			return badf("%s: field %q must be %s, not %s", what, typ.Field, jsonKind(typ.Type.Kind().String()), got)
		}
		return badf("%s: expected %s, not %s", what, jsonKind(typ.Type.Kind().String()), got)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badf("%s: malformed JSON (unexpected end)", what)
	default:
		// e.g. `json: unknown field "x"`: names a key, never a value.
		return badf("%s: %v", what, err)
	}
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "slice":
		return "an array"
	case "struct", "map":
		return "an object"
	default:
		return goKind
	}
}

func isNull(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || bytes.Equal(t, []byte("null"))
}
