package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// The list resource sendblue_line_call_forwarding (Terraform 1.14 and
// later): in a .tfquery.hcl file,
//
//	list "sendblue_line_call_forwarding" "all" {
//	  provider = sendblue
//	}
//
// and `terraform query` lists every line of the account that has a per-line
// call forwarding, by identity {sendblue_number};
// `terraform query -generate-config-out=FILE` writes a resource and an
// import block for each. It reads the line state once (shared with the rest
// of the provider configuration) and each numbered line's forwarding once,
// and never writes.

var _ list.ListResourceWithConfigure = (*lineCallForwardingListResource)(nil)

// NewLineCallForwardingListResource returns the sendblue_line_call_forwarding
// list resource.
func NewLineCallForwardingListResource() list.ListResource {
	return &lineCallForwardingListResource{resourceNamed("line_call_forwarding")}
}

type lineCallForwardingListResource struct{ configuredResource }

func (l *lineCallForwardingListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the lines of the Sendblue account that have a per-line call forwarding (Terraform 1.14 or later, " +
			"`terraform query`), each by its identity `{sendblue_number}`, so that `terraform query -generate-config-out=FILE` writes a " +
			"`sendblue_line_call_forwarding` and an `import` block for each.",
	}
}

func (l *lineCallForwardingListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listResults(ctx, l.data, req, stream, nil, l.forwarding, func(ctx context.Context, cf sendblue.CallForwarding, result *list.ListResult) {
		result.DisplayName = cf.SendblueNumber + " forwards to " + cf.ForwardingNumber
		setLineIdentity(ctx, result.Identity, cf.SendblueNumber, &result.Diagnostics)
		setResourceAttributes(ctx, req, result, map[string]any{"id": cf.SendblueNumber, "sendblue_number": cf.SendblueNumber, "forwarding_number": cf.ForwardingNumber})
	})
}

// forwarding reads the per-line call forwarding of each numbered line that
// has one.
func (l *lineCallForwardingListResource) forwarding(ctx context.Context, diags *diag.Diagnostics) (context.Context, []sendblue.CallForwarding) {
	state, err := l.data.lineState(ctx)
	if err != nil {
		addLineError(diags, "list", aboutLineState, err)
		return ctx, nil
	}
	var set []sendblue.CallForwarding
	for _, n := range state.Numbers() {
		cf, err := l.data.client.GetCallForwarding(ctx, n)
		if err != nil {
			addLineError(diags, "list", aboutLine(n), err)
			return ctx, nil
		}
		if cf.ForwardingNumber != "" {
			set = append(set, *cf)
		}
	}
	tflog.Debug(ctx, "listing line call forwarding for terraform query", map[string]any{"count": len(set)})
	return ctx, set
}
