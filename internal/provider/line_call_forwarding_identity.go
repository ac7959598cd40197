package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity (Terraform 1.12 and later): a line's call forwarding is
// its line, so its identity is {sendblue_number}, the same as its ID:
//
//	import {
//	  to       = sendblue_line_call_forwarding.main
//	  identity = { sendblue_number = "+12125550101" }
//	}
//
// and the list resource (terraform query) reports each line by it. Older
// CLIs ignore identity; the ID import keeps working everywhere.

var _ resource.ResourceWithIdentity = (*lineCallForwardingResource)(nil)

type lineIdentityModel struct {
	SendblueNumber types.String `tfsdk:"sendblue_number"`
}

func (r *lineCallForwardingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"sendblue_number": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The line's number in E.164 form, such as +12125550101.",
			},
		},
	}
}

// setLineIdentity writes {sendblue_number} into a response's identity (nil
// when the CLI does not support identity).
func setLineIdentity(ctx context.Context, id *tfsdk.ResourceIdentity, number string, diags *diag.Diagnostics) {
	if id == nil {
		return
	}
	diags.Append(id.Set(ctx, lineIdentityModel{SendblueNumber: types.StringValue(number)})...)
}

// lineFromIdentity reads and checks an import identity.
func lineFromIdentity(ctx context.Context, id *tfsdk.ResourceIdentity) (string, diag.Diagnostics) {
	var m lineIdentityModel
	diags := id.Get(ctx, &m)
	if diags.HasError() {
		return "", diags
	}
	if m.SendblueNumber.IsNull() || m.SendblueNumber.IsUnknown() {
		diags.AddAttributeError(path.Root("identity"), "Invalid import identity",
			"An import identity of sendblue_line_call_forwarding needs sendblue_number, e.g. identity = { sendblue_number = \"+12125550101\" }.")
		return "", diags
	}
	n := m.SendblueNumber.ValueString()
	if msg := checkLineNumber(n); msg != "" {
		diags.AddAttributeError(path.Root("sendblue_number"), "Invalid import identity", fmt.Sprintf("The identity's sendblue_number is the line's number: %s.", msg))
		return "", diags
	}
	return n, diags
}
