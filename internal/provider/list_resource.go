package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// List resources (Terraform 1.14 and later): in a .tfquery.hcl file,
//
//	list "sendblue_<name>" "all" {
//	  provider = sendblue
//	}
//
// and `terraform query` lists what the account holds of a resource type, by
// identity; `terraform query -generate-config-out=FILE` writes a resource
// and an import block for each. A list resource reads the account and never
// writes.

var _ list.ListResourceWithConfigure = (*listResource[any])(nil)

// listResource is one of the provider's list resources: its name (in
// configuredResource), the description and attributes of its
// configuration's schema (none when nil), gather, which reads the items to
// list from the account (the configuration from config), and describe,
// which says what to report of each.
type listResource[T any] struct {
	configuredResource
	description string
	attributes  map[string]listschema.Attribute
	gather      func(context.Context, *providerData, tfsdk.Config, *diag.Diagnostics) (context.Context, []T)
	describe    func(T) listed
}

// listed is what a list resource reports of one item.
type listed struct {
	name     string         // its display name
	identity any            // its identity model
	resource map[string]any // the attributes of its resource, by name
}

func (l *listResource[T]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{MarkdownDescription: l.description, Attributes: l.attributes}
}

// List checks that the provider is configured, masks the API secret and
// gathers the items (diags say what failed; gather returns ctx with any
// secrets it read masked), then streams a result of each, at most
// req.Limit of them, with the resource when the query asks for it.
func (l *listResource[T]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	var items []T
	if l.data.ready(&diags) {
		ctx, items = l.gather(l.data.mask(ctx), l.data, req.Config, &diags)
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for i, item := range items {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			it, r := l.describe(item), req.NewListResult(ctx)
			r.DisplayName = it.name
			setIdentity(ctx, r.Identity, it.identity, &r.Diagnostics)
			if req.IncludeResource {
				for name, v := range it.resource {
					r.Diagnostics.Append(r.Resource.SetAttribute(ctx, path.Root(name), v)...)
				}
			}
			if !push(r) {
				return
			}
		}
	}
}
