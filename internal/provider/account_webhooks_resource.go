package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// accountWebhooksID is the only ID of sendblue_account_webhooks: there is one
// webhook configuration per account (per API key).
const accountWebhooksID = "account"

// NewAccountWebhooksResource returns the sendblue_account_webhooks resource,
// which owns an account's whole webhook configuration through the replace
// call, for teams that want Terraform to be the only source of webhooks.
func NewAccountWebhooksResource() resource.Resource {
	return &accountWebhooksResource{resourceNamed("account_webhooks")}
}

type accountWebhooksResource struct{ configuredResource }

// What the resource implements beyond resource.Resource.
var _ interface {
	resource.ResourceWithConfigure
	resource.ResourceWithModifyPlan
	resource.ResourceWithImportState
	resource.ResourceWithUpgradeState
} = (*accountWebhooksResource)(nil)

func (r *accountWebhooksResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan accountWebhooksModel
	r.data.run(ctx, opCreate, &resp.Diagnostics, &plan.Timeouts, accountFrom(ctx, req.Plan, &plan), func(ctx context.Context) {
		r.apply(ctx, &plan, nil, &resp.State, &resp.Diagnostics)
	})
}

func (r *accountWebhooksResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state accountWebhooksModel
	read := reading(accountFrom(ctx, req.Plan, &plan), accountFrom(ctx, req.State, &state))
	r.data.run(ctx, opUpdate, &resp.Diagnostics, &plan.Timeouts, read, func(ctx context.Context) {
		r.apply(ctx, &plan, &state, &resp.State, &resp.Diagnostics)
	})
}

// apply makes the account hold exactly plan (replace) and records it in the
// state.
func (r *accountWebhooksResource) apply(ctx context.Context, plan, prior *accountWebhooksModel, state *tfsdk.State, diags *diag.Diagnostics) {
	r.replace(ctx, plan, prior, diags)
	if !diags.HasError() {
		diags.Append(setAccountWebhooks(ctx, state, plan)...)
	}
}

// replace makes the account hold exactly plan. It first lists the account
// afresh and refuses to go on when the account holds something that neither
// the prior state (nil on create) nor the plan shows, since the plan the user
// approved did not say it would be removed. A global secret that the
// configuration does not manage is carried over, so that it is not cleared
// behind the plan's back. On success plan.ID is set.
func (r *accountWebhooksResource) replace(ctx context.Context, plan, prior *accountWebhooksModel, diags *diag.Diagnostics) {
	want, d := plan.configuration(ctx)
	diags.Append(d...)
	shown := []*sendblue.Configuration{want}
	if prior != nil {
		before, d := prior.configuration(ctx)
		diags.Append(d...)
		shown = append(shown, before)
	}
	if diags.HasError() {
		return
	}
	known := sendblue.SecretsOf(shown...)
	ctx = r.data.mask(ctx, known...)

	current, err := r.data.account.Fresh(ctx)
	if err != nil {
		addAPIError(diags, "list", aboutAccount, err, known...)
		return
	}
	known = append(known, sendblue.SecretsOf(current.Config())...)
	ctx = r.data.mask(ctx, known...)
	// Only what the configuration sets is checked against the generation's
	// rules: entries read from the account go back as they were read.
	r.data.checkConfigGeneration(want, diags)
	if diags.HasError() {
		return
	}
	var managed map[sendblue.Ref]bool
	if prior != nil {
		managed = prior.managedSecrets(ctx)
	}
	dups := duplicatesIn(current.Config())
	resolved := resolveAll(dups, want, managed, diags)
	if diags.HasError() {
		return
	}
	// Secrets this resource does not manage stay as the account holds them,
	// in what is sent and in what the plan showed.
	if prior != nil {
		for _, c := range shown {
			keepUnmanagedSecrets(c, current, managed, resolved)
		}
	}
	// A URL the account holds more than once is written once, with the
	// fields of the copy kept (ReplaceAll carries those of the others).
	for ref, res := range resolved {
		if i, ok := entryIndex(want, ref); ok && len(res.keep.Extra) > 0 {
			want.Webhooks[ref.Type][i].Extra = res.keep.Clone().Extra
		}
	}
	// On create every entry counts; on update only those of the types this
	// resource manages (the others are kept as they are). The copies of a
	// URL the account holds more than once count when the plan did not
	// know of them (it said what the apply does with those it knew of).
	check := current.Config()
	if prior != nil && plan.ID.IsUnknown() {
		check = withoutRefs(check, refsOf(dups))
	}
	if unseen := unseenEntries(check, prior == nil, shown...); len(unseen) > 0 {
		addUnseenError(diags, unseen, prior != nil)
		return
	}
	if plan.GlobalSecret.IsNull() {
		want.GlobalSecret = current.GlobalSecret()
	}
	// Whatever the provider does not model goes back as it is.
	want.KeepUnmodelled(current.Config())
	tflog.Debug(ctx, "replacing the account's webhook configuration", map[string]any{"webhooks": want.Len()})
	if _, err := r.data.account.ReplaceAll(ctx, want); err != nil {
		addAPIError(diags, "replace", aboutAccount, err, known...)
		return
	}
	plan.ID = types.StringValue(accountWebhooksID)
}

// onState runs an operation on the state (Read, Delete): fn gets the state,
// its secrets (known, and masked in logs) and a context bounded by the
// operation's timeout. fn does not run when either could not be had (diags
// say why).
func (r *accountWebhooksResource) onState(ctx context.Context, op operation, src tfsdk.State, diags *diag.Diagnostics, fn func(ctx context.Context, m *accountWebhooksModel, known []string)) {
	var m accountWebhooksModel
	r.data.run(ctx, op, diags, &m.Timeouts, accountFrom(ctx, src, &m), func(ctx context.Context) {
		known := m.knownSecrets(ctx)
		fn(r.data.mask(ctx, known...), &m, known)
	})
}

func (r *accountWebhooksResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	r.onState(ctx, opRead, req.State, &resp.Diagnostics, func(ctx context.Context, state *accountWebhooksModel, known []string) {
		r.read(ctx, state, known, resp)
	})
}

func (r *accountWebhooksResource) read(ctx context.Context, state *accountWebhooksModel, known []string, resp *resource.ReadResponse) {
	view, err := r.data.account.Snapshot(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", aboutAccount, err, known...)
		return
	}
	ctx = r.data.mask(ctx, sendblue.SecretsOf(view.Config())...)
	r.data.warnUnmodelled(view.Config(), &resp.Diagnostics)
	resp.Diagnostics.Append(state.setConfiguration(ctx, view.Config(), state.managedSecrets(ctx))...)
	// Like sendblue_webhook, the global secret is tracked only once the
	// configuration manages it; otherwise it is carried over on apply.
	if !state.GlobalSecret.IsNull() {
		state.GlobalSecret = optionalString(view.GlobalSecret())
	}
	state.ID = types.StringValue(accountWebhooksID)
	resp.Diagnostics.Append(setAccountWebhooks(ctx, &resp.State, state)...)
}

func (r *accountWebhooksResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	r.onState(ctx, opDelete, req.State, &resp.Diagnostics, func(ctx context.Context, _ *accountWebhooksModel, known []string) {
		r.delete(ctx, known, resp)
	})
}

func (r *accountWebhooksResource) delete(ctx context.Context, known []string, resp *resource.DeleteResponse) {
	// A configuration without any webhook of the types this resource
	// manages, and without a global secret (the replace call replaces it
	// too); what the provider does not model is listed afresh and kept.
	current, err := r.data.account.Fresh(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", aboutAccount, err, known...)
		return
	}
	known = append(known, sendblue.SecretsOf(current.Config())...)
	ctx = r.data.mask(ctx, known...)
	empty := &sendblue.Configuration{Webhooks: map[sendblue.WebhookType][]sendblue.Webhook{}}
	empty.KeepUnmodelled(current.Config())
	tflog.Debug(ctx, "removing every webhook of the account", map[string]any{"kept": empty.Unmodelled()})
	if _, err := r.data.account.ReplaceAll(ctx, empty); err != nil {
		addAPIError(&resp.Diagnostics, "delete", aboutAccount, err, known...)
	}
}

func (r *accountWebhooksResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if strings.TrimSpace(req.ID) != accountWebhooksID {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("The import ID of sendblue_account_webhooks must be %q (the account of the provider's credentials), not %q. "+
				"For example: terraform import sendblue_account_webhooks.all %s", accountWebhooksID, req.ID, accountWebhooksID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), accountWebhooksID)...)
}

// addUnseenError explains that the account holds webhooks the plan does not
// show, naming them (never their secrets) and the way out.
func addUnseenError(diags *diag.Diagnostics, unseen []string, changedSincePlan bool) {
	const show = 20
	list := unseen
	more := ""
	if len(list) > show {
		list, more = list[:show], fmt.Sprintf("\n  ... and %d more", len(unseen)-show)
	}
	names := "  " + strings.Join(list, "\n  ") + more
	if changedSincePlan {
		diags.AddError("The Sendblue account changed since the plan",
			fmt.Sprintf("The account now holds webhooks (or secrets) that the plan did not show, and applying it would remove or change them:\n%s\n\n"+
				"Nothing was changed. Run terraform plan again to see the account as it is now, then apply that plan.", names))
		return
	}
	diags.AddError("The Sendblue account already has webhooks that this resource would remove",
		fmt.Sprintf("sendblue_account_webhooks replaces the account's whole webhook configuration, and the account already holds "+
			"webhooks (or secrets) that are not in this configuration:\n%s\n\n"+
			"A plan to create the resource cannot show them, so nothing was changed. Import the account first, with\n\n"+
			"  import {\n    to = sendblue_account_webhooks.<name>\n    id = %q\n  }\n\n"+
			"or terraform import sendblue_account_webhooks.<name> %s, then the plan shows every webhook it removes. "+
			"Or add them to the configuration.", names, accountWebhooksID, accountWebhooksID))
}
