package sendblue

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
)

// lateAdds makes the fake's first n adds land late, as an API that applies a
// write after the client stopped waiting: each is answered with an
// ambiguous error and not applied, and lands just after the next list has
// been answered (so that list does not show it, later ones do).
func lateAdds(f *fakeAPI, n int) {
	var mu sync.Mutex
	var pending []AddRequest
	f.addHook = func(_ context.Context, i int, req AddRequest) (bool, error) {
		if i > n {
			return true, nil
		}
		mu.Lock()
		pending = append(pending, req)
		mu.Unlock()
		return false, acctErrAmbiguous
	}
	f.listHook = func(context.Context, int) error {
		mu.Lock()
		land := pending
		pending = nil
		mu.Unlock()
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, req := range land {
			f.state.Webhooks[req.Type] = append(f.state.Webhooks[req.Type], req.Webhooks...)
		}
		return nil
	}
}

func TestLateAddsLeaveOneEntry(t *testing.T) {
	for name, run := range map[string]func(a *Account) error{
		"create": func(a *Account) error {
			return a.Create(context.Background(), TypeReceive, Webhook{URL: "https://x", Secret: "new"}, "")
		},
		"rotate": func(a *Account) error {
			return a.Rotate(context.Background(), TypeReceive, Webhook{URL: "https://x", Secret: "new"}, "")
		},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFake()
				if name == "rotate" {
					f.state.Webhooks[TypeReceive] = []Webhook{{URL: "https://x", Secret: "old", Extra: rawExtra("extra", `"keepme"`)}}
				}
				lateAdds(f, 2)
				a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: -1})
				if err := run(a); err != nil {
					t.Fatal(err)
				}
				got := f.state.Get(TypeReceive)
				if len(got) != 1 || got[0].Secret != "new" {
					t.Fatalf("receive = %+v, want exactly one entry with the new secret", got)
				}
				if name == "rotate" && string(got[0].Extra["extra"]) != `"keepme"` {
					t.Fatalf("the converged entry lost its unknown field: %+v", got[0])
				}
			})
		})
	}
}

func TestLateAddsThatNeverSettleSayWhatIsKnown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake()
		lateAdds(f, 1000)
		a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: -1})
		err := a.Create(context.Background(), TypeReceive, Webhook{URL: "https://x", Secret: "s"}, "")
		if err == nil || !IsUnknownOutcome(err) {
			t.Fatalf("got %v, want an unknown outcome", err)
		}
		t.Log(err)
	})
}
