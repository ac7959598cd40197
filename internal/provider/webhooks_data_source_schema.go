package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

// webhooksSchema is the schema of sendblue_webhooks.
func webhooksSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Lists the webhooks a Sendblue account holds, whoever set them up (the dashboard, another tool, Terraform), " +
			"without exposing any secret. Use it to see what is there before importing it.",
		Attributes: map[string]schema.Attribute{
			"type": webhookTypeFilter().dataSource(),
			"webhooks": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The account's webhooks of every type, including types this version of the provider does not know " +
					"(listed with the type as the API spells it, `supported = false`), sorted by type name (alphabetically) and then by URL. " +
					"A URL registered twice under one type appears twice. Empty when the account has none.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"type":             computedString("The webhook's type as the API spells it: one of " + typesCode() + ", or a type newer than this provider."),
						"url":              computedString("The URL Sendblue delivers events to."),
						"has_secret":       computedBool("Whether this webhook has its own signing secret. The secret itself is not exposed."),
						"sendblue_numbers": computedNumbers("The Sendblue line numbers (E.164) a `receive` webhook is limited to; null when it takes every line."),
						"supported": computedBool("Whether this version of the provider knows the webhook's type, so that `sendblue_webhook` " +
							"can import and manage it. Webhooks of other types are kept as they are by `sendblue_account_webhooks`."),
					},
				},
			},
			"global_secret_set": computedBool("Whether the account has a global secret (`globalSecret`, applied to all its webhooks). " +
				"The secret itself is not exposed."),
			"timeouts": dataSourceTimeoutsAttribute(ctx),
		},
	}
}
