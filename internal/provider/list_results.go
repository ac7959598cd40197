package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// listResults runs a list resource's List: the provider configured, the
// configuration read into cfg (nil when the list resource has none) and the
// API secret masked, gather reads what to list (diags say what failed, and
// it returns ctx with any secrets it read masked); then each item is streamed
// as a result that result fills, at most req.Limit of them.
func listResults[T any](ctx context.Context, data *providerData, req list.ListRequest, stream *list.ListResultsStream, cfg any,
	gather func(context.Context, *diag.Diagnostics) (context.Context, []T), result func(context.Context, T, *list.ListResult)) {
	var diags diag.Diagnostics
	if data.ready(&diags) && cfg != nil {
		diags.Append(req.Config.Get(ctx, cfg)...)
	}
	var items []T
	if !diags.HasError() {
		ctx, items = gather(data.mask(ctx), &diags)
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
			r := req.NewListResult(ctx)
			result(ctx, item, &r)
			if !push(r) {
				return
			}
		}
	}
}

// setResourceAttributes sets a listed resource's attributes (when the query
// asks for the resource), by name.
func setResourceAttributes(ctx context.Context, req list.ListRequest, r *list.ListResult, values map[string]any) {
	if !req.IncludeResource {
		return
	}
	for name, v := range values {
		r.Diagnostics.Append(r.Resource.SetAttribute(ctx, path.Root(name), v)...)
	}
}
