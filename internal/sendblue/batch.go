package sendblue

import (
	"context"
	"fmt"
	"time"
)

// batch collects writes of one key for up to the batch window.
type batch struct {
	key     batchKey
	members []*member
	flushed bool
	timer   *time.Timer
	opened  time.Time
	// group is the shared context of the batch's call, once it is flushed.
	group *callerGroup
}

// enqueueLocked puts m into the open batch of key, opening one if needed,
// and sends the batch when it is full or batching is off. a.bmu is held.
func (a *Account) enqueueLocked(key batchKey, m *member) {
	m.key = key
	b := a.open[key]
	if b == nil {
		b = &batch{key: key, opened: time.Now()}
		a.open[key] = b
		if a.window > 0 {
			b.timer = time.AfterFunc(a.window, func() {
				a.bmu.Lock()
				if !b.flushed {
					a.parallel = max(a.parallel, a.writers)
				}
				a.flushLocked(b)
				a.bmu.Unlock()
			})
		}
	} else if b.timer != nil {
		// Each companion restarts the wait for the next one, up to
		// maxWaitFactor windows in all: Terraform starts its parallel
		// operations one after another, at a pace set by its core and the
		// machine's load, not all within one window.
		if d := min(a.window, maxWaitFactor*a.window-time.Since(b.opened)); d > 0 {
			b.timer.Reset(d)
		}
	}
	m.batch = b
	b.members = append(b.members, m)
	if a.window < 0 || len(b.members) >= a.maxBatch {
		a.flushLocked(b)
		return
	}
	if a.parallel > 1 && a.queuedLocked() >= a.parallel {
		for _, o := range a.open {
			a.flushLocked(o)
		}
	}
}

// maxWaitFactor bounds the whole wait of a batch, in batch windows.
const maxWaitFactor = 10

// queuedLocked counts the writes waiting in open batches. a.bmu is held.
func (a *Account) queuedLocked() int {
	n := 0
	for _, b := range a.open {
		n += len(b.members)
	}
	return n
}

// writing counts a write in progress until the returned func is called.
func (a *Account) writing() func() {
	a.bmu.Lock()
	a.writers++
	a.bmu.Unlock()
	return func() {
		a.bmu.Lock()
		a.writers--
		a.bmu.Unlock()
	}
}

// flushLocked closes b to newcomers and starts it, leaving out members
// whose callers have already gone. a.bmu is held.
func (a *Account) flushLocked(b *batch) {
	if b.flushed {
		return
	}
	b.flushed = true
	if a.open[b.key] == b {
		delete(a.open, b.key)
	}
	if b.timer != nil {
		b.timer.Stop()
	}
	live := make([]*member, 0, len(b.members))
	for _, m := range b.members {
		if m.ctx.Err() != nil {
			a.dropLocked(m)
			continue
		}
		m.state = stateSent
		live = append(live, m)
	}
	b.members = live
	if len(live) == 0 {
		return
	}
	g := newCallerGroup(live[0].ctx)
	for _, m := range live {
		g.join(m.ctx)
	}
	b.group = g
	entered := a.gate.tryEnter()
	go a.runBatch(b.key, live, g, entered)
}

// dropLocked marks a member that will never be sent. a.bmu is held.
func (a *Account) dropLocked(m *member) {
	m.state = stateAbandoned
	if m.ownsPending {
		delete(a.pending, Ref{m.key.t, m.w.URL})
	}
}

// wait returns m's result, or returns early when m's caller's context ends:
// a write still queued is then withdrawn; one whose batch has started goes
// on for the sake of its companions, and its caller is told the outcome is
// unknown.
func (a *Account) wait(m *member) error {
	select {
	case <-m.done:
		return callerErr(m.ctx, m.err)
	case <-m.ctx.Done():
	}
	a.bmu.Lock()
	switch m.state {
	case stateSettled:
		a.bmu.Unlock()
		<-m.done // closed right after the state changed
		return callerErr(m.ctx, m.err)
	case stateSent:
		g := m.batch.group
		a.bmu.Unlock()
		if g != nil && g.alone() {
			// The call ends with this caller, and its error says more (the
			// request as sent, its attempts): wait the moment it takes to
			// unwind, but no longer.
			t := time.NewTimer(time.Second)
			defer t.Stop()
			select {
			case <-m.done:
				return callerErr(m.ctx, m.err)
			case <-t.C:
			}
		}
		return fmt.Errorf("sendblue: %s %s webhook %s: stopped waiting, but the request may already have been sent, so %w: %w",
			m.key.verb(), m.key.t, m.w.URL, ErrUnknownOutcome, context.Cause(m.ctx))
	case stateQueued:
		b := m.batch
		for i, o := range b.members {
			if o == m {
				b.members = append(b.members[:i], b.members[i+1:]...)
				break
			}
		}
		if len(b.members) == 0 && !b.flushed {
			b.flushed = true
			if b.timer != nil {
				b.timer.Stop()
			}
			if a.open[b.key] == b {
				delete(a.open, b.key)
			}
		}
		a.dropLocked(m)
		fallthrough
	default: // stateAbandoned
		a.bmu.Unlock()
		return fmt.Errorf("sendblue: %s %s webhook %s: nothing was sent: %w", m.key.verb(), m.key.t, m.w.URL, context.Cause(m.ctx))
	}
}
