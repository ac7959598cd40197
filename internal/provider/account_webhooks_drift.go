package provider

// The drift checks of sendblue_account_webhooks: what the account holds that
// a plan does not show. Nothing in this file knows Terraform.

import (
	"slices"
	"strings"

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

// webhookKey is an entry as the unseen check compares it.
type webhookKey struct {
	t       sendblue.WebhookType
	url     string
	secret  string
	numbers string
}

func keyOf(t sendblue.WebhookType, w sendblue.Webhook) webhookKey {
	nums := slices.Clone(w.SendblueNumbers)
	slices.Sort(nums)
	return webhookKey{t: t, url: w.URL, secret: w.Secret, numbers: strings.Join(nums, ",")}
}

// unseenEntries returns "<type> <url>" for each entry of current that none of
// shown holds as often with the same secret and numbers: what replacing
// current with shown[0] would remove or change although no configuration
// shown in the plan had it. all says whether entries of types the provider
// does not know count (on create they do: the plan shows none of them).
// Each type and URL is named once, in the API's type order.
func unseenEntries(current *sendblue.Configuration, all bool, shown ...*sendblue.Configuration) []string {
	allowed := map[webhookKey]int{}
	for _, c := range shown {
		counts := map[webhookKey]int{}
		for t, ws := range c.Webhooks {
			for _, w := range ws {
				counts[keyOf(t, w)]++
			}
		}
		for k, n := range counts {
			allowed[k] = max(allowed[k], n)
		}
	}
	var out []string
	named := map[string]bool{}
	for _, t := range current.SortedTypes() {
		if !all && !t.Valid() {
			continue
		}
		for _, w := range current.Get(t) {
			k := keyOf(t, w)
			if allowed[k] > 0 {
				allowed[k]--
				continue
			}
			if s := string(t) + " " + w.URL; !named[s] {
				named[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}
