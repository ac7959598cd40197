package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// The identity of a sendblue_webhook is its type and URL, {type, url}. An
// import block can name a webhook by it instead of by the `<type>:<url>` ID:
//
//	import {
//	  to       = sendblue_webhook.inbound
//	  identity = { type = "receive", url = "https://hooks.example.com/in" }
//	}

func (r *webhookResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema(map[string]string{
		"type": "The webhook's type: one of " + typesCode() + ".",
		"url":  "The URL Sendblue delivers the webhook's events to.",
	})
}

// setWebhookIdentity writes {type, url} into a response's identity.
func setWebhookIdentity(ctx context.Context, id *tfsdk.ResourceIdentity, t sendblue.WebhookType, url string, diags *diag.Diagnostics) {
	setIdentity(ctx, id, webhookIdentity(t, url), diags)
}

// webhookFromIdentity reads and checks an import identity: a known type and
// a URL the resource would accept, as parseWebhookID checks an import ID.
func webhookFromIdentity(ctx context.Context, id *tfsdk.ResourceIdentity) (sendblue.WebhookType, string, diag.Diagnostics) {
	var m webhookIdentityModel
	diags := getIdentity(ctx, id, &m, "sendblue_webhook", "both type and url", `{ type = "receive", url = "https://hooks.example.com/in" }`)
	if diags.HasError() {
		return "", "", diags
	}
	t, url := sendblue.WebhookType(m.Type.ValueString()), m.URL.ValueString()
	if !t.Valid() {
		diags.AddAttributeError(path.Root("type"), "Invalid import identity",
			fmt.Sprintf("The identity's type %q is not a webhook type; use one of %s.", string(t), typesPlain()))
		return "", "", diags
	}
	if msg := checkWebhookURL(url); msg != "" {
		diags.AddAttributeError(path.Root("url"), "Invalid import identity", fmt.Sprintf("The identity's url %q %s.", url, msg))
		return "", "", diags
	}
	return t, url, diags
}
