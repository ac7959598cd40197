package provider

// Conversion between the sendblue_account_webhooks model and the client's
// configuration.

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// configuration converts the model into the client's configuration. Null
// lists count as empty.
func (m *accountWebhooksModel) configuration(ctx context.Context) (*sendblue.Configuration, diag.Diagnostics) {
	var diags diag.Diagnostics
	c := &sendblue.Configuration{Webhooks: map[sendblue.WebhookType][]sendblue.Webhook{}, GlobalSecret: m.GlobalSecret.ValueString()}
	for t, l := range m.Lists {
		if l.IsNull() || l.IsUnknown() {
			continue
		}
		var ws []sendblue.Webhook
		for _, elem := range l.Elements() {
			obj, ok := elem.(types.Object)
			if !ok || obj.IsNull() || obj.IsUnknown() {
				continue
			}
			a := obj.Attributes()
			u, _ := a["url"].(types.String)
			sec, _ := a["secret"].(types.String)
			nums, ok := a["sendblue_numbers"].(types.Set)
			if !ok {
				nums = types.SetNull(types.StringType)
			}
			ws = append(ws, sendblue.Webhook{URL: u.ValueString(), Secret: sec.ValueString(),
				SendblueNumbers: numbersOf(ctx, nums, &diags)})
		}
		if len(ws) > 0 {
			c.Webhooks[t] = ws
		}
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
// secret Terraform does not manage keeps it on every replace.
func keepUnmanagedSecrets(c, current *sendblue.Configuration, managed map[sendblue.Ref]bool) {
	for t, ws := range c.Webhooks {
		for i, w := range ws {
			if w.Secret != "" || managed[sendblue.Ref{Type: t, URL: w.URL}] {
				continue
			}
			if found, ok := current.Find(t, w.URL); ok {
				ws[i].Secret = found.Secret
			}
		}
	}
}

// setConfiguration sets every set from c, with each entry's secret as the
// account holds it when this resource manages it (managed), so that a
// secret changed outside Terraform shows as drift, and null otherwise (an
// import takes no secret: configuration generated from it then keeps every
// secret). A type without webhooks is an empty set, as the default of an
// omitted attribute is.
func (m *accountWebhooksModel) setConfiguration(c *sendblue.Configuration, managed map[sendblue.Ref]bool) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, t := range sendblue.WebhookTypes() {
		elems := []attr.Value{}
		for _, w := range c.Get(t) {
			secret := types.StringNull()
			if managed[sendblue.Ref{Type: t, URL: w.URL}] {
				secret = optionalString(w.Secret)
			}
			vals := map[string]attr.Value{
				"url":              types.StringValue(w.URL),
				"secret":           secret,
				"sendblue_numbers": numbersValue(w.SendblueNumbers),
			}
			obj, d := types.ObjectValue(elemType(t).AttrTypes, vals)
			diags.Append(d...)
			// An entry the account holds twice is one set element (see
			// duplicateEntries, which makes the plan rewrite it).
			if !slices.ContainsFunc(elems, obj.Equal) {
				elems = append(elems, obj)
			}
		}
		v, d := types.SetValue(elemType(t), elems)
		diags.Append(d...)
		m.Lists[t] = v
	}
	return diags
}

// listKnown reports whether l and everything in it is known.
func listKnown(l types.Set) bool {
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
