package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// The list resource sendblue_webhook (Terraform 1.14 and later): in a
// .tfquery.hcl file,
//
//	list "sendblue_webhook" "all" {
//	  provider = sendblue
//	}
//
// and `terraform query` lists every webhook of the account by identity
// {type, url}; `terraform query -generate-config-out=FILE` writes a
// sendblue_webhook resource and an import block for each. It reads the
// account with one list call and never writes. Secrets are never in its
// results: generated configuration gets no secret, which leaves each
// webhook's secret on the server as it is.

var _ list.ListResourceWithConfigure = (*webhookListResource)(nil)

// NewWebhookListResource returns the sendblue_webhook list resource.
func NewWebhookListResource() list.ListResource {
	return &webhookListResource{resourceNamed("webhook")}
}

type webhookListResource struct{ configuredResource }

type webhookListModel struct {
	Type types.String `tfsdk:"type"`
}

func (l *webhookListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the webhooks of the Sendblue account (Terraform 1.14 or later, `terraform query`), " +
			"each by its identity `{type, url}`, so that `terraform query -generate-config-out=FILE` writes a " +
			"`sendblue_webhook` and an `import` block for each. Secrets are never listed.",
		Attributes: map[string]listschema.Attribute{
			"type": webhookTypeFilter().list(),
		},
	}
}

func (l *webhookListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg webhookListModel
	gather := func(ctx context.Context, diags *diag.Diagnostics) (context.Context, []webhooksDataEntry) {
		return l.webhooks(ctx, sendblue.WebhookType(cfg.Type.ValueString()), diags)
	}
	listResults(ctx, l.data, req, stream, &cfg, gather, func(ctx context.Context, e webhooksDataEntry, result *list.ListResult) {
		t, url := sendblue.WebhookType(e.Type.ValueString()), e.URL.ValueString()
		result.DisplayName = fmt.Sprintf("%s %s", t, url)
		setWebhookIdentity(ctx, result.Identity, t, url, &result.Diagnostics)
		// What Read puts in state after an import, less the secrets.
		setResourceAttributes(ctx, req, result, map[string]any{
			"id": webhookID(t, url), "type": string(t), "url": url, "sendblue_numbers": e.SendblueNumbers,
		})
	})
}

// webhooks reads the account's webhooks of type only (every type when
// empty) that sendblue_webhook can import, sorted by type, then URL; a URL
// the account holds twice under one type is one webhook (one identity),
// listed once.
func (l *webhookListResource) webhooks(ctx context.Context, only sendblue.WebhookType, diags *diag.Diagnostics) (context.Context, []webhooksDataEntry) {
	view, err := l.data.account.Snapshot(ctx)
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
