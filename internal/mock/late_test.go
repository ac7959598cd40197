package mock_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// A LandLate add is answered only by the client giving up, is missing from the
// first list after it, and is there from then on.
func TestLandLate(t *testing.T) {
	m, ts := start(t)
	arrived := make(chan string, 1)
	m.FailNext(1, mock.Fault{Methods: []string{http.MethodPost}, LandLate: true, Arrived: arrived})
	ctx, cancel := context.WithCancel(context.Background())
	// Registered after start's server close, so it runs first: a failing test
	// must not leave the held request keeping the server's Close waiting.
	t.Cleanup(cancel)
	done := make(chan error, 1)
	go func() {
		resp, err := ts.Client().Do(newRequest(t, ctx, ts, http.MethodPost, path, `{"webhooks":["https://a.example/late"]}`))
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	<-arrived
	if m.PendingLate() != 1 || m.Total() != 0 {
		t.Fatalf("pending %d, total %d: the add must wait, not apply", m.PendingLate(), m.Total())
	}
	cancel() // the client gives up
	if err := <-done; err == nil {
		t.Fatal("the late add was answered")
	}
	first := call(t, ts, http.MethodGet, path, "")
	if strings.Contains(string(first.Raw), "late") {
		t.Fatalf("the first list after the add shows it: %s", first.Raw)
	}
	if m.Count("receive", "https://a.example/late") != 1 || m.PendingLate() != 0 {
		t.Fatal("the add did not land after the list")
	}
	if second := call(t, ts, http.MethodGet, path, ""); !strings.Contains(string(second.Raw), "https://a.example/late") {
		t.Fatalf("the next list lacks it: %s", second.Raw)
	}
}

func TestEchoRequest(t *testing.T) {
	m, ts := start(t)
	m.FailNext(1, mock.Fault{Methods: []string{http.MethodPost}, EchoRequest: true})
	body := `{"webhooks":[{"url":"https://a.example/e","secret":"Zq9\u0026Rt5!xY"}]}`
	r := call(t, ts, http.MethodPost, path, body)
	r.want(t, http.StatusBadRequest, "ERROR")
	msg, _ := r.JSON["message"].(string)
	if !strings.Contains(msg, body) || !strings.Contains(msg, "sb-api-secret-key=mock-api-secret") {
		t.Fatalf("message %q does not echo the request", msg)
	}
	if m.Total() != 0 {
		t.Fatal("the echoed request was applied")
	}
}

// The faults can be queued from another process through the admin API.
func TestAdminFaults(t *testing.T) {
	m, ts := start(t)
	r := call(t, ts, http.MethodPost, "/_mock/faults", `{"count":1,"fault":{"methods":["POST"],"echoRequest":true,"status":422}}`)
	r.want(t, http.StatusOK, "OK")
	got := call(t, ts, http.MethodPost, path, `{"webhooks":["https://a.example/x"]}`)
	got.want(t, 422, "ERROR")
	if msg, _ := got.JSON["message"].(string); !strings.Contains(msg, "https://a.example/x") {
		t.Fatalf("not echoed: %s", got.Raw)
	}
	call(t, ts, http.MethodPost, "/_mock/faults", `{"count":5,"fault":{"methods":["POST"],"status":500}}`).want(t, http.StatusOK, "OK")
	call(t, ts, http.MethodDelete, "/_mock/faults", "").want(t, http.StatusOK, "OK")
	call(t, ts, http.MethodPost, path, `{"webhooks":["https://a.example/y"]}`).want(t, http.StatusOK, "OK")
	if m.Count("receive", "https://a.example/y") != 1 {
		t.Fatal("the cleared fault still answered")
	}
	for _, bad := range []string{`{"count":0,"fault":{"hang":true}}`, `{"count":1,"fault":{"arrived":true}}`, `{"count":1,"fault":{"status":42}}`} {
		if r := call(t, ts, http.MethodPost, "/_mock/faults", bad); r.Status != http.StatusBadRequest {
			t.Errorf("%s: HTTP %d", bad, r.Status)
		}
	}
}
