package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Resource identity (Terraform 1.12 and later): each resource that has one
// names what it is about by it, the same facts as its import ID, so that an
// import block can take `identity = {...}` instead of `id`, and its list
// resource (terraform query) reports each result by it. Older CLIs ignore
// identity; the ID import keeps working everywhere.

// identitySchema is an identity of string attributes, each required to
// import by identity, by name and description.
func identitySchema(descriptions map[string]string) identityschema.Schema {
	attrs := make(map[string]identityschema.Attribute, len(descriptions))
	for name, d := range descriptions {
		attrs[name] = identityschema.StringAttribute{RequiredForImport: true, Description: d}
	}
	return identityschema.Schema{Attributes: attrs}
}

// setIdentity writes m, an identity model, into a response's identity (nil
// when the CLI does not support identity).
func setIdentity(ctx context.Context, id *tfsdk.ResourceIdentity, m any, diags *diag.Diagnostics) {
	if id == nil {
		return
	}
	diags.Append(id.Set(ctx, m)...)
}

// byIdentity reports whether an import names its resource by identity
// rather than by ID.
func byIdentity(req resource.ImportStateRequest) bool {
	return req.ID == "" && req.Identity != nil && !req.Identity.Raw.IsNull()
}

// getIdentity reads an import identity into m, an identity model, refusing
// one that lacks an attribute: the identity of typeName needs all of them
// (needs says which), as in example.
func getIdentity(ctx context.Context, id *tfsdk.ResourceIdentity, m any, typeName, needs, example string) diag.Diagnostics {
	diags := id.Get(ctx, m)
	if diags.HasError() {
		return diags
	}
	var attrs map[string]tftypes.Value
	complete := id.Raw.IsFullyKnown() && id.Raw.As(&attrs) == nil
	for _, v := range attrs {
		complete = complete && !v.IsNull()
	}
	if !complete {
		diags.AddAttributeError(path.Root("identity"), "Invalid import identity",
			"An import identity of "+typeName+" needs "+needs+", e.g. identity = "+example+".")
	}
	return diags
}
