package sendblue

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
)

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

// An interrupted rotation whose new entry lands late, after the entry put
// back: the error does not say the webhook is as it was, but how many
// entries a list showed.
func TestInterruptedRotationSaysWhatAListShowed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(Webhook{URL: "https://a", Secret: "old"})
		lateAdds(f, 1)
		ctx, cancel := context.WithCancel(context.Background())
		late := f.addHook
		f.addHook = func(hctx context.Context, n int, req AddRequest) (bool, error) {
			if n == 1 {
				cancel() // Ctrl-C while the add waits
			}
			return late(hctx, n, req)
		}
		a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: -1})
		err := a.Rotate(ctx, TypeReceive, Webhook{URL: "https://a", Secret: "new"}, "")
		if err == nil || strings.Contains(err.Error(), "is as it was") || !strings.Contains(err.Error(), "now holds 2 entries") {
			t.Fatalf("got %v", err)
		}
		if got := f.state.Get(TypeReceive); len(got) != 2 {
			t.Fatalf("receive = %+v; the scenario wants both entries", got)
		}
	})
}
