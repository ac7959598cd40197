package sendblue

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func TestSnapshotCoalescesConcurrentCalls(t *testing.T) {
	synctest.Test(t, testSnapshotCoalescesConcurrentCalls)
}

func testSnapshotCoalescesConcurrentCalls(t *testing.T) {
	f := newFake(Webhook{URL: "https://a.example/x", Secret: "s"})
	f.listWait = 20 * time.Millisecond
	a := NewAccount(f, AccountOptions{})
	views := make([]*View, 100)
	acctNoErrors(t, acctRunAll(100, 100, func(i int) error {
		v, err := a.Snapshot(context.Background())
		views[i] = v
		return err
	}))
	if n := f.count("List"); n != 1 {
		t.Fatalf("100 concurrent snapshots made %d list calls, want 1", n)
	}
	for i, v := range views {
		if v != views[0] {
			t.Fatalf("snapshot %d is a different view", i)
		}
	}
	if _, err := a.Snapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := f.count("List"); n != 1 {
		t.Fatalf("a cached snapshot listed again (%d list calls)", n)
	}
	a.Invalidate()
	if _, err := a.Snapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := f.count("List"); n != 2 {
		t.Fatalf("after Invalidate: %d list calls, want 2", n)
	}
}

func TestViewLookup(t *testing.T) { synctest.Test(t, testViewLookup) }

func testViewLookup(t *testing.T) {
	cfg := &Configuration{GlobalSecret: "g", Webhooks: map[WebhookType][]Webhook{
		TypeReceive:  {{URL: "https://a"}, {URL: "https://b", Secret: "s1"}, {URL: "https://b", Secret: "s2"}},
		TypeOutbound: {{URL: "https://a", Secret: "o"}},
	}}
	v := newView(cfg)
	if w, n, ok := v.Lookup(TypeReceive, "https://b"); !ok || n != 2 || w.Secret != "s1" {
		t.Errorf("Lookup(receive, b) = %+v, %d, %v; want the first of 2", w, n, ok)
	}
	if w, n, ok := v.Lookup(TypeOutbound, "https://a"); !ok || n != 1 || w.Secret != "o" {
		t.Errorf("Lookup(outbound, a) = %+v, %d, %v", w, n, ok)
	}
	if _, n, ok := v.Lookup(TypeCallLog, "https://a"); ok || n != 0 {
		t.Errorf("Lookup of an absent type found something")
	}
	if v.GlobalSecret() != "g" || v.Config() != cfg {
		t.Errorf("GlobalSecret/Config do not reflect the configuration")
	}
	empty := newView(nil)
	if _, _, ok := empty.Lookup(TypeReceive, "x"); ok || empty.Config() == nil {
		t.Errorf("a view of a nil configuration should be empty but usable")
	}
}

func TestSnapshotFailureIsNotCached(t *testing.T) { synctest.Test(t, testSnapshotFailureIsNotCached) }

func testSnapshotFailureIsNotCached(t *testing.T) {
	f := newFake()
	boom := &APIError{Method: "GET", StatusCode: 401, Message: "bad key"}
	f.listHook = func(_ context.Context, n int) error {
		if n == 1 {
			return boom
		}
		return nil
	}
	a := NewAccount(f, AccountOptions{})
	if _, err := a.Snapshot(context.Background()); !errors.Is(err, boom) {
		t.Fatalf("first snapshot: %v, want the list error", err)
	}
	if _, err := a.Snapshot(context.Background()); err != nil {
		t.Fatalf("second snapshot: %v", err)
	}
	if n := f.count("List"); n != 2 {
		t.Fatalf("%d list calls, want 2 (a failure must not be cached)", n)
	}
}

func TestSnapshotCallerLeavesPromptly(t *testing.T) {
	synctest.Test(t, testSnapshotCallerLeavesPromptly)
}

func testSnapshotCallerLeavesPromptly(t *testing.T) {
	f := newFake()
	release := make(chan struct{})
	var listCtxErr atomic.Value
	f.listHook = func(ctx context.Context, n int) error {
		select {
		case <-release:
		case <-ctx.Done():
		}
		listCtxErr.Store(fmt.Sprint(ctx.Err()))
		return ctx.Err()
	}
	a := NewAccount(f, AccountOptions{})
	ctx1, cancel1 := context.WithCancel(context.Background())
	done1 := make(chan error, 1)
	go func() { _, err := a.Snapshot(ctx1); done1 <- err }()
	done2 := make(chan error, 1)
	go func() { _, err := a.Snapshot(context.Background()); done2 <- err }()
	acctEventually(t, "both callers on the list call", func() bool {
		a.mu.Lock()
		defer a.mu.Unlock()
		if a.listing == nil {
			return false
		}
		a.listing.group.mu.Lock()
		defer a.listing.group.mu.Unlock()
		return a.listing.group.live == 2
	})
	cancel1()
	if err := acctWithin(t, done1, "a canceled caller did not return promptly"); !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled caller got %v", err)
	}
	close(release)
	if err := <-done2; err != nil {
		t.Fatalf("the other caller got %v: one caller's cancel must not end the shared list", err)
	}
	if got := listCtxErr.Load(); got != "<nil>" {
		t.Fatalf("shared list ran on a canceled context: %v", got)
	}
	if f.count("List") != 1 {
		t.Fatalf("the callers did not share one list")
	}
}

func TestSnapshotSharedCallCanceledWhenAllLeave(t *testing.T) {
	synctest.Test(t, testSnapshotSharedCallCanceledWhenAllLeave)
}

func testSnapshotSharedCallCanceledWhenAllLeave(t *testing.T) {
	f := newFake()
	ended := make(chan error, 1)
	f.listHook = func(ctx context.Context, n int) error {
		if n == 1 {
			<-ctx.Done()
			ended <- ctx.Err()
			return ctx.Err()
		}
		return nil
	}
	a := NewAccount(f, AccountOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { _, _ = a.Snapshot(ctx) }()
	acctEventually(t, "the list call", func() bool { return f.count("List") == 1 })
	cancel()
	if err := acctWithin(t, ended, "the shared list was not canceled after its only caller left"); !errors.Is(err, context.Canceled) {
		t.Fatalf("the shared list ended with %v, want context.Canceled", err)
	}
	if _, err := a.Snapshot(context.Background()); err != nil {
		t.Fatalf("a later snapshot failed: %v", err)
	}
}

// snapshotTaken is an account over f that sends each write at once (no batch
// window) and has taken its snapshot: one list so far.
func snapshotTaken(t *testing.T, f *fakeAPI) *Account {
	t.Helper()
	a := NewAccount(f, AccountOptions{BatchWindow: -1})
	if _, err := a.Snapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestSnapshotAfterWriteIsNeverOlder(t *testing.T) {
	synctest.Test(t, testSnapshotAfterWriteIsNeverOlder)
}

func testSnapshotAfterWriteIsNeverOlder(t *testing.T) {
	f := newFake()
	a := snapshotTaken(t, f)
	addStarted, addRelease := holdAdd(f, 1)
	_, staleRelease := holdList(f, 2) // the list started while the add was under way
	created := make(chan error, 1)
	go func() { created <- a.Create(context.Background(), TypeReceive, Webhook{URL: "https://new"}, "") }()
	<-addStarted
	staleDone := make(chan *View, 1)
	go func() { v, _ := a.Snapshot(context.Background()); staleDone <- v }()
	acctEventually(t, "the list during the add", func() bool { return f.count("List") == 2 })
	close(addRelease)
	if err := <-created; err != nil {
		t.Fatal(err)
	}
	// Started after Create returned: must not join or reuse list 2 (which
	// is still blocked, so joining it would hang here).
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	v, err := a.Snapshot(ctx)
	if err != nil {
		t.Fatalf("%v: the snapshot joined the list that began during the write", err)
	}
	if !v.has(TypeReceive, "https://new") {
		t.Fatal("a snapshot started after Create returned does not show the new webhook")
	}
	close(staleRelease)
	<-staleDone
	v, err = a.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !v.has(TypeReceive, "https://new") {
		t.Fatal("the stale list (begun during the write) was cached as current")
	}
}

func TestWriteInvalidatesSnapshot(t *testing.T) { synctest.Test(t, testWriteInvalidatesSnapshot) }

func testWriteInvalidatesSnapshot(t *testing.T) {
	f := newFake()
	a := snapshotTaken(t, f)
	if err := a.Create(context.Background(), TypeReceive, Webhook{URL: "https://x"}, ""); err != nil {
		t.Fatal(err)
	}
	if n := f.count("List"); n != 1 {
		t.Fatalf("Create should reuse the cached snapshot for its check; %d lists", n)
	}
	v, err := a.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n := f.count("List"); n != 2 || !v.has(TypeReceive, "https://x") {
		t.Fatalf("after a write the next snapshot must list again (lists=%d, has=%v)", n, v.has(TypeReceive, "https://x"))
	}
	if err := a.Delete(context.Background(), TypeReceive, "https://x"); err != nil {
		t.Fatal(err)
	}
	v, _ = a.Snapshot(context.Background())
	if n := f.count("List"); n != 3 || v.has(TypeReceive, "https://x") {
		t.Fatalf("after a delete the next snapshot must list again (lists=%d)", n)
	}
}
