package sendblue

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// callerErr makes a shared call's error say why this caller's context ended.
// A call shared by several callers runs on a context of its own that is
// canceled when the last caller leaves, so its error says "canceled" even
// when the caller's own deadline (a resource timeout) ran out.
func callerErr(ctx context.Context, err error) error {
	cerr := context.Cause(ctx)
	if err == nil || cerr == nil || errors.Is(err, cerr) {
		return err
	}
	return fmt.Errorf("%w: %w", cerr, err)
}

// callerGroup gives a call shared by several callers a context that ends
// only once every caller's context has ended (or the call is done), keeping
// the first caller's values. Its Deadline is the latest of the callers'
// deadlines (none when a caller has none), so that the client sees the time
// budget the callers have between them: it gives up at once on a wait that
// would outlast them all (a long Retry-After) instead of sleeping into it.
type callerGroup struct {
	ctx    context.Context
	cancel context.CancelCauseFunc

	mu        sync.Mutex // a leaf lock (see the lock order on Account); guards what follows
	live      int
	dead      bool
	stops     []func() bool
	latest    time.Time // the latest deadline of the callers so far
	unbounded bool      // a caller without a deadline joined
}

func newCallerGroup(first context.Context) *callerGroup {
	g := &callerGroup{}
	g.ctx, g.cancel = context.WithCancelCause(groupContext{Context: context.WithoutCancel(first), g: g})
	return g
}

// groupContext reports its group's deadline; the group's cancel ends it
// when the last caller leaves, which is at that deadline at the latest.
type groupContext struct {
	context.Context
	g *callerGroup
}

func (c groupContext) Deadline() (time.Time, bool) {
	c.g.mu.Lock()
	defer c.g.mu.Unlock()
	if c.g.unbounded || c.g.latest.IsZero() {
		return time.Time{}, false
	}
	return c.g.latest, true
}

// join adds a caller; it reports false when every earlier caller has gone
// and the shared context is already cancelled.
func (g *callerGroup) join(ctx context.Context) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.dead {
		return false
	}
	if dl, ok := ctx.Deadline(); !ok {
		g.unbounded = true
	} else if dl.After(g.latest) {
		g.latest = dl
	}
	g.live++
	g.stops = append(g.stops, context.AfterFunc(ctx, func() { g.leave(ctx) }))
	return true
}

// leave drops a caller whose ctx ended. The last one to leave cancels the
// shared call with its own reason (context.Cause), so that the call reports
// a deadline as a deadline.
func (g *callerGroup) leave(ctx context.Context) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.live--
	if g.live == 0 && !g.dead {
		g.dead = true
		g.cancel(context.Cause(ctx))
	}
}

// alone reports whether at most one caller is (or was last) in the group.
func (g *callerGroup) alone() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.live <= 1
}

// done releases the group once the shared call has finished.
func (g *callerGroup) done() {
	g.mu.Lock()
	g.dead = true
	stops := g.stops
	g.stops = nil
	g.mu.Unlock()
	for _, stop := range stops {
		stop()
	}
	g.cancel(nil)
}
