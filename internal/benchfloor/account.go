package benchfloor

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// accountTypes are the nine webhook types, each a map attribute of
// sendblue_account_webhooks.
var accountTypes = []string{
	"receive", "call_log", "line_blocked", "line_assigned", "outbound",
	"contact_created", "typing_indicator", "inbound_call", "contact_profile",
}

// accountEntryType is the value of one entry of a type's map.
var accountEntryType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"secret":           types.StringType,
	"sendblue_numbers": types.SetType{ElemType: types.StringType},
}}

type accountWebhooks struct{}

func (accountWebhooks) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account_webhooks"
}

// Schema is sendblue_account_webhooks' (internal/provider/
// account_webhooks_schema.go: one map keyed by URL per type) without its
// validators, defaults, plan modifiers and descriptions.
func (accountWebhooks) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	timeout := schema.StringAttribute{Optional: true}
	attrs := map[string]schema.Attribute{
		"id":            schema.StringAttribute{Computed: true},
		"global_secret": schema.StringAttribute{Optional: true, Computed: true, Sensitive: true},
		"timeouts": schema.SingleNestedAttribute{
			Optional: true,
			Attributes: map[string]schema.Attribute{
				"create": timeout, "read": timeout, "update": timeout, "delete": timeout,
			},
		},
	}
	for _, t := range accountTypes {
		attrs[t] = schema.MapNestedAttribute{
			Optional: true,
			Computed: true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"secret":           schema.StringAttribute{Optional: true, Sensitive: true},
				"sendblue_numbers": schema.SetAttribute{ElementType: types.StringType, Optional: true},
			}},
		}
	}
	resp.Schema = schema.Schema{Version: 1, Attributes: attrs}
}

// storedAccount is the plan as state: computed values known (an omitted
// type an empty map, as the provider's default makes it).
func storedAccount(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State) error {
	var obj types.Object
	if d := plan.Get(ctx, &obj); d.HasError() {
		return diagError(d)
	}
	vals := maps.Clone(obj.Attributes())
	vals["id"] = types.StringValue("account")
	if vals["global_secret"].IsUnknown() {
		vals["global_secret"] = types.StringNull()
	}
	for _, t := range accountTypes {
		if vals[t].IsUnknown() || vals[t].IsNull() {
			vals[t] = types.MapValueMust(accountEntryType, nil)
		}
	}
	out, d := types.ObjectValue(obj.AttributeTypes(ctx), vals)
	if d.HasError() {
		return diagError(d)
	}
	return diagError(state.Set(ctx, out))
}

func (accountWebhooks) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if err := storedAccount(ctx, req.Plan, &resp.State); err != nil {
		resp.Diagnostics.AddError("floor", err.Error())
	}
}

func (accountWebhooks) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (accountWebhooks) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if err := storedAccount(ctx, req.Plan, &resp.State); err != nil {
		resp.Diagnostics.AddError("floor", err.Error())
	}
}

func (accountWebhooks) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
