package sendblue

import (
	"context"
	"time"
)

// listCall is one List in flight, shared by every Snapshot that joins it.
type listCall struct {
	gen   uint64 // generation when it started
	group *callerGroup
	done  chan struct{}
	view  *View
	err   error
}

// Snapshot returns the account as listed once for every concurrent caller
// and cached until the next write or Invalidate, so that a plan over many
// webhooks makes one list call. A snapshot asked for after a write of this
// process finished always reflects that write. A caller whose ctx ends
// returns at once; the shared call goes on while other callers wait for it.
func (a *Account) Snapshot(ctx context.Context) (*View, error) {
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	a.mu.Lock()
	if a.view != nil && a.view.gen == a.gen {
		v := a.view
		a.mu.Unlock()
		return v, nil
	}
	c := a.listing
	// Join only a list that started after the last invalidation: an older
	// one may predate a write that has finished since.
	if c == nil || c.gen != a.gen || !c.group.join(ctx) {
		c = &listCall{gen: a.gen, group: newCallerGroup(ctx), done: make(chan struct{})}
		c.group.join(ctx)
		a.listing = c
		go a.runList(c)
	}
	a.mu.Unlock()
	select {
	case <-c.done:
		return c.view, callerErr(ctx, c.err)
	case <-ctx.Done():
		if c.group.alone() {
			// The call ends with this caller, and says more than ctx.Err()
			// (the request, its attempts, the time spent): wait the moment
			// it takes to unwind, but no longer.
			t := time.NewTimer(time.Second)
			defer t.Stop()
			select {
			case <-c.done:
				return c.view, callerErr(ctx, c.err)
			case <-t.C:
			}
		}
		select {
		case <-c.done:
			return c.view, callerErr(ctx, c.err)
		default:
			return nil, context.Cause(ctx)
		}
	}
}

func (a *Account) runList(c *listCall) {
	cfg, err := a.api.List(c.group.ctx)
	var v *View
	if err == nil {
		v = newView(cfg)
		v.gen = c.gen
	}
	a.mu.Lock()
	if err == nil && (a.last == nil || a.last.gen <= v.gen) {
		a.last = v
	}
	if err == nil && c.gen == a.gen {
		a.view = v
		for k, g := range a.lastWrite {
			if g <= c.gen {
				delete(a.lastWrite, k)
			}
		}
	}
	if a.listing == c {
		a.listing = nil
	}
	a.mu.Unlock()
	c.group.done()
	c.view, c.err = v, err
	close(c.done)
}

// Has reports whether the account holds a webhook of type t with this URL,
// for checks at plan time that must not cost a list call per resource. It
// answers from the latest list when that shows no such webhook (the check is
// made again, authoritatively, before anything is added), and otherwise
// confirms with a current Snapshot, since this process may have removed it
// since.
func (a *Account) Has(ctx context.Context, t WebhookType, url string) (bool, error) {
	a.mu.Lock()
	last := a.last
	a.mu.Unlock()
	if last != nil && !last.has(t, url) {
		return false, nil
	}
	v, err := a.Snapshot(ctx)
	if err != nil {
		return false, err
	}
	return v.has(t, url), nil
}

// Invalidate drops the cached snapshot, so that the next Snapshot lists the
// account again (for example after a change made outside this process).
func (a *Account) Invalidate() {
	a.mu.Lock()
	a.gen++
	a.view = nil
	a.mu.Unlock()
}

// Fresh returns a view listed after this call began, for a caller that
// must see what the account holds now (before replacing it all, say).
func (a *Account) Fresh(ctx context.Context) (*View, error) { return a.fresh(ctx) }

// fresh returns a view listed after this call began.
func (a *Account) fresh(ctx context.Context) (*View, error) {
	a.Invalidate()
	return a.Snapshot(ctx)
}
