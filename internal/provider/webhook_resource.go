package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// NewWebhookResource returns the sendblue_webhook resource.
func NewWebhookResource() resource.Resource {
	return &webhookResource{resourceNamed("webhook")}
}

type webhookResource struct{ configuredResource }

// What the resource implements beyond resource.Resource.
var _ interface {
	resource.ResourceWithConfigure
	resource.ResourceWithConfigValidators
	resource.ResourceWithValidateConfig
	resource.ResourceWithModifyPlan
	resource.ResourceWithImportState
	resource.ResourceWithIdentity
} = (*webhookResource)(nil)

func (r *webhookResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, cfg webhookModel
	ctx, cancel, ok := r.data.begin(ctx, opCreate, &resp.Diagnostics, &plan.Timeouts,
		plan.from(ctx, req.Plan.Raw), cfg.from(ctx, req.Config.Raw))
	if !ok {
		return
	}
	defer cancel()

	t, w := plan.webhook(ctx, cfg, &resp.Diagnostics)
	ctx = r.data.mask(ctx, w.Secret, plan.GlobalSecret.ValueString())
	tflog.Debug(ctx, "creating webhook", map[string]any{"type": string(t), "url": w.URL})

	err := r.data.account.Create(ctx, t, w, plan.GlobalSecret.ValueString())
	var exists *sendblue.ExistsError
	switch {
	case errors.As(err, &exists):
		resp.Diagnostics.AddAttributeError(path.Root("url"), "Webhook already exists", existsDetail(t, w.URL)+".")
		return
	case sendblue.IsUnknownOutcome(err):
		// The add may have landed. Saving the resource with the error makes
		// Terraform mark it tainted: the next plan replaces it if it is on
		// the account (Read keeps it) or creates it if not (Read drops it),
		// so no webhook is left on the account that state does not know.
		addAPIError(&resp.Diagnostics, "create", aboutWebhook(t, w.URL), err)
		resp.Diagnostics.AddError("Sendblue webhook saved as tainted",
			fmt.Sprintf("Whether %s webhook %s was added is not known, so it is kept in state and marked tainted: "+
				"the next plan replaces it if it is on the account, or creates it if it is not.", t, w.URL))
	case err != nil:
		addAPIError(&resp.Diagnostics, "create", aboutWebhook(t, w.URL), err)
		return
	}
	plan.save(ctx, t, w.URL, &resp.State, resp.Identity, &resp.Diagnostics)
}

// onState runs an operation on the state (Read, Delete): fn gets the state,
// its secrets masked in logs, and a context bounded by the operation's
// timeout. fn does not run when either could not be had (diags say why).
func (r *webhookResource) onState(ctx context.Context, op operation, src tfsdk.State, diags *diag.Diagnostics, fn func(context.Context, *webhookModel)) {
	var m webhookModel
	r.data.run(ctx, op, diags, &m.Timeouts, m.from(ctx, src.Raw), func(ctx context.Context) {
		fn(r.data.mask(ctx, m.Secret.ValueString(), m.GlobalSecret.ValueString()), &m)
	})
}

func (r *webhookResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.onState(ctx, opRead, req.State, &resp.Diagnostics, func(ctx context.Context, state *webhookModel) { r.read(ctx, state, req, resp) })
}

func (r *webhookResource) read(ctx context.Context, state *webhookModel, req resource.ReadRequest, resp *resource.ReadResponse) {
	t, url := sendblue.WebhookType(state.Type.ValueString()), state.URL.ValueString()
	if state.URL.IsNull() || state.Type.IsNull() {
		// Right after import only the ID is known.
		var err error
		t, url, err = parseWebhookID(state.ID.ValueString())
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid webhook ID", err.Error())
			return
		}
	}
	// Set before the lookup: a webhook gone from the account still had
	// this identity (and the framework wants one in every answer).
	setWebhookIdentity(ctx, resp.Identity, t, url, &resp.Diagnostics)
	view, err := r.data.account.Snapshot(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", aboutWebhook(t, url), err)
		return
	}
	found, count, ok := view.Lookup(t, url)
	if count > 1 {
		resp.Diagnostics.AddWarning("Webhook registered more than once",
			fmt.Sprintf("%s is registered %d times under type %s on the Sendblue account, so each event may be delivered %d times. "+
				"The plan shows copies = %d -> 1: the apply deletes its entries and adds the configured one back.", url, count, t, count, count))
	}
	if !ok {
		tflog.Warn(ctx, "webhook no longer on the account; removing it from state so that the plan adds it again",
			map[string]any{"type": string(t), "url": url})
		resp.State.RemoveResource(ctx)
		return
	}
	r.data.checks.read(sendblue.Ref{Type: t, URL: url})
	state.ID = types.StringValue(webhookID(t, url))
	state.webhookIdentityModel = webhookIdentity(t, url)
	// A secret is tracked only when the configuration manages it: a secret
	// set elsewhere is not this resource's business unless `secret` is
	// used. An import does not take it either, so that configuration
	// generated by `terraform plan -generate-config-out` (which writes
	// sensitive values as null) plans no change and keeps it: removing
	// `secret` from a configuration that managed it removes it on the
	// server, and an imported secret would otherwise look managed.
	if !state.Secret.IsNull() {
		state.Secret = optionalString(managedCopy(view, t, url, state.Secret.ValueString(), found).Secret)
	}
	if !state.GlobalSecret.IsNull() {
		state.GlobalSecret = optionalString(view.GlobalSecret())
	}
	// sendblue_numbers is not secret: always read back, so that a change
	// made elsewhere shows as drift.
	state.SendblueNumbers = numbersValue(found.SendblueNumbers)
	// Copies beyond one are drift: the plan wants exactly one (planOneCopy).
	state.Copies = types.Int64Value(int64(count))
	state.SecretWO = types.StringNull()
	raw, diags := state.value(ctx, req.State.Raw.Type())
	resp.Diagnostics.Append(diags...)
	if !diags.HasError() {
		resp.State.Raw = raw
	}
}

// managedCopy is the entry whose secret Read puts in state when the account
// holds the URL more than once: the first copy whose secret differs from the
// one in state (so that the plan shows the secret's change too), else the
// first copy.
func managedCopy(view *sendblue.View, t sendblue.WebhookType, url, stateSecret string, first sendblue.Webhook) sendblue.Webhook {
	if _, count, _ := view.Lookup(t, url); count < 2 {
		return first
	}
	for _, w := range view.Config().Get(t) {
		if w.URL == url && w.Secret != stateSecret {
			return w
		}
	}
	return first
}

func (r *webhookResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, cfg webhookModel
	ctx, cancel, ok := r.data.begin(ctx, opUpdate, &resp.Diagnostics, &plan.Timeouts,
		plan.from(ctx, req.Plan.Raw), state.from(ctx, req.State.Raw), cfg.from(ctx, req.Config.Raw))
	if !ok {
		return
	}
	defer cancel()

	t, w := plan.webhook(ctx, cfg, &resp.Diagnostics)
	ctx = r.data.mask(ctx, w.Secret, state.Secret.ValueString(), plan.GlobalSecret.ValueString(), state.GlobalSecret.ValueString())

	// The webhook's own secret on the server is what the configuration
	// says: `secret`, or `secret_wo` (sent when its version changes). Any
	// change of them, including removing them, re-adds the entry with the
	// new secret or with none, as the plan shows. `global_secret` is sent
	// only when it is set and changed; removing it keeps the planned (prior)
	// value, so the plan shows no change and none is made.
	woChanged := !plan.SecretWOVersion.Equal(state.SecretWOVersion)
	secretChanged := !plan.Secret.Equal(state.Secret)
	globalChanged := !cfg.GlobalSecret.IsNull() && !plan.GlobalSecret.Equal(state.GlobalSecret)
	numbersChanged := !sendblue.SameNumbers(w.SendblueNumbers, numbersOf(ctx, state.SendblueNumbers, &resp.Diagnostics))
	// More than one entry of the URL, as read: re-adding leaves exactly one.
	copiesChanged := state.Copies.ValueInt64() > 1
	gs := ""
	if globalChanged {
		gs = plan.GlobalSecret.ValueString()
	}

	if secretChanged && !woChanged && !globalChanged && !numbersChanged && !copiesChanged && state.Secret.IsNull() && w.Secret != "" {
		// The configuration starts managing a secret (after an import, say):
		// when the webhook has that secret already, there is nothing to send.
		if view, err := r.data.account.Snapshot(ctx); err == nil {
			if found, count, ok := view.Lookup(t, w.URL); ok && count == 1 && found.Secret == w.Secret {
				secretChanged = false
			}
		}
	}
	if secretChanged || woChanged || globalChanged || numbersChanged || copiesChanged {
		tflog.Debug(ctx, "rotating webhook", map[string]any{"type": string(t), "url": w.URL})
		rotate := func() error { return r.data.account.Rotate(ctx, t, w, gs) }
		if !secretChanged && !woChanged && plan.Secret.IsNull() && plan.SecretWOVersion.IsNull() {
			// The configuration does not manage the webhook's own secret:
			// it is re-added with the secret it has on the account.
			rotate = func() error { return r.data.account.RotateKeepSecret(ctx, t, w, gs) }
		}
		if err := rotate(); err != nil {
			// Nothing planned is recorded as done: the webhook was left (or
			// put back) as it was, so the next plan shows the change again.
			resp.State.Raw = req.State.Raw.Copy()
			addAPIError(&resp.Diagnostics, "update", aboutWebhook(t, w.URL), err)
			return
		}
	}
	plan.save(ctx, t, w.URL, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *webhookResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.onState(ctx, opDelete, req.State, &resp.Diagnostics, func(ctx context.Context, state *webhookModel) {
		t, url := sendblue.WebhookType(state.Type.ValueString()), state.URL.ValueString()
		if err := r.data.account.Delete(ctx, t, url); err != nil {
			addAPIError(&resp.Diagnostics, "delete", aboutWebhook(t, url), err)
		}
	})
}

// ImportState takes the ID `<type>:<url>` (or a bare URL for receive), or,
// with Terraform 1.12 and later, the identity {type, url}.
func (r *webhookResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var (
		t   sendblue.WebhookType
		url string
	)
	if byIdentity(req) {
		var diags diag.Diagnostics
		t, url, diags = webhookFromIdentity(ctx, req.Identity)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
	} else {
		var err error
		t, url, err = parseWebhookID(req.ID)
		if err != nil {
			resp.Diagnostics.AddError("Invalid import ID", err.Error())
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), webhookID(t, url))...)
	setWebhookIdentity(ctx, resp.Identity, t, url, &resp.Diagnostics)
}
