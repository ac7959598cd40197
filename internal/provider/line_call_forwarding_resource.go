package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// sendblue_line_call_forwarding: one line's per-line call forwarding. The
// API has one object per line (GET, PUT, DELETE of
// /api/lines/{number}/call-forwarding), so create and update are one PUT,
// destroy one DELETE and read one GET; create looks first (one GET), so that
// it never overwrites a forwarding set by hand and adopts one that is
// already what the configuration says.

// NewLineCallForwardingResource returns the sendblue_line_call_forwarding
// resource.
func NewLineCallForwardingResource() resource.Resource {
	return &lineCallForwardingResource{resourceNamed("line_call_forwarding")}
}

type lineCallForwardingResource struct{ configuredResource }

// What the resource implements beyond resource.Resource.
var _ interface {
	resource.ResourceWithConfigure
	resource.ResourceWithModifyPlan
	resource.ResourceWithImportState
	resource.ResourceWithIdentity
} = (*lineCallForwardingResource)(nil)

// run runs an operation on the model read from src (the plan for Create and
// Update, the state for Read and Delete): fn gets the model, its line's
// number and a context bounded by the operation's timeout, the API secret
// masked in logs. fn does not run when either could not be had (diags say
// why).
func (r *lineCallForwardingResource) run(ctx context.Context, op operation, src modelGetter, diags *diag.Diagnostics, fn func(context.Context, *lineCallForwardingModel, string)) {
	var m lineCallForwardingModel
	r.data.run(ctx, op, diags, &m.Timeouts, from(ctx, src, &m), func(ctx context.Context) {
		fn(r.data.mask(ctx), &m, m.number())
	})
}

func (r *lineCallForwardingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.run(ctx, opCreate, req.Plan, &resp.Diagnostics, func(ctx context.Context, plan *lineCallForwardingModel, number string) {
		want := plan.ForwardingNumber.ValueString()
		// Look first: the plan checked the line, but someone may have set
		// its forwarding since.
		now, err := r.data.client.GetCallForwarding(ctx, number)
		if err != nil {
			r.addError(ctx, &resp.Diagnostics, "create", number, err)
			return
		}
		switch now.ForwardingNumber {
		case want:
			tflog.Info(ctx, "line already forwards to the configured number; adopting it without a change", map[string]any{"sendblue_number": number})
		case "":
			tflog.Debug(ctx, "setting call forwarding", map[string]any{"sendblue_number": number})
			if _, err := r.data.client.SetCallForwarding(ctx, number, want); err != nil {
				r.addError(ctx, &resp.Diagnostics, "create", number, err)
				return
			}
		default:
			resp.Diagnostics.AddAttributeError(path.Root("forwarding_number"), "Line already forwards calls", alreadyForwards(number, now.ForwardingNumber))
			return
		}
		plan.save(ctx, number, &resp.State, resp.Identity, &resp.Diagnostics)
	})
}

func (r *lineCallForwardingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.run(ctx, opRead, req.State, &resp.Diagnostics, func(ctx context.Context, state *lineCallForwardingModel, number string) {
		// Set before the lookup: a line whose forwarding is gone still had
		// this identity (and the framework wants one in every answer).
		setLineIdentity(ctx, resp.Identity, number, &resp.Diagnostics)
		cf, err := r.data.client.GetCallForwarding(ctx, number)
		switch {
		case sendblue.IsNotFound(err):
			tflog.Warn(ctx, "the account no longer has the line; removing its call forwarding from state", map[string]any{"sendblue_number": number})
			resp.State.RemoveResource(ctx)
			return
		case err != nil:
			r.addError(ctx, &resp.Diagnostics, "read", number, err)
			return
		case cf.ForwardingNumber == "":
			// Cleared outside Terraform: the next plan sets it again.
			tflog.Warn(ctx, "the line's call forwarding was cleared outside Terraform; removing it from state so that the plan sets it again",
				map[string]any{"sendblue_number": number})
			resp.State.RemoveResource(ctx)
			return
		}
		state.set(*cf)
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	})
}

func (r *lineCallForwardingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.run(ctx, opUpdate, req.Plan, &resp.Diagnostics, func(ctx context.Context, plan *lineCallForwardingModel, number string) {
		if _, err := r.data.client.SetCallForwarding(ctx, number, plan.ForwardingNumber.ValueString()); err != nil {
			resp.State.Raw = req.State.Raw.Copy()
			r.addError(ctx, &resp.Diagnostics, "update", number, err)
			return
		}
		plan.save(ctx, number, &resp.State, resp.Identity, &resp.Diagnostics)
	})
}

func (r *lineCallForwardingResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.run(ctx, opDelete, req.State, &resp.Diagnostics, func(ctx context.Context, _ *lineCallForwardingModel, number string) {
		_, err := r.data.client.DeleteCallForwarding(ctx, number)
		switch {
		case sendblue.IsNotFound(err):
			tflog.Warn(ctx, "the account no longer has the line; nothing to clear", map[string]any{"sendblue_number": number})
		case err != nil:
			r.addError(ctx, &resp.Diagnostics, "delete", number, err)
		}
	})
}

// ImportState takes the line's number (`terraform import ADDRESS +12125550101`),
// or, with Terraform 1.12 and later, the identity {sendblue_number}.
func (r *lineCallForwardingResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	number := req.ID
	if byIdentity(req) {
		var diags diag.Diagnostics
		number, diags = lineFromIdentity(ctx, req.Identity)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
	} else if msg := checkLineNumber(number); msg != "" {
		resp.Diagnostics.AddError("Invalid import ID", "The import ID of sendblue_line_call_forwarding is the line's number: "+msg+".")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), number)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("sendblue_number"), number)...)
	setLineIdentity(ctx, resp.Identity, number, &resp.Diagnostics)
}

// checkLineNumber says what is wrong with a line's number ("" when it is
// E.164), phrased to follow "the line's number: ".
func checkLineNumber(n string) string {
	if e164.MatchString(n) {
		return ""
	}
	return fmt.Sprintf("got %q, which is not an E.164 number; use + and 8 to 15 digits, such as +12125550101", n)
}

// addError reports a failed lines call on the line number: a line the
// account does not have names the lines it has.
func (r *lineCallForwardingResource) addError(ctx context.Context, diags *diag.Diagnostics, op, number string, err error) {
	if sendblue.IsNotFound(err) {
		diags.AddAttributeError(path.Root("sendblue_number"), "No such Sendblue line", r.data.lineNotOnAccount(ctx, number))
		return
	}
	addLineError(diags, op, aboutLine(number), err)
}
