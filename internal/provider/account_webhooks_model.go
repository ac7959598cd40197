package provider

// Conversion between the sendblue_account_webhooks model and the client's
// configuration. Every conversion is one pass over the entries.

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// configuration converts the model into the client's configuration, each
// type's entries in URL order. Null maps count as empty. Entries carry no
// unknown fields: ReplaceAll gives each the fields the account holds for
// it.
func (m *accountWebhooksModel) configuration(ctx context.Context) (*sendblue.Configuration, diag.Diagnostics) {
	var diags diag.Diagnostics
	c := &sendblue.Configuration{Webhooks: map[sendblue.WebhookType][]sendblue.Webhook{}, GlobalSecret: m.GlobalSecret.ValueString()}
	for t, l := range m.Lists {
		if l.IsNull() || l.IsUnknown() {
			continue
		}
		elems := l.Elements()
		if len(elems) == 0 {
			continue
		}
		ws := make([]sendblue.Webhook, 0, len(elems))
		for url, elem := range elems {
			obj, ok := elem.(types.Object)
			if !ok || obj.IsUnknown() {
				continue
			}
			w := sendblue.Webhook{URL: url}
			if !obj.IsNull() {
				a := obj.Attributes()
				sec, _ := a["secret"].(types.String)
				nums, ok := a["sendblue_numbers"].(types.Set)
				if !ok {
					nums = types.SetNull(types.StringType)
				}
				w.Secret, w.SendblueNumbers = sec.ValueString(), numbersOf(ctx, nums, &diags)
			}
			ws = append(ws, w)
		}
		slices.SortFunc(ws, func(a, b sendblue.Webhook) int { return strings.Compare(a.URL, b.URL) })
		c.Webhooks[t] = ws
	}
	return c, diags
}

// knownSecrets returns the secrets the model holds (null and unknown
// values count as none), to mask and redact them.
func (m *accountWebhooksModel) knownSecrets(ctx context.Context) []string {
	c, _ := m.configuration(ctx)
	return sendblue.SecretsOf(c)
}

// managedSecrets returns the entries whose secret the model holds: the
// secrets this resource manages. An entry without one (imported, or
// configured without `secret`) leaves the webhook's secret on the account
// as it is.
func (m *accountWebhooksModel) managedSecrets(ctx context.Context) map[sendblue.Ref]bool {
	c, _ := m.configuration(ctx)
	out := map[sendblue.Ref]bool{}
	for t, ws := range c.Webhooks {
		for _, w := range ws {
			if w.Secret != "" {
				out[sendblue.Ref{Type: t, URL: w.URL}] = true
			}
		}
	}
	return out
}

// keepUnmanagedSecrets gives each entry of c without a secret the secret
// the account holds for it (current), unless managed says this resource
// managed it before (then the configuration removes it). So an entry whose
// secret Terraform does not manage keeps it on every replace. A URL the
// account holds more than once takes the secret its resolution keeps
// (resolved, see resolveDuplicates).
func keepUnmanagedSecrets(c *sendblue.Configuration, current *sendblue.View, managed map[sendblue.Ref]bool, resolved map[sendblue.Ref]resolution) {
	for t, ws := range c.Webhooks {
		for i, w := range ws {
			ref := sendblue.Ref{Type: t, URL: w.URL}
			if w.Secret != "" || managed[ref] {
				continue
			}
			if r, ok := resolved[ref]; ok {
				ws[i].Secret = r.keep.Secret
			} else if found, _, ok := current.Lookup(t, w.URL); ok {
				ws[i].Secret = found.Secret
			}
		}
	}
}

// setConfiguration sets every map from c, with each entry's secret as the
// account holds it when this resource manages it (managed), so that a
// secret changed outside Terraform shows as drift, and null otherwise (an
// import takes no secret: configuration generated from it then keeps every
// secret). A URL the account holds more than once is the copy that matches
// the model's prior entry (see representative). A type without webhooks is
// an empty map, as the default of an omitted attribute is.
func (m *accountWebhooksModel) setConfiguration(ctx context.Context, c *sendblue.Configuration, managed map[sendblue.Ref]bool) diag.Diagnostics {
	var diags diag.Diagnostics
	prior, d := m.configuration(ctx)
	diags.Append(d...)
	reps := map[sendblue.Ref]sendblue.Webhook{}
	for _, dup := range duplicatesIn(c) {
		want, _ := entryOf(prior, dup.ref)
		reps[dup.ref] = representative(dup, want, managed[dup.ref])
	}
	for _, t := range sendblue.WebhookTypes() {
		ws := c.Get(t)
		elems := make(map[string]attr.Value, len(ws))
		for _, w := range ws {
			if _, done := elems[w.URL]; done {
				continue
			}
			if r, ok := reps[sendblue.Ref{Type: t, URL: w.URL}]; ok {
				w = r
			}
			secret := types.StringNull()
			if managed[sendblue.Ref{Type: t, URL: w.URL}] {
				secret = optionalString(w.Secret)
			}
			obj, d := types.ObjectValue(webhookEntryType.AttrTypes, map[string]attr.Value{
				"secret":           secret,
				"sendblue_numbers": numbersValue(w.SendblueNumbers),
			})
			diags.Append(d...)
			elems[w.URL] = obj
		}
		v, d := types.MapValue(webhookEntryType, elems)
		diags.Append(d...)
		m.Lists[t] = v
	}
	return diags
}

// entryOf returns c's entry of ref, in O(log n): c's types are sorted by URL
// (as configuration makes them).
func entryOf(c *sendblue.Configuration, ref sendblue.Ref) (sendblue.Webhook, bool) {
	i, ok := entryIndex(c, ref)
	if !ok {
		return sendblue.Webhook{}, false
	}
	return c.Get(ref.Type)[i], true
}

// entryIndex returns the index of ref's entry in c's list of its type,
// sorted by URL.
func entryIndex(c *sendblue.Configuration, ref sendblue.Ref) (int, bool) {
	return slices.BinarySearchFunc(c.Get(ref.Type), ref.URL, func(w sendblue.Webhook, url string) int { return strings.Compare(w.URL, url) })
}

// mapKnown reports whether l and everything in it is known.
func mapKnown(l types.Map) bool {
	if l.IsUnknown() {
		return false
	}
	for _, e := range l.Elements() {
		if e.IsUnknown() {
			return false
		}
		if o, ok := e.(types.Object); ok {
			for _, a := range o.Attributes() {
				if a.IsUnknown() {
					return false
				}
			}
		}
	}
	return true
}
