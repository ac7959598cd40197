// Package sendblue is a small client for Sendblue's webhook API, in both of
// its generations (/api/account/webhooks and /api/v2/account/webhooks). It
// knows nothing about Terraform, so that it could be published on its own.
package sendblue

import (
	"fmt"
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
			"it needs the %s generation (%s)",
			t, g, g.Path(), joinTypes(TypesOf(g)), g.Other(), g.Other().Path())
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
