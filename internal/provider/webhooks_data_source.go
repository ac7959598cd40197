package provider

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

var _ datasource.DataSourceWithConfigure = (*webhooksDataSource)(nil)

// NewWebhooksDataSource returns the sendblue_webhooks data source, which
// lists what an account holds so that webhooks set up by hand can be found
// and imported.
func NewWebhooksDataSource() datasource.DataSource { return &webhooksDataSource{} }

type webhooksDataSource struct {
	data *providerData
}

type webhooksDataModel struct {
	Type            types.String        `tfsdk:"type"`
	Webhooks        []webhooksDataEntry `tfsdk:"webhooks"`
	GlobalSecretSet types.Bool          `tfsdk:"global_secret_set"`
	Timeouts        timeouts.Value      `tfsdk:"timeouts"`
}

type webhooksDataEntry struct {
	Type            types.String `tfsdk:"type"`
	URL             types.String `tfsdk:"url"`
	HasSecret       types.Bool   `tfsdk:"has_secret"`
	SendblueNumbers types.Set    `tfsdk:"sendblue_numbers"`
	Supported       types.Bool   `tfsdk:"supported"`
}

func (d *webhooksDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhooks"
}

func (d *webhooksDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	typeNames := typesCode()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the webhooks a Sendblue account holds, whoever set them up (the dashboard, another tool, Terraform), " +
			"without exposing any secret. Use it to see what is there before importing it.",
		Attributes: map[string]schema.Attribute{
			"type": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "List webhooks of this type only: one of " + typeNames + ". " +
					"Default: unset, which lists every type.",
				Validators: []validator.String{stringvalidator.OneOf(sendblue.WebhookTypeStrings()...)},
			},
			"webhooks": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The account's webhooks of every type, including types this version of the provider does not know " +
					"(listed with the type as the API spells it, `supported = false`), sorted by type name (alphabetically) and then by URL. " +
					"A URL registered twice under one type appears twice. Empty when the account has none.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"type": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "The webhook's type as the API spells it: one of " + typeNames + ", or a type newer than this provider.",
						},
						"url": schema.StringAttribute{
							Computed:            true,
							MarkdownDescription: "The URL Sendblue delivers events to.",
						},
						"has_secret": schema.BoolAttribute{
							Computed:            true,
							MarkdownDescription: "Whether this webhook has its own signing secret. The secret itself is not exposed.",
						},
						"sendblue_numbers": schema.SetAttribute{
							ElementType:         types.StringType,
							Computed:            true,
							MarkdownDescription: "The Sendblue line numbers (E.164) a `receive` webhook is limited to; null when it takes every line.",
						},
						"supported": schema.BoolAttribute{
							Computed: true,
							MarkdownDescription: "Whether this version of the provider knows the webhook's type, so that `sendblue_webhook` " +
								"can import and manage it. Webhooks of other types are kept as they are by `sendblue_account_webhooks`.",
						},
					},
				},
			},
			"global_secret_set": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "Whether the account has a global secret (`globalSecret`, applied to all its webhooks). " +
					"The secret itself is not exposed.",
			},
			"timeouts": dataSourceTimeoutsAttribute(ctx),
		},
	}
}

func (d *webhooksDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *webhooksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.data.ready(&resp.Diagnostics) {
		return
	}
	var cfg webhooksDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := operationContext(ctx, cfg.Timeouts.Read, defaultReadTimeout, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = d.data.mask(ctx)

	view, err := d.data.account.Snapshot(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", aboutAccount, err)
		return
	}
	ctx = maskSecrets(ctx, sendblue.SecretsOf(view.Config())...)
	only := sendblue.WebhookType(cfg.Type.ValueString())
	cfg.Webhooks = listWebhooks(view.Config(), only)
	cfg.GlobalSecretSet = types.BoolValue(view.GlobalSecret() != "")
	tflog.Debug(ctx, "listed webhooks", map[string]any{"count": len(cfg.Webhooks), "type": string(only)})
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

// listWebhooks flattens c into entries of type only (every type when empty),
// sorted by type name and then URL. The sort is stable, so duplicates keep
// their order (they are equal anyway).
func listWebhooks(c *sendblue.Configuration, only sendblue.WebhookType) []webhooksDataEntry {
	out := []webhooksDataEntry{}
	for _, t := range c.SortedTypes() {
		if only != "" && t != only {
			continue
		}
		for _, w := range c.Get(t) {
			out = append(out, webhooksDataEntry{
				Type:            types.StringValue(string(t)),
				URL:             types.StringValue(w.URL),
				HasSecret:       types.BoolValue(w.Secret != ""),
				SendblueNumbers: numbersValue(w.SendblueNumbers),
				Supported:       types.BoolValue(t.Valid()),
			})
		}
	}
	slices.SortStableFunc(out, func(a, b webhooksDataEntry) int {
		return cmp.Or(strings.Compare(a.Type.ValueString(), b.Type.ValueString()), strings.Compare(a.URL.ValueString(), b.URL.ValueString()))
	})
	return out
}
