package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// This file is the mock's own reading of the wire format in sendblue-api.md. It
// deliberately shares nothing with internal/sendblue, so that a wire mistake in the
// client cannot be mirrored (and hidden) by the mock.

// webhookTypes lists the six documented webhook types, in documentation order. It is
// a second copy on purpose: if the client's list drifts, tests against the mock fail.
var webhookTypes = [...]string{"receive", "call_log", "line_blocked", "line_assigned", "outbound", "contact_created"}

const (
	// defaultType is what POST and DELETE use when the body names no type.
	defaultType = "receive"
	// contactCreated takes URL strings only: no objects, hence no per-webhook secret.
	contactCreated = "contact_created"
	// keyGlobalSecret and keyLegacySecret are the two non-list keys of a configuration.
	keyGlobalSecret = "globalSecret"
	keyLegacySecret = "secret"
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
// configuration, which GET must still send as {}.
type apiResponse struct {
	Status   string `json:"status"`
	Message  string `json:"message,omitempty"`
	Webhooks any    `json:"webhooks,omitempty"`
}

// entryObject is the object form of a webhook entry as sent on the wire.
type entryObject struct {
	URL    string `json:"url"`
	Secret string `json:"secret"`
}

// encodeConfig renders a configuration the way the API documents it: a type key only
// when its list is non-empty, entries without a secret as bare URL strings, entries
// with one as {url, secret}, contact_created always as strings, and the two secrets
// only when set.
func encodeConfig(hooks map[string][]Entry, global, legacy string) map[string]any {
	out := make(map[string]any)
	for _, t := range webhookTypes {
		entries := hooks[t]
		if len(entries) == 0 {
			continue
		}
		list := make([]any, 0, len(entries))
		for _, e := range entries {
			if e.Secret == "" || t == contactCreated {
				list = append(list, e.URL)
			} else {
				list = append(list, entryObject(e))
			}
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

func errorBody(msg string) []byte {
	return marshal(apiResponse{Status: "ERROR", Message: msg})
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

// parseList reads an array of webhook entries. where names the list in messages
// ("webhooks", "webhooks.receive"). objects says whether {url, secret} is allowed;
// checkURL whether each URL must be an https URL with a host.
func parseList(raw json.RawMessage, where string, objects, checkURL bool) ([]Entry, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, badf("%s must be an array", where)
	}
	out := make([]Entry, 0, len(items))
	for i, item := range items {
		e, err := parseEntry(item, fmt.Sprintf("%s[%d]", where, i), objects)
		if err != nil {
			return nil, err
		}
		if checkURL {
			if err := checkWebhookURL(e.URL, fmt.Sprintf("%s[%d]", where, i)); err != nil {
				return nil, err
			}
		}
		out = append(out, e)
	}
	return out, nil
}

func parseEntry(raw json.RawMessage, where string, objects bool) (Entry, error) {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return Entry{}, badf("%s is empty", where)
	}
	switch t[0] {
	case '"':
		var s string
		if err := json.Unmarshal(t, &s); err != nil {
			return Entry{}, badf("%s: malformed string", where)
		}
		if s == "" {
			return Entry{}, badf("%s: URL is empty", where)
		}
		return Entry{URL: s}, nil
	case '{':
		if !objects {
			return Entry{}, badf("%s: only URL strings are accepted here, not objects", where)
		}
		var o struct {
			URL    *string `json:"url"`
			Secret *string `json:"secret"`
		}
		if err := decodeObject(t, &o, where); err != nil {
			return Entry{}, err
		}
		if o.URL == nil || *o.URL == "" {
			return Entry{}, badf("%s: url is required", where)
		}
		e := Entry{URL: *o.URL}
		if o.Secret != nil {
			e.Secret = *o.Secret
		}
		return e, nil
	default:
		if objects {
			return Entry{}, badf("%s must be a URL string or an object {url, secret}", where)
		}
		return Entry{}, badf("%s must be a URL string", where)
	}
}

// checkWebhookURL enforces "HTTPS only" from the API reference, plus a non-empty host
// (the reference's "format: uri" for something that must be called back).
func checkWebhookURL(raw, where string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return badf("%s: not a valid URL", where)
	}
	if u.Scheme != "https" {
		return badf("%s: URL must use https", where)
	}
	if u.Opaque != "" || u.Hostname() == "" {
		return badf("%s: URL must have a host", where)
	}
	return nil
}

// addBody is the POST body. webhooks stays raw so that "missing", "null" and "not an
// array" get distinct messages.
type addBody struct {
	Webhooks     json.RawMessage `json:"webhooks"`
	GlobalSecret *string         `json:"globalSecret"`
	Type         *string         `json:"type"`
}

// deleteBody is the DELETE body: URL strings and an optional type.
type deleteBody struct {
	Webhooks json.RawMessage `json:"webhooks"`
	Type     *string         `json:"type"`
}

// replaceBody is the PUT body: one whole configuration.
type replaceBody struct {
	Webhooks json.RawMessage `json:"webhooks"`
}

// requestType resolves the optional "type" of POST and DELETE. An empty string counts
// as absent (a client serialising an unset field without omitempty), i.e. receive.
func requestType(t *string) (string, error) {
	if t == nil || *t == "" {
		return defaultType, nil
	}
	if !validType(*t) {
		return "", badf("type must be one of receive, call_log, line_blocked, line_assigned, outbound, contact_created")
	}
	return *t, nil
}

// parsedConfig is a validated configuration from a PUT body.
type parsedConfig struct {
	hooks  map[string][]Entry
	global string
}

// parseConfig validates a WebhookConfiguration: only the six type keys, globalSecret
// and the legacy secret (read and ignored) are allowed; a null list counts as empty.
func parseConfig(raw json.RawMessage) (parsedConfig, error) {
	if isNull(raw) {
		return parsedConfig{}, badf("webhooks is required")
	}
	t := bytes.TrimSpace(raw)
	if t[0] != '{' {
		return parsedConfig{}, badf("webhooks must be an object (a webhook configuration)")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(t, &fields); err != nil {
		return parsedConfig{}, jsonError("webhooks", err)
	}
	cfg := parsedConfig{hooks: make(map[string][]Entry)}
	for key, val := range fields {
		switch {
		case validType(key):
			if isNull(val) {
				continue
			}
			entries, err := parseList(val, "webhooks."+key, key != contactCreated, true)
			if err != nil {
				return parsedConfig{}, err
			}
			if len(entries) > 0 {
				cfg.hooks[key] = entries
			}
		case key == keyGlobalSecret:
			if isNull(val) {
				continue
			}
			if err := json.Unmarshal(val, &cfg.global); err != nil {
				return parsedConfig{}, badf("webhooks.globalSecret must be a string")
			}
		case key == keyLegacySecret:
			// Legacy field: clients may echo it back from a GET; the API reference
			// says to read it, never write it, so the mock ignores it.
		default:
			return parsedConfig{}, badf("webhooks: unknown key %q", key)
		}
	}
	return cfg, nil
}
