package provider

// The state upgrade of sendblue_account_webhooks from schema version 0, in
// which each type was a set of {url, secret, sendblue_numbers} objects, to
// version 1, a map of {secret, sendblue_numbers} keyed by URL.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// v0Schema is schema version 0 as state holds it: its attributes and their
// types (validators, defaults and descriptions play no part in reading a
// state).
func v0Schema(ctx context.Context) *schema.Schema {
	attrs := map[string]schema.Attribute{
		"id":            schema.StringAttribute{Computed: true},
		"global_secret": schema.StringAttribute{Optional: true, Computed: true, Sensitive: true},
		"timeouts":      timeoutsAttribute(ctx),
	}
	for _, t := range sendblue.WebhookTypes() {
		attrs[string(t)] = schema.SetNestedAttribute{
			Optional: true,
			Computed: true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"url":              schema.StringAttribute{Required: true},
				"secret":           schema.StringAttribute{Optional: true, Sensitive: true},
				"sendblue_numbers": schema.SetAttribute{ElementType: types.StringType, Optional: true},
			}},
		}
	}
	return &schema.Schema{Attributes: attrs}
}

func (r *accountWebhooksResource) UpgradeState(ctx context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{
		0: {PriorSchema: v0Schema(ctx), StateUpgrader: upgradeAccountV0},
	}
}

// upgradeAccountV0 turns each type's set into a map keyed by URL, with the
// same secrets and numbers; id, global_secret and timeouts are kept. A URL
// that a set held twice (the account held it twice, with different secrets
// or numbers) is one entry: the one with a secret, else the first; the
// next refresh reads the account anyway.
func upgradeAccountV0(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var old types.Object
	resp.Diagnostics.Append(req.State.Get(ctx, &old)...)
	if resp.Diagnostics.HasError() {
		return
	}
	a := old.Attributes()
	vals := map[string]attr.Value{"id": a["id"], "global_secret": a["global_secret"], "timeouts": a["timeouts"]}
	attrTypes := map[string]attr.Type{
		"id": types.StringType, "global_secret": types.StringType, "timeouts": old.AttributeTypes(ctx)["timeouts"],
	}
	for _, t := range sendblue.WebhookTypes() {
		attrTypes[string(t)] = types.MapType{ElemType: webhookEntryType}
		set, _ := a[string(t)].(types.Set)
		elems := map[string]attr.Value{}
		for _, e := range set.Elements() {
			o, ok := e.(types.Object)
			if !ok || o.IsNull() || o.IsUnknown() {
				continue
			}
			ea := o.Attributes()
			url, _ := ea["url"].(types.String)
			secret, _ := ea["secret"].(types.String)
			if prev, seen := elems[url.ValueString()]; seen {
				if prevSecret, _ := prev.(types.Object).Attributes()["secret"].(types.String); !prevSecret.IsNull() || secret.IsNull() {
					continue
				}
			}
			v, d := types.ObjectValue(webhookEntryType.AttrTypes, map[string]attr.Value{
				"secret": secret, "sendblue_numbers": ea["sendblue_numbers"],
			})
			resp.Diagnostics.Append(d...)
			elems[url.ValueString()] = v
		}
		m, d := types.MapValue(webhookEntryType, elems)
		resp.Diagnostics.Append(d...)
		vals[string(t)] = m
	}
	obj, d := types.ObjectValue(attrTypes, vals)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, obj)...)
}
