package sendblue

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// onlyPath serves okList on one path and 404 on every other, like a server
// that speaks one API generation only.
func onlyPath(path string) func(int, http.ResponseWriter, *http.Request) {
	return func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			writeJSON(w, 404, `{"status":"ERROR","message":"not found"}`)
			return
		}
		if r.Method == http.MethodDelete {
			writeJSON(w, 200, `{"status":"OK"}`)
			return
		}
		writeJSON(w, 200, okList)
	}
}

func paths(rec *recorder) []string {
	var out []string
	for _, r := range rec.all() {
		out = append(out, r.method+" "+r.path)
	}
	return out
}

// Auto mode: a server that speaks only v2 answers the current path with
// 404; the client falls back, and remembers v2 for the rest of the process.
func TestFallbackToV2AndRemember(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, onlyPath("/prefix/api/v2/account/webhooks"))
	c := newClient(t, srv.URL+"/prefix")
	ctx := context.Background()
	if _, err := c.List(ctx); err != nil {
		t.Fatal(err)
	}
	if g := c.Generation(); g != GenV2 {
		t.Fatalf("generation %q after fallback, want v2", g)
	}
	if _, err := c.Add(ctx, AddRequest{Type: TypeOutbound, Webhooks: []Webhook{{URL: "https://x.example"}}}); err != nil {
		t.Fatal(err)
	}
	want := []string{"GET /prefix/api/account/webhooks", "GET /prefix/api/v2/account/webhooks", "POST /prefix/api/v2/account/webhooks"}
	if got := paths(rec); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The other way round: once v2 was remembered, a server that stops serving
// it (404) makes the client go back to the current path.
func TestFallbackToCurrent(t *testing.T) {
	t.Parallel()
	var servingV2 atomic.Bool
	servingV2.Store(true)
	srv, rec := newServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		path := "/api/account/webhooks"
		if servingV2.Load() {
			path = "/api/v2/account/webhooks"
		}
		onlyPath(path)(n, w, r)
	})
	c := newClient(t, srv.URL)
	ctx := context.Background()
	if _, err := c.List(ctx); err != nil || c.Generation() != GenV2 {
		t.Fatalf("first list: %v, generation %q", err, c.Generation())
	}
	servingV2.Store(false)
	if err := c.Delete(ctx, DeleteRequest{Type: TypeReceive, URLs: []string{"https://a.example"}}); err != nil {
		t.Fatal(err)
	}
	if c.Generation() != GenCurrent {
		t.Fatalf("generation %q, want current", c.Generation())
	}
	want := []string{"GET /api/account/webhooks", "GET /api/v2/account/webhooks", "DELETE /api/v2/account/webhooks", "DELETE /api/account/webhooks"}
	if got := paths(rec); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A pinned generation is used alone: no fallback, and the 404 says that it
// is pinned, naming the path requested.
func TestPinnedGeneration(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, onlyPath("/api/account/webhooks"))
	c := newClient(t, srv.URL, func(c *Config) { c.APIVersion = "v2" })
	_, err := c.List(context.Background())
	if e := asAPIError(t, err); e.StatusCode != 404 || e.Path != "/api/v2/account/webhooks" {
		t.Fatalf("error %+v", e)
	}
	if fmt.Sprint(asAPIError(t, err).NotServed) != "[/api/v2/account/webhooks]" {
		t.Errorf("NotServed %v", asAPIError(t, err).NotServed)
	}
	for _, s := range []string{"GET /api/v2/account/webhooks: HTTP 404", "the v2 API generation is pinned, and its path /api/v2/account/webhooks answered 404 to GET"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not contain %q", err, s)
		}
	}
	if rec.count() != 1 {
		t.Fatalf("%d requests, want 1", rec.count())
	}
	if _, err := New(Config{APIVersion: "v3"}); err == nil || !strings.Contains(err.Error(), "auto, current, v2") {
		t.Fatalf("New with a bad API version: %v", err)
	}
}

// Rules that differ by generation are enforced before anything is sent, with
// an error naming the generation.
func TestGenerationRulesBeforeSending(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, onlyPath("/api/v2/account/webhooks"))
	c := newClient(t, srv.URL, func(c *Config) { c.APIVersion = "v2" })
	ctx := context.Background()
	errs := map[string]error{
		"new type": func() error {
			_, err := c.Add(ctx, AddRequest{Type: TypeTypingIndicator, Webhooks: []Webhook{{URL: "https://a.example"}}})
			return err
		}(),
		"contact_created secret": func() error {
			_, err := c.Add(ctx, AddRequest{Type: TypeContactCreated, Webhooks: []Webhook{{URL: "https://a.example", Secret: "s"}}})
			return err
		}(),
		"numbers": func() error {
			_, err := c.Add(ctx, AddRequest{Type: TypeReceive, Webhooks: []Webhook{{URL: "https://a.example", SendblueNumbers: []string{"+15551234567"}}}})
			return err
		}(),
		"replace contact_created secret": func() error {
			_, err := c.Replace(ctx, &Configuration{Webhooks: map[WebhookType][]Webhook{TypeContactCreated: {{URL: "https://a.example", Secret: "s"}}}})
			return err
		}(),
		"delete new type": c.Delete(ctx, DeleteRequest{Type: TypeInboundCall, URLs: []string{"https://a.example"}}),
	}
	for name, err := range errs {
		if err == nil || !strings.Contains(err.Error(), "v2 API generation") {
			t.Errorf("%s: %v, want an error naming the v2 generation", name, err)
		}
		if err != nil && strings.Contains(err.Error(), `"s"`) {
			t.Errorf("%s: error shows the secret: %v", name, err)
		}
	}
	if rec.count() != 0 {
		t.Fatalf("%d requests sent", rec.count())
	}
	// On the current generation contact_created takes a secret.
	cur, crec := newServer(t, onlyPath("/api/account/webhooks"))
	cc := newClient(t, cur.URL, func(c *Config) { c.APIVersion = "current" })
	if _, err := cc.Add(ctx, AddRequest{Type: TypeContactCreated, Webhooks: []Webhook{{URL: "https://a.example", Secret: "s"}}}); err != nil {
		t.Fatal(err)
	}
	if !jsonEqual(t, crec.all()[0].body, `{"type":"contact_created","webhooks":[{"url":"https://a.example","secret":"s"}]}`) {
		t.Fatalf("body %s", crec.all()[0].body)
	}
}

// An access token is sent as a bearer token, without the key headers, and
// redacted from errors; a 403 under a token explains line-scoped tokens.
func TestAccessToken(t *testing.T) {
	t.Parallel()
	const token = "tok-SECRET-123"
	srv, rec := newServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			writeJSON(w, 200, okList)
			return
		}
		writeJSON(w, 403, `{"error":{"code":"forbidden","message":"token tok-SECRET-123 may not do this"}}`)
	})
	c := newClient(t, srv.URL, func(c *Config) { c.APIKey, c.APISecret, c.AccessToken = "", "", token })
	ctx := context.Background()
	if _, err := c.List(ctx); err != nil {
		t.Fatal(err)
	}
	h := rec.all()[0].header
	if h.Get("Authorization") != "Bearer "+token || h.Get("sb-api-key-id") != "" || h.Get("sb-api-secret-key") != "" {
		t.Fatalf("headers %v", h)
	}
	_, err := c.Replace(ctx, &Configuration{})
	e := asAPIError(t, err)
	if e.StatusCode != 403 || !e.Token {
		t.Fatalf("%+v", e)
	}
	msg := err.Error()
	for _, s := range []string{"forbidden: token *** may not do this", "the API refused the access token"} {
		if !strings.Contains(msg, s) {
			t.Errorf("error %q does not contain %q", msg, s)
		}
	}
	if strings.Contains(msg, token) {
		t.Fatalf("error shows the token: %s", msg)
	}
}

// Secrets found anywhere in an answer (types this version does not know,
// unknown fields, the legacy secret) are redacted from later errors.
func TestRedactsSecretsFoundAnywhere(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			writeJSON(w, 200, `{"webhooks":{"future_type":[{"url":"https://f.example","secret":"fut-secret-1"}],"receive":[{"url":"https://r.example","signing_key":"nested-secret-2"}],"secret":"legacy-secret-3","other":{"deep":{"apiToken":"deep-secret-4"}}}}`)
			return
		}
		writeJSON(w, 400, `{"status":"ERROR","message":"conflict with fut-secret-1, nested-secret-2, legacy-secret-3 and deep-secret-4"}`)
	})
	c := newClient(t, srv.URL)
	ctx := context.Background()
	cfg, err := c.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Get("future_type"); len(got) != 1 || got[0].Secret != "fut-secret-1" {
		t.Fatalf("unknown type decoded as %+v", got)
	}
	_, err = c.Replace(ctx, cfg)
	for _, s := range []string{"fut-secret-1", "nested-secret-2", "legacy-secret-3", "deep-secret-4"} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error shows %s: %v", s, err)
		}
	}
}

// Everything the account holds that this version does not model is written
// back as it was read on a replace: types it does not know, unknown fields
// of entries, the legacy secret, other keys.
func TestReplaceCarriesUnmodelled(t *testing.T) {
	t.Parallel()
	const listed = `{"webhooks":{"receive":[{"url":"https://r.example","sendblue_numbers":["+15551230000"],"priority":3}],"future_type":["https://f.example"],"secret":"legacy","globalSecret":"g","settings":{"retries":2}}}`
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, listed)
	})
	c := newClient(t, srv.URL)
	ctx := context.Background()
	cfg, err := c.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Unmodelled(); strings.Join(got, ",") != "future_type,secret,settings" {
		t.Fatalf("Unmodelled() = %v", got)
	}
	if _, err := c.Replace(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	var sent, want map[string]json.RawMessage
	_ = json.Unmarshal(rec.all()[1].body, &sent)
	_ = json.Unmarshal([]byte(listed), &want)
	if !jsonEqual(t, sent["webhooks"], string(want["webhooks"])) {
		t.Fatalf("PUT body %s, want the listed configuration %s", sent["webhooks"], want["webhooks"])
	}
}

// A replace writes back an entry the account listed as it is, even one its
// generation would not take from a client (a contact_created secret under
// v2, which a server may list); an entry the caller changed is checked.
func TestReplaceWritesBackWhatWasListed(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, onlyPath("/api/v2/account/webhooks"))
	c := newClient(t, srv.URL, func(c *Config) { c.APIVersion = "v2" })
	ctx := context.Background()
	held := Webhook{URL: "https://c.example/hook", Secret: "server-held-secret"}
	listed := &Configuration{Webhooks: map[WebhookType][]Webhook{TypeContactCreated: {held}}}
	cfg := &Configuration{Webhooks: map[WebhookType][]Webhook{
		TypeContactCreated: {held},
		TypeReceive:        {{URL: "https://a.example/in"}},
	}, listed: listed}
	if _, err := c.Replace(ctx, cfg); err != nil {
		t.Fatalf("an entry read from the account was refused: %v", err)
	}
	changed := cfg.Clone()
	changed.Webhooks[TypeContactCreated][0].Secret = "configured-secret"
	if _, err := c.Replace(ctx, changed); err == nil || !strings.Contains(err.Error(), "v2 API generation") {
		t.Fatalf("a secret the caller set went through: %v", err)
	}
	if n := rec.count(); n != 1 {
		t.Fatalf("%d requests, want 1 (the refused one is never sent)", n)
	}
}

// When the current path answers GET but 404 to POST, the fall-back to v2
// cannot take a type v2 lacks: the error says what was seen (the current
// path answered 404 to POST), not only what v2 lacks, and nothing is sent
// to v2.
func TestNotFoundOnOneMethodThenOtherGenerationCannotTakeIt(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/account/webhooks" || r.Method == http.MethodPost {
			writeJSON(w, 404, `{"status":"ERROR","message":"not found"}`)
			return
		}
		writeJSON(w, 200, okList)
	})
	c := newClient(t, srv.URL)
	ctx := context.Background()
	if _, err := c.List(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := c.Add(ctx, AddRequest{Type: "typing_indicator", Webhooks: []Webhook{{URL: "https://a.example/h"}}})
	e := asAPIError(t, err)
	if e.StatusCode != 404 || e.Method != "POST" || e.Path != "/api/account/webhooks" || fmt.Sprint(e.NotServed) != "[/api/account/webhooks]" || !strings.Contains(e.OtherGeneration, "typing_indicator") {
		t.Fatalf("error %+v", e)
	}
	if want := `the current path answered 404 to POST, and the v2 path /api/v2/account/webhooks cannot take this request: webhook type "typing_indicator" is not supported`; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not contain %q", err, want)
	}
	if got := strings.Join(paths(rec), ", "); got != "GET /api/account/webhooks, POST /api/account/webhooks" {
		t.Errorf("requests %s", got)
	}
}
