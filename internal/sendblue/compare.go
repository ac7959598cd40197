package sendblue

import (
	"slices"
	"strings"
)

// entryKey is an entry as configurations are compared: its type, URL,
// secret and sendblue_numbers (as a set). Unknown fields are not compared.
type entryKey struct {
	ref     Ref
	secret  string
	numbers string
}

func keyOf(t WebhookType, w Webhook) entryKey {
	nums := slices.Clone(w.SendblueNumbers)
	slices.Sort(nums)
	return entryKey{ref: Ref{t, w.URL}, secret: w.Secret, numbers: strings.Join(nums, ",")}
}

// Uncovered returns the webhooks of c that have an entry none of by holds
// as often with the same secret and sendblue_numbers: what replacing c with
// any one of by would remove or change. Each is named once, in c's type
// order (SortedTypes) and then its list order.
func Uncovered(c *Configuration, by ...*Configuration) []Ref {
	allowed := map[entryKey]int{}
	for _, o := range by {
		if o == nil {
			continue
		}
		counts := map[entryKey]int{}
		for t, ws := range o.Webhooks {
			for _, w := range ws {
				counts[keyOf(t, w)]++
			}
		}
		for k, n := range counts {
			allowed[k] = max(allowed[k], n)
		}
	}
	var out []Ref
	named := map[Ref]bool{}
	for _, t := range c.SortedTypes() {
		for _, w := range c.Get(t) {
			k := keyOf(t, w)
			if allowed[k] > 0 {
				allowed[k]--
				continue
			}
			if !named[k.ref] {
				named[k.ref] = true
				out = append(out, k.ref)
			}
		}
	}
	return out
}
