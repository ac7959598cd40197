package sendblue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
)

// Configuration is the account's whole webhook configuration (the API's
// WebhookConfiguration): the entries of each type (known or not), the
// account-wide global secret, the legacy top-level secret, and every other
// key the account holds that this version does not model (Extra, raw).
// Whatever was read is written back on a replace, so that nothing the
// provider does not model is lost.
type Configuration struct {
	Webhooks     map[WebhookType][]Webhook
	GlobalSecret string
	// LegacySecret is the top-level "secret": never set by this client,
	// but written back as read.
	LegacySecret string
	// Extra holds top-level keys that are neither a type's list of entries
	// nor one of the two secrets, raw.
	Extra map[string]json.RawMessage

	// listed, when set, is the account's configuration as listed before
	// this one was built to replace it (see Replace): entries that equal
	// one of its entries go back as they were read.
	listed *Configuration
}

// Get returns the entries of one type (nil when there are none).
func (c *Configuration) Get(t WebhookType) []Webhook {
	if c == nil {
		return nil
	}
	return c.Webhooks[t]
}

// Find returns the first entry of type t with the given URL.
func (c *Configuration) Find(t WebhookType, url string) (Webhook, bool) {
	for _, w := range c.Get(t) {
		if w.URL == url {
			return w, true
		}
	}
	return Webhook{}, false
}

// Count returns how many entries of type t have the given URL.
func (c *Configuration) Count(t WebhookType, url string) int {
	n := 0
	for _, w := range c.Get(t) {
		if w.URL == url {
			n++
		}
	}
	return n
}

// Len returns the number of entries over all types, known or not.
func (c *Configuration) Len() int {
	if c == nil {
		return 0
	}
	n := 0
	for _, ws := range c.Webhooks {
		n += len(ws)
	}
	return n
}

// Clone returns a deep copy.
func (c *Configuration) Clone() *Configuration {
	if c == nil {
		return nil
	}
	out := &Configuration{GlobalSecret: c.GlobalSecret, LegacySecret: c.LegacySecret, Webhooks: map[WebhookType][]Webhook{}, listed: c.listed}
	for t, ws := range c.Webhooks {
		cp := make([]Webhook, len(ws))
		for i, w := range ws {
			cp[i] = w.Clone()
		}
		out.Webhooks[t] = cp
	}
	if c.Extra != nil {
		out.Extra = make(map[string]json.RawMessage, len(c.Extra))
		for k, v := range c.Extra {
			out.Extra[k] = slices.Clone(v)
		}
	}
	return out
}

// Unmodelled returns the top-level keys this version does not model: types
// it does not know (with entries), the legacy secret, and other keys,
// sorted. These are what a whole-configuration writer keeps as they are.
func (c *Configuration) Unmodelled() []string {
	if c == nil {
		return nil
	}
	var out []string
	for t, ws := range c.Webhooks {
		if !t.Valid() && len(ws) > 0 {
			out = append(out, string(t))
		}
	}
	if c.LegacySecret != "" {
		out = append(out, "secret")
	}
	for k := range c.Extra {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// KeepUnmodelled copies from into c what this version does not model (types
// it does not know, the legacy secret, other keys), replacing what c had of
// them.
func (c *Configuration) KeepUnmodelled(from *Configuration) {
	if c.Webhooks == nil {
		c.Webhooks = map[WebhookType][]Webhook{}
	}
	for t := range c.Webhooks {
		if !t.Valid() {
			delete(c.Webhooks, t)
		}
	}
	c.LegacySecret, c.Extra = "", nil
	if from == nil {
		return
	}
	f := from.Clone()
	for t, ws := range f.Webhooks {
		if !t.Valid() {
			c.Webhooks[t] = ws
		}
	}
	c.LegacySecret, c.Extra = f.LegacySecret, f.Extra
}

// orderedTypes returns the types present in c: known ones in documented
// order, then unknown ones sorted.
func (c *Configuration) orderedTypes() []WebhookType {
	var out, unknown []WebhookType
	for _, t := range WebhookTypes() {
		if _, ok := c.Webhooks[t]; ok {
			out = append(out, t)
		}
	}
	for t := range c.Webhooks {
		if !t.Valid() {
			unknown = append(unknown, t)
		}
	}
	slices.Sort(unknown)
	return append(out, unknown...)
}

// MarshalJSON writes every type key that has a list (known or not),
// globalSecret when set, the legacy secret when it was read, and every other
// key as it was read.
func (c Configuration) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(c.Webhooks)+len(c.Extra)+2)
	for k, v := range c.Extra {
		m[k] = v
	}
	for _, t := range c.orderedTypes() {
		ws := c.Webhooks[t]
		if ws == nil {
			continue
		}
		m[string(t)] = ws
	}
	if c.GlobalSecret != "" {
		m["globalSecret"] = c.GlobalSecret
	}
	if c.LegacySecret != "" {
		m["secret"] = c.LegacySecret
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads every key: a known type's list (a wrong shape is an
// error), globalSecret, the legacy secret, any other key whose value is an
// array of entries as a type this version does not know, and every other key
// raw into Extra.
func (c *Configuration) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil || raw == nil {
		return fmt.Errorf("webhook configuration is not a JSON object")
	}
	out := Configuration{Webhooks: map[WebhookType][]Webhook{}}
	for key, v := range raw {
		switch {
		case key == "globalSecret" || key == "secret":
			dst := &out.GlobalSecret
			if key == "secret" {
				dst = &out.LegacySecret
			}
			if isNull(v) {
				continue
			}
			if err := json.Unmarshal(v, dst); err != nil {
				return fmt.Errorf("webhook configuration: %s is not a string", key)
			}
		case WebhookType(key).Valid():
			if isNull(v) {
				continue
			}
			var ws []Webhook
			if err := json.Unmarshal(v, &ws); err != nil {
				return fmt.Errorf("webhook configuration: %s: %w", key, err)
			}
			out.Webhooks[WebhookType(key)] = ws
		default:
			var ws []Webhook
			if t := bytes.TrimSpace(v); len(t) > 0 && t[0] == '[' && json.Unmarshal(v, &ws) == nil {
				out.Webhooks[WebhookType(key)] = ws
				continue
			}
			if out.Extra == nil {
				out.Extra = map[string]json.RawMessage{}
			}
			out.Extra[key] = slices.Clone(v)
		}
	}
	*c = out
	return nil
}

func isNull(b json.RawMessage) bool { return string(bytes.TrimSpace(b)) == "null" }

// SortedTypes returns the types with entries in c: known ones in documented
// order, then unknown ones sorted.
func (c *Configuration) SortedTypes() []WebhookType {
	if c == nil {
		return nil
	}
	var out []WebhookType
	for _, t := range c.orderedTypes() {
		if len(c.Webhooks[t]) > 0 {
			out = append(out, t)
		}
	}
	return out
}
