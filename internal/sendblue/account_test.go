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
	apply, err := runHook(ctx, hook, n, req)
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
	apply, err := runHook(ctx, hook, n, req)
	f.mu.Lock()
	defer f.mu.Unlock()
	if apply {
		f.removeLocked(req.Type, req.URLs...)
	}
	f.events = append(f.events, "delete-done")
	return err
}

// holdAdd makes the fake's add number n wait until release is closed;
// started is closed when that add arrives. Other adds go through.
func holdAdd(f *fakeAPI, n int) (started, release chan struct{}) {
	started, release = make(chan struct{}), make(chan struct{})
	f.addHook = func(_ context.Context, i int, _ AddRequest) (bool, error) {
		if i == n {
			close(started)
			<-release
		}
		return true, nil
	}
	return started, release
}

// holdList makes the fake's list number n wait until release is closed;
// started is closed when that list arrives. Other lists go through.
func holdList(f *fakeAPI, n int) (started, release chan struct{}) {
	started, release = make(chan struct{}), make(chan struct{})
	f.listHook = func(_ context.Context, i int) error {
		if i == n {
			close(started)
			<-release
		}
		return nil
	}
	return started, release
}

// runHook runs the add or delete hook, if there is one, outside the lock: it
// says whether to apply the request and what to answer. Without a hook the
// request is applied and succeeds.
func runHook[R any](ctx context.Context, hook func(context.Context, int, R) (bool, error), n int, req R) (apply bool, err error) {
	if hook == nil {
		return true, nil
	}
	return hook(ctx, n, req)
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

// acctRegisteredOnce checks that acctURL(0) to acctURL(n-1) are each
// registered exactly once as receive webhooks.
func acctRegisteredOnce(t *testing.T, f *fakeAPI, n int) {
	t.Helper()
	for i := range n {
		if c := f.urlCount(TypeReceive, acctURL(i)); c != 1 {
			t.Fatalf("%s registered %d times, want 1", acctURL(i), c)
		}
	}
}

// acctWithin returns what ch delivers, and fails the test with late when
// nothing arrives within 2 seconds of the bubble's fake clock: a call that
// should return promptly did not.
func acctWithin[V any](t *testing.T, ch <-chan V, late string) V {
	t.Helper()
	var v V
	select {
	case v = <-ch:
	case <-time.After(2 * time.Second):
		t.Fatal(late)
	}
	return v
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

func acctCreateN(t *testing.T, a *Account, n int) []error {
	t.Helper()
	return acctRunAll(n, n, func(i int) error {
		return a.Create(context.Background(), TypeReceive, Webhook{URL: acctURL(i)}, "")
	})
}

func acctSeeded(n int) *fakeAPI {
	ws := make([]Webhook, n)
	for i := range ws {
		ws[i] = Webhook{URL: acctURL(i)}
	}
	return newFake(ws...)
}

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
	return srv, NewAccount(c, AccountOptions{Retry: fast, BatchWindow: 5 * time.Millisecond, Log: logf, APIRetries: true})
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
