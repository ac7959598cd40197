package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

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

// planChecks holds what one configured provider (one account, one Terraform
// walk) has seen of its sendblue_webhook resources while planning, so that
// conflicts between resources are found at plan time, before anything is
// written. Terraform does not tell a provider resource addresses, so a
// conflict is reported on the resource planned second (Terraform names it),
// and the message names the other by its type and URL.
type planChecks struct {
	mu sync.Mutex
	// inState: webhooks that a resource in state holds (seen by Read).
	inState map[sendblue.Ref]bool
	// kept: webhooks planned by resources that exist in state (update or
	// no change; or the new URL of one being replaced).
	kept map[sendblue.Ref]bool
	// created: webhooks planned to be created by resources not in state.
	created map[sendblue.Ref]bool
	// globals: each global_secret value planned, with the first webhook
	// that planned it. Values stay in memory only.
	globals map[string]sendblue.Ref
}

func newPlanChecks() *planChecks {
	return &planChecks{
		inState: map[sendblue.Ref]bool{},
		kept:    map[sendblue.Ref]bool{},
		created: map[sendblue.Ref]bool{},
		globals: map[string]sendblue.Ref{},
	}
}

// read notes a webhook that a resource in state holds.
func (c *planChecks) read(w sendblue.Ref) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.inState[w] = true
}

// holds reports whether a resource in state holds w.
func (c *planChecks) holds(w sendblue.Ref) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.inState[w]
}

// planKeep notes a resource in state that plans to hold w; it reports
// whether another resource of the configuration already plans to hold it.
func (c *planChecks) planKeep(w sendblue.Ref) (conflict bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	conflict = c.kept[w] || c.created[w]
	c.kept[w] = true
	return conflict
}

// planCreate notes a resource not in state that plans to create w. It
// reports whether another resource already plans to hold it (conflict),
// and whether a resource in state holds it (owned): then this may be that
// resource being replaced because it is tainted (Terraform plans those as
// creates), and the account is not asked.
func (c *planChecks) planCreate(w sendblue.Ref) (conflict, owned bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	conflict = c.kept[w] || c.created[w]
	c.created[w] = true
	return conflict, c.inState[w]
}

// global notes that w plans global secret gs, and returns another webhook
// that plans a different one, if any.
func (c *planChecks) global(gs string, w sendblue.Ref) (other sendblue.Ref, conflict bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.globals[gs]; !ok {
		c.globals[gs] = w
	}
	for v, o := range c.globals {
		if v != gs {
			return o, true
		}
	}
	return sendblue.Ref{}, false
}

// replaceMarkerKey is the private-state key with which the first plan of a
// resource in state tells the second plan Terraform makes when it replaces
// the resource (with no prior state, as for a create) that the webhook it
// plans was checked already.
const replaceMarkerKey = "planned_from_state"

func replaceMarker(w sendblue.Ref) []byte {
	b, _ := json.Marshal(webhookID(w.Type, w.URL))
	return b
}

// checkPlan runs the plan-time checks of sendblue_webhook: another resource
// of this configuration with the same type and URL, a create whose webhook
// is already on the account, and different global secrets.
func (r *webhookResource) checkPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, plan, cfg webhookModel) {
	if plan.Type.IsUnknown() || plan.URL.IsUnknown() {
		return // checked at apply, once known
	}
	w := sendblue.Ref{Type: sendblue.WebhookType(plan.Type.ValueString()), URL: plan.URL.ValueString()}
	checks := r.data.checks
	if w.Type == sendblue.TypeReceive {
		r.data.warnUnknownLines(r.data.mask(ctx), numbersOf(ctx, plan.SendblueNumbers, &resp.Diagnostics), resp)
	}

	if gs := cfg.GlobalSecret; !gs.IsNull() && !gs.IsUnknown() {
		if other, conflict := checks.global(gs.ValueString(), w); conflict {
			resp.Diagnostics.AddAttributeError(path.Root("global_secret"), "Different global_secret values for one Sendblue account",
				fmt.Sprintf("global_secret is one secret for the whole Sendblue account, and this configuration gives sendblue_webhook resources "+
					"of the same provider configuration different values: this resource (%s) and the one for %s. Every apply would switch "+
					"the account's global secret back and forth and re-add a webhook each time. Give every sendblue_webhook of this provider "+
					"the same global_secret (for example from one variable), or set it on one of them only.", w, other))
		}
	}

	var check bool
	if !req.State.Raw.IsNull() {
		var prior webhookModel
		resp.Diagnostics.Append(prior.get(ctx, req.State.Raw)...)
		if resp.Diagnostics.HasError() {
			return
		}
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, replaceMarkerKey, replaceMarker(w))...)
		if checks.planKeep(w) {
			addDuplicateError(resp, w)
			return
		}
		// A new type or URL replaces the webhook: the new one must not be
		// on the account already.
		check = prior.Type.ValueString() != string(w.Type) || prior.URL.ValueString() != w.URL
		if check && checks.holds(w) {
			check = false
		}
	} else {
		if m, d := req.Private.GetKey(ctx, replaceMarkerKey); !d.HasError() && string(m) == string(replaceMarker(w)) {
			return // the second plan of a replace: checked by the first
		}
		conflict, owned := checks.planCreate(w)
		if conflict {
			addDuplicateError(resp, w)
			return
		}
		check = !owned
	}
	if !check {
		return
	}
	// The look at the account is a read, bounded like a refresh.
	ctx, cancel, ok := operationContext(ctx, plan.Timeouts.Read, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	ctx = r.data.mask(ctx, cfg.Secret.ValueString(), cfg.GlobalSecret.ValueString())
	has, err := r.data.account.Has(ctx, w.Type, w.URL)
	if err != nil {
		addAPIError(&resp.Diagnostics, "check", aboutWebhook(w.Type, w.URL), err)
		return
	}
	if has {
		resp.Diagnostics.AddAttributeError(path.Root("url"), "Webhook already exists",
			existsDetail(w.Type, w.URL)+". If another sendblue_webhook of this configuration manages it, remove one of the two.")
	}
}

func addDuplicateError(resp *resource.ModifyPlanResponse, w sendblue.Ref) {
	resp.Diagnostics.AddAttributeError(path.Root("url"), "Two sendblue_webhook resources declare the same webhook",
		fmt.Sprintf("This resource and another sendblue_webhook of this configuration, on the same provider configuration, both declare "+
			"the %s webhook %s. The account holds a webhook once per type and URL, so only one resource can own it: remove one of the "+
			"two resources (use a moved block if you are renaming it), or give one another URL or type. Nothing was changed.", w.Type, w.URL))
}

// keepStateWhenUnset plans an Optional+Computed string to keep its prior
// value when the configuration leaves it out (null on create): removing the
// attribute stops managing the value, with no change shown and none made.
var keepStateWhenUnset = keepState{"Removing the attribute from the configuration keeps its value and stops managing it."}

type keepState struct{ described }

func (keepState) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() {
		return
	}
	if req.StateValue.IsUnknown() {
		resp.PlanValue = types.StringNull()
		return
	}
	resp.PlanValue = req.StateValue
}

// planOneCopy plans copies = 1 for a webhook that is created or kept: the
// provider leaves exactly one entry per webhook, so a count above one read
// at refresh shows as a change, and Update repairs it.
type planOneCopy struct{}

func (planOneCopy) Description(context.Context) string {
	return "Plans exactly one entry of the webhook on the account."
}

func (p planOneCopy) MarkdownDescription(ctx context.Context) string { return p.Description(ctx) }

func (planOneCopy) PlanModifyInt64(_ context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if req.Plan.Raw.IsNull() {
		return
	}
	resp.PlanValue = types.Int64Value(1)
}
