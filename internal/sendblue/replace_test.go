package sendblue

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

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
	addStarted, release := holdAdd(f, 1)
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
	acctWithin(t, addStarted, "ReplaceAll did not send the open batch first")
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

// A Create checks the account while a ReplaceAll carrying the same URL is
// in flight (the fake blocks the replace call), passes the check, waits at
// the write gate, and must not be sent after the replace: the URL would be
// there twice.
func TestCreateDuringReplaceAllDoesNotDuplicate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := createDuringReplaceAll(t, Webhook{URL: "https://x", Secret: "s"}, "https://x")
		// One list by the replace (for the entries' unknown fields), one by
		// the create, which listed (without x) and waits at the gate.
		if n := r.f.count("List"); n != 2 {
			t.Fatalf("%d list calls before the replace ended, want the replace's and the create's", n)
		}
		err := r.finish(t)
		if !errors.As(err, new(*ExistsError)) {
			t.Fatalf("create = %v, want *ExistsError", err)
		}
		if n := r.f.urlCount(TypeReceive, "https://x"); n != 1 {
			t.Fatalf("https://x registered %d times, want once", n)
		}
		if n := r.f.count("Add"); n != 0 {
			t.Fatalf("%d add calls", n)
		}
	})
}

// A Create of another URL in the same situation goes ahead.
func TestCreateDuringReplaceAllOfOtherURLGoesAhead(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := createDuringReplaceAll(t, Webhook{URL: "https://x"}, "https://y")
		if err := r.finish(t); err != nil {
			t.Fatal(err)
		}
		if r.f.urlCount(TypeReceive, "https://x") != 1 || r.f.urlCount(TypeReceive, "https://y") != 1 {
			t.Fatalf("receive = %+v", r.f.state.Get(TypeReceive))
		}
	})
}

// createInReplace is a Create sent while a ReplaceAll is in flight.
type createInReplace struct {
	f        *fakeAPI
	release  chan struct{} // closing it lets the replace call answer
	replaced chan error    // the ReplaceAll's result
	created  chan error    // the Create's result
}

// createDuringReplaceAll starts a ReplaceAll to the receive webhook replacing
// alone, over a fake that holds the replace call until finish; once that
// call has reached the fake it starts a Create of the receive webhook at
// createURL, and returns when the Create has gone as far as it can.
func createDuringReplaceAll(t *testing.T, replacing Webhook, createURL string) *createInReplace {
	t.Helper()
	r := &createInReplace{f: newFake(), release: make(chan struct{}), replaced: make(chan error, 1), created: make(chan error, 1)}
	started := make(chan struct{})
	r.f.replaceHook = func(_ context.Context, cfg *Configuration) (*Configuration, error) {
		close(started)
		<-r.release
		return cfg.Clone(), nil
	}
	a := NewAccount(r.f, AccountOptions{BatchWindow: acctWindow})
	go func() {
		_, err := a.ReplaceAll(context.Background(), &Configuration{Webhooks: map[WebhookType][]Webhook{TypeReceive: {replacing}}})
		r.replaced <- err
	}()
	<-started
	go func() { r.created <- a.Create(context.Background(), TypeReceive, Webhook{URL: createURL}, "") }()
	synctest.Wait()
	return r
}

// finish lets the replace call answer, requires the ReplaceAll to succeed,
// and returns the Create's result.
func (r *createInReplace) finish(t *testing.T) error {
	t.Helper()
	close(r.release)
	if err := <-r.replaced; err != nil {
		t.Fatal(err)
	}
	return <-r.created
}
