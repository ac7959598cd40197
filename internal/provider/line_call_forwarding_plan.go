package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// ModifyPlan checks, when the plan creates the resource (a new resource, or
// the new line of a replacement), that the account has the line and that
// the line does not already forward calls to another number: a plan never
// silently overwrites a forwarding someone set by hand. A line that already
// forwards to the configured number is adopted by the apply with no write.
// It costs one GET of the line's forwarding (and one read of the line state,
// shared by the provider configuration, when the line is not found).
func (r *lineCallForwardingResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil || req.Plan.Raw.IsNull() || !req.State.Raw.IsNull() {
		return
	}
	var plan lineCallForwardingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || plan.SendblueNumber.IsUnknown() {
		return // checked by the apply, once known
	}
	ctx, cancel, ok := r.data.begin(ctx, opRead, &resp.Diagnostics, &plan.Timeouts)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.mask(ctx)
	number := plan.SendblueNumber.ValueString()
	now, err := r.data.client.GetCallForwarding(ctx, number)
	if err != nil {
		r.addError(ctx, &resp.Diagnostics, "check", number, err)
		return
	}
	if now.ForwardingNumber == "" || plan.ForwardingNumber.IsUnknown() {
		return
	}
	if now.ForwardingNumber == plan.ForwardingNumber.ValueString() {
		tflog.Debug(ctx, "the line already forwards to the configured number; the apply adopts it", map[string]any{"sendblue_number": number})
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("forwarding_number"), "Line already forwards calls", alreadyForwards(number, now.ForwardingNumber))
}

// alreadyForwards is the detail of the error about a line that forwards
// calls to another number than the configuration says.
func alreadyForwards(number, current string) string {
	return fmt.Sprintf("Line %s already forwards calls to %s, set outside this configuration; creating this resource would overwrite it. "+
		"To manage that setting, import it first (terraform import sendblue_line_call_forwarding.<name> %s, or an import block "+
		"with id = %q), then change forwarding_number; or clear the line's forwarding outside Terraform. Nothing was changed.",
		number, current, number, number)
}
