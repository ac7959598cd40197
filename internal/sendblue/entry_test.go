package sendblue

import (
	"context"
	"encoding/json"
	"testing"
	"testing/synctest"
)

func rawExtra(kv ...string) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = json.RawMessage(kv[i+1])
	}
	return out
}

func TestOntoKeepsUnknownFields(t *testing.T) {
	listed := Webhook{URL: "https://a", Secret: "old", SendblueNumbers: []string{"+15551234567"}, Extra: rawExtra("extra", `"keepme"`, "both", `1`)}
	want := Webhook{URL: "https://a", Secret: "new", Extra: rawExtra("both", `2`)}
	got := want.Onto(listed)
	if got.Secret != "new" || len(got.SendblueNumbers) != 0 {
		t.Fatalf("modelled fields not taken from the wanted entry: %+v", got)
	}
	if string(got.Extra["extra"]) != `"keepme"` || string(got.Extra["both"]) != `2` || len(got.Extra) != 2 {
		t.Fatalf("extra = %s", got.Extra)
	}
	// Onto copies: changing the result changes neither input.
	got.Extra["extra"][1] = 'X'
	if string(listed.Extra["extra"]) != `"keepme"` {
		t.Fatal("Onto shares the listed entry's fields")
	}
	b, err := json.Marshal(Webhook{URL: "https://a"}.Onto(listed))
	if err != nil || string(b) != `{"both":1,"extra":"keepme","url":"https://a"}` {
		t.Fatalf("wire form %s, %v", b, err)
	}
}

func TestReplaceAllKeepsEntryFields(t *testing.T) {
	f := newFake(
		Webhook{URL: "https://r1", Secret: "s1", Extra: rawExtra("extra", `"keepme"`)},
		Webhook{URL: "https://r2", Secret: "s2", Extra: rawExtra("cc_extra", `[1]`)},
	)
	f.state.Webhooks[TypeOutbound] = []Webhook{{URL: "https://o1", Secret: "so", Extra: rawExtra("foo", `{"bar":1}`)}}
	a := NewAccount(f, AccountOptions{})
	if _, err := a.Snapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
	// What a caller that models no unknown field sends: r1 unchanged, r2
	// with a new secret, o1 unchanged, a new entry.
	cfg := &Configuration{Webhooks: map[WebhookType][]Webhook{
		TypeReceive:  {{URL: "https://r1", Secret: "s1"}, {URL: "https://r2", Secret: "s2-new"}, {URL: "https://r3"}},
		TypeOutbound: {{URL: "https://o1", Secret: "so"}},
	}}
	if _, err := a.ReplaceAll(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		t          WebhookType
		url, key   string
		want       string
		wantSecret string
	}{
		{TypeReceive, "https://r1", "extra", `"keepme"`, "s1"},
		{TypeReceive, "https://r2", "cc_extra", `[1]`, "s2-new"},
		{TypeOutbound, "https://o1", "foo", `{"bar":1}`, "so"},
	} {
		w, ok := f.state.Find(c.t, c.url)
		if !ok || string(w.Extra[c.key]) != c.want || w.Secret != c.wantSecret {
			t.Errorf("%s %s on the account: %+v, want %s = %s and its secret", c.t, c.url, w, c.key, c.want)
		}
	}
	if w, _ := f.state.Find(TypeReceive, "https://r3"); len(w.Extra) != 0 {
		t.Errorf("a new entry got fields: %+v", w)
	}
	if len(cfg.Webhooks[TypeReceive][0].Extra) != 0 {
		t.Error("ReplaceAll changed the caller's configuration")
	}
}

func TestRotateKeepsEntryFields(t *testing.T) {
	for name, rotate := range map[string]func(a *Account, w Webhook) error{
		"secret": func(a *Account, w Webhook) error {
			return a.Rotate(context.Background(), TypeReceive, Webhook{URL: w.URL, Secret: "new", SendblueNumbers: w.SendblueNumbers}, "")
		},
		"numbers": func(a *Account, w Webhook) error {
			return a.RotateKeepSecret(context.Background(), TypeReceive, Webhook{URL: w.URL, SendblueNumbers: []string{"+15557654321"}}, "")
		},
		"global secret": func(a *Account, w Webhook) error {
			return a.RotateKeepSecret(context.Background(), TypeReceive, Webhook{URL: w.URL, SendblueNumbers: w.SendblueNumbers}, "gs-new")
		},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				listed := Webhook{URL: "https://a", Secret: "old", SendblueNumbers: []string{"+15551234567"}, Extra: rawExtra("extra", `"keepme"`)}
				f := newFake(listed)
				a := NewAccount(f, AccountOptions{BatchWindow: -1})
				if err := rotate(a, listed); err != nil {
					t.Fatal(err)
				}
				if len(f.adds) != 1 || len(f.adds[0].Webhooks) != 1 {
					t.Fatalf("adds %+v", f.adds)
				}
				if sent := f.adds[0].Webhooks[0]; string(sent.Extra["extra"]) != `"keepme"` {
					t.Fatalf("the re-add sent %+v: the unknown field is gone", sent)
				}
			})
		})
	}
}
