package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// The list resource sendblue_webhook lists every webhook of the account by
// identity {type, url}, with one list call. Secrets are never in its
// results: generated configuration gets no secret, which leaves each
// webhook's secret on the server as it is.

// NewWebhookListResource returns the sendblue_webhook list resource.
func NewWebhookListResource() list.ListResource {
	return &listResource[webhooksDataEntry]{
		configuredResource: resourceNamed("webhook"),
		description: "Lists the webhooks of the Sendblue account (Terraform 1.14 or later, `terraform query`), " +
			"each by its identity `{type, url}`, so that `terraform query -generate-config-out=FILE` writes a " +
			"`sendblue_webhook` and an `import` block for each. Secrets are never listed.",
		attributes: map[string]listschema.Attribute{"type": webhookTypeFilter().list()},
		gather:     listAccountWebhooks,
		describe: func(e webhooksDataEntry) listed {
			t, url := sendblue.WebhookType(e.Type.ValueString()), e.URL.ValueString()
			return listed{
				name:     fmt.Sprintf("%s %s", t, url),
				identity: e.webhookIdentityModel,
				// What Read puts in state after an import, less the secrets.
				resource: map[string]any{"id": webhookID(t, url), "type": string(t), "url": url, "sendblue_numbers": e.SendblueNumbers},
			}
		},
	}
}

type webhookListModel struct {
	Type types.String `tfsdk:"type"`
}

// listAccountWebhooks reads the account's webhooks of the configured type
// (every type when unset) that sendblue_webhook can import, sorted by type,
// then URL; a URL the account holds twice under one type is one webhook (one
// identity), listed once.
func listAccountWebhooks(ctx context.Context, data *providerData, config tfsdk.Config, diags *diag.Diagnostics) (context.Context, []webhooksDataEntry) {
	var cfg webhookListModel
	diags.Append(config.Get(ctx, &cfg)...)
	if diags.HasError() {
		return ctx, nil
	}
	only := sendblue.WebhookType(cfg.Type.ValueString())
	view, err := data.account.Snapshot(ctx)
	if err != nil {
		addAPIError(diags, "list", aboutAccount, err)
		return ctx, nil
	}
	ctx = maskSecrets(ctx, sendblue.SecretsOf(view.Config())...)
	var entries []webhooksDataEntry
	for _, e := range listWebhooks(view.Config(), only) {
		if !e.Supported.ValueBool() {
			continue // a type this version cannot import into sendblue_webhook
		}
		if n := len(entries); n > 0 && entries[n-1].Type.Equal(e.Type) && entries[n-1].URL.Equal(e.URL) {
			continue
		}
		entries = append(entries, e)
	}
	tflog.Debug(ctx, "listing webhooks for terraform query", map[string]any{"count": len(entries), "type": string(only)})
	return ctx, entries
}
