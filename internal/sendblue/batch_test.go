package sendblue

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// slowAPIAccount is an account, with the default options, over a fake whose
// lists and adds take time, as the API's do: creates that arrive meanwhile
// wait for the next batch.
func slowAPIAccount() (*fakeAPI, *Account) {
	f := newFake()
	f.listWait = 2 * time.Millisecond
	f.addWait = 5 * time.Millisecond
	return f, NewAccount(f, AccountOptions{})
}

func TestCreateBatchesConcurrentCalls(t *testing.T) {
	synctest.Test(t, testCreateBatchesConcurrentCalls)
}

func testCreateBatchesConcurrentCalls(t *testing.T) {
	f, a := slowAPIAccount()
	const n = 300
	acctNoErrors(t, acctRunAll(n, n, func(i int) error {
		return a.Create(context.Background(), TypeReceive, Webhook{URL: acctURL(i), Secret: "s"}, "")
	}))
	adds := f.count("Add")
	t.Logf("300 concurrent creates: %d add calls, %d list calls", adds, f.count("List"))
	if adds > 60 || adds < 3 {
		t.Fatalf("%d add calls, want 3..60 (max batch 100)", adds)
	}
	acctRegisteredOnce(t, f, n)
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
	f, a := slowAPIAccount()
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
	err := acctWithin(t, done, "Create did not return after its context was canceled")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if !strings.Contains(err.Error(), "outcome is unknown") {
		t.Errorf("a write that was sent should say its outcome is unknown: %v", err)
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
	if err := acctWithin(t, done1, "the canceled member did not return promptly"); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
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
