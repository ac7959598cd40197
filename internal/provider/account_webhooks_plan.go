package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// ModifyPlan notes the resource for the mixing check, warns before a
// destroy, and refuses a create that would silently remove webhooks: a plan
// to create shows no prior state, so webhooks already on the account would
// vanish without appearing in it. Importing first makes them show.
func (r *accountWebhooksResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return
	}
	r.data.notePlanned(plannedAccountWebhooks, &resp.Diagnostics)
	if req.Plan.Raw.IsNull() {
		if !req.State.Raw.IsNull() {
			resp.Diagnostics.AddWarning("Destroying sendblue_account_webhooks removes every webhook of the account",
				"Destroy replaces the account's webhook configuration with one that holds none of the webhook types this provider manages: "+
					"every such webhook is removed, including any added outside Terraform, and the account's global secret is cleared. "+
					"What the provider does not model (newer webhook types, the legacy top-level secret, other keys) is kept. "+
					"To stop managing the webhooks but keep them, use a removed block with lifecycle { destroy = false } instead.")
		}
		return
	}
	if !req.State.Raw.IsNull() {
		r.modifyUpdatePlan(ctx, req, resp)
		return
	}
	var plan accountWebhooksModel
	resp.Diagnostics.Append(getAccountWebhooks(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for _, l := range plan.Lists {
		if !mapKnown(l) {
			return // URLs from other resources: Create checks again once they are known.
		}
	}
	want, d := plan.configuration(ctx)
	resp.Diagnostics.Append(d...)
	if d.HasError() {
		return
	}
	known := sendblue.SecretsOf(want)
	// The plan's read of the account is bounded like a refresh.
	ctx, cancel, ok := operationContext(ctx, plan.Timeouts.Read, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.mask(ctx, known...)
	view, err := r.data.account.Snapshot(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", aboutAccount, err, known...)
		return
	}
	r.data.checkConfigGeneration(want, &resp.Diagnostics)
	r.data.warnUnmodelled(view.Config(), &resp.Diagnostics)
	// The guard counts every entry, of types the provider knows or not: a
	// plan to create cannot show any of them.
	if unseen := unseenEntries(view.Config(), true, want); len(unseen) > 0 {
		addUnseenError(&resp.Diagnostics, unseen, false)
	}
}

// checkConfigGeneration refuses, before anything is sent, entries the API
// generation in use cannot take, when the generation is known (pinned, or
// found out by an earlier call of this run; the client checks again before
// writing otherwise).
func (d *providerData) checkConfigGeneration(c *sendblue.Configuration, diags *diag.Diagnostics) {
	for _, t := range sendblue.WebhookTypes() {
		for _, w := range c.Get(t) {
			d.checkGeneration(t, w, diags, path.Root(string(t)).AtMapKey(w.URL))
			if diags.HasError() {
				return
			}
		}
	}
}

// warnUnmodelled warns once per provider process, naming them, when the
// account holds keys this provider does not model: sendblue_account_webhooks
// keeps them as they are.
func (d *providerData) warnUnmodelled(c *sendblue.Configuration, diags *diag.Diagnostics) {
	keys := c.Unmodelled()
	if d == nil || len(keys) == 0 {
		return
	}
	d.unmodelledWarned.Do(func() {
		diags.AddWarning("The Sendblue account holds webhook settings this provider does not manage",
			fmt.Sprintf("The account's webhook configuration holds %s, which this version of the provider does not model "+
				"(webhook types newer than it, the legacy top-level secret, or other settings). sendblue_account_webhooks keeps them "+
				"exactly as they are on every apply and on destroy; the sendblue_webhooks data source lists webhooks of any type. "+
				"A newer version of the provider may manage them.", codeList(keys, "and")))
	})
}
