package sendblue

import (
	"context"
	"fmt"
)

// confirmAdds settles adds that a list showed, or that were answered, after
// an attempt whose outcome was unknown. Such an attempt may land later than
// any look (an API that applies a write after the client stopped waiting),
// beside the copy sent again; so the account is listed once more before
// success is reported, and a URL held more than once under its type, or
// whose entry differs from the one wanted, is converged: its entries are
// deleted and the wanted one added (with the fields this version does not
// model of the entry listed, see Onto), then the account is listed again.
// After MaxAttempts rounds that still do not show exactly the wanted entry,
// the error says what the account holds and what the next plan shows.
func (a *Account) confirmAdds(ctx context.Context, key batchKey, ms []*member) {
	for round := 1; len(ms) > 0; round++ {
		v, err := a.fresh(ctx)
		if err != nil {
			a.settle(key, ms, a.unknownOutcome(key, round, err, nil))
			return
		}
		var off []*member
		var held []int
		for _, m := range ms {
			es := entriesOf(v.Config(), key.t, m.w.URL)
			if len(es) == 1 && sameSettings(es[0], m.w) {
				a.settle(key, []*member{m}, nil)
				continue
			}
			off = append(off, m)
			held = append(held, len(es))
		}
		if len(off) == 0 {
			return
		}
		if round > a.retry.MaxAttempts || ctx.Err() != nil {
			for i, m := range off {
				n := held[i]
				a.settle(key, []*member{m}, func(m *member) error {
					return fmt.Errorf("sendblue: %s %s webhook %s: %w: after writes whose outcome was unknown, the account holds %d entries of this URL, "+
						"not exactly the one wanted; the next plan shows the change and its apply leaves one entry", key.verb(), key.t, m.w.URL, ErrUnknownOutcome, n)
				})
			}
			return
		}
		a.log(ctx, "warn", "sendblue: after a write whose outcome was unknown, webhooks are not held exactly once as wanted; converging them", map[string]any{
			"type": string(key.t), "webhooks": len(off), "round": round,
		})
		ms = off
		for _, m := range off {
			if err := a.converge(ctx, key, m, v); err != nil && !IsAmbiguous(err) {
				a.settle(key, []*member{m}, func(m *member) error {
					return fmt.Errorf("sendblue: %s %s webhook %s: leaving exactly one entry after writes whose outcome was unknown: %w; "+
						"the next plan shows what the account holds", key.verb(), key.t, m.w.URL, err)
				})
				ms = removeMember(ms, m)
			}
		}
	}
}

// converge deletes every entry of m's URL and adds the one wanted.
func (a *Account) converge(ctx context.Context, key batchKey, m *member, v *View) error {
	w := m.w
	if l, ok := listedFor(w, entriesOf(v.Config(), key.t, w.URL)); ok {
		w = w.Onto(l)
	}
	a.Invalidate()
	if err := a.api.Delete(ctx, DeleteRequest{Type: key.t, URLs: []string{w.URL}}); err != nil {
		return err
	}
	_, err := a.api.Add(ctx, AddRequest{Type: key.t, Webhooks: []Webhook{w}, GlobalSecret: key.gs})
	return err
}

// sameSettings reports whether a listed entry has the secret and the
// sendblue_numbers wanted (any numbers when none are wanted: a line-scoped
// token's adds are scoped to its lines).
func sameSettings(listed, want Webhook) bool {
	return listed.Secret == want.Secret &&
		(len(want.SendblueNumbers) == 0 || SameNumbers(listed.SendblueNumbers, want.SendblueNumbers))
}
