package sendblue

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// fakeAPI is an in-memory API with call counters and scriptable hooks. Add
// appends (a repeated URL is duplicated, like the mock), Delete removes every
// entry with the URL.
type fakeAPI struct {
	mu       sync.Mutex
	state    *Configuration
	calls    map[string]int
	adds     []AddRequest
	deletes  []DeleteRequest
	events   []string // "add-done", "delete-done", "replace-start", ... in order
	listWait time.Duration
	addWait  time.Duration

	// Hooks run outside the lock with the 1-based number of the call. An
	// add or delete hook says whether to apply the request and what to
	// answer; a list hook runs after the state was captured, so a list that
	// blocks in it returns the state from before it blocked.
	listHook    func(ctx context.Context, n int) error
	addHook     func(ctx context.Context, n int, req AddRequest) (apply bool, err error)
	deleteHook  func(ctx context.Context, n int, req DeleteRequest) (apply bool, err error)
	replaceHook func(ctx context.Context, cfg *Configuration) (stored *Configuration, err error)
}

func newFake(initial ...Webhook) *fakeAPI {
	f := &fakeAPI{state: &Configuration{Webhooks: map[WebhookType][]Webhook{}}, calls: map[string]int{}}
	if len(initial) > 0 {
		f.state.Webhooks[TypeReceive] = append([]Webhook(nil), initial...)
	}
	return f
}

func (f *fakeAPI) count(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[op]
}

func (f *fakeAPI) urlCount(t WebhookType, url string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state.Count(t, url)
}

func (f *fakeAPI) List(ctx context.Context) (*Configuration, error) {
	f.mu.Lock()
	f.calls["List"]++
	n := f.calls["List"]
	snap := f.state.Clone()
	hook, wait := f.listHook, f.listWait
	f.mu.Unlock()
	if wait > 0 {
		if err := Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
	if hook != nil {
		if err := hook(ctx, n); err != nil {
			return nil, err
		}
	}
	return snap, nil
}

func (f *fakeAPI) Add(ctx context.Context, req AddRequest) (*Configuration, error) {
	f.mu.Lock()
	f.calls["Add"]++
	n := f.calls["Add"]
	req.Webhooks = slices.Clone(req.Webhooks)
	f.adds = append(f.adds, req)
	hook, wait := f.addHook, f.addWait
	f.mu.Unlock()
	if wait > 0 {
		if err := Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
	apply, err := true, error(nil)
	if hook != nil {
		apply, err = hook(ctx, n, req)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if apply {
		f.state.Webhooks[req.Type] = append(f.state.Webhooks[req.Type], req.Webhooks...)
		if req.GlobalSecret != "" {
			f.state.GlobalSecret = req.GlobalSecret
		}
	}
	f.events = append(f.events, "add-done")
	if err != nil {
		return nil, err
	}
	return f.state.Clone(), nil
}

func (f *fakeAPI) Delete(ctx context.Context, req DeleteRequest) error {
	f.mu.Lock()
	f.calls["Delete"]++
	n := f.calls["Delete"]
	req.URLs = slices.Clone(req.URLs)
	f.deletes = append(f.deletes, req)
	hook := f.deleteHook
	f.mu.Unlock()
	apply, err := true, error(nil)
	if hook != nil {
		apply, err = hook(ctx, n, req)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if apply {
		f.removeLocked(req.Type, req.URLs...)
	}
	f.events = append(f.events, "delete-done")
	return err
}

func (f *fakeAPI) removeLocked(t WebhookType, urls ...string) {
	f.state.Webhooks[t] = slices.DeleteFunc(f.state.Webhooks[t], func(w Webhook) bool { return slices.Contains(urls, w.URL) })
}

func (f *fakeAPI) Replace(ctx context.Context, cfg *Configuration) (*Configuration, error) {
	f.mu.Lock()
	f.calls["Replace"]++
	f.events = append(f.events, "replace-start")
	hook := f.replaceHook
	f.mu.Unlock()
	stored, err := cfg.Clone(), error(nil)
	if hook != nil {
		stored, err = hook(ctx, cfg)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if stored != nil {
		f.state = stored.Clone()
	}
	return f.state.Clone(), err
}

var (
	acctErrAmbiguous = &APIError{Method: "POST", StatusCode: 502, Message: "bad gateway", Ambiguous: true, Transient: true}
	acctErrRefused   = &APIError{Method: "POST", StatusCode: 400, Message: "invalid webhook URL"}
	acctErrThrottled = &APIError{Method: "POST", StatusCode: 429, Message: "slow down", Transient: true}
)

// acctWindow is the batch window of tests that count calls: long enough
// that concurrent callers land in one batch even on a loaded machine.
const acctWindow = 100 * time.Millisecond

// acctRetry keeps the retry loops of tests short.
var acctRetry = RetryPolicy{MaxAttempts: 5, WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond}

func acctURL(i int) string { return fmt.Sprintf("https://hooks.example/%03d", i) }

// acctRunAll runs fn(i) for i in [0, n) on `parallel` workers, like Terraform's
// -parallelism, and returns the errors by index.
func acctRunAll(n, parallel int, fn func(i int) error) []error {
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range parallel {
		wg.Go(func() {
			for i := range next {
				errs[i] = fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return errs
}

func acctNoErrors(t *testing.T, errs []error) {
	t.Helper()
	for i, err := range errs {
		if err != nil {
			t.Errorf("call %d: %v", i, err)
		}
	}
}

// acctEventually runs inside a synctest bubble (the tests on the fake API
// all do): it lets the bubble's goroutines run until every one of them is
// blocked, then checks cond; while cond is false it lets the fake clock move
// on (firing batch windows and backoffs), for up to 5 fake seconds. Nothing
// depends on the machine's speed.
func acctEventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		synctest.Wait()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// ---- snapshot ----

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
	select {
	case err := <-done1:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("canceled caller got %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("a canceled caller did not return promptly")
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
	select {
	case err := <-ended:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("the shared list ended with %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the shared list was not canceled after its only caller left")
	}
	if _, err := a.Snapshot(context.Background()); err != nil {
		t.Fatalf("a later snapshot failed: %v", err)
	}
}

func TestSnapshotAfterWriteIsNeverOlder(t *testing.T) {
	synctest.Test(t, testSnapshotAfterWriteIsNeverOlder)
}

func testSnapshotAfterWriteIsNeverOlder(t *testing.T) {
	f := newFake()
	a := NewAccount(f, AccountOptions{BatchWindow: -1})
	if _, err := a.Snapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
	addRelease := make(chan struct{})
	addStarted := make(chan struct{})
	f.addHook = func(context.Context, int, AddRequest) (bool, error) {
		close(addStarted)
		<-addRelease
		return true, nil
	}
	staleRelease := make(chan struct{})
	f.listHook = func(_ context.Context, n int) error {
		if n == 2 { // the list started while the add was under way
			<-staleRelease
		}
		return nil
	}
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
	a := NewAccount(f, AccountOptions{BatchWindow: -1})
	if _, err := a.Snapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
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

// ---- create ----

func TestCreateBatchesConcurrentCalls(t *testing.T) {
	synctest.Test(t, testCreateBatchesConcurrentCalls)
}

func testCreateBatchesConcurrentCalls(t *testing.T) {
	f := newFake()
	f.listWait = 2 * time.Millisecond
	f.addWait = 5 * time.Millisecond
	a := NewAccount(f, AccountOptions{})
	const n = 300
	acctNoErrors(t, acctRunAll(n, n, func(i int) error {
		return a.Create(context.Background(), TypeReceive, Webhook{URL: acctURL(i), Secret: "s"}, "")
	}))
	adds := f.count("Add")
	t.Logf("300 concurrent creates: %d add calls, %d list calls", adds, f.count("List"))
	if adds > 60 || adds < 3 {
		t.Fatalf("%d add calls, want 3..60 (max batch 100)", adds)
	}
	for i := range n {
		if c := f.urlCount(TypeReceive, acctURL(i)); c != 1 {
			t.Fatalf("%s registered %d times, want 1", acctURL(i), c)
		}
	}
	for _, req := range f.adds {
		if len(req.Webhooks) > 100 {
			t.Fatalf("an add call carried %d webhooks, more than MaxBatch", len(req.Webhooks))
		}
	}
}

func TestCreateBatchesAtTerraformParallelism(t *testing.T) {
	synctest.Test(t, testCreateBatchesAtTerraformParallelism)
}

func testCreateBatchesAtTerraformParallelism(t *testing.T) {
	f := newFake()
	f.listWait = 2 * time.Millisecond
	f.addWait = 5 * time.Millisecond
	a := NewAccount(f, AccountOptions{})
	acctNoErrors(t, acctRunAll(300, 10, func(i int) error {
		return a.Create(context.Background(), TypeReceive, Webhook{URL: acctURL(i)}, "")
	}))
	adds := f.count("Add")
	t.Logf("300 creates at parallelism 10: %d add calls, %d list calls", adds, f.count("List"))
	if adds > 60 {
		t.Fatalf("%d add calls, want at most 60", adds)
	}
	if got := f.state.Len(); got != 300 {
		t.Fatalf("%d webhooks registered, want 300", got)
	}
}

func TestCreateSeparatesTypesAndGlobalSecrets(t *testing.T) {
	synctest.Test(t, testCreateSeparatesTypesAndGlobalSecrets)
}

func testCreateSeparatesTypesAndGlobalSecrets(t *testing.T) {
	f := newFake()
	a := NewAccount(f, AccountOptions{BatchWindow: 4 * acctWindow})
	type job struct {
		t  WebhookType
		gs string
	}
	jobs := []job{{TypeReceive, ""}, {TypeReceive, "g1"}, {TypeOutbound, ""}, {TypeContactCreated, ""}}
	acctNoErrors(t, acctRunAll(20, 20, func(i int) error {
		j := jobs[i%len(jobs)]
		return a.Create(context.Background(), j.t, Webhook{URL: acctURL(i)}, j.gs)
	}))
	if n := f.count("Add"); n != len(jobs) {
		t.Fatalf("%d add calls, want %d (one per type and global secret)", n, len(jobs))
	}
	for _, req := range f.adds {
		if len(req.Webhooks) != 5 {
			t.Errorf("add %s (with global secret: %v) carried %d webhooks, want 5", req.Type, req.GlobalSecret != "", len(req.Webhooks))
		}
		for _, w := range req.Webhooks {
			var i int
			if _, err := fmt.Sscanf(w.URL, "https://hooks.example/%d", &i); err != nil {
				t.Fatalf("unexpected URL %s in a batch: %v", w.URL, err)
			}
			if j := jobs[i%len(jobs)]; j.t != req.Type || j.gs != req.GlobalSecret {
				t.Errorf("%s went out in the batch of %s", w.URL, req.Type)
			}
		}
	}
}

func TestCreateExistingURL(t *testing.T) { synctest.Test(t, testCreateExistingURL) }

func testCreateExistingURL(t *testing.T) {
	f := newFake(Webhook{URL: "https://taken"})
	a := NewAccount(f, AccountOptions{})
	err := a.Create(context.Background(), TypeReceive, Webhook{URL: "https://taken", Secret: "s"}, "")
	var ee *ExistsError
	if !errors.As(err, &ee) || ee.Type != TypeReceive || ee.URL != "https://taken" {
		t.Fatalf("got %v, want *ExistsError", err)
	}
	for _, want := range []string{"terraform import sendblue_webhook.", "receive:https://taken", "import block"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if n := f.count("Add"); n != 0 {
		t.Fatalf("%d add calls for an existing URL", n)
	}
	// The same URL under another type is a different webhook.
	if err := a.Create(context.Background(), TypeOutbound, Webhook{URL: "https://taken"}, ""); err != nil {
		t.Fatalf("same URL, other type: %v", err)
	}
}

func TestCreateSameURLTwiceConcurrently(t *testing.T) {
	synctest.Test(t, testCreateSameURLTwiceConcurrently)
}

func testCreateSameURLTwiceConcurrently(t *testing.T) {
	f := newFake()
	a := NewAccount(f, AccountOptions{})
	errs := acctRunAll(10, 10, func(int) error {
		return a.Create(context.Background(), TypeReceive, Webhook{URL: "https://dup"}, "")
	})
	ok, exists := 0, 0
	for _, err := range errs {
		var ee *ExistsError
		switch {
		case err == nil:
			ok++
		case errors.As(err, &ee):
			exists++
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	if ok != 1 || exists != 9 || f.urlCount(TypeReceive, "https://dup") != 1 {
		t.Fatalf("ok=%d exists=%d registered=%d, want 1, 9, 1", ok, exists, f.urlCount(TypeReceive, "https://dup"))
	}
	// And once it is done, a new Create sees it too.
	if err := a.Create(context.Background(), TypeReceive, Webhook{URL: "https://dup"}, ""); !errors.As(err, new(*ExistsError)) {
		t.Fatalf("create after completion: %v", err)
	}
}

func TestCreateRechecksAViewOlderThanItsOwnWrite(t *testing.T) {
	synctest.Test(t, testCreateRechecksAViewOlderThanItsOwnWrite)
}

func testCreateRechecksAViewOlderThanItsOwnWrite(t *testing.T) {
	f := newFake()
	a := NewAccount(f, AccountOptions{BatchWindow: -1})
	if _, err := a.Snapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
	addStarted, addRelease := make(chan struct{}), make(chan struct{})
	f.addHook = func(_ context.Context, n int, _ AddRequest) (bool, error) {
		if n == 1 {
			close(addStarted)
			<-addRelease
		}
		return true, nil
	}
	listStarted, listRelease := make(chan struct{}), make(chan struct{})
	f.listHook = func(_ context.Context, n int) error {
		if n == 2 {
			close(listStarted)
			<-listRelease
		}
		return nil
	}
	first := make(chan error, 1)
	go func() { first <- a.Create(context.Background(), TypeReceive, Webhook{URL: "https://x"}, "") }()
	<-addStarted
	second := make(chan error, 1)
	go func() { second <- a.Create(context.Background(), TypeReceive, Webhook{URL: "https://x"}, "") }()
	<-listStarted // the second Create's check lists before the first add lands
	close(addRelease)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	close(listRelease) // ...and gets its answer after the first Create is done
	if err := <-second; !errors.As(err, new(*ExistsError)) {
		t.Fatalf("second create: %v, want *ExistsError", err)
	}
	if c := f.urlCount(TypeReceive, "https://x"); c != 1 {
		t.Fatalf("registered %d times", c)
	}
}

func TestCreateRejectsBadInput(t *testing.T) { synctest.Test(t, testCreateRejectsBadInput) }

func testCreateRejectsBadInput(t *testing.T) {
	a := NewAccount(newFake(), AccountOptions{})
	ctx := context.Background()
	for name, err := range map[string]error{
		"type": a.Create(ctx, "nope", Webhook{URL: "https://x"}, ""),
		"url":  a.Create(ctx, TypeReceive, Webhook{}, ""),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func acctCreateN(t *testing.T, a *Account, n int) []error {
	t.Helper()
	return acctRunAll(n, n, func(i int) error {
		return a.Create(context.Background(), TypeReceive, Webhook{URL: acctURL(i)}, "")
	})
}

func TestAmbiguousAddThatWasApplied(t *testing.T) { synctest.Test(t, testAmbiguousAddThatWasApplied) }

func testAmbiguousAddThatWasApplied(t *testing.T) {
	f := newFake()
	f.addHook = func(_ context.Context, n int, _ AddRequest) (bool, error) {
		if n == 1 {
			return true, acctErrAmbiguous // applied, answer lost
		}
		return true, nil
	}
	a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: acctWindow})
	acctNoErrors(t, acctCreateN(t, a, 3))
	if n := f.count("Add"); n != 1 {
		t.Fatalf("%d add calls, want 1: the URLs were present after the failure", n)
	}
	for i := range 3 {
		if c := f.urlCount(TypeReceive, acctURL(i)); c != 1 {
			t.Fatalf("%s registered %d times", acctURL(i), c)
		}
	}
}

func TestAmbiguousAddThatWasNotApplied(t *testing.T) {
	synctest.Test(t, testAmbiguousAddThatWasNotApplied)
}

func testAmbiguousAddThatWasNotApplied(t *testing.T) {
	f := newFake()
	f.addHook = func(_ context.Context, n int, _ AddRequest) (bool, error) {
		if n == 1 {
			return false, acctErrAmbiguous
		}
		return true, nil
	}
	a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: acctWindow})
	acctNoErrors(t, acctCreateN(t, a, 3))
	if n := f.count("Add"); n != 2 {
		t.Fatalf("%d add calls, want 2", n)
	}
	if len(f.adds[1].Webhooks) != 3 {
		t.Fatalf("the retry carried %d webhooks, want 3", len(f.adds[1].Webhooks))
	}
	for i := range 3 {
		if c := f.urlCount(TypeReceive, acctURL(i)); c != 1 {
			t.Fatalf("%s registered %d times", acctURL(i), c)
		}
	}
}

func TestAmbiguousAddRetriesOnlyTheMissing(t *testing.T) {
	synctest.Test(t, testAmbiguousAddRetriesOnlyTheMissing)
}

func testAmbiguousAddRetriesOnlyTheMissing(t *testing.T) {
	f := newFake()
	f.addHook = func(_ context.Context, n int, req AddRequest) (bool, error) {
		if n == 1 {
			// Only the first webhook landed before the connection broke.
			f.mu.Lock()
			f.state.Webhooks[req.Type] = append(f.state.Webhooks[req.Type], req.Webhooks[0])
			f.mu.Unlock()
			return false, acctErrAmbiguous
		}
		return true, nil
	}
	a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: acctWindow})
	acctNoErrors(t, acctCreateN(t, a, 3))
	if n := f.count("Add"); n != 2 {
		t.Fatalf("%d add calls, want 2", n)
	}
	first := f.adds[0].Webhooks[0].URL
	for _, w := range f.adds[1].Webhooks {
		if w.URL == first {
			t.Fatalf("the retry re-sent %s, which was already present", first)
		}
	}
	if len(f.adds[1].Webhooks) != 2 {
		t.Fatalf("the retry carried %d webhooks, want 2", len(f.adds[1].Webhooks))
	}
	for i := range 3 {
		if c := f.urlCount(TypeReceive, acctURL(i)); c != 1 {
			t.Fatalf("%s registered %d times", acctURL(i), c)
		}
	}
}

func TestTransientAddIsRetried(t *testing.T) { synctest.Test(t, testTransientAddIsRetried) }

func testTransientAddIsRetried(t *testing.T) {
	f := newFake()
	f.addHook = func(_ context.Context, n int, _ AddRequest) (bool, error) {
		if n <= 2 {
			return false, acctErrThrottled
		}
		return true, nil
	}
	a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: -1})
	if err := a.Create(context.Background(), TypeReceive, Webhook{URL: "https://x"}, ""); err != nil {
		t.Fatal(err)
	}
	if n := f.count("Add"); n != 3 || f.urlCount(TypeReceive, "https://x") != 1 {
		t.Fatalf("%d add calls, %d entries; want 3 and 1", n, f.urlCount(TypeReceive, "https://x"))
	}
}

func TestAmbiguousAddGivesUp(t *testing.T) { synctest.Test(t, testAmbiguousAddGivesUp) }

func testAmbiguousAddGivesUp(t *testing.T) {
	f := newFake()
	f.addHook = func(context.Context, int, AddRequest) (bool, error) { return false, acctErrAmbiguous }
	a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: -1})
	err := a.Create(context.Background(), TypeReceive, Webhook{URL: "https://x"}, "")
	// A last look shows the add did not land: the outcome is known.
	if err == nil || !strings.Contains(err.Error(), "gave up after 5 attempts") || IsUnknownOutcome(err) {
		t.Fatalf("got %v, want a gave-up error whose outcome is known", err)
	}
	if !errors.Is(err, acctErrAmbiguous) || !IsAmbiguous(err) {
		t.Fatalf("the last API error is not wrapped: %v", err)
	}
	if n := f.count("Add"); n != acctRetry.MaxAttempts {
		t.Fatalf("%d add calls, want MaxAttempts=%d", n, acctRetry.MaxAttempts)
	}
}

// When the last look fails too, whether the add landed is unknown.
func TestAmbiguousAddGivesUpUnknown(t *testing.T) { synctest.Test(t, testAmbiguousAddGivesUpUnknown) }

func testAmbiguousAddGivesUpUnknown(t *testing.T) {
	f := newFake()
	f.addHook = func(context.Context, int, AddRequest) (bool, error) { return false, acctErrAmbiguous }
	f.listHook = func(_ context.Context, n int) error {
		if n > acctRetry.MaxAttempts { // the create's look, then one before each retry; the last look fails
			return &APIError{Method: "GET", StatusCode: 503, Message: "unavailable", Transient: true}
		}
		return nil
	}
	a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: -1})
	err := a.Create(context.Background(), TypeReceive, Webhook{URL: "https://x"}, "")
	if err == nil || !IsUnknownOutcome(err) || !strings.Contains(err.Error(), "outcome is unknown") || !strings.Contains(err.Error(), "terraform plan") {
		t.Fatalf("got %v, want an unknown-outcome error pointing at terraform plan", err)
	}
}

func TestRefusedBatchFallsBackToSingles(t *testing.T) {
	synctest.Test(t, testRefusedBatchFallsBackToSingles)
}

func testRefusedBatchFallsBackToSingles(t *testing.T) {
	f := newFake()
	bad := acctURL(2)
	f.addHook = func(_ context.Context, _ int, req AddRequest) (bool, error) {
		for _, w := range req.Webhooks {
			if w.URL == bad {
				return false, acctErrRefused
			}
		}
		return true, nil
	}
	a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: acctWindow})
	errs := acctCreateN(t, a, 4)
	for i, err := range errs {
		if acctURL(i) == bad {
			if !errors.Is(err, acctErrRefused) || !strings.Contains(err.Error(), bad) {
				t.Errorf("the bad webhook got %v, want the 400 naming its URL", err)
			}
		} else if err != nil {
			t.Errorf("good webhook %d got %v", i, err)
		}
	}
	if n := f.count("Add"); n != 5 {
		t.Fatalf("%d add calls, want 1 batch + 4 singles", n)
	}
	for i := range 4 {
		want := 1
		if acctURL(i) == bad {
			want = 0
		}
		if c := f.urlCount(TypeReceive, acctURL(i)); c != want {
			t.Fatalf("%s registered %d times, want %d", acctURL(i), c, want)
		}
	}
}

func TestRefusedSingleReturnsError(t *testing.T) { synctest.Test(t, testRefusedSingleReturnsError) }

func testRefusedSingleReturnsError(t *testing.T) {
	f := newFake()
	f.addHook = func(context.Context, int, AddRequest) (bool, error) { return false, acctErrRefused }
	a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: -1})
	err := a.Create(context.Background(), TypeReceive, Webhook{URL: "https://x"}, "")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Fatalf("got %v, want the 400", err)
	}
	if n := f.count("Add"); n != 1 {
		t.Fatalf("a refused add was sent %d times", n)
	}
}

// ---- delete ----

func acctSeeded(n int) *fakeAPI {
	ws := make([]Webhook, n)
	for i := range ws {
		ws[i] = Webhook{URL: acctURL(i)}
	}
	return newFake(ws...)
}

func TestDeleteBatches(t *testing.T) { synctest.Test(t, testDeleteBatches) }

func testDeleteBatches(t *testing.T) {
	f := acctSeeded(50)
	a := NewAccount(f, AccountOptions{BatchWindow: acctWindow})
	acctNoErrors(t, acctRunAll(50, 50, func(i int) error { return a.Delete(context.Background(), TypeReceive, acctURL(i)) }))
	if n := f.count("Delete"); n < 1 || n > 3 {
		t.Fatalf("%d delete calls for 50 concurrent deletes, want 1..3", n)
	}
	if f.state.Len() != 0 {
		t.Fatalf("%d webhooks left", f.state.Len())
	}
	if f.count("List") != 0 {
		t.Fatalf("a plain delete listed the account")
	}
}

func TestDeleteAbsentIsSuccess(t *testing.T) { synctest.Test(t, testDeleteAbsentIsSuccess) }

func testDeleteAbsentIsSuccess(t *testing.T) {
	f := newFake(Webhook{URL: "https://keep"})
	notFound := &APIError{Method: "DELETE", StatusCode: 404, Message: "webhook not found"}
	f.deleteHook = func(_ context.Context, _ int, req DeleteRequest) (bool, error) {
		for _, u := range req.URLs {
			if f.urlCount(req.Type, u) == 0 {
				return false, notFound
			}
		}
		return true, nil
	}
	a := NewAccount(f, AccountOptions{BatchWindow: -1})
	if err := a.Delete(context.Background(), TypeReceive, "https://gone"); err != nil {
		t.Fatalf("deleting an absent URL: %v", err)
	}
	if f.urlCount(TypeReceive, "https://keep") != 1 {
		t.Fatal("another webhook was touched")
	}
}

func TestDeleteRefusedWhilePresentFails(t *testing.T) {
	synctest.Test(t, testDeleteRefusedWhilePresentFails)
}

func testDeleteRefusedWhilePresentFails(t *testing.T) {
	f := newFake(Webhook{URL: "https://stuck"})
	forbidden := &APIError{Method: "DELETE", StatusCode: 400, Message: "nope"}
	f.deleteHook = func(context.Context, int, DeleteRequest) (bool, error) { return false, forbidden }
	a := NewAccount(f, AccountOptions{BatchWindow: -1})
	if err := a.Delete(context.Background(), TypeReceive, "https://stuck"); !errors.Is(err, forbidden) {
		t.Fatalf("got %v, want the refusal", err)
	}
}

func TestAmbiguousDelete(t *testing.T) {
	for _, applied := range []bool{true, false} {
		t.Run(fmt.Sprintf("applied=%v", applied), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) { testAmbiguousDelete(t, applied) })
		})
	}
}

func testAmbiguousDelete(t *testing.T, applied bool) {
	{
		{
			f := acctSeeded(3)
			f.deleteHook = func(_ context.Context, n int, _ DeleteRequest) (bool, error) {
				if n == 1 {
					return applied, &APIError{Method: "DELETE", StatusCode: 503, Ambiguous: true, Transient: true}
				}
				return true, nil
			}
			a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: acctWindow})
			acctNoErrors(t, acctRunAll(3, 3, func(i int) error { return a.Delete(context.Background(), TypeReceive, acctURL(i)) }))
			want := 2
			if applied {
				want = 1
			}
			if n := f.count("Delete"); n != want {
				t.Fatalf("%d delete calls, want %d", n, want)
			}
			if f.count("List") != 1 || f.state.Len() != 0 {
				t.Fatalf("lists=%d left=%d, want 1 look and nothing left", f.count("List"), f.state.Len())
			}
		}
	}
}

// ---- rotate ----

func TestRotateIsDeleteThenAdd(t *testing.T) { synctest.Test(t, testRotateIsDeleteThenAdd) }

func testRotateIsDeleteThenAdd(t *testing.T) {
	f := newFake(Webhook{URL: "https://a", Secret: "old"}, Webhook{URL: "https://b", Secret: "kb"}, Webhook{URL: "https://c"})
	f.state.Webhooks[TypeOutbound] = []Webhook{{URL: "https://a", Secret: "other"}}
	a := NewAccount(f, AccountOptions{BatchWindow: -1})
	if err := a.Rotate(context.Background(), TypeReceive, Webhook{URL: "https://a", Secret: "new"}, ""); err != nil {
		t.Fatal(err)
	}
	if f.count("Replace") != 0 || f.count("Delete") != 1 || f.count("Add") != 1 {
		t.Fatalf("calls %v, want one delete and one add, no replace", f.calls)
	}
	if f.deletes[0].Type != TypeReceive || !slices.Equal(f.deletes[0].URLs, []string{"https://a"}) {
		t.Fatalf("delete request %+v", f.deletes[0])
	}
	if f.events[0] != "delete-done" || f.events[1] != "add-done" {
		t.Fatalf("order %v, want delete before add", f.events)
	}
	want := []Webhook{{URL: "https://b", Secret: "kb"}, {URL: "https://c"}, {URL: "https://a", Secret: "new"}}
	if got := f.state.Webhooks[TypeReceive]; !slices.EqualFunc(got, want, Webhook.Equal) {
		t.Fatalf("receive = %+v, want %+v", got, want)
	}
	if got := f.state.Webhooks[TypeOutbound]; len(got) != 1 || got[0].Secret != "other" {
		t.Fatalf("outbound was touched: %+v", got)
	}
}

// ---- replace ----

func TestReplaceAllVerifies(t *testing.T) {
	cfg := &Configuration{GlobalSecret: "gs-secret", Webhooks: map[WebhookType][]Webhook{
		TypeReceive:        {{URL: "https://a", Secret: "sa-secret"}, {URL: "https://b"}},
		TypeContactCreated: {{URL: "https://c"}},
	}}
	t.Run("ok", func(t *testing.T) {
		f := newFake(Webhook{URL: "https://old"})
		a := NewAccount(f, AccountOptions{})
		v, err := a.ReplaceAll(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if !v.has(TypeReceive, "https://a") || v.has(TypeReceive, "https://old") || v.GlobalSecret() != "gs-secret" {
			t.Fatal("the returned view is not the replaced configuration")
		}
	})
	for name, mangle := range map[string]func(c *Configuration){
		"secret":  func(c *Configuration) { c.Webhooks[TypeReceive][0].Secret = "other" },
		"missing": func(c *Configuration) { c.Webhooks[TypeReceive] = c.Webhooks[TypeReceive][1:] },
		"extra":   func(c *Configuration) { c.Webhooks[TypeOutbound] = []Webhook{{URL: "https://z"}} },
		"dup": func(c *Configuration) {
			c.Webhooks[TypeReceive] = append(c.Webhooks[TypeReceive], Webhook{URL: "https://b"})
		},
		"global": func(c *Configuration) { c.GlobalSecret = "" },
	} {
		t.Run(name, func(t *testing.T) {
			f := newFake()
			f.replaceHook = func(_ context.Context, sent *Configuration) (*Configuration, error) {
				c := sent.Clone()
				mangle(c)
				return c, nil
			}
			a := NewAccount(f, AccountOptions{})
			_, err := a.ReplaceAll(context.Background(), cfg)
			if err == nil {
				t.Fatal("a mismatch went unnoticed")
			}
			for _, secret := range []string{"gs-secret", "sa-secret", "other"} {
				if strings.Contains(err.Error(), secret) {
					t.Fatalf("the error shows a secret: %v", err)
				}
			}
			t.Log(err)
		})
	}
}

func TestReplaceAllWaitsForBatches(t *testing.T) { synctest.Test(t, testReplaceAllWaitsForBatches) }

func testReplaceAllWaitsForBatches(t *testing.T) {
	f := newFake()
	addStarted := make(chan struct{})
	release := make(chan struct{})
	f.addHook = func(context.Context, int, AddRequest) (bool, error) {
		close(addStarted)
		<-release
		return true, nil
	}
	// A long window: ReplaceAll must send the open batch at once, not wait.
	a := NewAccount(f, AccountOptions{BatchWindow: time.Hour})
	created := make(chan error, 1)
	go func() { created <- a.Create(context.Background(), TypeReceive, Webhook{URL: "https://x"}, "") }()
	acctEventually(t, "the queued create", func() bool {
		a.bmu.Lock()
		defer a.bmu.Unlock()
		return len(a.open) == 1
	})
	replaced := make(chan error, 1)
	go func() {
		_, err := a.ReplaceAll(context.Background(), &Configuration{Webhooks: map[WebhookType][]Webhook{TypeOutbound: {{URL: "https://o"}}}})
		replaced <- err
	}()
	select {
	case <-addStarted:
	case <-time.After(2 * time.Second):
		t.Fatal("ReplaceAll did not send the open batch first")
	}
	synctest.Wait() // a wrong implementation would go ahead now
	close(release)
	if err := <-created; err != nil {
		t.Fatal(err)
	}
	if err := <-replaced; err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.events, []string{"add-done", "replace-start"}) {
		t.Fatalf("events %v: the replace did not wait for the batch", f.events)
	}
}

// ---- contexts ----

func TestCancelDuringRetryReturnsPromptly(t *testing.T) {
	synctest.Test(t, testCancelDuringRetryReturnsPromptly)
}

func testCancelDuringRetryReturnsPromptly(t *testing.T) {
	f := newFake()
	f.addHook = func(context.Context, int, AddRequest) (bool, error) { return false, acctErrAmbiguous }
	slow := RetryPolicy{MaxAttempts: 5, WaitMin: time.Minute, WaitMax: time.Minute}
	a := NewAccount(f, AccountOptions{Retry: slow, BatchWindow: -1})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Create(ctx, TypeReceive, Webhook{URL: "https://x"}, "") }()
	acctEventually(t, "the first add", func() bool { return f.count("Add") == 1 })
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
		if !strings.Contains(err.Error(), "outcome is unknown") {
			t.Errorf("a write that was sent should say its outcome is unknown: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Create did not return after its context was canceled")
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("took %v", d)
	}
	// The batch itself stops too (its only member left): the claim on the
	// URL is released and no further add is made.
	acctEventually(t, "the batch to stop", func() bool {
		a.bmu.Lock()
		defer a.bmu.Unlock()
		return len(a.pending) == 0
	})
	if n := f.count("Add"); n != 1 {
		t.Fatalf("%d add calls after cancel", n)
	}
}

func TestCancelBeforeSendWithdraws(t *testing.T) { synctest.Test(t, testCancelBeforeSendWithdraws) }

func testCancelBeforeSendWithdraws(t *testing.T) {
	f := newFake()
	a := NewAccount(f, AccountOptions{BatchWindow: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Create(ctx, TypeReceive, Webhook{URL: "https://x"}, "") }()
	acctEventually(t, "the queued create", func() bool {
		a.bmu.Lock()
		defer a.bmu.Unlock()
		return len(a.pending) == 1
	})
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "nothing was sent") {
		t.Fatalf("got %v", err)
	}
	a.bmu.Lock()
	open, pending := len(a.open), len(a.pending)
	a.bmu.Unlock()
	if open != 0 || pending != 0 {
		t.Fatalf("the withdrawn create left %d open batches and %d claimed URLs", open, pending)
	}
	// ReplaceAll flushes open batches: there must be nothing left to send.
	if _, err := a.ReplaceAll(context.Background(), &Configuration{}); err != nil {
		t.Fatal(err)
	}
	if n := f.count("Add"); n != 0 {
		t.Fatalf("a withdrawn create was sent (%d add calls)", n)
	}
}

func TestAlreadyCanceledIsNotSent(t *testing.T) { synctest.Test(t, testAlreadyCanceledIsNotSent) }

func testAlreadyCanceledIsNotSent(t *testing.T) {
	f := acctSeeded(1)
	a := NewAccount(f, AccountOptions{BatchWindow: -1})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := a.Delete(ctx, TypeReceive, acctURL(0)); !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "nothing was sent") {
		t.Fatalf("got %v", err)
	}
	if err := a.Create(ctx, TypeReceive, Webhook{URL: "https://y"}, ""); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	if f.count("Delete")+f.count("Add")+f.count("List") != 0 {
		t.Fatalf("calls %v with a canceled context", f.calls)
	}
}

func TestOneMemberCancelDoesNotCancelBatch(t *testing.T) {
	synctest.Test(t, testOneMemberCancelDoesNotCancelBatch)
}

func testOneMemberCancelDoesNotCancelBatch(t *testing.T) {
	f := newFake()
	release := make(chan struct{})
	var addCtxErr atomic.Value
	f.addHook = func(ctx context.Context, _ int, _ AddRequest) (bool, error) {
		<-release
		addCtxErr.Store(fmt.Sprint(ctx.Err()))
		return true, nil
	}
	a := NewAccount(f, AccountOptions{BatchWindow: acctWindow})
	ctx1, cancel1 := context.WithCancel(context.Background())
	done1 := make(chan error, 1)
	done2 := make(chan error, 1)
	go func() { done1 <- a.Create(ctx1, TypeReceive, Webhook{URL: "https://one"}, "") }()
	go func() { done2 <- a.Create(context.Background(), TypeReceive, Webhook{URL: "https://two"}, "") }()
	acctEventually(t, "the add", func() bool { return f.count("Add") == 1 })
	cancel1()
	select {
	case err := <-done1:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the canceled member did not return promptly")
	}
	close(release)
	if err := <-done2; err != nil {
		t.Fatal(err)
	}
	if got := addCtxErr.Load(); got != "<nil>" {
		t.Fatalf("the batch call's context was canceled by one member: %v", got)
	}
	if len(f.adds[0].Webhooks) != 2 {
		t.Fatalf("the batch carried %d webhooks, want 2", len(f.adds[0].Webhooks))
	}
}

// ---- secrets ----

func TestNoSecretsInErrorsOrLogs(t *testing.T) { synctest.Test(t, testNoSecretsInErrorsOrLogs) }

func testNoSecretsInErrorsOrLogs(t *testing.T) {
	f := newFake()
	f.addHook = func(_ context.Context, n int, _ AddRequest) (bool, error) {
		if n%2 == 1 {
			return false, acctErrAmbiguous
		}
		return false, acctErrRefused
	}
	var mu sync.Mutex
	var lines []string
	logf := func(_ context.Context, level, msg string, fields map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, fmt.Sprint(level, msg, fields))
	}
	a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: 10 * time.Millisecond, Log: logf})
	errs := acctRunAll(3, 3, func(i int) error {
		return a.Create(context.Background(), TypeReceive, Webhook{URL: acctURL(i), Secret: "hook-secret-xyz"}, "global-secret-xyz")
	})
	for _, err := range errs {
		if err == nil {
			t.Fatal("expected failures")
		}
		lines = append(lines, err.Error())
	}
	if len(lines) <= len(errs) {
		t.Fatal("nothing was logged")
	}
	for _, l := range lines {
		if strings.Contains(l, "secret-xyz") {
			t.Fatalf("a secret leaked: %s", l)
		}
	}
}

// ---- through the HTTP client and the mock API ----

// acctNewMock serves a fresh mock and returns an Account on a *Client to
// it. ambiguousRetries, if not nil, counts the account layer's retries after
// an ambiguous answer, so tests can check that chaos reached that path.
func acctNewMock(t *testing.T, ambiguousRetries *atomic.Int64) (*mock.Server, *Account) {
	t.Helper()
	srv := mock.New(mock.Options{})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	fast := RetryPolicy{MaxAttempts: 10, WaitMin: time.Millisecond, WaitMax: 5 * time.Millisecond}
	c, err := New(Config{BaseURL: ts.URL, APIKey: mock.DefaultAPIKey, APISecret: mock.DefaultAPISecret, Retry: fast})
	if err != nil {
		t.Fatal(err)
	}
	logf := func(_ context.Context, _, _ string, fields map[string]any) {
		if ambiguousRetries != nil && fields["ambiguous"] == true {
			ambiguousRetries.Add(1)
		}
	}
	return srv, NewAccount(c, AccountOptions{Retry: fast, BatchWindow: 5 * time.Millisecond, Log: logf})
}

func TestMockChaosNothingLostNothingDoubled(t *testing.T) {
	var ambiguous atomic.Int64
	defer func() {
		if !t.Failed() && ambiguous.Load() == 0 {
			t.Error("no ambiguous failure was retried: the chaos did not exercise the look-then-retry path")
		}
		t.Logf("%d retries after ambiguous answers", ambiguous.Load())
	}()
	for seed := int64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			srv, a := acctNewMock(t, &ambiguous)
			srv.SetChaos(mock.Chaos{Seed: seed, TransientRate: 0.25, AppliedFailRate: 0.1})
			ctx := context.Background()
			acctNoErrors(t, acctRunAll(30, 10, func(i int) error {
				gs := ""
				if i%3 == 0 {
					gs = "g"
				}
				return a.Create(ctx, TypeReceive, Webhook{URL: acctURL(i), Secret: fmt.Sprint("s", i)}, gs)
			}))
			for i := range 30 {
				if c := srv.Count("receive", acctURL(i)); c != 1 {
					t.Errorf("%s registered %d times", acctURL(i), c)
				}
			}
			reqs := srv.Requests()
			t.Logf("creates: %v", reqs)
			acctNoErrors(t, acctRunAll(30, 10, func(i int) error { return a.Delete(ctx, TypeReceive, acctURL(i)) }))
			if n := srv.Total(); n != 0 {
				t.Fatalf("%d webhooks left after deleting all", n)
			}
			t.Logf("all: %v", srv.Requests())
		})
	}
}

func TestMockRotateAndReplace(t *testing.T) {
	srv, a := acctNewMock(t, nil)
	ctx := context.Background()
	srv.AddWebhook("receive", "https://other.example/x", "keep")
	if err := a.Create(ctx, TypeReceive, Webhook{URL: "https://a.example/x", Secret: "one"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := a.Create(ctx, TypeReceive, Webhook{URL: "https://a.example/x"}, ""); !errors.As(err, new(*ExistsError)) {
		t.Fatalf("second create: %v", err)
	}
	if err := a.Rotate(ctx, TypeReceive, Webhook{URL: "https://a.example/x", Secret: "two"}, ""); err != nil {
		t.Fatal(err)
	}
	st := srv.State()
	if got := st.Webhooks["receive"]; !reflect.DeepEqual(got, []mock.Entry{{URL: "https://other.example/x", Secret: "keep"}, {URL: "https://a.example/x", Secret: "two"}}) {
		t.Fatalf("after rotate: %+v", got)
	}
	cfg := &Configuration{GlobalSecret: "g", Webhooks: map[WebhookType][]Webhook{
		TypeCallLog:        {{URL: "https://c.example/x", Secret: "c"}},
		TypeContactCreated: {{URL: "https://cc.example/x"}},
	}}
	v, err := a.ReplaceAll(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !v.has(TypeCallLog, "https://c.example/x") || v.has(TypeReceive, "https://a.example/x") || srv.Total() != 2 {
		t.Fatalf("after replace: %+v", srv.State())
	}
}

// A write the API keeps refusing with 429 is retried by the client under
// the policy, and not once more per attempt by the account layer: the
// attempts add up, they do not multiply.
func TestMockRateLimitedWriteIsNotRetriedTwice(t *testing.T) {
	srv, a := acctNewMock(t, nil)
	srv.FailNext(1000, mock.Fault{Methods: []string{"POST"}, Status: 429, RetryAfterMs: "1"})
	err := a.Create(context.Background(), TypeReceive, Webhook{URL: acctURL(1)}, "")
	if err == nil || !IsTransient(err) {
		t.Fatalf("Create through a permanent 429 = %v, want a transient error", err)
	}
	if n := srv.Requests()["POST"]; n != 10 {
		t.Fatalf("%d POST attempts through a permanent 429, want exactly the policy's 10", n)
	}
	if n := srv.Count("receive", acctURL(1)); n != 0 {
		t.Fatalf("webhook registered %d times", n)
	}
}
