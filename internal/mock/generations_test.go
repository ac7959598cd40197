package mock_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

const current = mock.CurrentPath

func startWith(t *testing.T, opts mock.Options) (*mock.Server, *httptest.Server) {
	t.Helper()
	m := mock.New(opts)
	ts := httptest.NewServer(m)
	t.Cleanup(ts.Close)
	return m, ts
}

func bearer(tok string) reqOpt {
	return func(r *http.Request) {
		noAuth(r)
		r.Header.Set("Authorization", "Bearer "+tok)
	}
}

// wantError checks an error answer in the current generation's shape:
// {"error": {"code", "message"}}, no "status".
func wantCurrentError(t *testing.T, r result, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("HTTP %d, want %d; body %s", r.Status, status, r.Raw)
	}
	e, ok := r.JSON["error"].(map[string]any)
	if !ok || e["message"] == "" || e["code"] == "" {
		t.Fatalf("body %s, want {\"error\":{\"code\",\"message\"}}", r.Raw)
	}
}

// The current path: nine types, every type takes objects (contact_created too),
// sendblue_numbers on receive only and E.164, list without "status".
func TestCurrentGeneration(t *testing.T) {
	m, ts := start(t)
	for _, typ := range []string{"typing_indicator", "inbound_call", "contact_profile", "contact_created"} {
		r := call(t, ts, "POST", current, `{"type":"`+typ+`","webhooks":[{"url":"https://a.example/`+typ+`","secret":"s-`+typ+`"}]}`)
		if r.Status != http.StatusOK {
			t.Fatalf("POST %s: %d %s", typ, r.Status, r.Raw)
		}
	}
	r := call(t, ts, "POST", current, `{"webhooks":[{"url":"https://r.example/","sendblue_numbers":["+15551230000","+447700900123"]}]}`)
	if r.Status != http.StatusOK {
		t.Fatalf("POST receive with numbers: %d %s", r.Status, r.Raw)
	}
	got := call(t, ts, "GET", current, "")
	if got.Status != http.StatusOK || got.JSON["status"] != nil {
		t.Fatalf("GET: %d %s, want 200 without status", got.Status, got.Raw)
	}
	wantJSON(t, got.webhooks(t), `{
		"receive":[{"url":"https://r.example/","sendblue_numbers":["+15551230000","+447700900123"]}],
		"contact_created":[{"url":"https://a.example/contact_created","secret":"s-contact_created"}],
		"typing_indicator":[{"url":"https://a.example/typing_indicator","secret":"s-typing_indicator"}],
		"inbound_call":[{"url":"https://a.example/inbound_call","secret":"s-inbound_call"}],
		"contact_profile":[{"url":"https://a.example/contact_profile","secret":"s-contact_profile"}]}`)
	// v2 lists the same account as v2 documents it: contact_created as a string,
	// no sendblue_numbers.
	v2 := call(t, ts, "GET", path, "")
	v2.want(t, http.StatusOK, "OK")
	w := v2.webhooks(t)
	wantJSON(t, w["contact_created"], `["https://a.example/contact_created"]`)
	wantJSON(t, w["receive"], `["https://r.example/"]`)
	if m.Count("typing_indicator", "https://a.example/typing_indicator") != 1 {
		t.Fatalf("state %+v", m.State())
	}

	for name, body := range map[string]string{
		"numbers on call_log": `{"type":"call_log","webhooks":[{"url":"https://a.example/","sendblue_numbers":["+15551230000"]}]}`,
		"number not E.164":    `{"webhooks":[{"url":"https://a.example/","sendblue_numbers":["5551230000"]}]}`,
		"unknown type":        `{"type":"future","webhooks":["https://a.example/"]}`,
	} {
		wantCurrentError(t, call(t, ts, "POST", current, body), http.StatusBadRequest)
		_ = name
	}
	// v2 keeps its own rules.
	for _, body := range []string{
		`{"type":"typing_indicator","webhooks":["https://a.example/"]}`,
		`{"type":"contact_created","webhooks":[{"url":"https://a.example/","secret":"x"}]}`,
		`{"webhooks":[{"url":"https://a.example/","sendblue_numbers":["+15551230000"]}]}`,
	} {
		call(t, ts, "POST", path, body).want(t, http.StatusBadRequest, "ERROR")
	}
	// DELETE with a JSON body, a newer type.
	r = call(t, ts, "DELETE", current, `{"type":"inbound_call","webhooks":["https://a.example/inbound_call"]}`)
	if r.Status != http.StatusOK || m.Count("inbound_call", "https://a.example/inbound_call") != 0 {
		t.Fatalf("DELETE: %d %s", r.Status, r.Raw)
	}
}

// Only serves one generation: the other path is a 404.
func TestOnlyOneGeneration(t *testing.T) {
	_, cur := startWith(t, mock.Options{Only: "current"})
	call(t, cur, "GET", path, "").want(t, http.StatusNotFound, "ERROR")
	if r := call(t, cur, "GET", current, ""); r.Status != http.StatusOK {
		t.Fatalf("current-only GET current: %d", r.Status)
	}
	_, v2 := startWith(t, mock.Options{Only: "v2"})
	call(t, v2, "GET", current, "").want(t, http.StatusNotFound, "ERROR")
	call(t, v2, "GET", path, "").want(t, http.StatusOK, "OK")
}

// Keys the mock does not model, seeded by a test, are listed as they are,
// kept by a PUT that sends them back and gone after one that does not; the
// legacy secret likewise.
func TestUnmodelledKeys(t *testing.T) {
	m, ts := start(t)
	m.SetState(mock.State{
		Webhooks:     map[string][]mock.Entry{"receive": {{URL: "https://r.example/"}}},
		LegacySecret: "legacy",
		Extra:        map[string]json.RawMessage{"future_type": json.RawMessage(`[{"url":"https://f.example/","secret":"fs"}]`)},
	})
	got := call(t, ts, "GET", current, "")
	body := got.webhooks(t)
	wantJSON(t, body, `{"receive":["https://r.example/"],"secret":"legacy","future_type":[{"url":"https://f.example/","secret":"fs"}]}`)
	back, _ := json.Marshal(map[string]any{"webhooks": body})
	if r := call(t, ts, "PUT", current, string(back)); r.Status != http.StatusOK {
		t.Fatalf("PUT back: %d %s", r.Status, r.Raw)
	}
	if st := m.State(); st.LegacySecret != "legacy" || len(st.Extra) != 1 {
		t.Fatalf("after PUT back: %+v", st)
	}
	if r := call(t, ts, "PUT", current, `{"webhooks":{}}`); r.Status != http.StatusOK {
		t.Fatalf("PUT empty: %d %s", r.Status, r.Raw)
	}
	if st := m.State(); st.LegacySecret != "" || st.Extra != nil {
		t.Fatalf("after PUT without them: %+v", st)
	}
}

// Bearer tokens: an account token may do everything; a line-scoped one only
// receive webhooks of its lines (403 otherwise), and URL strings it adds are
// scoped to its lines.
func TestBearerTokens(t *testing.T) {
	m, ts := startWith(t, mock.Options{AccessTokens: []string{"acct"}, LineTokens: map[string][]string{"line": {"+15551230000"}}})
	m.SetState(mock.State{Webhooks: map[string][]mock.Entry{"outbound": {{URL: "https://o.example/"}}}})
	if r := call(t, ts, "GET", current, "", bearer("acct")); r.Status != http.StatusOK {
		t.Fatalf("account token: %d", r.Status)
	}
	wantCurrentError(t, call(t, ts, "GET", current, "", bearer("nope")), http.StatusUnauthorized)
	if r := call(t, ts, "POST", current, `{"type":"receive","webhooks":["https://r.example/"]}`, bearer("line")); r.Status != http.StatusOK {
		t.Fatalf("line token add: %d %s", r.Status, r.Raw)
	}
	want := []mock.Entry{{URL: "https://r.example/", SendblueNumbers: []string{"+15551230000"}}}
	if got := m.State().Webhooks["receive"]; !reflect.DeepEqual(got, want) {
		t.Fatalf("receive = %+v, want %+v", got, want)
	}
	got := call(t, ts, "GET", current, "", bearer("line"))
	wantJSON(t, got.webhooks(t), `{"receive":[{"url":"https://r.example/","sendblue_numbers":["+15551230000"]}]}`)
	wantCurrentError(t, call(t, ts, "POST", current, `{"type":"outbound","webhooks":["https://x.example/"]}`, bearer("line")), http.StatusForbidden)
	wantCurrentError(t, call(t, ts, "PUT", current, `{"webhooks":{}}`, bearer("line")), http.StatusForbidden)
	wantCurrentError(t, call(t, ts, "DELETE", current, `{"type":"outbound","webhooks":["https://o.example/"]}`, bearer("line")), http.StatusForbidden)
	if m.Total() != 2 {
		t.Fatalf("refused requests changed the account: %+v", m.State())
	}
}
