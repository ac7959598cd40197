package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// The list resource sendblue_line_call_forwarding lists every line of the
// account that has a per-line call forwarding, by identity
// {sendblue_number}. It reads the line state once (shared with the rest of
// the provider configuration) and each numbered line's forwarding once.

// NewLineCallForwardingListResource returns the sendblue_line_call_forwarding
// list resource.
func NewLineCallForwardingListResource() list.ListResource {
	return &listResource[sendblue.CallForwarding]{
		configuredResource: resourceNamed("line_call_forwarding"),
		description: "Lists the lines of the Sendblue account that have a per-line call forwarding (Terraform 1.14 or later, " +
			"`terraform query`), each by its identity `{sendblue_number}`, so that `terraform query -generate-config-out=FILE` writes a " +
			"`sendblue_line_call_forwarding` and an `import` block for each.",
		gather: listForwarding,
		describe: func(cf sendblue.CallForwarding) listed {
			return listed{
				name:     cf.SendblueNumber + " forwards to " + cf.ForwardingNumber,
				identity: lineIdentity(cf.SendblueNumber),
				resource: map[string]any{"id": cf.SendblueNumber, "sendblue_number": cf.SendblueNumber, "forwarding_number": cf.ForwardingNumber},
			}
		},
	}
}

// listForwarding reads the per-line call forwarding of each numbered line
// that has one.
func listForwarding(ctx context.Context, data *providerData, _ tfsdk.Config, diags *diag.Diagnostics) (context.Context, []sendblue.CallForwarding) {
	state, err := data.lineState(ctx)
	if err != nil {
		addLineError(diags, "list", aboutLineState, err)
		return ctx, nil
	}
	var set []sendblue.CallForwarding
	for _, n := range state.Numbers() {
		cf, err := data.client.GetCallForwarding(ctx, n)
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
