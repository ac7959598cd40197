package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
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

func (d *webhooksDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_webhooks"
}

func (d *webhooksDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *webhooksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg webhooksDataModel
	ctx, cancel, ok := beginDataSourceRead(ctx, d.data, req.Config, &cfg, func() timeouts.Value { return cfg.Timeouts }, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()

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
