// Package benchfloor is the floor that `make bench` compares the provider
// with: a terraform-plugin-framework provider of the same type name whose
// sendblue_webhook and sendblue_account_webhooks have the same attributes as
// the real ones (the same names, types, optional/computed/sensitive/write-only
// flags and the nested `timeouts` and entries), and nothing else: no validators, defaults, plan modifiers or
// config validators, and no API. Create and Update store the plan, Read
// keeps the state, Delete forgets. A plan of N of these is what Terraform and
// the framework cost at N; whatever the real provider takes beyond it is its
// own work.
package benchfloor

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// New returns the floor provider.
func New() provider.Provider { return floorProvider{} }

type floorProvider struct{}

func (floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "sendblue"
}

func (floorProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{}
}

func (floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (floorProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		func() resource.Resource { return webhook{} },
		func() resource.Resource { return accountWebhooks{} },
	}
}

func (floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type webhook struct{}

func (webhook) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhook"
}

// Schema is sendblue_webhook's (internal/provider/webhook_resource.go)
// without its validators, default, plan modifiers and descriptions.
func (webhook) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	timeout := schema.StringAttribute{Optional: true}
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id":                schema.StringAttribute{Computed: true},
			"url":               schema.StringAttribute{Required: true},
			"type":              schema.StringAttribute{Optional: true, Computed: true},
			"secret":            schema.StringAttribute{Optional: true, Sensitive: true},
			"secret_wo":         schema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true},
			"secret_wo_version": schema.Int64Attribute{Optional: true},
			"sendblue_numbers":  schema.SetAttribute{ElementType: types.StringType, Optional: true},
			"global_secret":     schema.StringAttribute{Optional: true, Computed: true, Sensitive: true},
			"copies":            schema.Int64Attribute{Computed: true},
			"timeouts": schema.SingleNestedAttribute{
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"create": timeout, "read": timeout, "update": timeout, "delete": timeout,
				},
			},
		},
	}
}

type webhookModel struct {
	ID              types.String `tfsdk:"id"`
	URL             types.String `tfsdk:"url"`
	Type            types.String `tfsdk:"type"`
	Secret          types.String `tfsdk:"secret"`
	SecretWO        types.String `tfsdk:"secret_wo"`
	SecretWOVersion types.Int64  `tfsdk:"secret_wo_version"`
	GlobalSecret    types.String `tfsdk:"global_secret"`
	SendblueNumbers types.Set    `tfsdk:"sendblue_numbers"`
	Copies          types.Int64  `tfsdk:"copies"`
	Timeouts        types.Object `tfsdk:"timeouts"`
}

// stored is the plan as state: computed values known, the write-only one
// null.
func stored(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State) error {
	var m webhookModel
	if diags := plan.Get(ctx, &m); diags.HasError() {
		return diagError(diags)
	}
	if m.Type.IsUnknown() {
		m.Type = types.StringValue("receive")
	}
	m.ID = types.StringValue(m.Type.ValueString() + ":" + m.URL.ValueString())
	if m.GlobalSecret.IsUnknown() {
		m.GlobalSecret = types.StringNull()
	}
	m.SecretWO = types.StringNull()
	m.Copies = types.Int64Value(1)
	if diags := state.Set(ctx, &m); diags.HasError() {
		return diagError(diags)
	}
	return nil
}

func (webhook) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if err := stored(ctx, req.Plan, &resp.State); err != nil {
		resp.Diagnostics.AddError("floor", err.Error())
	}
}

func (webhook) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (webhook) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if err := stored(ctx, req.Plan, &resp.State); err != nil {
		resp.Diagnostics.AddError("floor", err.Error())
	}
}

func (webhook) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
