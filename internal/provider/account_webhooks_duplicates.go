package provider

// What sendblue_account_webhooks says and does about a URL the account holds
// more than once under a type: the plan names each, says how its copies
// differ (never showing a secret) and which one the apply keeps, or stops
// when it cannot tell.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// modifyUpdatePlan checks the planned entries against the API generation,
// and reports the URLs the account holds more than once: the refreshed state
// holds one entry per URL, so the plan would otherwise show nothing. It
// marks the plan as a change (the apply rewrites the configuration, which
// leaves each URL once).
func (r *accountWebhooksResource) modifyUpdatePlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var plan, state accountWebhooksModel
	resp.Diagnostics.Append(getAccountWebhooks(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(getAccountWebhooks(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	want, d := plan.configuration(ctx)
	if d.HasError() {
		return
	}
	r.data.checkConfigGeneration(want, &resp.Diagnostics)
	view, err := r.data.account.Snapshot(ctx)
	if err != nil {
		return // the refresh reported it
	}
	dups := duplicatesIn(view.Config())
	if len(dups) == 0 {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringUnknown())...)
	managed := state.managedSecrets(ctx)
	var lines []string
	for _, dup := range dups {
		line := fmt.Sprintf("%s is registered %d times: %s.", dup.ref, len(dup.copies), howCopiesDiffer(dup))
		if l := plan.Lists[dup.ref.Type]; !mapKnown(l) {
			lines = append(lines, line+" What the apply keeps is known once the configuration is.")
			continue
		}
		w, ok := entryOf(want, dup.ref)
		if !ok {
			lines = append(lines, line+" The apply removes every copy.")
			continue
		}
		own := w.Secret != "" || managed[dup.ref]
		res := resolve(dup, w, own)
		if res.problem != "" {
			addCopiesError(&resp.Diagnostics, dup, res)
			continue
		}
		lines = append(lines, line+" The apply keeps "+keptWhat(dup, w, own, res)+".")
	}
	if len(lines) > 0 {
		resp.Diagnostics.AddWarning("The Sendblue account holds webhooks more than once",
			"Each event is delivered to these more than once. The apply replaces the account's configuration, which leaves each of them once:\n  "+
				strings.Join(lines, "\n  "))
	}
}

// keptWhat says which copy the apply keeps, never showing a secret.
func keptWhat(dup duplicate, want sendblue.Webhook, own bool, res resolution) string {
	var s string
	switch {
	case own && want.Secret != "":
		s = "one entry with the configured secret"
	case own:
		s = "one entry without a secret, as configured"
	case res.keep.Secret != "":
		s = "one entry with the secret the account holds for it (the configuration sets none)"
	default:
		s = "one entry without a secret"
	}
	for _, c := range dup.copies[1:] {
		if !sendblue.SameNumbers(c.SendblueNumbers, dup.copies[0].SendblueNumbers) {
			s += ", with the configured sendblue_numbers"
			break
		}
	}
	if len(res.keep.Extra) > 0 {
		keys := make([]string, 0, len(res.keep.Extra))
		for k := range res.keep.Extra {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		s += ", with the " + fieldNames(keys) + " of the copy that matches the configuration"
	}
	return s
}

// addCopiesError stops a plan or an apply that cannot tell which copy of
// a URL to keep, naming the URL, at its entry.
func addCopiesError(diags *diag.Diagnostics, dup duplicate, res resolution) {
	diags.AddAttributeError(path.Root(string(dup.ref.Type)).AtMapKey(dup.ref.URL), "Cannot tell which copy of a webhook to keep",
		fmt.Sprintf("The Sendblue account holds %s %d times (%s), and %s Nothing was changed.",
			dup.ref, len(dup.copies), howCopiesDiffer(dup), res.problem))
}

// resolveAll resolves each duplicated URL that want keeps (managed: the
// secrets the prior state manages), adding an error for each it cannot.
func resolveAll(dups []duplicate, want *sendblue.Configuration, managed map[sendblue.Ref]bool, diags *diag.Diagnostics) map[sendblue.Ref]resolution {
	out := make(map[sendblue.Ref]resolution, len(dups))
	for _, dup := range dups {
		w, ok := entryOf(want, dup.ref)
		if !ok {
			continue
		}
		res := resolve(dup, w, w.Secret != "" || managed[dup.ref])
		if res.problem != "" {
			addCopiesError(diags, dup, res)
			continue
		}
		out[dup.ref] = res
	}
	return out
}

// refsOf returns the refs of dups.
func refsOf(dups []duplicate) map[sendblue.Ref]bool {
	out := make(map[sendblue.Ref]bool, len(dups))
	for _, d := range dups {
		out[d.ref] = true
	}
	return out
}
