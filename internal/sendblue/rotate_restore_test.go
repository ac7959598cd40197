package sendblue

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// A new secret the API refuses: the old entry, removed first, is put back
// exactly as it was listed (secret included), and the refusal is reported.
func TestRotateRefusedAddPutsBackTheOldEntry(t *testing.T) {
	f := newFake(Webhook{URL: "https://a", Secret: "old-good-secret"}, Webhook{URL: "https://b"})
	f.addHook = func(_ context.Context, _ int, req AddRequest) (bool, error) {
		if req.Webhooks[0].Secret == "new-bad-secret" {
			return false, acctErrRefused
		}
		return true, nil
	}
	a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: -1})
	err := a.Rotate(context.Background(), TypeReceive, Webhook{URL: "https://a", Secret: "new-bad-secret"}, "")
	if err == nil {
		t.Fatal("a refused rotation reported success")
	}
	if !strings.Contains(err.Error(), "put back") || !strings.Contains(err.Error(), "invalid webhook URL") {
		t.Errorf("the error should say the entry was put back, and why the change was refused: %v", err)
	}
	for _, s := range []string{"old-good-secret", "new-bad-secret"} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("the error shows a secret: %v", err)
		}
	}
	got := f.state.Get(TypeReceive)
	if !slices.ContainsFunc(got, Webhook{URL: "https://a", Secret: "old-good-secret"}.Equal) || f.urlCount(TypeReceive, "https://a") != 1 || len(got) != 2 {
		t.Fatalf("receive = %+v, want https://a back once with its old secret, and https://b", got)
	}
}

// An add that keeps failing without landing (ambiguous answers, then the
// look shows it absent) ends the same way: the webhook is put back.
func TestRotateAddThatNeverLandsPutsBackTheOldEntry(t *testing.T) {
	f := newFake(Webhook{URL: "https://a", Secret: "old"})
	f.addHook = func(_ context.Context, _ int, req AddRequest) (bool, error) {
		if req.Webhooks[0].Secret == "new" {
			return false, acctErrAmbiguous
		}
		return true, nil
	}
	a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: -1})
	err := a.Rotate(context.Background(), TypeReceive, Webhook{URL: "https://a", Secret: "new"}, "g")
	if err == nil || !strings.Contains(err.Error(), "put back") {
		t.Fatalf("got %v, want an error saying the old entry was put back", err)
	}
	if got := f.state.Get(TypeReceive); !slices.EqualFunc(got, []Webhook{{URL: "https://a", Secret: "old"}}, Webhook.Equal) {
		t.Fatalf("receive = %+v, want the old entry", got)
	}
	if f.state.GlobalSecret != "" {
		t.Fatal("the global secret of the refused add was set")
	}
}

// An add whose answer was lost but that landed is a success, and nothing
// is put back on top of it.
func TestRotateAddThatLandedIsDone(t *testing.T) {
	f := newFake(Webhook{URL: "https://a", Secret: "old"})
	f.addHook = func(_ context.Context, n int, _ AddRequest) (bool, error) {
		return true, acctErrAmbiguous
	}
	a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: -1})
	if err := a.Rotate(context.Background(), TypeReceive, Webhook{URL: "https://a", Secret: "new"}, ""); err != nil {
		t.Fatal(err)
	}
	if got := f.state.Get(TypeReceive); !slices.EqualFunc(got, []Webhook{{URL: "https://a", Secret: "new"}}, Webhook.Equal) {
		t.Fatalf("receive = %+v, want the new entry once", got)
	}
}

// A delete refused while the entry stays: nothing else is tried, and the
// error says the webhook is as it was.
func TestRotateRefusedDeleteLeavesTheWebhook(t *testing.T) {
	f := newFake(Webhook{URL: "https://a", Secret: "old"})
	f.deleteHook = func(context.Context, int, DeleteRequest) (bool, error) {
		return false, &APIError{Method: "DELETE", StatusCode: 400, Message: "no"}
	}
	a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: -1})
	err := a.Rotate(context.Background(), TypeReceive, Webhook{URL: "https://a", Secret: "new"}, "")
	if err == nil || !strings.Contains(err.Error(), "still there as it was") {
		t.Fatalf("got %v", err)
	}
	if f.count("Add") != 0 || !slices.EqualFunc(f.state.Get(TypeReceive), []Webhook{{URL: "https://a", Secret: "old"}}, Webhook.Equal) {
		t.Fatalf("calls %v, receive %+v", f.calls, f.state.Get(TypeReceive))
	}
}

// The caller is interrupted while the new entry's add is in flight and is
// then refused: the old entry is still put back (on a context of its own).
func TestRotateInterruptedStillRestores(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(Webhook{URL: "https://a", Secret: "old"})
		ctx, cancel := context.WithCancel(context.Background())
		f.addHook = func(hctx context.Context, _ int, req AddRequest) (bool, error) {
			if req.Webhooks[0].Secret == "new" {
				cancel()
				<-hctx.Done() // the request dies with its caller
				return false, hctx.Err()
			}
			return true, nil
		}
		a := NewAccount(f, AccountOptions{Retry: acctRetry, BatchWindow: -1})
		err := a.Rotate(ctx, TypeReceive, Webhook{URL: "https://a", Secret: "new"}, "")
		if err == nil || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "put back") {
			t.Fatalf("got %v", err)
		}
		synctest.Wait()
		if got := f.state.Get(TypeReceive); !slices.EqualFunc(got, []Webhook{{URL: "https://a", Secret: "old"}}, Webhook.Equal) {
			t.Fatalf("receive = %+v, want the old entry", got)
		}
	})
}

// the account ends as it was.
func TestMockRotateRefusedKeepsTheWebhook(t *testing.T) {
	srv, a := acctNewMock(t, nil)
	srv.AddWebhook("receive", "https://a.example/x", "old-good-secret")
	srv.AddWebhook("receive", "https://b.example/x", "")
	srv.FailNext(1, mock.Fault{Methods: []string{http.MethodPost}, Status: http.StatusBadRequest,
		Body: `{"status":"ERROR","message":"secret not accepted"}`})
	err := a.Rotate(context.Background(), TypeReceive, Webhook{URL: "https://a.example/x", Secret: "new-bad-secret"}, "")
	if err == nil || !strings.Contains(err.Error(), "secret not accepted") || !strings.Contains(err.Error(), "put back") {
		t.Fatalf("got %v", err)
	}
	st := srv.State()
	if got := st.Webhooks["receive"]; len(got) != 2 || !slices.ContainsFunc(got, func(e mock.Entry) bool { return e.URL == "https://a.example/x" && e.Secret == "old-good-secret" }) {
		t.Fatalf("receive = %+v, want the old entry back", got)
	}
}
