package sendblue

import (
	"context"
	"fmt"
	"time"
)

// opKind is what a batch does.
type opKind int

const (
	opAdd opKind = iota
	opDelete
)

// batchKey groups writes that can share one API call: adds of one type and
// one global secret, or deletes of one type.
type batchKey struct {
	op opKind
	t  WebhookType
	gs string // global secret sent with adds; never logged or shown
}

func (k batchKey) verb() string {
	if k.op == opDelete {
		return "deleting"
	}
	return "adding"
}

// memberState is where a write stands; guarded by Account.bmu.
type memberState int

const (
	stateQueued    memberState = iota // waiting in an open batch
	stateSent                         // its batch is running
	stateAbandoned                    // its caller left before it was sent; it never will be
	stateSettled                      // its result is known
)

// member is one caller's write inside a batch.
type member struct {
	ctx         context.Context
	key         batchKey
	w           Webhook // for deletes only URL is set
	ownsPending bool    // settling it releases the pending claim on (type, url)
	// check is set for a Create, whose URL must not be on the account:
	// epoch and checkedDuringReplace are Account.replaceEpoch and
	// replaceActive when it looked, so that it looks again when a
	// ReplaceAll may have added the URL since.
	check                bool
	epoch                uint64
	checkedDuringReplace bool
	batch                *batch
	state                memberState
	done                 chan struct{} // closed once err is set
	err                  error
}

func newMember(ctx context.Context, w Webhook, ownsPending bool) *member {
	return &member{ctx: ctx, w: w, ownsPending: ownsPending, done: make(chan struct{})}
}

// batch collects writes of one key for up to the batch window.
type batch struct {
	key     batchKey
	members []*member
	flushed bool
	timer   *time.Timer
	opened  time.Time
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
	case stateAbandoned:
		a.bmu.Unlock()
		return fmt.Errorf("sendblue: %s %s webhook %s: nothing was sent: %w", m.key.verb(), m.key.t, m.w.URL, m.ctx.Err())
	default: // stateSent
		a.bmu.Unlock()
		return fmt.Errorf("sendblue: %s %s webhook %s: stopped waiting, but the request may already have been sent, so %w; a `terraform plan` will show the true state: %w",
			m.key.verb(), m.key.t, m.w.URL, ErrUnknownOutcome, m.ctx.Err())
	}
}

// runBatch runs one flushed batch on its shared context.
func (a *Account) runBatch(key batchKey, ms []*member, g *callerGroup, entered bool) {
	defer g.done()
	ctx := g.ctx
	if !entered && !a.gate.enter(ctx) {
		a.settle(key, ms, func(m *member) error {
			return fmt.Errorf("sendblue: %s %s webhook %s: nothing was sent: %w", key.verb(), key.t, m.w.URL, ctx.Err())
		})
		return
	}
	defer a.gate.exit()
	if key.op == opAdd {
		if ms = a.recheckAdds(ctx, key, ms); len(ms) == 0 {
			return
		}
	}
	a.Invalidate()
	a.process(ctx, key, ms)
}

// send makes the one API call for ms.
func (a *Account) send(ctx context.Context, key batchKey, ms []*member, attempt int) error {
	urls := make([]string, 0, len(ms))
	seen := make(map[string]bool, len(ms))
	for _, m := range ms {
		if !seen[m.w.URL] {
			seen[m.w.URL] = true
			urls = append(urls, m.w.URL)
		}
	}
	a.log(ctx, "debug", "sendblue: sending batched webhook write", map[string]any{
		"op": key.verb(), "type": string(key.t), "webhooks": len(urls), "urls": urls, "attempt": attempt,
	})
	if key.op == opDelete {
		return a.api.Delete(ctx, DeleteRequest{Type: key.t, URLs: urls})
	}
	ws := make([]Webhook, len(ms))
	for i, m := range ms {
		ws[i] = m.w
	}
	_, err := a.api.Add(ctx, AddRequest{Type: key.t, Webhooks: ws, GlobalSecret: key.gs})
	return err
}

// snapshot is invalidated first, so that a Snapshot begun after a caller
// sees its result reflects the write.
func (a *Account) settle(key batchKey, ms []*member, errFor func(*member) error) {
	if len(ms) == 0 {
		return
	}
	a.mu.Lock()
	a.gen++
	a.view = nil
	for _, m := range ms {
		a.lastWrite[Ref{key.t, m.w.URL}] = a.gen
	}
	a.mu.Unlock()
	a.bmu.Lock()
	for _, m := range ms {
		m.state = stateSettled
		if m.ownsPending {
			delete(a.pending, Ref{key.t, m.w.URL})
		}
	}
	a.bmu.Unlock()
	for _, m := range ms {
		if errFor != nil {
			m.err = errFor(m)
		}
		close(m.done)
	}
}
