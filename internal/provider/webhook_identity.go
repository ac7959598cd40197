package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// Resource identity (Terraform 1.12 and later): a sendblue_webhook is its type
// and URL, so its identity is {type, url}. An import block can name a webhook
// by identity instead of by the `<type>:<url>` ID:
//
//	import {
//	  to       = sendblue_webhook.inbound
//	  identity = { type = "receive", url = "https://hooks.example.com/in" }
//	}
//
// and the list resource (terraform query) reports each webhook by it.
// Older CLIs ignore identity; the ID import keeps working everywhere.

var _ resource.ResourceWithIdentity = (*webhookResource)(nil)

// webhookIdentityModel is the identity's data.
type webhookIdentityModel struct {
	Type types.String `tfsdk:"type"`
	URL  types.String `tfsdk:"url"`
}

func (r *webhookResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"type": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The webhook's type: one of " + typesCode() + ".",
			},
			"url": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The URL Sendblue delivers the webhook's events to.",
			},
		},
	}
}

// setWebhookIdentity writes {type, url} into a response's identity (nil when
// the CLI does not support identity).
func setWebhookIdentity(ctx context.Context, id *tfsdk.ResourceIdentity, t sendblue.WebhookType, url string, diags *diag.Diagnostics) {
	if id == nil {
		return
	}
	diags.Append(id.Set(ctx, webhookIdentityModel{Type: types.StringValue(string(t)), URL: types.StringValue(url)})...)
}

// webhookFromIdentity reads and checks an import identity: a known type and
// a URL the resource would accept, as parseWebhookID checks an import ID.
func webhookFromIdentity(ctx context.Context, id *tfsdk.ResourceIdentity) (sendblue.WebhookType, string, diag.Diagnostics) {
	var m webhookIdentityModel
	diags := id.Get(ctx, &m)
	if diags.HasError() {
		return "", "", diags
	}
	t, url := sendblue.WebhookType(m.Type.ValueString()), m.URL.ValueString()
	if m.Type.IsNull() || m.URL.IsNull() || m.Type.IsUnknown() || m.URL.IsUnknown() {
		diags.AddAttributeError(path.Root("identity"), "Invalid import identity",
			"An import identity of sendblue_webhook needs both type and url, e.g. identity = { type = \"receive\", url = \"https://hooks.example.com/in\" }.")
		return "", "", diags
	}
	if !t.Valid() {
		diags.AddAttributeError(path.Root("type"), "Invalid import identity",
			fmt.Sprintf("The identity's type %q is not a webhook type; use one of %s.", string(t), strings.Join(sendblue.WebhookTypeStrings(), ", ")))
		return "", "", diags
	}
	if msg := checkWebhookURL(url); msg != "" {
		diags.AddAttributeError(path.Root("url"), "Invalid import identity", fmt.Sprintf("The identity's url %q %s.", url, msg))
		return "", "", diags
	}
	return t, url, diags
}
