package sendblue

import (
	"context"
	"sync"
)

// writeGate keeps batched writes and ReplaceAll apart: any number of batches
// may run together, ReplaceAll runs alone.
type writeGate struct {
	mu     sync.Mutex // a leaf lock (see the lock order on Account)
	active int
	shutCh chan struct{} // non-nil while a ReplaceAll holds or waits for the gate
	idle   chan struct{} // closed when active drops to zero while shutCh is set
}

// tryEnter admits a batch unless a ReplaceAll holds the gate.
func (g *writeGate) tryEnter() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.shutCh != nil {
		return false
	}
	g.active++
	return true
}

// enter waits for the gate to be open; false means ctx ended first.
func (g *writeGate) enter(ctx context.Context) bool {
	for {
		g.mu.Lock()
		if g.shutCh == nil {
			g.active++
			g.mu.Unlock()
			return true
		}
		ch := g.shutCh
		g.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return false
		}
	}
}

func (g *writeGate) exit() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.active--
	if g.active == 0 && g.idle != nil {
		close(g.idle)
		g.idle = nil
	}
}

// shut closes the gate to new batches and waits for running ones to end.
// Only one caller (a ReplaceAll) may hold it at a time.
func (g *writeGate) shut(ctx context.Context) error {
	g.mu.Lock()
	g.shutCh = make(chan struct{})
	if g.active == 0 {
		g.mu.Unlock()
		return nil
	}
	idle := make(chan struct{})
	g.idle = idle
	g.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		g.reopen()
		return ctx.Err()
	}
}

func (g *writeGate) reopen() {
	g.mu.Lock()
	defer g.mu.Unlock()
	close(g.shutCh)
	g.shutCh = nil
	g.idle = nil
}
