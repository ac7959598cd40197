package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

var _ datasource.DataSourceWithConfigure = (*webhooksDataSource)(nil)

// NewWebhooksDataSource returns the sendblue_webhooks data source, which
// lists what an account holds so that webhooks set up by hand can be found
// and imported.
func NewWebhooksDataSource() datasource.DataSource {
	return &webhooksDataSource{dataSourceNamed("webhooks")}
}

type webhooksDataSource struct{ configuredDataSource }

func (d *webhooksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg webhooksDataModel
	d.read(ctx, req, resp, &cfg, func(ctx context.Context, diags *diag.Diagnostics) {
		view, err := d.data.account.Snapshot(ctx)
		if err != nil {
			addAPIError(diags, "list", aboutAccount, err)
			return
		}
		ctx = maskSecrets(ctx, sendblue.SecretsOf(view.Config())...)
		only := sendblue.WebhookType(cfg.Type.ValueString())
		cfg.Webhooks = listWebhooks(view.Config(), only)
		cfg.GlobalSecretSet = types.BoolValue(view.GlobalSecret() != "")
		tflog.Debug(ctx, "listed webhooks", map[string]any{"count": len(cfg.Webhooks), "type": string(only)})
	})
}
