package sendblue

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
)

func TestCreateExistingURL(t *testing.T) { synctest.Test(t, testCreateExistingURL) }

func testCreateExistingURL(t *testing.T) {
	f := newFake(Webhook{URL: "https://taken"})
	a := NewAccount(f, AccountOptions{})
	err := a.Create(context.Background(), TypeReceive, Webhook{URL: "https://taken", Secret: "s"}, "")
	var ee *ExistsError
	if !errors.As(err, &ee) || ee.Type != TypeReceive || ee.URL != "https://taken" {
		t.Fatalf("got %v, want *ExistsError", err)
	}
	for _, want := range []string{"https://taken is already registered", "of type receive", "could register it twice"} {
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
	a := snapshotTaken(t, f)
	addStarted, addRelease := holdAdd(f, 1)
	listStarted, listRelease := holdList(f, 2)
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
