package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// NewWebhooksDataSource returns the sendblue_webhooks data source, which
// lists what an account holds so that webhooks set up by hand can be found
// and imported.
func NewWebhooksDataSource() datasource.DataSource {
	return newDataSource("webhooks", webhooksSchema, readWebhooks)
}

// readWebhooks fills sendblue_webhooks from the account's snapshot.
func readWebhooks(ctx context.Context, data *providerData, m *webhooksDataModel, diags *diag.Diagnostics) {
	view, err := data.account.Snapshot(ctx)
	if err != nil {
		addAPIError(diags, "list", aboutAccount, err)
		return
	}
	ctx = maskSecrets(ctx, sendblue.SecretsOf(view.Config())...)
	only := sendblue.WebhookType(m.Type.ValueString())
	m.Webhooks = listWebhooks(view.Config(), only)
	m.GlobalSecretSet = types.BoolValue(view.GlobalSecret() != "")
	tflog.Debug(ctx, "listed webhooks", map[string]any{"count": len(m.Webhooks), "type": string(only)})
}
