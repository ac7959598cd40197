// Package sendblue is a small client for Sendblue's webhook API, in both of
// its generations (/api/account/webhooks and /api/v2/account/webhooks). It
// knows nothing about Terraform, so that it could be published on its own.
package sendblue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// WebhookType is the kind of event a webhook is registered for. A value read
// from the API may be a type this version does not know (Valid is false):
// such entries are kept and written back as they are.
type WebhookType string

// The nine webhook types this version knows, as the API names them. This is
// the one place in the client that lists them (in webhookTypes below);
// everything else asks WebhookTypes, Valid or InGeneration.
const (
	TypeReceive         WebhookType = "receive"
	TypeCallLog         WebhookType = "call_log"
	TypeLineBlocked     WebhookType = "line_blocked"
	TypeLineAssigned    WebhookType = "line_assigned"
	TypeOutbound        WebhookType = "outbound"
	TypeContactCreated  WebhookType = "contact_created"
	TypeTypingIndicator WebhookType = "typing_indicator"
	TypeInboundCall     WebhookType = "inbound_call"
	TypeContactProfile  WebhookType = "contact_profile"
)

// DefaultType is the type this client sends when a caller names none.
const DefaultType = TypeReceive

// Generation is one of the two generations of the webhooks API.
type Generation string

const (
	// GenCurrent is /api/account/webhooks (official SDKs since December
	// 2025): nine types, every type takes {url, secret?, sendblue_numbers?}.
	GenCurrent Generation = "current"
	// GenV2 is /api/v2/account/webhooks (the seed's API page): the first six
	// types, contact_created as URL strings only, no sendblue_numbers.
	GenV2 Generation = "v2"
)

// Path returns the generation's URL path, relative to the base URL.
func (g Generation) Path() string {
	if g == GenV2 {
		return "/api/v2/account/webhooks"
	}
	return "/api/account/webhooks"
}

// Other returns the other generation.
func (g Generation) Other() Generation {
	if g == GenV2 {
		return GenCurrent
	}
	return GenV2
}

// Generations lists both, newest first.
func Generations() []Generation { return []Generation{GenCurrent, GenV2} }

// typeInfo is what differs by type.
type typeInfo struct {
	t      WebhookType
	v2     bool   // the v2 generation has it
	events string // what Sendblue delivers to webhooks of the type, for docs
}

var webhookTypes = []typeInfo{
	{TypeReceive, true, "inbound messages"},
	{TypeCallLog, true, "call logs"},
	{TypeLineBlocked, true, "blocked lines"},
	{TypeLineAssigned, true, "line assignments"},
	{TypeOutbound, true, "outbound message status"},
	{TypeContactCreated, true, "new contacts"},
	{TypeTypingIndicator, false, "typing indicators"},
	{TypeInboundCall, false, "inbound calls"},
	{TypeContactProfile, false, "contact-profile publication"},
}

// WebhookTypes returns the nine known types in the API's documented order
// (the six of v2 first).
func WebhookTypes() []WebhookType {
	out := make([]WebhookType, len(webhookTypes))
	for i, ti := range webhookTypes {
		out[i] = ti.t
	}
	return out
}

// WebhookTypeStrings returns the nine types as strings, for validators and docs.
func WebhookTypeStrings() []string {
	out := make([]string, len(webhookTypes))
	for i, ti := range webhookTypes {
		out[i] = string(ti.t)
	}
	return out
}

// TypesOf returns the types generation g has, in documented order.
func TypesOf(g Generation) []WebhookType {
	var out []WebhookType
	for _, ti := range webhookTypes {
		if g != GenV2 || ti.v2 {
			out = append(out, ti.t)
		}
	}
	return out
}

// Valid reports whether t is one of the nine types this version knows.
func (t WebhookType) Valid() bool {
	for _, ti := range webhookTypes {
		if ti.t == t {
			return true
		}
	}
	return false
}

// Events says what Sendblue delivers to webhooks of type t (such as
// "inbound messages"), for documentation; empty for an unknown type.
func (t WebhookType) Events() string {
	for _, ti := range webhookTypes {
		if ti.t == t {
			return ti.events
		}
	}
	return ""
}

// InGeneration reports whether generation g has type t.
func (t WebhookType) InGeneration(g Generation) bool {
	for _, ti := range webhookTypes {
		if ti.t == t {
			return g != GenV2 || ti.v2
		}
	}
	return false
}

// AllowsSecretIn reports whether webhooks of this type may carry their own
// secret under generation g: on v2, contact_created takes URL strings only.
func (t WebhookType) AllowsSecretIn(g Generation) bool {
	return g != GenV2 || t != TypeContactCreated
}

// AllowsNumbers reports whether webhooks of this type may carry
// sendblue_numbers (receive only, current generation only).
func (t WebhookType) AllowsNumbers(g Generation) bool {
	return g != GenV2 && t == TypeReceive
}

// CheckWebhook returns an error naming the generation when generation g
// cannot take w as a webhook of type t; nil otherwise. Messages name types
// and URLs, never secrets.
func CheckWebhook(g Generation, t WebhookType, w Webhook) error {
	switch {
	case !t.InGeneration(g) && t.Valid():
		return fmt.Errorf("webhook type %q is not supported by the %s API generation (%s), which has only %s; "+
			"use the current generation (provider attribute api_version = \"current\" or \"auto\")",
			t, g, g.Path(), joinTypes(TypesOf(g)))
	case !t.Valid():
		return fmt.Errorf("webhook type %q is not supported by this version of the provider", t)
	case w.Secret != "" && !t.AllowsSecretIn(g):
		return fmt.Errorf("%s webhooks cannot have their own secret under the %s API generation (%s), which takes them as URL strings only", t, g, g.Path())
	case len(w.SendblueNumbers) > 0 && t != TypeReceive:
		return fmt.Errorf("sendblue_numbers is for receive webhooks only, not %s", t)
	case len(w.SendblueNumbers) > 0 && !t.AllowsNumbers(g):
		return fmt.Errorf("sendblue_numbers is not supported by the %s API generation (%s); it needs the current generation", g, g.Path())
	}
	return nil
}

func joinTypes(ts []WebhookType) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// Webhook is one entry of a type's list: a URL, optionally its own signing
// secret, optionally the Sendblue line numbers (E.164) it is limited to
// (receive only), and any fields of the entry object this version does not
// know, kept raw so that they are written back unchanged. On the wire it is a
// bare URL string when it has nothing but a URL, an object otherwise; both
// shapes are accepted when decoding.
type Webhook struct {
	URL             string
	Secret          string
	SendblueNumbers []string
	Extra           map[string]json.RawMessage
}

// IsBare reports whether w is only a URL.
func (w Webhook) IsBare() bool {
	return w.Secret == "" && len(w.SendblueNumbers) == 0 && len(w.Extra) == 0
}

// Equal reports whether two entries are the same (numbers compared as sets,
// unknown fields byte for byte).
func (w Webhook) Equal(o Webhook) bool {
	if w.URL != o.URL || w.Secret != o.Secret || !SameNumbers(w.SendblueNumbers, o.SendblueNumbers) || len(w.Extra) != len(o.Extra) {
		return false
	}
	for k, v := range w.Extra {
		if ov, ok := o.Extra[k]; !ok || !bytes.Equal(v, ov) {
			return false
		}
	}
	return true
}

// SameNumbers compares two lists of numbers as sets.
func SameNumbers(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	as, bs := slices.Clone(a), slices.Clone(b)
	slices.Sort(as)
	slices.Sort(bs)
	return slices.Equal(as, bs)
}

// Clone returns a deep copy.
func (w Webhook) Clone() Webhook {
	out := Webhook{URL: w.URL, Secret: w.Secret, SendblueNumbers: slices.Clone(w.SendblueNumbers)}
	if w.Extra != nil {
		out.Extra = make(map[string]json.RawMessage, len(w.Extra))
		for k, v := range w.Extra {
			out.Extra[k] = slices.Clone(v)
		}
	}
	return out
}

// MarshalJSON writes a bare string when there is only a URL.
func (w Webhook) MarshalJSON() ([]byte, error) {
	if w.IsBare() {
		return json.Marshal(w.URL)
	}
	m := make(map[string]any, 3+len(w.Extra))
	for k, v := range w.Extra {
		m[k] = v
	}
	m["url"] = w.URL
	if w.Secret != "" {
		m["secret"] = w.Secret
	}
	if len(w.SendblueNumbers) > 0 {
		m["sendblue_numbers"] = w.SendblueNumbers
	}
	return json.Marshal(m)
}

// UnmarshalJSON accepts a URL string or an object with url, optional secret
// and sendblue_numbers, and fields this version does not know.
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
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil || raw == nil {
		return fmt.Errorf("webhook entry is neither a URL string nor an object")
	}
	out := Webhook{}
	u, ok := raw["url"]
	if !ok || json.Unmarshal(u, &out.URL) != nil {
		return fmt.Errorf("webhook object has no url string")
	}
	delete(raw, "url")
	if v, ok := raw["secret"]; ok {
		if !isNull(v) && json.Unmarshal(v, &out.Secret) != nil {
			return fmt.Errorf("webhook object's secret is not a string")
		}
		delete(raw, "secret")
	}
	if v, ok := raw["sendblue_numbers"]; ok {
		if !isNull(v) && json.Unmarshal(v, &out.SendblueNumbers) != nil {
			return fmt.Errorf("webhook object's sendblue_numbers is not an array of strings")
		}
		if len(out.SendblueNumbers) == 0 {
			out.SendblueNumbers = nil
		}
		delete(raw, "sendblue_numbers")
	}
	if len(raw) > 0 {
		out.Extra = raw
	}
	*w = out
	return nil
}

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

// AddRequest is the body of POST on the webhooks path.
type AddRequest struct {
	Type         WebhookType `json:"type,omitempty"`
	Webhooks     []Webhook   `json:"webhooks"`
	GlobalSecret string      `json:"globalSecret,omitempty"`
}

// DeleteRequest is the body of DELETE on the webhooks path. Type is always
// sent by this client, since the API's default for a missing type is not
// documented for the current generation.
type DeleteRequest struct {
	Type WebhookType `json:"type"`
	URLs []string    `json:"webhooks"`
}

// replaceRequest is the body of PUT on the webhooks path.
type replaceRequest struct {
	Webhooks Configuration `json:"webhooks"`
}

// response is every call's answer. Webhooks is absent on DELETE; status is
// optional under the current generation.
type response struct {
	Status   string         `json:"status"`
	Message  string         `json:"message,omitempty"`
	Webhooks *Configuration `json:"webhooks,omitempty"`
	// raw is the whole answer, for calls other than the webhook calls
	// (lines.go), which read their own shape from it.
	raw []byte
}
