package livetest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// recorded returns a client whose calls go through a recorder to handler, and
// the recorder, seeded (as each live test starts) with what the client's first
// call, a list, found.
func recorded(t *testing.T, ledger *Ledger, handler http.Handler) (*sendblue.Client, *Recorder) {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	rec := NewRecorder(ledger, t.Name(), nil)
	c, err := sendblue.New(sendblue.Config{BaseURL: srv.URL, APIKey: mock.DefaultAPIKey, APISecret: mock.DefaultAPISecret,
		HTTPClient: &http.Client{Transport: rec}, Retry: sendblue.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := c.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rec.Seed(cfg)
	return c, rec
}

// TestRecorderAgreesWithTheMock: against the mock itself, nothing differs, and
// the calls are in the report.
func TestRecorderAgreesWithTheMock(t *testing.T) {
	ledger := &Ledger{}
	m := mock.New(mock.Options{})
	m.AddWebhook("receive", "https://keep.example/a", "s")
	c, rec := recorded(t, ledger, m)
	ctx := context.Background()
	if _, err := c.Add(ctx, sendblue.AddRequest{Type: sendblue.TypeOutbound, Webhooks: []sendblue.Webhook{{URL: "https://x.example/b", Secret: "t"}}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, sendblue.DeleteRequest{Type: sendblue.TypeOutbound, URLs: []string{"https://x.example/b"}}); err != nil {
		t.Fatal(err)
	}
	if d := rec.Differences(); len(d) != 0 {
		t.Fatalf("differences against the mock itself: %v", d)
	}
	var out strings.Builder
	ledger.Skipped("TestX", "because")
	ledger.Report(&out)
	for _, want := range []string{
		"API calls: 3 (DELETE 1, GET 1, POST 1)\n",
		"  POST   /api/account/webhooks                    200 x1\n",
		"API generation that answered: current (3 calls)\n",
		"Answers the mock would not have given: none\n",
		"Tests skipped: 1\n  TestX: because\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "\"s\"") || strings.Contains(out.String(), "https://keep.example") {
		t.Fatalf("the report holds a value of the account:\n%s", out.String())
	}
}

// TestRecorderFindsAnswersTheMockWouldNotGive: an API that answers an add
// without the configuration, and a 404 on the current path, differ from the
// mock; each difference is named with both answers' status and shape.
func TestRecorderFindsAnswersTheMockWouldNotGive(t *testing.T) {
	ledger := &Ledger{}
	m := mock.New(mock.Options{})
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"status":"OK","message":"added"}`))
			return
		}
		m.ServeHTTP(w, r)
	})
	c, rec := recorded(t, ledger, api)
	ctx := context.Background()
	_, _ = c.Add(ctx, sendblue.AddRequest{Type: sendblue.TypeReceive, Webhooks: []sendblue.Webhook{{URL: "https://x.example/a"}}})
	d := rec.Differences()
	if len(d) != 1 || !strings.Contains(d[0], "POST /api/account/webhooks: Sendblue answered 200 {message:string,status:string}; the mock would answer 200 {message:string,status:string,webhooks:{receive:[string]}}") {
		t.Fatalf("differences %q", d)
	}
	var out strings.Builder
	ledger.Report(&out)
	if !strings.Contains(out.String(), "Answers the mock would not have given: 1 (the tests that saw them fail)\n  "+t.Name()+": POST") {
		t.Fatalf("report:\n%s", out.String())
	}
}

func TestTemplatePath(t *testing.T) {
	for in, want := range map[string]string{
		"/api/lines/+15551230000/call-forwarding": "/api/lines/{number}/call-forwarding",
		"/api/lines/15551230000/call-forwarding":  "/api/lines/{number}/call-forwarding",
		"/api/v2/account/webhooks":                "/api/v2/account/webhooks",
	} {
		if got := templatePath(in); got != want {
			t.Errorf("templatePath(%q) = %q, want %q", in, got, want)
		}
	}
}
