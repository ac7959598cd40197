package provider

import (
	"cmp"
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

func (r *webhookResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	typeNames := typesCode()
	resp.Schema = schema.Schema{
		MarkdownDescription: "One webhook of a Sendblue account, identified by its type and URL. " +
			"Other webhooks of the account are left as they are.",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("The webhook's identifier, `<type>:<url>` (the API has no per-webhook id)."),
			"url": replacing(requiredString(fmt.Sprintf("The HTTPS URL Sendblue delivers events to: `https://` with a host, no spaces, at most %d bytes. "+
				"Changing it replaces the webhook.", maxURLLength), webhookURLValidator)),
			"type": replacing(schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(string(sendblue.DefaultType)),
				MarkdownDescription: "The event the webhook is for: one of " + typeNames + ". Default: `receive` (inbound messages). " +
					"`typing_indicator`, `inbound_call` and `contact_profile` need the current API generation (see the provider's `api_version`). " +
					"Changing it replaces the webhook.",
				Validators: []validator.String{stringvalidator.OneOf(sendblue.WebhookTypeStrings()...)},
			}),
			"secret": secretAttribute("The webhook's own signing secret, sent by Sendblue in the `sb-signing-secret` header of each delivery. " +
				"Sensitive, but stored in state: prefer `secret_wo`. Not allowed together with `secret_wo`; with type `contact_created` it needs the current API generation. " +
				"Must not be empty. A change, or removing it, replaces the webhook's entry on the server (delete, then add with the new secret, " +
				"or with none): removing `secret` removes the secret from the webhook. If the API refuses the new entry, the old one is put back."),
			"secret_wo": writeOnly(secretAttribute("Write-only signing secret (Terraform 1.11 or later): sent to Sendblue, never stored in state or plan. " +
				"Sent on create and whenever `secret_wo_version` changes; requires `secret_wo_version`. " +
				"Not allowed together with `secret`; with type `contact_created` it needs the current API generation. Must not be empty.")),
			"secret_wo_version": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Any number that you change to send a new `secret_wo` to Sendblue. " +
					"Required with `secret_wo`, not allowed without it. Removing both `secret_wo` and `secret_wo_version` removes the " +
					"secret from the webhook (unless `secret` takes over).",
			},
			"sendblue_numbers": numbersAttribute("Type `receive` only: the account's Sendblue line numbers (E.164, such as `+15551234567`) whose inbound messages " +
				"this webhook receives; other lines' messages are not delivered to it. Default: unset, every line. " +
				"Needs the current API generation. Read back from the account, so a change made elsewhere shows as drift; " +
				"a change replaces the webhook's entry on the server (delete, then add), as a secret change does."),
			"global_secret": globalSecretAttribute("The account-wide global secret, sent as `globalSecret` when this webhook is added (a change re-adds the webhook " +
				"to send it). It applies to every webhook of the account, not only this one, and it stays when this webhook is destroyed. " +
				"All `sendblue_webhook` resources of one provider configuration that set it must set the same value (an error at plan otherwise). " +
				"Removing it from the configuration stops managing it: the account keeps its global secret, and the plan shows no change " +
				"(the API has no call that clears it for one webhook). Sensitive, stored in state. Must not be empty."),
			"copies": schema.Int64Attribute{
				Computed: true,
				MarkdownDescription: "How many entries the account holds for this webhook's URL under its type, as last read. " +
					"The provider keeps exactly one: when the account holds more (a write that landed twice, a copy added elsewhere), " +
					"the plan shows `copies = N -> 1` and the apply deletes the URL's entries and adds the one configured entry back.",
				PlanModifiers: []planmodifier.Int64{planOneCopy{}},
			},
			"timeouts": timeoutsAttribute(ctx),
		},
	}
}

func (r *webhookResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		whenAnySet{resourcevalidator.Conflicting(path.MatchRoot("secret"), path.MatchRoot("secret_wo")), []string{"secret", "secret_wo"}},
		whenAnySet{resourcevalidator.RequiredTogether(path.MatchRoot("secret_wo"), path.MatchRoot("secret_wo_version")), []string{"secret_wo", "secret_wo_version"}},
	}
}

// ValidateConfig refuses sendblue_numbers on any type but receive.
func (r *webhookResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg webhookModel
	resp.Diagnostics.Append(cfg.get(ctx, req.Config.Raw)...)
	typ, nums := cfg.Type, cfg.SendblueNumbers
	if resp.Diagnostics.HasError() || typ.IsUnknown() || nums.IsNull() {
		return
	}
	if t := cmp.Or(typ.ValueString(), string(sendblue.DefaultType)); t != string(sendblue.TypeReceive) {
		resp.Diagnostics.AddAttributeError(path.Root("sendblue_numbers"), "sendblue_numbers is for receive webhooks only",
			fmt.Sprintf("sendblue_numbers is not allowed with type %q: Sendblue limits deliveries by line only for receive webhooks "+
				"(inbound messages). Remove sendblue_numbers, or use type \"receive\".", t))
	}
}
