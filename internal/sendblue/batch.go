package sendblue

import (
	"context"
	"errors"
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
		delete(a.pending, viewKey{m.key.t, m.w.URL})
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

// recheckAdds runs with the gate held, so no ReplaceAll is under way. A
// Create that looked at the account before or during a ReplaceAll that has
// run since may have seen the account without a URL that the replace put
// there; adding it now would register it twice. Such members look again at
// a fresh list; those whose URL is there now fail with *ExistsError. The
// others are returned.
func (a *Account) recheckAdds(ctx context.Context, key batchKey, ms []*member) []*member {
	a.mu.Lock()
	epoch := a.replaceEpoch
	a.mu.Unlock()
	stale := false
	for _, m := range ms {
		if m.check && (m.checkedDuringReplace || m.epoch != epoch) {
			stale = true
			break
		}
	}
	if !stale {
		return ms
	}
	v, err := a.fresh(ctx)
	if err != nil {
		a.settle(key, ms, func(m *member) error {
			return fmt.Errorf("sendblue: adding %s webhook %s: nothing was sent: the account changed while it waited, and listing it again failed: %w", key.t, m.w.URL, err)
		})
		return nil
	}
	var exists, rest []*member
	for _, m := range ms {
		if m.check && (m.checkedDuringReplace || m.epoch != epoch) && v.has(key.t, m.w.URL) {
			exists = append(exists, m)
		} else {
			rest = append(rest, m)
		}
	}
	a.settle(key, exists, func(m *member) error { return &ExistsError{Type: key.t, URL: m.w.URL} })
	return rest
}

// process sends one call for ms and settles every member. After an
// ambiguous answer it lists the account before trying again, and resends
// only the members whose change is not visible yet: re-adding a URL that did
// get added could leave it twice.
func (a *Account) process(ctx context.Context, key batchKey, ms []*member) {
	var lastErr error
	look := false
	for attempt := 1; ; attempt++ {
		if look {
			v, err := a.fresh(ctx)
			if err != nil {
				a.settle(key, ms, a.unknownOutcome(key, attempt-1, lastErr, err))
				return
			}
			look = false
			if ms = a.settleReached(key, v, ms); len(ms) == 0 {
				return
			}
		}
		err := a.send(ctx, key, ms, attempt)
		if err == nil {
			a.settle(key, ms, nil)
			return
		}
		lastErr = err
		if ctx.Err() != nil {
			// Every caller has gone; the request may or may not have landed.
			a.settle(key, ms, a.unknownOutcome(key, attempt, err, nil))
			return
		}
		switch {
		case IsAmbiguous(err):
			// The client does not retry these: the write may have landed,
			// so this loop looks before it sends again.
			look = true
		case IsTransient(err) && !a.clientRetries:
		default:
			// Refused, or transient but already retried by the client
			// under the same policy (429, connection refused): retrying
			// here too would multiply the attempts.
			a.refused(ctx, key, ms, err)
			return
		}
		if attempt >= a.retry.MaxAttempts {
			// The outcome is unknown only when the last attempt may have
			// landed and a last look cannot tell; a look that shows the
			// write missing means it did not land.
			unknown := false
			if look {
				if v, lerr := a.fresh(ctx); lerr == nil {
					ms = a.settleReached(key, v, ms)
				} else {
					unknown = true
				}
			}
			if unknown {
				a.settle(key, ms, a.unknownOutcome(key, attempt, lastErr, nil))
			} else {
				a.settle(key, ms, func(m *member) error {
					return fmt.Errorf("sendblue: %s %s webhook %s: gave up after %d attempts: %w", key.verb(), key.t, m.w.URL, attempt, lastErr)
				})
			}
			return
		}
		a.log(ctx, "warn", "sendblue: webhook write failed, will try again", map[string]any{
			"op": key.verb(), "type": string(key.t), "webhooks": len(ms), "attempt": attempt,
			"ambiguous": IsAmbiguous(err), "error": err.Error(),
		})
		if serr := Sleep(ctx, a.retry.Backoff(attempt, nil)); serr != nil {
			if look {
				a.settle(key, ms, a.unknownOutcome(key, attempt, lastErr, serr))
			} else {
				a.settle(key, ms, func(m *member) error {
					return fmt.Errorf("sendblue: %s %s webhook %s: stopped before trying again: %w", key.verb(), key.t, m.w.URL, errors.Join(serr, lastErr))
				})
			}
			return
		}
	}
}

// refused handles an error that trying again will not cure. An error that is
// not an answer of the API might still hide an applied write, and a refused
// delete may mean the URL is gone already, so those look first. A batch then
// falls back to one call per member, so that the error lands on the resource
// that caused it.
func (a *Account) refused(ctx context.Context, key batchKey, ms []*member, err error) {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || key.op == opDelete {
		v, lerr := a.fresh(ctx)
		if lerr != nil {
			if !errors.As(err, &apiErr) {
				a.settle(key, ms, a.unknownOutcome(key, 1, err, lerr))
			} else {
				a.settle(key, ms, func(m *member) error {
					return fmt.Errorf("sendblue: %s %s webhook %s: %w", key.verb(), key.t, m.w.URL, err)
				})
			}
			return
		}
		if ms = a.settleReached(key, v, ms); len(ms) == 0 {
			return
		}
	}
	if len(ms) > 1 {
		a.log(ctx, "debug", "sendblue: batch refused, sending its webhooks one by one", map[string]any{
			"op": key.verb(), "type": string(key.t), "webhooks": len(ms), "error": err.Error(),
		})
		for _, m := range ms {
			if m.ctx.Err() != nil {
				// Its caller has gone and the refused batch did not apply it.
				a.settle(key, []*member{m}, func(m *member) error {
					return fmt.Errorf("sendblue: %s %s webhook %s: %w", key.verb(), key.t, m.w.URL, m.ctx.Err())
				})
				continue
			}
			a.process(ctx, key, []*member{m})
		}
		return
	}
	a.settle(key, ms, func(m *member) error {
		return fmt.Errorf("sendblue: %s %s webhook %s: %w", key.verb(), key.t, m.w.URL, err)
	})
}

// unknownOutcome builds the error of a write that may or may not have been
// applied.
func (a *Account) unknownOutcome(key batchKey, attempts int, last, extra error) func(*member) error {
	return func(m *member) error {
		return fmt.Errorf("sendblue: %s %s webhook %s: %w after %d attempt(s): the API may or may not have applied it; a `terraform plan` will show the true state: %w",
			key.verb(), key.t, m.w.URL, ErrUnknownOutcome, attempts, errors.Join(last, extra))
	}
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

// settleReached settles the members whose change v already shows (added
// URLs present, deleted URLs absent) and returns the others.
func (a *Account) settleReached(key batchKey, v *View, ms []*member) []*member {
	var reached, rest []*member
	for _, m := range ms {
		if v.has(key.t, m.w.URL) == (key.op == opAdd) {
			reached = append(reached, m)
		} else {
			rest = append(rest, m)
		}
	}
	a.settle(key, reached, nil)
	return rest
}

// settle ends the write of ms with errFor's error (nil errFor: success). The
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
		a.lastWrite[viewKey{key.t, m.w.URL}] = a.gen
	}
	a.mu.Unlock()
	a.bmu.Lock()
	for _, m := range ms {
		m.state = stateSettled
		if m.ownsPending {
			delete(a.pending, viewKey{key.t, m.w.URL})
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
