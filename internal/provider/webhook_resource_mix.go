package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

var _ resource.ResourceWithModifyPlan = (*webhookResource)(nil)

// ModifyPlan notes the resource for the mixing check with
// sendblue_account_webhooks, refuses what the API generation in use cannot
// take (when it is known), and runs the plan-time checks (checkPlan).
func (r *webhookResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.data.notePlanned(plannedWebhook, &resp.Diagnostics)
	if r.data == nil || req.Plan.Raw.IsNull() {
		return
	}
	var plan, cfg webhookModel
	resp.Diagnostics.Append(plan.get(ctx, req.Plan.Raw)...)
	resp.Diagnostics.Append(cfg.get(ctx, req.Config.Raw)...)
	if resp.Diagnostics.HasError() || plan.Type.IsUnknown() {
		return
	}
	w := sendblue.Webhook{URL: plan.URL.ValueString(), SendblueNumbers: numbersOf(ctx, plan.SendblueNumbers, &resp.Diagnostics)}
	if !cfg.Secret.IsNull() || !cfg.SecretWO.IsNull() {
		w.Secret = "set" // only its presence matters here
	}
	r.data.checkGeneration(sendblue.WebhookType(plan.Type.ValueString()), w, &resp.Diagnostics, path.Root("type"))
	if resp.Diagnostics.HasError() {
		return
	}
	r.checkPlan(ctx, req, resp, plan, cfg)
}

// plannedKind is a resource type that the mixing check looks for.
type plannedKind int

const (
	plannedWebhook plannedKind = iota
	plannedAccountWebhooks
	plannedKinds
)

// mixTracker records which of the two webhook resources one configured
// provider (one account, one Terraform run) has planned, so that a
// configuration holding both is refused once.
type mixTracker struct {
	mu      sync.Mutex
	seen    [plannedKinds]bool
	refused bool
}

// note records k and reports whether both kinds have now been seen for the
// first time, so that exactly one plan carries the error.
func (m *mixTracker) note(k plannedKind) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seen[k] = true
	if m.refused {
		return false
	}
	for _, s := range m.seen {
		if !s {
			return false
		}
	}
	m.refused = true
	return true
}

// Mixing error text, shared with the tests.
const (
	mixErrorSummary = "Do not manage one Sendblue account with both sendblue_webhook and sendblue_account_webhooks"
	mixErrorDetail  = "This configuration plans sendblue_webhook and sendblue_account_webhooks resources with the same provider " +
		"configuration, that is on the same Sendblue account. sendblue_account_webhooks is authoritative: each apply of it replaces the " +
		"account's whole webhook configuration, which removes webhooks that sendblue_webhook resources add in the same apply, and its " +
		"destroy removes every webhook of the account. The two would undo each other, so nothing was changed. " +
		"Use one or the other per account (separate provider configurations, with an alias, for separate accounts are fine). " +
		"To move webhooks from sendblue_webhook to sendblue_account_webhooks, drop the sendblue_webhook resources from state with " +
		"removed blocks (lifecycle { destroy = false }) and import the account; the sendblue_account_webhooks documentation shows how."
)

// notePlanned records that a resource of kind k is being planned by this
// configured provider, and adds the mixing error to diags when this is the
// plan that completes the pair. It is safe on a nil providerData (provider
// not configured yet), where it does nothing.
func (d *providerData) notePlanned(k plannedKind, diags *diag.Diagnostics) {
	if d == nil {
		return
	}
	if d.mix.note(k) {
		diags.AddError(mixErrorSummary, mixErrorDetail)
	}
}
