package mock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Reading the bodies of the requests the mock serves, by the rules of the
// wire format (see wire.go).

// listRules says what a list of entries may hold.
type listRules struct {
	objects  bool // {url, ...} objects are allowed, not only URL strings
	numbers  bool // objects may carry sendblue_numbers
	checkURL bool // each URL must be an https URL with a host
	// fields are the entry fields beyond url, secret and sendblue_numbers
	// that objects may carry (see Entry.Extra).
	fields map[string]bool
}

// rulesFor returns the rules for entries of type t under generation g.
func rulesFor(g generation, t string) listRules {
	return listRules{objects: g.objectsFor(t), numbers: g.numbersFor(t), checkURL: true}
}

// parseList reads an array of webhook entries. where names the list in messages
// ("webhooks", "webhooks.receive").
func parseList(raw json.RawMessage, where string, rules listRules) ([]Entry, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, badf("%s must be an array", where)
	}
	out := make([]Entry, 0, len(items))
	for i, item := range items {
		at := fmt.Sprintf("%s[%d]", where, i)
		e, err := parseEntry(item, at, rules)
		if err != nil {
			return nil, err
		}
		if rules.checkURL {
			if err := checkWebhookURL(e.URL, at); err != nil {
				return nil, err
			}
		}
		out = append(out, e)
	}
	return out, nil
}

func parseEntry(raw json.RawMessage, where string, rules listRules) (Entry, error) {
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
		if !rules.objects {
			return Entry{}, badf("%s: only URL strings are accepted here, not objects", where)
		}
		var o struct {
			URL     *string   `json:"url"`
			Secret  *string   `json:"secret"`
			Numbers *[]string `json:"sendblue_numbers"`
		}
		t, extra, err := splitEntryFields(t, rules.fields)
		if err != nil {
			return Entry{}, badf("%s must be a URL string or an object {url, secret}", where)
		}
		if err := decodeObject(t, &o, where); err != nil {
			return Entry{}, err
		}
		if o.URL == nil || *o.URL == "" {
			return Entry{}, badf("%s: url is required", where)
		}
		e := Entry{URL: *o.URL, Extra: extra}
		if o.Secret != nil {
			e.Secret = *o.Secret
		}
		if o.Numbers != nil {
			if !rules.numbers {
				return Entry{}, badf("%s: sendblue_numbers is accepted for receive webhooks only (and not on the v2 API)", where)
			}
			for i, n := range *o.Numbers {
				if !isE164(n) {
					return Entry{}, badf("%s.sendblue_numbers[%d]: not an E.164 phone number (+ and 8 to 15 digits)", where, i)
				}
			}
			if len(*o.Numbers) > 0 {
				e.SendblueNumbers = slices.Clone(*o.Numbers)
			}
		}
		return e, nil
	default:
		if rules.objects {
			return Entry{}, badf("%s must be a URL string or an object {url, secret}", where)
		}
		return Entry{}, badf("%s must be a URL string", where)
	}
}

// isE164 reports whether n is "+" followed by 8 to 15 digits, the first not 0.
func isE164(n string) bool {
	if len(n) < 9 || len(n) > 16 || n[0] != '+' || n[1] == '0' {
		return false
	}
	for _, r := range n[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
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

// requestType resolves the optional "type" of POST and DELETE under generation g. An
// empty string counts as absent (a client serialising an unset field without
// omitempty), i.e. receive.
func requestType(g generation, t *string) (string, error) {
	if t == nil || *t == "" {
		return defaultType, nil
	}
	if !g.hasType(*t) {
		return "", badf("type must be one of %s", strings.Join(g.types(), ", "))
	}
	return *t, nil
}

// parsedConfig is a validated configuration from a PUT body.
type parsedConfig struct {
	hooks  map[string][]Entry
	global string
	legacy string
	extra  map[string]json.RawMessage
}

// parseConfig validates a WebhookConfiguration under generation g: the generation's
// type keys by its rules, the newer types (on v2) by the current rules, since one
// account stands behind both paths; globalSecret and the legacy secret as strings;
// every other key is kept as it is, as a real account keeps keys this mock does not
// model. A null list counts as empty. Whatever the body lacks is gone afterwards.
// v2ContactSecrets lets v2 take contact_created objects (see Options).
func parseConfig(g generation, raw json.RawMessage, entryFields map[string]bool, v2ContactSecrets bool) (parsedConfig, error) {
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
			rg := g
			if !g.hasType(key) {
				rg = genCurrent
			}
			rules := rulesFor(rg, key)
			rules.fields = entryFields
			if key == contactCreated && v2ContactSecrets {
				rules.objects = true
			}
			entries, err := parseList(val, "webhooks."+key, rules)
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
			// Legacy field: clients echo it back from a GET. Like everything else in
			// the body, it is what the account holds afterwards (absent clears it),
			// so a client that drops it is caught.
			if isNull(val) {
				continue
			}
			if err := json.Unmarshal(val, &cfg.legacy); err != nil {
				return parsedConfig{}, badf("webhooks.secret must be a string")
			}
		default:
			if cfg.extra == nil {
				cfg.extra = make(map[string]json.RawMessage)
			}
			cfg.extra[key] = slices.Clone(json.RawMessage(bytes.TrimSpace(val)))
		}
	}
	return cfg, nil
}
