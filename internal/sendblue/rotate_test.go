package sendblue

import (
	"context"
	"slices"
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
