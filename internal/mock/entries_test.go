package mock_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

func TestEntryFieldsAreKept(t *testing.T) {
	m, ts := start(t)
	m.SetState(mock.State{Webhooks: map[string][]mock.Entry{"receive": {{
		URL: "https://a.example/r2", Secret: "s2", SendblueNumbers: []string{"+15551234567"},
		Extra: map[string]json.RawMessage{"extra": json.RawMessage(`"keepme"`)},
	}}}})
	ok := func(r result) {
		t.Helper()
		if r.Status != http.StatusOK {
			t.Fatalf("HTTP status = %d; body %s", r.Status, r.Raw)
		}
	}
	got := call(t, ts, http.MethodGet, mock.CurrentPath, "")
	ok(got)
	wantJSON(t, got.webhooks(t)["receive"], `[{"url":"https://a.example/r2","secret":"s2","sendblue_numbers":["+15551234567"],"extra":"keepme"}]`)

	// A field an entry of the account carries is accepted in a request and kept.
	ok(call(t, ts, http.MethodPost, mock.CurrentPath, `{"type":"receive","webhooks":[{"url":"https://a.example/r3","extra":"also"}]}`))
	ok(call(t, ts, http.MethodPut, mock.CurrentPath, `{"webhooks":{"receive":[{"url":"https://a.example/r2","extra":"put"},"https://a.example/r4"]}}`))
	es := m.State().Webhooks["receive"]
	if len(es) != 2 || string(es[0].Extra["extra"]) != `"put"` || es[1].Extra != nil {
		t.Fatalf("receive = %+v", es)
	}
	// Any other unknown field is still refused, so a misspelt key fails loudly.
	r := call(t, ts, http.MethodPost, mock.CurrentPath, `{"type":"receive","webhooks":[{"url":"https://a.example/r5","secrets":"x"}]}`)
	if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Raw), "secrets") {
		t.Fatalf("a misspelt field was accepted: %d %s", r.Status, r.Raw)
	}
}
