package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

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
