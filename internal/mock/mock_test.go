package mock_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

const path = "/api/v2/account/webhooks"

// The tests speak plain HTTP and JSON, written from the API description, so they
// check the wire format rather than any client's idea of it.

type result struct {
	Status int
	Header http.Header
	Raw    []byte
	JSON   map[string]any // nil when the body is not a JSON object
}

type reqOpt func(*http.Request)

func noAuth(r *http.Request) {
	r.Header.Del("sb-api-key-id")
	r.Header.Del("sb-api-secret-key")
}

func header(k, v string) reqOpt { return func(r *http.Request) { r.Header.Set(k, v) } }

func withoutHeader(k string) reqOpt { return func(r *http.Request) { r.Header.Del(k) } }

func start(t *testing.T) (*mock.Server, *httptest.Server) {
	t.Helper()
	m := mock.New(mock.Options{})
	ts := httptest.NewServer(m)
	t.Cleanup(ts.Close)
	return m, ts
}

func newRequest(t *testing.T, ctx context.Context, ts *httptest.Server, method, p, body string, opts ...reqOpt) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, ts.URL+p, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("sb-api-key-id", mock.DefaultAPIKey)
	req.Header.Set("sb-api-secret-key", mock.DefaultAPISecret)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, o := range opts {
		o(req)
	}
	return req
}

func call(t *testing.T, ts *httptest.Server, method, p, body string, opts ...reqOpt) result {
	t.Helper()
	resp, err := ts.Client().Do(newRequest(t, context.Background(), ts, method, p, body, opts...))
	if err != nil {
		t.Fatalf("%s %s: %v", method, p, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	res := result{Status: resp.StatusCode, Header: resp.Header, Raw: raw}
	var m map[string]any
	if json.Unmarshal(raw, &m) == nil {
		res.JSON = m
	}
	return res
}

func (r result) want(t *testing.T, status int, apiStatus string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("HTTP status = %d, want %d; body %s", r.Status, status, r.Raw)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if r.JSON == nil {
		t.Fatalf("body is not a JSON object: %s", r.Raw)
	}
	if got := r.JSON["status"]; got != apiStatus {
		t.Fatalf("status = %v, want %q; body %s", got, apiStatus, r.Raw)
	}
	if apiStatus == "ERROR" {
		if msg, _ := r.JSON["message"].(string); msg == "" {
			t.Errorf("ERROR body without message: %s", r.Raw)
		}
	}
}

// webhooks returns the "webhooks" object of a response, re-encoded for comparison.
func (r result) webhooks(t *testing.T) map[string]any {
	t.Helper()
	w, ok := r.JSON["webhooks"].(map[string]any)
	if !ok {
		t.Fatalf("no webhooks object in %s", r.Raw)
	}
	return w
}

// jsonValue decodes a JSON literal for comparison with decoded responses.
func jsonValue(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
	return v
}

func wantJSON(t *testing.T, got any, want string) {
	t.Helper()
	if w := jsonValue(t, want); !reflect.DeepEqual(got, w) {
		g, _ := json.Marshal(got)
		t.Fatalf("got %s\nwant %s", g, want)
	}
}

func TestAuth(t *testing.T) {
	cases := map[string][]reqOpt{
		"no headers":     {noAuth},
		"no key id":      {withoutHeader("sb-api-key-id")},
		"no secret":      {withoutHeader("sb-api-secret-key")},
		"wrong secret":   {header("sb-api-secret-key", "presented-wrong-secret")},
		"wrong key":      {header("sb-api-key-id", "other-key")},
		"swapped values": {header("sb-api-key-id", mock.DefaultAPISecret), header("sb-api-secret-key", mock.DefaultAPIKey)},
	}
	for name, opts := range cases {
		t.Run(name, func(t *testing.T) {
			m, ts := start(t)
			m.AddWebhook("receive", "https://keep.example/hook", "")
			for _, method := range []string{"GET", "POST", "PUT", "DELETE"} {
				body := ""
				switch method {
				case "POST":
					body = `{"webhooks":["https://new.example/hook"]}`
				case "PUT":
					body = `{"webhooks":{}}`
				case "DELETE":
					body = `{"webhooks":["https://keep.example/hook"]}`
				}
				r := call(t, ts, method, path, body, opts...)
				r.want(t, http.StatusUnauthorized, "ERROR")
				if bytes.Contains(r.Raw, []byte("presented-wrong-secret")) || bytes.Contains(r.Raw, []byte(mock.DefaultAPISecret)) {
					t.Errorf("%s: 401 body echoes a secret: %s", method, r.Raw)
				}
			}
			st := m.State()
			if m.Total() != 1 || m.Count("receive", "https://keep.example/hook") != 1 || st.GlobalSecret != "" {
				t.Fatalf("state changed by unauthorised requests: %+v", st)
			}
			if got := m.Requests(); got["GET"] != 1 || got["POST"] != 1 || got["PUT"] != 1 || got["DELETE"] != 1 {
				t.Errorf("unauthorised requests not counted: %v", got)
			}
		})
	}
}

func TestCustomCredentials(t *testing.T) {
	m := mock.New(mock.Options{APIKey: "k1", APISecret: "s1"})
	ts := httptest.NewServer(m)
	defer ts.Close()
	call(t, ts, "GET", path, "").want(t, http.StatusUnauthorized, "ERROR")
	call(t, ts, "GET", path, "", header("sb-api-key-id", "k1"), header("sb-api-secret-key", "s1")).want(t, http.StatusOK, "OK")
}

func TestListEmpty(t *testing.T) {
	_, ts := start(t)
	r := call(t, ts, "GET", path, "")
	r.want(t, http.StatusOK, "OK")
	wantJSON(t, r.webhooks(t), `{}`)
}

func TestAddDefaultTypeStringAndObject(t *testing.T) {
	m, ts := start(t)
	r := call(t, ts, "POST", path, `{"webhooks":["https://a.example/hook",{"url":"https://b.example/hook","secret":"s1"},{"url":"https://c.example/hook?x=1&y=2"}]}`)
	r.want(t, http.StatusOK, "OK")
	if r.JSON["message"] != "Webhooks added" {
		t.Errorf("message = %v", r.JSON["message"])
	}
	want := `{"receive":["https://a.example/hook",{"url":"https://b.example/hook","secret":"s1"},"https://c.example/hook?x=1&y=2"]}`
	wantJSON(t, r.webhooks(t), want)
	if !bytes.Contains(r.Raw, []byte("x=1&y=2")) {
		t.Errorf("URL not sent back as given (HTML-escaped?): %s", r.Raw)
	}

	got := m.State()
	wantState := map[string][]mock.Entry{"receive": {
		{URL: "https://a.example/hook"},
		{URL: "https://b.example/hook", Secret: "s1"},
		{URL: "https://c.example/hook?x=1&y=2"},
	}}
	if !reflect.DeepEqual(got.Webhooks, wantState) {
		t.Fatalf("state = %+v, want %+v", got.Webhooks, wantState)
	}

	g := call(t, ts, "GET", path, "")
	g.want(t, http.StatusOK, "OK")
	wantJSON(t, g.webhooks(t), want)
}

func TestAddOtherTypes(t *testing.T) {
	m, ts := start(t)
	call(t, ts, "POST", path, `{"type":"call_log","webhooks":[{"url":"https://a.example/calls","secret":"cs"}]}`).want(t, http.StatusOK, "OK")
	r := call(t, ts, "POST", path, `{"type":"contact_created","webhooks":["https://a.example/contacts"]}`)
	r.want(t, http.StatusOK, "OK")
	wantJSON(t, r.webhooks(t), `{"call_log":[{"url":"https://a.example/calls","secret":"cs"}],"contact_created":["https://a.example/contacts"]}`)
	if m.Count("call_log", "https://a.example/calls") != 1 || m.Count("receive", "https://a.example/calls") != 0 {
		t.Fatalf("call_log entry in the wrong place: %+v", m.State())
	}
	for _, typ := range []string{"receive", "line_blocked", "line_assigned", "outbound"} {
		call(t, ts, "POST", path, `{"type":"`+typ+`","webhooks":["https://x.example/`+typ+`"]}`).want(t, http.StatusOK, "OK")
		if m.Count(typ, "https://x.example/"+typ) != 1 {
			t.Errorf("type %s not added", typ)
		}
	}
	// An empty type string counts as absent: receive.
	call(t, ts, "POST", path, `{"type":"","webhooks":["https://empty-type.example/"]}`).want(t, http.StatusOK, "OK")
	if m.Count("receive", "https://empty-type.example/") != 1 {
		t.Errorf("empty type did not default to receive")
	}
}

func TestAddRejects(t *testing.T) {
	cases := []struct{ name, body, contentType string }{
		{"contact_created object", `{"type":"contact_created","webhooks":[{"url":"https://a.example/","secret":"topsecret"}]}`, ""},
		{"http URL", `{"webhooks":["http://a.example/hook"]}`, ""},
		{"http URL in object", `{"webhooks":[{"url":"http://a.example/hook","secret":"topsecret"}]}`, ""},
		{"one bad among good", `{"webhooks":["https://ok.example/","ftp://a.example/"]}`, ""},
		{"no host", `{"webhooks":["https:///hook"]}`, ""},
		{"scheme only", `{"webhooks":["https://"]}`, ""},
		{"opaque", `{"webhooks":["https:a.example/hook"]}`, ""},
		{"port only", `{"webhooks":["https://:443/hook"]}`, ""},
		{"relative", `{"webhooks":["/hook"]}`, ""},
		{"empty URL", `{"webhooks":[""]}`, ""},
		{"unknown type", `{"type":"inbound","webhooks":["https://a.example/"]}`, ""},
		{"type not a string", `{"type":1,"webhooks":["https://a.example/"]}`, ""},
		{"missing webhooks", `{"type":"receive"}`, ""},
		{"null webhooks", `{"webhooks":null}`, ""},
		{"empty webhooks", `{"webhooks":[]}`, ""},
		{"webhooks not an array", `{"webhooks":"https://a.example/"}`, ""},
		{"entry a number", `{"webhooks":[42]}`, ""},
		{"entry null", `{"webhooks":[null]}`, ""},
		{"object without url", `{"webhooks":[{"secret":"topsecret"}]}`, ""},
		{"object unknown key", `{"webhooks":[{"url":"https://a.example/","secret":"topsecret","sekret":"x"}]}`, ""},
		{"globalSecret not a string", `{"webhooks":["https://a.example/"],"globalSecret":12345}`, ""},
		{"unknown top-level key", `{"webhooks":["https://a.example/"],"global_secret":"topsecret"}`, ""},
		{"malformed JSON", `{"webhooks":["https://a.example/"`, ""},
		{"not JSON", `webhooks=https://a.example/`, ""},
		{"array body", `["https://a.example/"]`, ""},
		{"trailing data", `{"webhooks":["https://a.example/"]} {}`, ""},
		{"wrong content type", `{"webhooks":["https://a.example/"]}`, "text/plain"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, ts := start(t)
			var opts []reqOpt
			if c.contentType != "" {
				opts = append(opts, header("Content-Type", c.contentType))
			}
			r := call(t, ts, "POST", path, c.body, opts...)
			r.want(t, http.StatusBadRequest, "ERROR")
			if bytes.Contains(r.Raw, []byte("topsecret")) || bytes.Contains(r.Raw, []byte("12345")) {
				t.Errorf("error echoes a secret: %s", r.Raw)
			}
			if st := m.State(); m.Total() != 0 || st.GlobalSecret != "" {
				t.Fatalf("rejected request changed state: %+v", st)
			}
		})
	}
	t.Run("no body", func(t *testing.T) {
		m, ts := start(t)
		call(t, ts, "POST", path, "", header("Content-Type", "application/json")).want(t, http.StatusBadRequest, "ERROR")
		if m.Total() != 0 {
			t.Fatal("state changed")
		}
	})
}

func TestAddAppendsDuplicates(t *testing.T) {
	m, ts := start(t)
	call(t, ts, "POST", path, `{"webhooks":["https://a.example/hook"]}`).want(t, http.StatusOK, "OK")
	r := call(t, ts, "POST", path, `{"webhooks":[{"url":"https://a.example/hook","secret":"s2"}]}`)
	r.want(t, http.StatusOK, "OK")
	wantJSON(t, r.webhooks(t), `{"receive":["https://a.example/hook",{"url":"https://a.example/hook","secret":"s2"}]}`)
	if n := m.Count("receive", "https://a.example/hook"); n != 2 {
		t.Fatalf("Count = %d, want 2 (duplicate appended)", n)
	}
	if m.Total() != 2 {
		t.Fatalf("Total = %d, want 2", m.Total())
	}
}

func TestGlobalSecretByPost(t *testing.T) {
	m, ts := start(t)
	r := call(t, ts, "POST", path, `{"webhooks":["https://a.example/"],"globalSecret":"g1"}`)
	r.want(t, http.StatusOK, "OK")
	if r.webhooks(t)["globalSecret"] != "g1" {
		t.Errorf("response lacks globalSecret: %s", r.Raw)
	}
	if m.State().GlobalSecret != "g1" {
		t.Fatalf("GlobalSecret = %q", m.State().GlobalSecret)
	}
	// Absent or empty globalSecret leaves it as it is.
	call(t, ts, "POST", path, `{"webhooks":["https://b.example/"]}`).want(t, http.StatusOK, "OK")
	call(t, ts, "POST", path, `{"webhooks":["https://c.example/"],"globalSecret":""}`).want(t, http.StatusOK, "OK")
	g := call(t, ts, "GET", path, "")
	wantJSON(t, g.webhooks(t), `{"receive":["https://a.example/","https://b.example/","https://c.example/"],"globalSecret":"g1"}`)
}

func TestGetShowsLegacySecretAndContactCreatedAsStrings(t *testing.T) {
	m, ts := start(t)
	m.SetState(mock.State{
		Webhooks: map[string][]mock.Entry{
			"contact_created": {{URL: "https://c.example/", Secret: "never-shown"}},
			"outbound":        {{URL: "https://o.example/", Secret: "os"}},
			"line_blocked":    {},
		},
		GlobalSecret: "g",
		LegacySecret: "legacy",
	})
	r := call(t, ts, "GET", path, "")
	r.want(t, http.StatusOK, "OK")
	wantJSON(t, r.webhooks(t), `{"contact_created":["https://c.example/"],"outbound":[{"url":"https://o.example/","secret":"os"}],"globalSecret":"g","secret":"legacy"}`)
}

func TestDeleteByTypeOnly(t *testing.T) {
	m, ts := start(t)
	const u = "https://a.example/hook"
	m.AddWebhook("receive", u, "")
	m.AddWebhook("receive", u, "dup")
	m.AddWebhook("receive", "https://other.example/", "")
	m.AddWebhook("call_log", u, "")
	r := call(t, ts, "DELETE", path, `{"webhooks":["`+u+`"],"type":"receive"}`)
	r.want(t, http.StatusOK, "OK")
	if r.JSON["message"] != "Webhooks deleted" {
		t.Errorf("message = %v", r.JSON["message"])
	}
	if _, ok := r.JSON["webhooks"]; ok {
		t.Errorf("DELETE answer carries webhooks: %s", r.Raw)
	}
	if m.Count("receive", u) != 0 {
		t.Errorf("receive entries with the URL not all removed")
	}
	if m.Count("call_log", u) != 1 || m.Count("receive", "https://other.example/") != 1 || m.Total() != 2 {
		t.Fatalf("DELETE removed too much: %+v", m.State())
	}
}

func TestDeleteDefaultTypeIsReceive(t *testing.T) {
	m, ts := start(t)
	const u = "https://a.example/hook"
	m.AddWebhook("receive", u, "")
	m.AddWebhook("outbound", u, "")
	call(t, ts, "DELETE", path, `{"webhooks":["`+u+`","https://absent.example/"]}`).want(t, http.StatusOK, "OK")
	if m.Count("receive", u) != 0 || m.Count("outbound", u) != 1 {
		t.Fatalf("state = %+v, want only the receive entry removed", m.State())
	}
	// The emptied type disappears from the listing.
	wantJSON(t, call(t, ts, "GET", path, "").webhooks(t), `{"outbound":["`+u+`"]}`)
}

func TestDeleteRejects(t *testing.T) {
	cases := map[string]string{
		"object entry":   `{"webhooks":[{"url":"https://a.example/hook"}]}`,
		"unknown type":   `{"webhooks":["https://a.example/hook"],"type":"all"}`,
		"missing list":   `{"type":"receive"}`,
		"empty list":     `{"webhooks":[]}`,
		"not an array":   `{"webhooks":"https://a.example/hook"}`,
		"unknown key":    `{"webhooks":["https://a.example/hook"],"types":["receive"]}`,
		"malformed JSON": `{"webhooks":[`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			m, ts := start(t)
			m.AddWebhook("receive", "https://a.example/hook", "")
			call(t, ts, "DELETE", path, body).want(t, http.StatusBadRequest, "ERROR")
			if m.Total() != 1 {
				t.Fatal("rejected DELETE changed state")
			}
		})
	}
}

func TestPutReplacesAll(t *testing.T) {
	m, ts := start(t)
	m.SetState(mock.State{
		Webhooks: map[string][]mock.Entry{
			"receive":  {{URL: "https://old.example/r"}},
			"call_log": {{URL: "https://old.example/c", Secret: "x"}},
		},
		GlobalSecret: "old-global",
		LegacySecret: "legacy",
	})
	r := call(t, ts, "PUT", path, `{"webhooks":{"outbound":["https://new.example/o",{"url":"https://new.example/o2","secret":"s"}],"contact_created":["https://new.example/c"],"line_blocked":[],"receive":null,"secret":"ignored"}}`)
	r.want(t, http.StatusOK, "OK")
	wantJSON(t, r.webhooks(t), `{"outbound":["https://new.example/o",{"url":"https://new.example/o2","secret":"s"}],"contact_created":["https://new.example/c"],"secret":"ignored"}`)
	st := m.State()
	want := mock.State{
		Webhooks: map[string][]mock.Entry{
			"outbound":        {{URL: "https://new.example/o"}, {URL: "https://new.example/o2", Secret: "s"}},
			"contact_created": {{URL: "https://new.example/c"}},
		},
		GlobalSecret: "",
		LegacySecret: "ignored", // the body's legacy secret is what the account holds now
	}
	if !reflect.DeepEqual(st, want) {
		t.Fatalf("state = %+v\nwant %+v", st, want)
	}

	call(t, ts, "PUT", path, `{"webhooks":{"globalSecret":"new-global"}}`).want(t, http.StatusOK, "OK")
	if st := m.State(); st.GlobalSecret != "new-global" || m.Total() != 0 {
		t.Fatalf("PUT with only globalSecret: %+v", st)
	}
}

func TestPutRejects(t *testing.T) {
	cases := map[string]string{
		"contact_created object": `{"webhooks":{"contact_created":[{"url":"https://a.example/"}]}}`,
		"http URL":               `{"webhooks":{"receive":["http://a.example/"]}}`,
		"host-less URL":          `{"webhooks":{"call_log":[{"url":"https://","secret":"topsecret"}]}}`,
		"numbers on v2":          `{"webhooks":{"receive":[{"url":"https://a.example/","sendblue_numbers":["+15551230000"]}]}}`,
		"list not an array":      `{"webhooks":{"receive":"https://a.example/"}}`,
		"globalSecret a number":  `{"webhooks":{"globalSecret":12345}}`,
		"config an array":        `{"webhooks":["https://a.example/"]}`,
		"missing webhooks":       `{}`,
		"null webhooks":          `{"webhooks":null}`,
		"extra top-level key":    `{"webhooks":{},"type":"receive"}`,
		"malformed":              `{"webhooks":{"receive":[}}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			m, ts := start(t)
			before := mock.State{Webhooks: map[string][]mock.Entry{"receive": {{URL: "https://keep.example/"}}}, GlobalSecret: "g"}
			m.SetState(before)
			r := call(t, ts, "PUT", path, body)
			r.want(t, http.StatusBadRequest, "ERROR")
			if bytes.Contains(r.Raw, []byte("topsecret")) || bytes.Contains(r.Raw, []byte("12345")) {
				t.Errorf("error echoes a secret: %s", r.Raw)
			}
			if !reflect.DeepEqual(m.State(), before) {
				t.Fatalf("rejected PUT changed state: %+v", m.State())
			}
		})
	}
}

func TestNotFoundAndMethodNotAllowed(t *testing.T) {
	m, ts := start(t)
	for _, p := range []string{"/", "/api/v2/account/webhooks/", "/api/account/webhooks/", "/api/v2/account/webhook"} {
		call(t, ts, "GET", p, "").want(t, http.StatusNotFound, "ERROR")
	}
	r := call(t, ts, "PATCH", path, `{"webhooks":[]}`)
	r.want(t, http.StatusMethodNotAllowed, "ERROR")
	if r.Header.Get("Allow") == "" {
		t.Error("405 without Allow header")
	}
	if got := m.Requests(); !reflect.DeepEqual(got, map[string]int{"PATCH": 1}) {
		t.Errorf("Requests = %v, want only the PATCH on the webhooks path", got)
	}
}

func TestCounters(t *testing.T) {
	m, ts := start(t)
	call(t, ts, "GET", path, "")
	call(t, ts, "GET", path, "")
	call(t, ts, "POST", path, `{"webhooks":["https://a.example/"]}`)
	call(t, ts, "POST", path, `{"webhooks":["http://bad.example/"]}`) // 400 still counts
	call(t, ts, "PUT", path, `{"webhooks":{}}`)
	call(t, ts, "DELETE", path, `{"webhooks":["https://a.example/"]}`)
	call(t, ts, "GET", "/_mock/stats", "") // admin: not counted
	call(t, ts, "GET", "/nowhere", "")     // other path: not counted
	want := map[string]int{"GET": 2, "POST": 2, "PUT": 1, "DELETE": 1}
	if got := m.Requests(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Requests = %v, want %v", got, want)
	}
	if got := m.MutatingRequests(); got != 4 {
		t.Fatalf("MutatingRequests = %d, want 4", got)
	}
	// Requests returns a copy.
	m.Requests()["GET"] = 100
	if m.Requests()["GET"] != 2 {
		t.Fatal("Requests exposes internal map")
	}
	m.ResetCounters()
	if len(m.Requests()) != 0 || m.MutatingRequests() != 0 {
		t.Fatalf("after reset: %v", m.Requests())
	}
}

func TestFailNextStatusAndHeaders(t *testing.T) {
	m, ts := start(t)
	m.FailNext(2, mock.Fault{Methods: []string{"post"}, Status: 503, RetryAfter: "1", RetryAfterMs: "1000"})

	call(t, ts, "GET", path, "").want(t, http.StatusOK, "OK") // not a POST: untouched
	for i := 0; i < 2; i++ {
		r := call(t, ts, "POST", path, `{"webhooks":["https://a.example/"]}`)
		r.want(t, http.StatusServiceUnavailable, "ERROR")
		if r.Header.Get("Retry-After") != "1" || r.Header.Get("retry-after-ms") != "1000" {
			t.Errorf("headers = %v", r.Header)
		}
		if r.JSON["message"] != "injected fault" {
			t.Errorf("default body = %s", r.Raw)
		}
	}
	if m.Total() != 0 {
		t.Fatal("faulted POST was applied")
	}
	call(t, ts, "POST", path, `{"webhooks":["https://a.example/"]}`).want(t, http.StatusOK, "OK")
	if m.Total() != 1 {
		t.Fatal("POST after the faults not applied")
	}
	if m.Requests()["POST"] != 3 {
		t.Errorf("faulted requests not counted: %v", m.Requests())
	}
}

func TestFailNextQueueOrderAndBody(t *testing.T) {
	m, ts := start(t)
	m.FailNext(1, mock.Fault{Status: 500})
	m.FailNext(1, mock.Fault{Status: 429, Body: "<html>slow down</html>", ContentType: "text/html"})
	m.FailNext(1, mock.Fault{Methods: []string{"DELETE"}, Status: 409})
	m.FailNext(0, mock.Fault{Status: 418}) // n <= 0 queues nothing

	if r := call(t, ts, "GET", path, ""); r.Status != 500 {
		t.Fatalf("first = %d, want 500", r.Status)
	}
	r := call(t, ts, "GET", path, "")
	if r.Status != 429 || string(r.Raw) != "<html>slow down</html>" || r.Header.Get("Content-Type") != "text/html" {
		t.Fatalf("second = %d %q %q", r.Status, r.Header.Get("Content-Type"), r.Raw)
	}
	call(t, ts, "GET", path, "").want(t, http.StatusOK, "OK") // the DELETE fault does not match
	if r := call(t, ts, "DELETE", path, `{"webhooks":["https://a.example/"]}`); r.Status != 409 {
		t.Fatalf("DELETE = %d, want 409", r.Status)
	}
	call(t, ts, "DELETE", path, `{"webhooks":["https://a.example/"]}`).want(t, http.StatusOK, "OK")
}

func TestFaultsOnlyAfterAuth(t *testing.T) {
	m, ts := start(t)
	m.FailNext(1, mock.Fault{Status: 500})
	call(t, ts, "GET", path, "", noAuth).want(t, http.StatusUnauthorized, "ERROR")
	if r := call(t, ts, "GET", path, ""); r.Status != 500 {
		t.Fatalf("fault used up by an unauthenticated request: %d", r.Status)
	}
}

func TestApplyFault(t *testing.T) {
	m, ts := start(t)
	m.FailNext(1, mock.Fault{Methods: []string{"POST"}, Apply: true, Status: 502})
	r := call(t, ts, "POST", path, `{"webhooks":["https://a.example/"]}`)
	r.want(t, http.StatusBadGateway, "ERROR")
	if m.Count("receive", "https://a.example/") != 1 {
		t.Fatal("Apply fault did not apply the request")
	}
	// Apply alone defaults to 502.
	m.FailNext(1, mock.Fault{Apply: true})
	if r := call(t, ts, "DELETE", path, `{"webhooks":["https://a.example/"]}`); r.Status != 502 {
		t.Fatalf("status = %d, want 502", r.Status)
	}
	if m.Total() != 0 {
		t.Fatal("Apply fault on DELETE did not apply")
	}
}

func TestErrorInOK(t *testing.T) {
	m, ts := start(t)
	m.FailNext(1, mock.Fault{ErrorInOK: true})
	r := call(t, ts, "POST", path, `{"webhooks":["https://a.example/"]}`)
	r.want(t, http.StatusOK, "ERROR")
	if r.JSON["message"] != "injected error" {
		t.Errorf("body = %s", r.Raw)
	}
	if m.Total() != 0 {
		t.Fatal("ErrorInOK without Apply changed state")
	}
}

func TestResetConn(t *testing.T) {
	m, ts := start(t)
	m.FailNext(1, mock.Fault{ResetConn: true})
	m.FailNext(1, mock.Fault{ResetConn: true, Apply: true})
	// POST is not replayable, so the transport reports the reset instead of retrying.
	for i, wantTotal := range []int{0, 1} {
		req := newRequest(t, context.Background(), ts, "POST", path, `{"webhooks":["https://a.example/"]}`)
		resp, err := ts.Client().Do(req)
		if err == nil {
			resp.Body.Close()
			t.Fatalf("request %d: got HTTP %d, want a connection error", i, resp.StatusCode)
		}
		if got := m.Total(); got != wantTotal {
			t.Fatalf("request %d: Total = %d, want %d", i, got, wantTotal)
		}
	}
	call(t, ts, "GET", path, "").want(t, http.StatusOK, "OK")
}

func TestTruncate(t *testing.T) {
	m, ts := start(t)
	m.FailNext(1, mock.Fault{Truncate: true})
	r := call(t, ts, "GET", path, "")
	if r.Status != 200 {
		t.Fatalf("status = %d", r.Status)
	}
	var v any
	if err := json.Unmarshal(r.Raw, &v); err == nil {
		t.Fatalf("truncated body decodes: %s", r.Raw)
	}
	if !bytes.HasPrefix(r.Raw, []byte(`{"status":"OK"`)) {
		t.Errorf("body = %s", r.Raw)
	}
}

// Hang never answers; the handler ends when the client gives up, so the
// server can close.
func TestHangFault(t *testing.T) {
	m, ts := start(t)
	m.FailNext(1, mock.HangFault())
	ctx, cancel := context.WithCancel(context.Background())
	answered := make(chan error, 1)
	go func() {
		resp, err := ts.Client().Do(newRequest(t, ctx, ts, "GET", path, ""))
		if err == nil {
			resp.Body.Close()
		}
		answered <- err
	}()
	// The request is under way once the mock has counted it.
	for m.Requests()["GET"] == 0 {
		runtime.Gosched()
	}
	select {
	case err := <-answered:
		t.Fatalf("a hung request ended by itself: %v", err)
	default:
	}
	cancel()
	if err := <-answered; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want canceled", err)
	}
	ts.Close() // returns only once the hung handler has ended
}

func TestReadyMadeFaults(t *testing.T) {
	m, ts := start(t)
	m.FailNext(1, mock.RateLimitFault("3600"))
	r := call(t, ts, "GET", path, "")
	r.want(t, http.StatusTooManyRequests, "ERROR")
	if got := r.Header.Get("Retry-After"); got != "3600" {
		t.Errorf("Retry-After = %q", got)
	}
	m.FailNext(1, mock.HTMLFault())
	r = call(t, ts, "GET", path, "")
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || !bytes.Contains(r.Raw, []byte("<html>")) {
		t.Errorf("HTML fault: %d %q %s", r.Status, r.Header.Get("Content-Type"), r.Raw)
	}
	m.FailNext(1, mock.NoStatusFault())
	r = call(t, ts, "GET", path, "")
	if r.Status != 200 || r.JSON["status"] != nil || r.JSON["webhooks"] != nil {
		t.Errorf("no-status fault: %d %s", r.Status, r.Raw)
	}
	if m.Total() != 0 {
		t.Error("a fault changed state")
	}
}

func TestLatencyRespectsContext(t *testing.T) {
	m, ts := start(t)
	m.FailNext(1, mock.Fault{Latency: 15 * time.Second, Status: 500})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	startT := time.Now()
	resp, err := ts.Client().Do(newRequest(t, ctx, ts, "POST", path, `{"webhooks":["https://a.example/"]}`))
	if err == nil {
		resp.Body.Close()
		t.Fatal("want a timeout")
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	// Close waits for active handlers: it returns quickly only if the handler stopped
	// sleeping when the client went away.
	ts.Close()
	if d := time.Since(startT); d > 5*time.Second {
		t.Fatalf("handler kept sleeping after cancellation (%v)", d)
	}
	if m.Total() != 0 {
		t.Fatal("cancelled request applied")
	}
}

// serve runs one request through m's handler in-process (no network), so that
// a synctest bubble's fake clock drives the mock's latency.
func serve(ctx context.Context, m *mock.Server, method, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequestWithContext(ctx, method, path, strings.NewReader(body))
	req.Header.Set("sb-api-key-id", mock.DefaultAPIKey)
	req.Header.Set("sb-api-secret-key", mock.DefaultAPISecret)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	m.ServeHTTP(rec, req)
	return rec
}

func TestLatency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := mock.New(mock.Options{})
		const d = 40 * time.Millisecond
		m.SetLatency(d)
		t0 := time.Now()
		if rec := serve(context.Background(), m, "GET", ""); rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
		if el := time.Since(t0); el != d {
			t.Fatalf("SetLatency: answered after %v, want %v", el, d)
		}
		// A latency-only fault delays the normal answer.
		m.SetLatency(0)
		m.FailNext(1, mock.Fault{Latency: d})
		t0 = time.Now()
		if rec := serve(context.Background(), m, "POST", `{"webhooks":["https://a.example/"]}`); rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
		if el := time.Since(t0); el != d {
			t.Fatalf("fault latency: answered after %v, want %v", el, d)
		}
		if m.Total() != 1 {
			t.Fatal("latency-only fault stopped the request")
		}
		m.SetLatency(time.Minute)
		m.ClearFaults()
		t0 = time.Now()
		serve(context.Background(), m, "GET", "")
		if el := time.Since(t0); el != 0 {
			t.Fatalf("ClearFaults kept the latency (%v)", el)
		}
		// A request whose caller leaves during the latency is neither applied nor answered.
		m.SetLatency(time.Minute)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		t0 = time.Now()
		serve(ctx, m, "POST", `{"webhooks":["https://b.example/"]}`)
		if el := time.Since(t0); el != 50*time.Millisecond || m.Total() != 1 {
			t.Fatalf("a cancelled request was held %v and left %d webhooks", el, m.Total())
		}
	})
}

// Hold with Apply: the write lands, the answer waits until Hold is closed or the
// caller leaves; Arrived says when the request took the fault.
func TestHoldAndArrived(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := mock.New(mock.Options{})
		arrived, hold := make(chan string, 2), make(chan struct{})
		m.FailNext(2, mock.Fault{Methods: []string{"POST"}, Apply: true, Status: 502, Hold: hold, Arrived: arrived})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan *httptest.ResponseRecorder, 1)
		go func() { done <- serve(ctx, m, "POST", `{"webhooks":["https://a.example/"]}`) }()
		if got := <-arrived; got != "POST" {
			t.Fatalf("arrived %q", got)
		}
		synctest.Wait()
		if m.Count("receive", "https://a.example/") != 1 || len(done) != 0 {
			t.Fatal("the held write was not applied, or was answered")
		}
		cancel()
		if rec := <-done; rec.Body.Len() != 0 {
			t.Fatalf("a cancelled held request was answered: %d %s", rec.Code, rec.Body)
		}
		go func() { done <- serve(context.Background(), m, "POST", `{"webhooks":["https://b.example/"]}`) }()
		<-arrived
		close(hold)
		if rec := <-done; rec.Code != 502 {
			t.Fatalf("released: status %d, want the fault's 502", rec.Code)
		}
		if m.Total() != 2 {
			t.Fatalf("%d webhooks, want 2", m.Total())
		}
	})
}

func statuses(t *testing.T, seed int64, rate float64, n int) []int {
	t.Helper()
	m, ts := start(t)
	m.SetChaos(mock.Chaos{Seed: seed, TransientRate: rate})
	out := make([]int, n)
	for i := range out {
		r := call(t, ts, "GET", path, "")
		out[i] = r.Status
		if r.Status == 429 && (r.Header.Get("Retry-After") != "0" || r.Header.Get("retry-after-ms") != "10") {
			t.Errorf("chaos 429 without retry headers: %v", r.Header)
		}
	}
	return out
}

func TestChaos(t *testing.T) {
	t.Run("transient", func(t *testing.T) {
		for i, s := range statuses(t, 1, 1, 30) {
			if s != 429 && s != 500 && s != 503 {
				t.Fatalf("request %d: status %d with TransientRate 1", i, s)
			}
		}
	})
	t.Run("reproducible", func(t *testing.T) {
		a, b := statuses(t, 7, 0.5, 40), statuses(t, 7, 0.5, 40)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("same seed, different faults:\n%v\n%v", a, b)
		}
		seen := map[int]bool{}
		for _, s := range a {
			seen[s] = true
		}
		if !seen[200] || len(seen) < 2 {
			t.Fatalf("rate 0.5 gave %v", a)
		}
	})
	t.Run("applied fail", func(t *testing.T) {
		m, ts := start(t)
		m.SetChaos(mock.Chaos{Seed: 3, AppliedFailRate: 1})
		call(t, ts, "GET", path, "").want(t, http.StatusOK, "OK")
		call(t, ts, "PUT", path, `{"webhooks":{"receive":["https://p.example/"]}}`).want(t, http.StatusOK, "OK")
		if r := call(t, ts, "POST", path, `{"webhooks":["https://a.example/"]}`); r.Status != 502 {
			t.Fatalf("POST = %d, want 502", r.Status)
		}
		if m.Count("receive", "https://a.example/") != 1 {
			t.Fatal("applied-fail POST not applied")
		}
		if r := call(t, ts, "DELETE", path, `{"webhooks":["https://a.example/"]}`); r.Status != 502 {
			t.Fatalf("DELETE = %d, want 502", r.Status)
		}
		if m.Count("receive", "https://a.example/") != 0 {
			t.Fatal("applied-fail DELETE not applied")
		}
		m.SetChaos(mock.Chaos{})
		call(t, ts, "POST", path, `{"webhooks":["https://b.example/"]}`).want(t, http.StatusOK, "OK")
	})
}

func TestAdminEndpoints(t *testing.T) {
	m, ts := start(t)
	m.AddWebhook("receive", "https://a.example/", "s1")
	m.AddWebhook("contact_created", "https://c.example/", "")
	m.SetState(mock.State{Webhooks: m.State().Webhooks, GlobalSecret: "g"})

	call(t, ts, "GET", "/_mock/state", "", noAuth).want(t, http.StatusUnauthorized, "ERROR")
	call(t, ts, "GET", "/_mock/nothing", "").want(t, http.StatusNotFound, "ERROR")
	call(t, ts, "DELETE", "/_mock/state", "").want(t, http.StatusMethodNotAllowed, "ERROR")

	r := call(t, ts, "GET", "/_mock/state", "")
	if r.Status != 200 {
		t.Fatalf("state: %d %s", r.Status, r.Raw)
	}
	wantJSON(t, r.JSON, `{"webhooks":{"receive":[{"url":"https://a.example/","secret":"s1"}],"contact_created":[{"url":"https://c.example/","secret":""}]},"globalSecret":"g"}`)

	r = call(t, ts, "PUT", "/_mock/state", `{"webhooks":{"outbound":[{"url":"https://o.example/","secret":""}]},"globalSecret":"","legacySecret":"L"}`)
	if r.Status != 200 {
		t.Fatalf("put state: %d %s", r.Status, r.Raw)
	}
	if st := m.State(); m.Count("outbound", "https://o.example/") != 1 || m.Total() != 1 || st.LegacySecret != "L" {
		t.Fatalf("state after admin PUT: %+v", st)
	}
	call(t, ts, "PUT", "/_mock/state", `{"webhooks":{"inbound":[]}}`).want(t, http.StatusBadRequest, "ERROR")

	call(t, ts, "GET", path, "")
	call(t, ts, "POST", path, `{"webhooks":["https://b.example/"]}`)
	r = call(t, ts, "GET", "/_mock/stats", "")
	wantJSON(t, r.JSON, `{"requests":{"GET":1,"POST":1},"mutating":1,"lineRequests":{}}`)
	call(t, ts, "POST", "/_mock/stats/reset", "")
	wantJSON(t, call(t, ts, "GET", "/_mock/stats", "").JSON, `{"requests":{},"mutating":0,"lineRequests":{}}`)

	call(t, ts, "POST", "/_mock/chaos", `{"seed":1,"transientRate":2}`).want(t, http.StatusBadRequest, "ERROR")
	call(t, ts, "POST", "/_mock/chaos", `{"seed":1,"transientRate":1,"appliedFailRate":0.1}`).want(t, http.StatusOK, "OK")
	if s := call(t, ts, "GET", path, "").Status; s != 429 && s != 500 && s != 503 {
		t.Fatalf("chaos via admin not active: %d", s)
	}
	call(t, ts, "POST", "/_mock/chaos", `{}`).want(t, http.StatusOK, "OK")
	call(t, ts, "GET", path, "").want(t, http.StatusOK, "OK")
	if got := m.Requests(); got["GET"] != 2 || len(got) != 1 {
		t.Errorf("admin requests counted: %v", got)
	}
}

func TestOutOfBand(t *testing.T) {
	m := mock.New(mock.Options{})
	m.AddWebhook("receive", "https://a.example/", "")
	m.AddWebhook("receive", "https://a.example/", "")
	m.AddWebhook("line_assigned", "https://a.example/", "")
	if !m.SetWebhookSecret("receive", "https://a.example/", "new") {
		t.Fatal("SetWebhookSecret on a present URL returned false")
	}
	if m.SetWebhookSecret("outbound", "https://a.example/", "x") {
		t.Fatal("SetWebhookSecret on an absent URL returned true")
	}
	st := m.State()
	if st.Webhooks["receive"][0].Secret != "new" || st.Webhooks["receive"][1].Secret != "new" || st.Webhooks["line_assigned"][0].Secret != "" {
		t.Fatalf("secrets: %+v", st)
	}
	// State is a deep copy.
	st.Webhooks["receive"][0].URL = "changed"
	st.Webhooks["outbound"] = []mock.Entry{{URL: "x"}}
	if m.Count("receive", "https://a.example/") != 2 || m.Total() != 3 {
		t.Fatal("State() shares memory with the mock")
	}
	// SetState copies its input.
	in := mock.State{Webhooks: map[string][]mock.Entry{"receive": {{URL: "https://b.example/"}}}}
	m.SetState(in)
	in.Webhooks["receive"][0].URL = "changed"
	if m.Count("receive", "https://b.example/") != 1 {
		t.Fatal("SetState keeps the caller's slice")
	}
	m.RemoveWebhook("receive", "https://b.example/")
	if m.Total() != 0 || len(m.State().Webhooks) != 0 {
		t.Fatalf("after RemoveWebhook: %+v", m.State())
	}
	defer func() {
		if recover() == nil {
			t.Fatal("AddWebhook with an unknown type did not panic")
		}
	}()
	m.AddWebhook("recieve", "https://a.example/", "") //nolint:misspell // the misspelt type is the point of this test
}

func TestConcurrentAdds(t *testing.T) {
	m, ts := start(t)
	const n = 50
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			body := fmt.Sprintf(`{"webhooks":["https://h%d.example/hook"],"type":"outbound"}`, i)
			resp, err := ts.Client().Do(newRequest(t, context.Background(), ts, "POST", path, body))
			if err != nil {
				errs <- err
				return
			}
			defer resp.Body.Close()
			if resp.StatusCode != 200 {
				errs <- fmt.Errorf("request %d: HTTP %d", i, resp.StatusCode)
			}
		}(i)
	}
	// Concurrent readers and knob-turners exercise the locking under -race.
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = m.State()
			_ = m.Requests()
			m.SetLatency(0)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if m.Total() != n || m.Requests()["POST"] != n {
		t.Fatalf("Total = %d, POSTs = %d, want %d", m.Total(), m.Requests()["POST"], n)
	}
	for i := 0; i < n; i++ {
		if m.Count("outbound", fmt.Sprintf("https://h%d.example/hook", i)) != 1 {
			t.Fatalf("entry %d missing", i)
		}
	}
}
