package sendblue

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

const (
	testLine  = "+12125550101"
	otherLine = "+12125550102"
)

// linesClient is a client with a quick retry policy against a mock account
// with two numbered lines and one without a number.
func linesClient(t *testing.T, opts mock.Options, cfg Config) (*Client, *mock.Server) {
	t.Helper()
	m := mock.New(opts)
	m.SetLines([]mock.Line{
		{SendblueNumber: testLine, Assignment: "assigned", Status: "ONLINE", StatusChangedAt: "2026-01-01T00:00:00Z"},
		{SendblueNumber: otherLine, Assignment: "shared", Status: "OFFLINE", ForwardingNumber: "+16692138010"},
		{Assignment: "grace_period", Status: "UNKNOWN", EffectiveUntil: "2026-02-01T00:00:00Z"},
	})
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	cfg.BaseURL = srv.URL
	if cfg.AccessToken == "" {
		cfg.APIKey, cfg.APISecret = mock.DefaultAPIKey, mock.DefaultAPISecret
	}
	cfg.Retry = RetryPolicy{MaxAttempts: 3, WaitMin: time.Millisecond, WaitMax: time.Millisecond}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, m
}

// Get, set (the stored form comes back), clear (twice: idempotent).
func TestCallForwarding_getSetDelete(t *testing.T) {
	c, m := linesClient(t, mock.Options{}, Config{})
	ctx := context.Background()
	got, err := c.GetCallForwarding(ctx, otherLine)
	if err != nil || *got != (CallForwarding{SendblueNumber: otherLine, ForwardingNumber: "+16692138010"}) {
		t.Fatalf("get = %+v, %v", got, err)
	}
	if got, err = c.GetCallForwarding(ctx, testLine); err != nil || got.ForwardingNumber != "" {
		t.Fatalf("get of a line without forwarding = %+v, %v", got, err)
	}
	if got, err = c.SetCallForwarding(ctx, testLine, "2125550199"); err != nil || got.ForwardingNumber != "+12125550199" {
		t.Fatalf("set = %+v, %v; want the E.164 form the API stored", got, err)
	}
	for i := 0; i < 2; i++ {
		if got, err = c.DeleteCallForwarding(ctx, testLine); err != nil || got.ForwardingNumber != "" {
			t.Fatalf("delete #%d = %+v, %v", i+1, got, err)
		}
	}
	if fwd, _ := m.Forwarding(testLine); fwd != "" {
		t.Errorf("the line still forwards to %q", fwd)
	}
	if got := m.LineRequests(); got["GET"] != 2 || got["PUT"] != 1 || got["DELETE"] != 2 {
		t.Errorf("requests = %v", got)
	}
}

// The line state: every line, null numbers and absent timestamps as "".
func TestLineState(t *testing.T) {
	c, _ := linesClient(t, mock.Options{}, Config{})
	s, err := c.LineState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := &LineState{SnapshotAt: mock.SnapshotAt, Lines: []Line{
		{SendblueNumber: testLine, Assignment: "assigned", Status: "ONLINE", WorkerID: "worker-1", StatusChangedAt: "2026-01-01T00:00:00Z"},
		{SendblueNumber: otherLine, Assignment: "shared", Status: "OFFLINE", WorkerID: "worker-2"},
		{Assignment: "grace_period", Status: "UNKNOWN", WorkerID: "worker-3", EffectiveUntil: "2026-02-01T00:00:00Z"},
	}}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("got  %+v\nwant %+v", s, want)
	}
	if !s.Has(otherLine) || s.Has("") || s.Has("+12125550999") {
		t.Error("Has is wrong")
	}
	if got := s.Numbers(); !reflect.DeepEqual(got, []string{testLine, otherLine}) {
		t.Errorf("Numbers() = %v", got)
	}
}

// Every lines call is retried on a 5xx, the writes included: PUT and the
// documented idempotent DELETE may be repeated safely.
func TestLines_retried(t *testing.T) {
	c, m := linesClient(t, mock.Options{}, Config{})
	ctx := context.Background()
	for _, tc := range []struct {
		method string
		call   func() error
	}{
		{"GET", func() error { _, err := c.LineState(ctx); return err }},
		{"GET", func() error { _, err := c.GetCallForwarding(ctx, testLine); return err }},
		{"PUT", func() error { _, err := c.SetCallForwarding(ctx, testLine, "+16692138010"); return err }},
		{"DELETE", func() error { _, err := c.DeleteCallForwarding(ctx, testLine); return err }},
	} {
		m.FailNext(1, mock.Fault{Lines: true, Methods: []string{tc.method}, Apply: tc.method != "GET", Status: http.StatusBadGateway})
		m.ResetCounters()
		if err := tc.call(); err != nil {
			t.Errorf("%s after one 502: %v", tc.method, err)
		}
		if n := m.LineRequests()[tc.method]; n != 2 {
			t.Errorf("%s: %d requests, want 2 (one retry)", tc.method, n)
		}
	}
}

// Refusals are typed APIErrors naming the request: a line the account
// does not have is a 404, a malformed number a 400 with the API's message,
// neither retried.
func TestLines_refusals(t *testing.T) {
	c, m := linesClient(t, mock.Options{}, Config{})
	ctx := context.Background()
	_, err := c.GetCallForwarding(ctx, "+12125550999")
	var ae *APIError
	if !errors.As(err, &ae) || !IsNotFound(err) || ae.Path != "/api/lines/+12125550999/call-forwarding" || ae.Method != "GET" {
		t.Fatalf("unknown line: %#v", err)
	}
	_, err = c.SetCallForwarding(ctx, testLine, "555-01")
	if !errors.As(err, &ae) || ae.StatusCode != 400 || !strings.Contains(err.Error(), "E.164") {
		t.Fatalf("malformed number: %v", err)
	}
	if n := m.LineRequests()["PUT"]; n != 1 {
		t.Errorf("a 400 was sent %d times", n)
	}
}

// Answers without what the call needs are malformed, not success; an
// ERROR inside a 200 is a refusal.
func TestLines_badAnswers(t *testing.T) {
	c, m := linesClient(t, mock.Options{}, Config{})
	ctx := context.Background()
	m.FailNext(1, mock.Fault{Lines: true, Status: 200, Body: `{"sendblue_number": "+12125550101"}`})
	if _, err := c.GetCallForwarding(ctx, testLine); err == nil || !strings.Contains(err.Error(), `no "forwarding_number"`) {
		t.Errorf("an answer without forwarding_number: %v", err)
	}
	m.FailNext(1, mock.Fault{Lines: true, Status: 200, Body: `{"status": "OK"}`})
	if _, err := c.LineState(ctx); err == nil || !strings.Contains(err.Error(), `no "data"`) {
		t.Errorf("a line state without data: %v", err)
	}
	m.FailNext(1, mock.Fault{Lines: true, ErrorInOK: true})
	if _, err := c.LineState(ctx); err == nil || !strings.Contains(err.Error(), "injected error") {
		t.Errorf("an ERROR in a 200: %v", err)
	}
	m.FailNext(1, mock.HTMLFault())
	// (queued for the webhooks: the lines call does not take it)
	if _, err := c.LineState(ctx); err != nil {
		t.Errorf("a lines call took a fault queued for the webhooks: %v", err)
	}
}

// Under a line-scoped token, another line's forwarding and the line state
// are 403s that say the token was refused; the token never shows.
func TestLines_lineScopedToken(t *testing.T) {
	const token = "line-scoped-token-value"
	c, _ := linesClient(t, mock.Options{LineTokens: map[string][]string{token: {testLine}}}, Config{AccessToken: token})
	ctx := context.Background()
	if _, err := c.SetCallForwarding(ctx, testLine, "+16692138010"); err != nil {
		t.Fatalf("own line: %v", err)
	}
	for _, call := range []func() error{
		func() error { _, err := c.GetCallForwarding(ctx, otherLine); return err },
		func() error { _, err := c.LineState(ctx); return err },
	} {
		err := call()
		if !IsUnauthorized(err) || strings.Contains(err.Error(), token) {
			t.Errorf("want a 403 without the token, got %v", err)
		}
	}
}
