package sendblue

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Rotate changes the secret of an existing webhook (or the global secret it
// is sent with) by deleting its URL and adding it again. It never replaces
// the whole configuration, so that other webhooks, including those other
// processes write meanwhile, are left alone.
//
// No order of calls keeps the webhook present throughout: DELETE removes
// every entry of a URL, so adding the new entry first and deleting the old
// one after would remove both, and what POST does with a URL that is
// already there is not documented (it may add a second entry). So Rotate
// lists the account first and, when the new entry is refused or cannot be
// added for good, puts back the entries exactly as they were listed before
// the delete (secrets included), then reports the refusal: a failed change
// leaves the webhook as it was.
func (a *Account) Rotate(ctx context.Context, t WebhookType, w Webhook, globalSecret string) error {
	return a.rotate(ctx, t, w, globalSecret, false)
}

// RotateKeepSecret is Rotate for a caller that does not manage the
// webhook's own secret: the entry is re-added with w's settings (its
// sendblue_numbers, say) but the secret it is listed with just before, and
// with globalSecret when not empty (the API sets the global secret only
// along with an add). A failure puts the entry back as Rotate does.
func (a *Account) RotateKeepSecret(ctx context.Context, t WebhookType, w Webhook, globalSecret string) error {
	return a.rotate(ctx, t, w, globalSecret, true)
}

func (a *Account) rotate(ctx context.Context, t WebhookType, w Webhook, globalSecret string, keepSecret bool) error {
	defer a.writing()()
	if err := checkTarget(t, w); err != nil {
		return err
	}
	k := Ref{t, w.URL}
	a.bmu.Lock()
	if _, busy := a.pending[k]; busy {
		a.bmu.Unlock()
		return fmt.Errorf("sendblue: another change to %s webhook %s is in progress", t, w.URL)
	}
	a.pending[k] = struct{}{}
	a.bmu.Unlock()
	handedOver := false
	defer func() {
		if !handedOver {
			a.bmu.Lock()
			delete(a.pending, k)
			a.bmu.Unlock()
		}
	}()

	before, err := a.fresh(ctx)
	if err != nil {
		return fmt.Errorf("sendblue: changing the secret of %s webhook %s: listing the account first: nothing was changed: %w", t, w.URL, err)
	}
	old := entriesOf(before.Config(), t, w.URL)
	if keepSecret && len(old) > 0 {
		w.Secret = old[0].Secret
	}
	if l, ok := listedFor(w, old); ok {
		// The new entry keeps what the listed one holds beyond the fields
		// this version models.
		w = w.Onto(l)
	}

	if err := a.queueDelete(ctx, t, w.URL); err != nil {
		return a.restore(ctx, t, w.URL, old, fmt.Errorf("removing the old entry: %w", err), false)
	}
	m := newMember(ctx, w, true) // the add now owns the pending claim
	a.bmu.Lock()
	a.enqueueLocked(batchKey{op: opAdd, t: t, gs: globalSecret}, m)
	handedOver = true
	a.bmu.Unlock()
	addErr := a.wait(m)
	if addErr == nil {
		return nil
	}
	return a.restore(ctx, t, w.URL, old, fmt.Errorf("adding the new entry: %w", addErr), true)
}

// restoreTimeout bounds putting an entry back after a failed change, which
// also runs when the caller's context has ended (an interrupt): leaving the
// webhook missing would be worse than finishing the repair.
const restoreTimeout = 2 * time.Minute

// restore runs after a step of a rotation failed with stepErr: the delete
// of the old entries (added false) or the add of the new one (added true).
// It lists the account: when the URL is there, the old entries were not
// removed (added false) or the new one did land after all (added true);
// otherwise it adds old back (the entries as listed before the delete). It
// returns nil only when the change is made, and otherwise an error that
// says whether the webhook is as it was.
func (a *Account) restore(ctx context.Context, t WebhookType, url string, old []Webhook, stepErr error, added bool) error {
	prefix := fmt.Sprintf("sendblue: changing the secret of %s webhook %s", t, url)
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), restoreTimeout)
	defer cancel()
	v, err := a.fresh(rctx)
	if err != nil {
		return fmt.Errorf("%s: %w; the account could not be listed afterwards to make sure the webhook is still there (%w): "+
			"it may be missing until the next apply", prefix, stepErr, err)
	}
	if v.has(t, url) {
		if added {
			// The add did land (its answer was lost): the change is made.
			return nil
		}
		if now := entriesOf(v.Config(), t, url); !sameEntries(now, old) {
			return fmt.Errorf("%s: %w; a list of the account shows %d entries of this URL, not as before the change: "+
				"the next plan shows what the account holds", prefix, stepErr, len(now))
		}
		return fmt.Errorf("%s: %w; a list of the account shows the webhook still there as it was", prefix, stepErr)
	}
	if len(old) == 0 {
		return fmt.Errorf("%s: it was not on the account before the change, and %w", prefix, stepErr)
	}
	a.log(ctx, "warn", "sendblue: a change of a webhook failed; putting its old entry back", map[string]any{
		"type": string(t), "url": url, "entries": len(old),
	})
	ms := make([]*member, len(old))
	a.bmu.Lock()
	for i, w := range old {
		ms[i] = newMember(rctx, w, false)
		a.enqueueLocked(batchKey{op: opAdd, t: t}, ms[i])
	}
	a.bmu.Unlock()
	var rerr error
	for _, m := range ms {
		rerr = errors.Join(rerr, a.wait(m))
	}
	if rerr != nil {
		return fmt.Errorf("%s: %w; putting the old entry back failed too (%w): the webhook may be missing until the next apply", prefix, stepErr, rerr)
	}
	// Only a list tells whether the webhook is as it was: the new entry may
	// land after all, beside the old one.
	after, err := a.fresh(rctx)
	if err != nil {
		return fmt.Errorf("%s: %w; the old entry was sent back, but the account could not be listed afterwards to check it (%w): "+
			"the next plan shows what the account holds", prefix, stepErr, err)
	}
	if now := entriesOf(after.Config(), t, url); !sameEntries(now, old) {
		return fmt.Errorf("%s: %w; the old entry was sent back, but the account now holds %d entries of this URL, not as it was "+
			"(the new entry may have landed after all): the next plan shows the change, and its apply leaves the one configured entry", prefix, stepErr, len(now))
	}
	return fmt.Errorf("%s: %w; the old entry was put back, and a list of the account confirmed the webhook is as it was", prefix, stepErr)
}

// sameEntries reports whether two lists of entries of one URL have the same
// secrets and sendblue_numbers, in order.
func sameEntries(a, b []Webhook) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Secret != b[i].Secret || !SameNumbers(a[i].SendblueNumbers, b[i].SendblueNumbers) {
			return false
		}
	}
	return true
}

// entriesOf returns every entry of type t with this URL, in the account's
// order.
func entriesOf(c *Configuration, t WebhookType, url string) []Webhook {
	var out []Webhook
	for _, w := range c.Get(t) {
		if w.URL == url {
			out = append(out, w)
		}
	}
	return out
}
