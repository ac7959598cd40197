package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// The identity of a line's call forwarding is its line, {sendblue_number},
// the same as its ID:
//
//	import {
//	  to       = sendblue_line_call_forwarding.main
//	  identity = { sendblue_number = "+12125550101" }
//	}

func (r *lineCallForwardingResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identitySchema(map[string]string{"sendblue_number": "The line's number in E.164 form, such as +12125550101."})
}

// setLineIdentity writes {sendblue_number} into a response's identity.
func setLineIdentity(ctx context.Context, id *tfsdk.ResourceIdentity, number string, diags *diag.Diagnostics) {
	setIdentity(ctx, id, lineIdentity(number), diags)
}

// lineFromIdentity reads and checks an import identity.
func lineFromIdentity(ctx context.Context, id *tfsdk.ResourceIdentity) (string, diag.Diagnostics) {
	var m lineIdentityModel
	diags := getIdentity(ctx, id, &m, "sendblue_line_call_forwarding", "sendblue_number", `{ sendblue_number = "+12125550101" }`)
	if diags.HasError() {
		return "", diags
	}
	n := m.SendblueNumber.ValueString()
	if msg := checkLineNumber(n); msg != "" {
		diags.AddAttributeError(path.Root("sendblue_number"), "Invalid import identity", "The identity's sendblue_number is the line's number: "+msg+".")
		return "", diags
	}
	return n, diags
}
