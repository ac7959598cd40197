package provider

// The drift checks of sendblue_account_webhooks: what the account holds that
// a plan does not show, and which copy of a URL the account holds more than
// once an apply keeps. Nothing in this file knows Terraform; every function
// is one pass over the entries.

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// duplicate is a URL the account holds more than once under a type this
// resource manages, and its copies in the account's order.
type duplicate struct {
	ref    sendblue.Ref
	copies []sendblue.Webhook
}

// duplicatesIn returns every URL c holds more than once under a type this
// resource manages, in the API's type order and then list order.
func duplicatesIn(c *sendblue.Configuration) []duplicate {
	var out []duplicate
	for _, t := range sendblue.WebhookTypes() {
		ws := c.Get(t)
		count := make(map[string]int, len(ws))
		for _, w := range ws {
			count[w.URL]++
		}
		at := map[string]int{}
		for _, w := range ws {
			if count[w.URL] < 2 {
				continue
			}
			i, ok := at[w.URL]
			if !ok {
				i = len(out)
				at[w.URL] = i
				out = append(out, duplicate{ref: sendblue.Ref{Type: t, URL: w.URL}})
			}
			out[i].copies = append(out[i].copies, w)
		}
	}
	return out
}

// resolution is which copy of a duplicated URL an apply keeps.
type resolution struct {
	// keep is the copy kept, as the account holds it (its secret is the one
	// written when the configuration does not set one; its unknown fields
	// are written back).
	keep sendblue.Webhook
	// problem, when set, says why the provider cannot tell which copy to
	// keep; the apply must not go on.
	problem string
}

// resolve picks the copy of d to keep for want, the configuration's entry
// of the URL: the copy with the configured secret (when ownSecret: the
// configuration sets it, or managed it before) or else the one secret the
// copies hold (a copy without a secret never wins over one with), then the
// configured sendblue_numbers. When the copies hold different secrets and
// the configuration sets none, or the copies left differ in fields the
// provider does not model, it cannot tell, and says so in problem.
func resolve(d duplicate, want sendblue.Webhook, ownSecret bool) resolution {
	cands := d.copies
	if ownSecret {
		cands = narrow(cands, func(w sendblue.Webhook) bool { return w.Secret == want.Secret })
	} else if secrets := distinctSecrets(d.copies); len(secrets) > 1 {
		return resolution{keep: cands[0], problem: fmt.Sprintf("its %d copies hold %d different secrets and the configuration sets none for it, "+
			"so the provider cannot tell which to keep. Set secret on this entry (the apply then writes that one), "+
			"or remove the copies you do not want on the account.", len(d.copies), len(secrets))}
	} else if len(secrets) == 1 {
		cands = narrow(cands, func(w sendblue.Webhook) bool { return w.Secret == secrets[0] })
	}
	cands = narrow(cands, func(w sendblue.Webhook) bool { return sendblue.SameNumbers(w.SendblueNumbers, want.SendblueNumbers) })
	if fields := differingFields(cands); len(fields) > 0 {
		return resolution{keep: cands[0], problem: fmt.Sprintf("the copies that match the configuration differ in %s, which the provider "+
			"does not model, so it cannot tell which to keep. Remove the copy you do not want on the account.", fieldNames(fields))}
	}
	return resolution{keep: cands[0]}
}

// representative is the copy of d that stands for the URL in state: the
// one resolve keeps for the prior entry want (ownSecret: the state manages
// its secret), whatever the problems (the plan reports those).
func representative(d duplicate, want sendblue.Webhook, ownSecret bool) sendblue.Webhook {
	return resolve(d, want, ownSecret).keep
}

// narrow returns the entries of ws that match, or ws when none does.
func narrow(ws []sendblue.Webhook, match func(sendblue.Webhook) bool) []sendblue.Webhook {
	var out []sendblue.Webhook
	for _, w := range ws {
		if match(w) {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return ws
	}
	return out
}

// distinctSecrets returns the different non-empty secrets of ws.
func distinctSecrets(ws []sendblue.Webhook) []string {
	var out []string
	for _, w := range ws {
		if w.Secret != "" && !slices.Contains(out, w.Secret) {
			out = append(out, w.Secret)
		}
	}
	return out
}

// differingFields returns, sorted, the unknown fields of an entry that the
// copies ws do not all hold with the same value.
func differingFields(ws []sendblue.Webhook) []string {
	var out []string
	for _, w := range ws {
		for k, v := range w.Extra {
			if slices.Contains(out, k) {
				continue
			}
			for _, o := range ws {
				if ov, ok := o.Extra[k]; !ok || !bytes.Equal(ov, v) {
					out = append(out, k)
					break
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// fieldNames renders "field a" or "fields a, b".
func fieldNames(fields []string) string {
	if len(fields) == 1 {
		return "field " + fields[0]
	}
	return "fields " + strings.Join(fields, ", ")
}

// howCopiesDiffer says how the copies of d differ, never showing a secret:
// "one copy has a secret, one has none", "they differ in sendblue_numbers",
// "they differ in field extra"; or that they are identical.
func howCopiesDiffer(d duplicate) string {
	n := len(d.copies)
	var parts []string
	withSecret := 0
	for _, w := range d.copies {
		if w.Secret != "" {
			withSecret++
		}
	}
	switch secrets := distinctSecrets(d.copies); {
	case len(secrets) > 1:
		parts = append(parts, fmt.Sprintf("they hold %d different secrets", len(secrets)))
		if withSecret < n {
			parts = append(parts, fmt.Sprintf("%s no secret", copiesHave(n-withSecret)))
		}
	case len(secrets) == 1 && withSecret < n:
		parts = append(parts, fmt.Sprintf("%s a secret, %s none", copiesHave(withSecret), copiesHave(n-withSecret)))
	}
	for _, w := range d.copies[1:] {
		if !sendblue.SameNumbers(w.SendblueNumbers, d.copies[0].SendblueNumbers) {
			parts = append(parts, "they differ in sendblue_numbers")
			break
		}
	}
	if fields := differingFields(d.copies); len(fields) > 0 {
		parts = append(parts, "they differ in "+fieldNames(fields))
	}
	if len(parts) == 0 {
		return "the copies are identical"
	}
	return strings.Join(parts, "; ")
}

// copiesHave is "one copy has", "2 copies have".
func copiesHave(k int) string {
	if k == 1 {
		return "one copy has"
	}
	return fmt.Sprintf("%d copies have", k)
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

// withoutRefs returns c without any entry of refs (a copy; c is shared).
func withoutRefs(c *sendblue.Configuration, refs map[sendblue.Ref]bool) *sendblue.Configuration {
	out := c.Clone()
	if len(refs) == 0 {
		return out
	}
	for t, ws := range out.Webhooks {
		out.Webhooks[t] = slices.DeleteFunc(ws, func(w sendblue.Webhook) bool { return refs[sendblue.Ref{Type: t, URL: w.URL}] })
	}
	return out
}
