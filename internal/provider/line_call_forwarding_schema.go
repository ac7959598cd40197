package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

func (r *lineCallForwardingResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The per-line call forwarding of one of the account's Sendblue lines: where inbound calls to the line go. " +
			"When a call arrives, a seat's own forwarding wins over this, and this over the company's default forwarding number. " +
			"Destroying the resource clears the line's forwarding, so that calls fall back to the company default. " +
			"Creating it on a line that already forwards calls elsewhere fails at plan (import it instead); on a line that already " +
			"forwards to the same number it adopts the setting without a change.",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("The line's number, as `sendblue_number` (the import ID)."),
			"sendblue_number": replacing(requiredString("The Sendblue line, by its number in E.164 form (such as `+12125550101`); it must be one of the account's lines "+
				"(see the `sendblue_lines` data source). Changing it replaces the resource: the old line's forwarding is cleared.", e164Validator)),
			"forwarding_number": requiredString("The number inbound calls to the line are forwarded to, in E.164 form (such as `+16692138010`). "+
				"Sendblue stores numbers in E.164, so other forms are refused at plan with the E.164 form to write instead "+
				"(a US number in local format such as `2125550199` is `+12125550199`). A change made outside Terraform shows as drift.", forwardingNumberValidator),
			"timeouts": timeoutsAttribute(ctx),
		},
	}
}
