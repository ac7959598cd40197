package sendblue

import (
	"context"
	"fmt"
)

// A create, top to bottom: Create checks the account (Snapshot) and claims
// the URL (pending), then queues its add (batch.go) and waits for it; the
// batch runs in batchrun.go. Delete queues its delete the same way.

// Create adds one webhook. It fails with *ExistsError when the URL is already
// registered under t (or being added by this process), since adding it again
// might duplicate it. Creates of the same type and global secret that arrive
// within the batch window go out as one add call.
func (a *Account) Create(ctx context.Context, t WebhookType, w Webhook, globalSecret string) error {
	defer a.writing()()
	if err := checkTarget(t, w); err != nil {
		return err
	}
	k := Ref{t, w.URL}
	for {
		a.mu.Lock()
		epoch, during := a.replaceEpoch, a.replaceActive
		a.mu.Unlock()
		v, err := a.Snapshot(ctx)
		if err != nil {
			return fmt.Errorf("sendblue: checking whether %s webhook %s already exists: %w", t, w.URL, err)
		}
		a.bmu.Lock()
		a.mu.Lock()
		stale := a.lastWrite[k] > v.gen
		a.mu.Unlock()
		if stale {
			// This process wrote the URL after v was listed: look again.
			a.bmu.Unlock()
			continue
		}
		_, busy := a.pending[k]
		if busy || v.has(t, w.URL) {
			a.bmu.Unlock()
			return &ExistsError{Type: t, URL: w.URL}
		}
		a.pending[k] = struct{}{}
		m := newMember(ctx, w, true)
		m.check, m.epoch, m.checkedDuringReplace = true, epoch, during
		a.enqueueLocked(batchKey{op: opAdd, t: t, gs: globalSecret}, m)
		a.bmu.Unlock()
		return a.wait(m)
	}
}

// Delete removes every entry of type t with this URL. A URL that is not
// there counts as deleted. Deletes of the same type that arrive within the
// batch window go out as one delete call.
func (a *Account) Delete(ctx context.Context, t WebhookType, url string) error {
	defer a.writing()()
	return a.queueDelete(ctx, t, url)
}

// queueDelete queues a delete and waits for it; Delete and Rotate, which
// count themselves as writers, call it.
func (a *Account) queueDelete(ctx context.Context, t WebhookType, url string) error {
	if err := checkTarget(t, Webhook{URL: url}); err != nil {
		return err
	}
	m := newMember(ctx, Webhook{URL: url}, false)
	a.bmu.Lock()
	a.enqueueLocked(batchKey{op: opDelete, t: t}, m)
	a.bmu.Unlock()
	return a.wait(m)
}
