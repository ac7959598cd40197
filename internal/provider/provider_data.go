package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// providerData is what Configure hands every resource and data source: one
// account layer per provider process, so that all of them share one snapshot
// of the account and batch their writes together.
type providerData struct {
	account *sendblue.Account
	client  *sendblue.Client
	// apiSecret is the API secret or the access token: whichever
	// authenticates, masked in every log.
	apiSecret string
	// unmodelledWarned makes the warning about keys the provider does not
	// model appear once per provider process.
	unmodelledWarned sync.Once
	// mix notes which webhook resources this provider plans, to warn when
	// one configuration manages an account with both (see notePlanned).
	mix mixTracker
	// checks finds conflicts between sendblue_webhook resources at plan.
	checks *planChecks
	// lines is the account's line state, read once (lines_state.go).
	lines lineStateCache
}

// ready reports a clear error when the provider was not configured (nil
// data), so that every resource and data source says it the same way.
func (d *providerData) ready(diags *diag.Diagnostics) bool {
	if d == nil {
		diags.AddError("Provider not configured", "The sendblue provider has no credentials yet; check the provider block.")
		return false
	}
	return true
}

// mask returns ctx with the API secret and the given secrets masked in logs.
func (d *providerData) mask(ctx context.Context, secrets ...string) context.Context {
	return maskSecrets(ctx, append(secrets, d.apiSecret)...)
}
