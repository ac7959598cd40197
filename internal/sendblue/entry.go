package sendblue

import (
	"maps"
	"slices"
)

// Onto returns the entry to write when a caller wants w and the account
// holds listed under the same type and URL: w's modelled fields (URL,
// secret, sendblue_numbers) over listed's fields this version does not
// model, so that no write drops what it does not know. A field w carries in
// its own Extra wins over listed's. This is the one way every write path
// builds an entry from a listed one.
func (w Webhook) Onto(listed Webhook) Webhook {
	out := w.Clone()
	if len(listed.Extra) == 0 {
		return out
	}
	extra := listed.Clone().Extra
	maps.Copy(extra, out.Extra)
	out.Extra = extra
	return out
}

// listedFor returns the entry among listed (entries of one type and URL, in
// the account's order) whose unknown fields a write of w keeps: the first
// that has w's secret and sendblue_numbers, else the first. ok is false when
// listed is empty.
func listedFor(w Webhook, listed []Webhook) (Webhook, bool) {
	if len(listed) == 0 {
		return Webhook{}, false
	}
	if i := slices.IndexFunc(listed, func(l Webhook) bool {
		return l.Secret == w.Secret && SameNumbers(l.SendblueNumbers, w.SendblueNumbers)
	}); i >= 0 {
		return listed[i], true
	}
	return listed[0], true
}

// KeepEntryFields gives every entry of c the fields this version does not
// model of the entry from holds under the same type and URL (see Onto and
// listedFor), so that writing c back loses none of them, for entries c
// changes and entries it keeps alike. Entries from does not hold are left
// as they are.
func (c *Configuration) KeepEntryFields(from *Configuration) {
	if c == nil || from == nil {
		return
	}
	for t, ws := range c.Webhooks {
		listed := from.Get(t)
		if len(listed) == 0 {
			continue
		}
		byURL := make(map[string][]Webhook, len(listed))
		for _, l := range listed {
			byURL[l.URL] = append(byURL[l.URL], l)
		}
		for i, w := range ws {
			if l, ok := listedFor(w, byURL[w.URL]); ok {
				ws[i] = w.Onto(l)
			}
		}
	}
}
