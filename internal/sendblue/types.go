// Package sendblue is a small client for Sendblue's webhook API
// (/api/v2/account/webhooks). It knows nothing about Terraform, so that it
// could be published on its own.
package sendblue

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// WebhookType is one of the six kinds of event a webhook can be registered for.
type WebhookType string

// The six webhook types, as the API names them. This is the one place in the
// client that lists them; everything else asks WebhookTypes or Valid.
const (
	TypeReceive        WebhookType = "receive"
	TypeCallLog        WebhookType = "call_log"
	TypeLineBlocked    WebhookType = "line_blocked"
	TypeLineAssigned   WebhookType = "line_assigned"
	TypeOutbound       WebhookType = "outbound"
	TypeContactCreated WebhookType = "contact_created"
)

// DefaultType is the type the API assumes when a request names none.
const DefaultType = TypeReceive

var webhookTypes = []WebhookType{
	TypeReceive, TypeCallLog, TypeLineBlocked, TypeLineAssigned, TypeOutbound, TypeContactCreated,
}

// WebhookTypes returns the six types in the API's documented order.
func WebhookTypes() []WebhookType {
	out := make([]WebhookType, len(webhookTypes))
	copy(out, webhookTypes)
	return out
}

// WebhookTypeStrings returns the six types as strings, for validators and docs.
func WebhookTypeStrings() []string {
	out := make([]string, len(webhookTypes))
	for i, t := range webhookTypes {
		out[i] = string(t)
	}
	return out
}

// Valid reports whether t is one of the six types.
func (t WebhookType) Valid() bool {
	for _, v := range webhookTypes {
		if v == t {
			return true
		}
	}
	return false
}

// AllowsSecret reports whether webhooks of this type may carry their own
// secret. contact_created takes bare URL strings only.
func (t WebhookType) AllowsSecret() bool { return t != TypeContactCreated }

// Webhook is one entry of a type's list: a URL and, optionally, its own
// signing secret. On the wire it is a bare URL string when Secret is empty and
// an object {"url", "secret"} otherwise; both shapes are accepted when
// decoding.
type Webhook struct {
	URL    string
	Secret string
}

// MarshalJSON writes a bare string when there is no secret.
func (w Webhook) MarshalJSON() ([]byte, error) {
	if w.Secret == "" {
		return json.Marshal(w.URL)
	}
	return json.Marshal(struct {
		URL    string `json:"url"`
		Secret string `json:"secret"`
	}{w.URL, w.Secret})
}

// UnmarshalJSON accepts a URL string or an object with url and optional secret.
func (w *Webhook) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*w = Webhook{URL: s}
		return nil
	}
	var obj struct {
		URL    *string `json:"url"`
		Secret *string `json:"secret"`
	}
	if err := json.Unmarshal(b, &obj); err != nil {
		return fmt.Errorf("webhook entry is neither a URL string nor an object: %w", err)
	}
	if obj.URL == nil {
		return fmt.Errorf("webhook object has no url")
	}
	*w = Webhook{URL: *obj.URL}
	if obj.Secret != nil {
		w.Secret = *obj.Secret
	}
	return nil
}

// Configuration is the account's whole webhook configuration (the API's
// WebhookConfiguration): the entries of each type, the account-wide global
// secret, and the legacy top-level secret (read, never written).
type Configuration struct {
	Webhooks     map[WebhookType][]Webhook
	GlobalSecret string
	LegacySecret string
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

// Len returns the number of entries over all types.
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
	out := &Configuration{GlobalSecret: c.GlobalSecret, LegacySecret: c.LegacySecret, Webhooks: map[WebhookType][]Webhook{}}
	for t, ws := range c.Webhooks {
		out.Webhooks[t] = append([]Webhook(nil), ws...)
	}
	return out
}

// MarshalJSON writes every type key that has entries (contact_created as
// strings only), and globalSecret when set. The legacy secret is never
// written.
func (c Configuration) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	for _, t := range webhookTypes {
		ws := c.Webhooks[t]
		if ws == nil {
			continue
		}
		if t == TypeContactCreated {
			urls := make([]string, len(ws))
			for i, w := range ws {
				urls[i] = w.URL
			}
			m[string(t)] = urls
			continue
		}
		m[string(t)] = ws
	}
	if c.GlobalSecret != "" {
		m["globalSecret"] = c.GlobalSecret
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads the six type keys, globalSecret and the legacy secret;
// unknown keys are ignored so that a new field on the server does not break
// old providers. A known key of the wrong shape is an error.
func (c *Configuration) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("webhook configuration is not a JSON object: %w", err)
	}
	out := Configuration{Webhooks: map[WebhookType][]Webhook{}}
	for _, t := range webhookTypes {
		v, ok := raw[string(t)]
		if !ok || isNull(v) {
			continue
		}
		var ws []Webhook
		if err := json.Unmarshal(v, &ws); err != nil {
			return fmt.Errorf("webhook configuration: %s: %w", t, err)
		}
		out.Webhooks[t] = ws
	}
	for key, dst := range map[string]*string{"globalSecret": &out.GlobalSecret, "secret": &out.LegacySecret} {
		v, ok := raw[key]
		if !ok || isNull(v) {
			continue
		}
		if err := json.Unmarshal(v, dst); err != nil {
			return fmt.Errorf("webhook configuration: %s is not a string", key)
		}
	}
	*c = out
	return nil
}

func isNull(b json.RawMessage) bool { return string(bytes.TrimSpace(b)) == "null" }

// SortedTypes returns the types present in c, in the API's documented order.
func (c *Configuration) SortedTypes() []WebhookType {
	var out []WebhookType
	for _, t := range webhookTypes {
		if len(c.Get(t)) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// AddRequest is the body of POST /api/v2/account/webhooks.
type AddRequest struct {
	Type         WebhookType `json:"type,omitempty"`
	Webhooks     []Webhook   `json:"webhooks"`
	GlobalSecret string      `json:"globalSecret,omitempty"`
}

// DeleteRequest is the body of DELETE /api/v2/account/webhooks. Type is always
// sent by this client, since the API's default for a missing type is not
// documented beyond "receive".
type DeleteRequest struct {
	Type WebhookType `json:"type"`
	URLs []string    `json:"webhooks"`
}

// replaceRequest is the body of PUT /api/v2/account/webhooks.
type replaceRequest struct {
	Webhooks Configuration `json:"webhooks"`
}

// response is every call's answer. Webhooks is absent on DELETE.
type response struct {
	Status   string         `json:"status"`
	Message  string         `json:"message,omitempty"`
	Webhooks *Configuration `json:"webhooks,omitempty"`
}
