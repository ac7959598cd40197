package sendblue

import "context"

// A member is one caller's write on its way through a batch (batch.go,
// batchrun.go); settle ends it with its result.

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

// removeMember returns ms without m, in a new slice.
func removeMember(ms []*member, m *member) []*member {
	out := ms[:0:0]
	for _, o := range ms {
		if o != m {
			out = append(out, o)
		}
	}
	return out
}
