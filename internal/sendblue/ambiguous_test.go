package sendblue

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// createThreeAfterAmbiguousAdd creates acctURL(0) to acctURL(2) concurrently,
// in one batch, over a fake whose first add answers ambiguously (a 502 after
// it applied the batch, or not, as applied says); every create must succeed.
func createThreeAfterAmbiguousAdd(t *testing.T, applied bool) *fakeAPI {
	t.Helper()
	f := newFake()
	f.addHook = func(_ context.Context, n int, _ AddRequest) (bool, error) {
		if n == 1 {
			return applied, acctErrAmbiguous
		}
		return true, nil
	}
	a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: acctWindow})
	acctNoErrors(t, acctCreateN(t, a, 3))
	return f
}

func TestAmbiguousAddThatWasApplied(t *testing.T) { synctest.Test(t, testAmbiguousAddThatWasApplied) }

func testAmbiguousAddThatWasApplied(t *testing.T) {
	f := createThreeAfterAmbiguousAdd(t, true) // applied, answer lost
	if n := f.count("Add"); n != 1 {
		t.Fatalf("%d add calls, want 1: the URLs were present after the failure", n)
	}
	acctRegisteredOnce(t, f, 3)
}

func TestAmbiguousAddThatWasNotApplied(t *testing.T) {
	synctest.Test(t, testAmbiguousAddThatWasNotApplied)
}

func testAmbiguousAddThatWasNotApplied(t *testing.T) {
	f := createThreeAfterAmbiguousAdd(t, false)
	if n := f.count("Add"); n != 2 {
		t.Fatalf("%d add calls, want 2", n)
	}
	if len(f.adds[1].Webhooks) != 3 {
		t.Fatalf("the retry carried %d webhooks, want 3", len(f.adds[1].Webhooks))
	}
	acctRegisteredOnce(t, f, 3)
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
	acctRegisteredOnce(t, f, 3)
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

// createWhileAddsFail creates the receive webhook https://x alone (no batch
// window) over f, whose every add answers addErr, and returns the result.
func createWhileAddsFail(f *fakeAPI, addErr error) error {
	f.addHook = func(context.Context, int, AddRequest) (bool, error) { return false, addErr }
	a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: -1})
	return a.Create(context.Background(), TypeReceive, Webhook{URL: "https://x"}, "")
}

func TestAmbiguousAddGivesUp(t *testing.T) { synctest.Test(t, testAmbiguousAddGivesUp) }

func testAmbiguousAddGivesUp(t *testing.T) {
	f := newFake()
	err := createWhileAddsFail(f, acctErrAmbiguous)
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
	f.listHook = func(_ context.Context, n int) error {
		if n > acctRetry.MaxAttempts { // the create's look, then one before each retry; the last look fails
			return &APIError{Method: "GET", StatusCode: 503, Message: "unavailable", Transient: true}
		}
		return nil
	}
	err := createWhileAddsFail(f, acctErrAmbiguous)
	if err == nil || !IsUnknownOutcome(err) || !strings.Contains(err.Error(), "outcome is unknown") || !strings.Contains(err.Error(), "may or may not have applied it") {
		t.Fatalf("got %v, want an unknown-outcome error", err)
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
	err := createWhileAddsFail(f, acctErrRefused)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Fatalf("got %v, want the 400", err)
	}
	if n := f.count("Add"); n != 1 {
		t.Fatalf("a refused add was sent %d times", n)
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

// The account layer's attempts consult the same retry decision as the
// client's: a write that found nothing listening at the endpoint is tried
// ConnectAttempts times, not MaxAttempts.
func TestAccountAttemptsFollowTheConnectLimit(t *testing.T) {
	synctest.Test(t, testAccountAttemptsFollowTheConnectLimit)
}

func testAccountAttemptsFollowTheConnectLimit(t *testing.T) {
	refused := &APIError{Method: "POST", Message: "connection refused", Transient: true, Failure: FailureRefused}
	f := newFake()
	f.addHook = func(context.Context, int, AddRequest) (bool, error) { return false, refused }
	a := NewAccount(f, AccountOptions{Retry: RetryPolicy{MaxAttempts: 8, WaitMin: time.Second, ConnectAttempts: 3}, BatchWindow: -1})
	err := a.Create(context.Background(), TypeReceive, Webhook{URL: "https://x"}, "")
	if err == nil || !strings.Contains(err.Error(), "gave up after 3 attempts") || !errors.Is(err, refused) || IsUnknownOutcome(err) {
		t.Fatalf("got %v", err)
	}
	if n := f.count("Add"); n != 3 {
		t.Fatalf("%d add calls, want 3", n)
	}
}
