package provider

import (
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

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
