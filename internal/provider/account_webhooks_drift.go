package provider

// The drift checks of sendblue_account_webhooks: what the account holds that
// a plan does not show. Nothing in this file knows Terraform.

import (
	"slices"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// duplicateEntries returns "<type> <url>" of each URL the account holds
// more than once under a type this resource manages.
func duplicateEntries(c *sendblue.Configuration) []string {
	var out []string
	for _, t := range sendblue.WebhookTypes() {
		seen := map[string]int{}
		for _, w := range c.Get(t) {
			seen[w.URL]++
			if seen[w.URL] == 2 {
				out = append(out, string(t)+" "+w.URL)
			}
		}
	}
	return out
}

// withoutDuplicates returns c with the second and later entries of a URL
// under a type left out (a copy; c is shared).
func withoutDuplicates(c *sendblue.Configuration) *sendblue.Configuration {
	out := c.Clone()
	for t, ws := range out.Webhooks {
		seen := map[string]bool{}
		out.Webhooks[t] = slices.DeleteFunc(ws, func(w sendblue.Webhook) bool {
			dup := seen[w.URL]
			seen[w.URL] = true
			return dup
		})
	}
	return out
}

// unseenEntries returns "<type> <url>" for each webhook of current with an
// entry that none of shown holds as often with the same secret and numbers
// (sendblue.Uncovered): what replacing current with shown[0] would remove or
// change although no configuration shown in the plan had it. all says
// whether entries of types the provider does not know count (on create they
// do: the plan shows none of them). Each type and URL is named once, in the
// API's type order.
func unseenEntries(current *sendblue.Configuration, all bool, shown ...*sendblue.Configuration) []string {
	var out []string
	for _, r := range sendblue.Uncovered(current, shown...) {
		if all || r.Type.Valid() {
			out = append(out, r.String())
		}
	}
	return out
}
