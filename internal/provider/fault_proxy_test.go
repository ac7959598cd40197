package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// newProxiedTestEnv is newTestEnv with h in front of the mock (h gets the
// mock to pass requests on to).
func newProxiedTestEnv(t *testing.T, h func(m *mock.Server) http.Handler) *testEnv {
	t.Helper()
	m := mock.New(mock.Options{})
	srv := httptest.NewServer(h(m))
	t.Cleanup(srv.Close)
	return &testEnv{t: t, mock: m, url: srv.URL}
}

// webhooksInState returns "<type> <url>" of every sendblue_webhook in s.
func webhooksInState(s *terraform.State) map[string]bool {
	out := map[string]bool{}
	for _, m := range s.Modules {
		for _, rs := range m.Resources {
			if rs.Type != "sendblue_webhook" || rs.Primary == nil {
				continue
			}
			out[rs.Primary.Attributes["type"]+" "+rs.Primary.Attributes["url"]] = true
		}
	}
	return out
}

// mockHoldsExactly checks that the mock holds each of want exactly once and
// nothing else.
func mockHoldsExactly(m *mock.Server, want map[string]bool) error {
	got := map[string]int{}
	for typ, entries := range m.State().Webhooks {
		for _, e := range entries {
			got[typ+" "+e.URL]++
		}
	}
	var problems []string
	for k := range want {
		if got[k] != 1 {
			problems = append(problems, fmt.Sprintf("%s is in state but on the mock %d times", k, got[k]))
		}
	}
	for k, n := range got {
		if !want[k] {
			problems = append(problems, fmt.Sprintf("%s is on the mock %d times but not in state", k, n))
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return fmt.Errorf("state and mock disagree: %s", strings.Join(problems, "; "))
	}
	return nil
}

// mockMatchesState checks that the mock account holds exactly the webhooks in
// state, each once.
func (e *testEnv) mockMatchesState() resource.TestCheckFunc {
	return func(s *terraform.State) error { return mockHoldsExactly(e.mock, webhooksInState(s)) }
}

// noPuts checks that the whole configuration was never replaced.
func (e *testEnv) noPuts() resource.TestCheckFunc {
	return e.checkMock(func(m *mock.Server) error {
		if n := m.Requests()[http.MethodPut]; n != 0 {
			return fmt.Errorf("the mock saw %d PUT (replace-all) requests; sendblue_webhook must use per-webhook add and delete only", n)
		}
		return nil
	})
}

// planAgreesWithMock is a plan check on a refreshed plan: refresh found no
// drift (so nothing in state had gone from the account), every webhook the
// plan keeps is on the mock exactly once, and every webhook it creates is
// not on the mock (else the apply would fail with "already exists": a
// webhook the plan cannot see).
type planAgreesWithMock struct {
	e       *testEnv
	tainted map[string]bool // resources saved tainted, which may be gone
}

func (p planAgreesWithMock) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	var problems []string
	for _, d := range req.Plan.ResourceDrift {
		if p.tainted[d.Address] && d.Change.Actions.Delete() {
			// A create whose outcome was unknown was saved tainted: that
			// it turns out not to be on the account is expected.
			continue
		}
		problems = append(problems, fmt.Sprintf("refresh found drift on %s (%v): state held something the account did not", d.Address, d.Change.Actions))
	}
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Type != "sendblue_webhook" || rc.Change == nil {
			continue
		}
		after, _ := rc.Change.After.(map[string]any)
		typ, _ := after["type"].(string)
		url, _ := after["url"].(string)
		n := p.e.mock.Count(typ, url)
		switch {
		case rc.Change.Actions.Create() && n != 0:
			problems = append(problems, fmt.Sprintf("%s plans to create %s %s, which the mock already holds %d times", rc.Address, typ, url, n))
		case rc.Change.Actions.NoOp() && n != 1:
			problems = append(problems, fmt.Sprintf("%s keeps %s %s, which the mock holds %d times", rc.Address, typ, url, n))
		}
	}
	if len(problems) > 0 {
		resp.Error = fmt.Errorf("%s", strings.Join(problems, "; "))
	}
}

// proxyFault misanswers requests in ways mock.Fault cannot.
type proxyFault struct {
	method string
	// apply passes the request to the mock first; its answer is then lost.
	apply bool
	// empty answers 200 with an empty body.
	empty bool
	// cut sends the mock's status and headers, promises its whole body,
	// sends half of it and closes the connection.
	cut bool
}

// faultProxy stands in front of the mock: it takes queued proxyFaults, and
// counts the answers that were not a well-formed OK (the mock's own faults
// included), so that a test can tell its faults were really met.
type faultProxy struct {
	next     http.Handler
	mu       sync.Mutex
	queue    []proxyFault
	abnormal int
}

// add queues n copies of f and returns n.
func (p *faultProxy) add(n int, f proxyFault) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	for range n {
		p.queue = append(p.queue, f)
	}
	return n
}

// takeAbnormal returns the number of abnormal answers so far and resets it.
func (p *faultProxy) takeAbnormal() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := p.abnormal
	p.abnormal = 0
	return n
}

func (p *faultProxy) take(method string) (proxyFault, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, f := range p.queue {
		if f.method == method {
			p.queue = append(p.queue[:i], p.queue[i+1:]...)
			return f, true
		}
	}
	return proxyFault{}, false
}

func (p *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		p.next.ServeHTTP(w, r)
		return
	}
	f, ok := p.take(r.Method)
	if !ok {
		rec := &answerRecorder{ResponseWriter: w}
		p.next.ServeHTTP(rec, r)
		if !rec.ok() {
			p.mu.Lock()
			p.abnormal++
			p.mu.Unlock()
		}
		return
	}
	p.mu.Lock()
	p.abnormal++
	p.mu.Unlock()
	rec := httptest.NewRecorder()
	if f.apply || f.cut {
		p.next.ServeHTTP(rec, r)
	} else {
		_, _ = io.Copy(io.Discard, r.Body)
	}
	switch {
	case f.empty:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
	case f.cut:
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(http.ErrAbortHandler)
		}
		body := rec.Body.Bytes()
		_, _ = fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n",
			rec.Code, http.StatusText(rec.Code), len(body))
		_, _ = buf.Write(body[:len(body)/2])
		_ = buf.Flush()
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		_ = conn.Close()
	}
}

// answerRecorder notes the status and body the mock answered with.
type answerRecorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (a *answerRecorder) WriteHeader(status int) {
	if a.status == 0 {
		a.status = status
	}
	a.ResponseWriter.WriteHeader(status)
}

func (a *answerRecorder) Write(b []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	a.body.Write(b)
	return a.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (the mock's
// ResetConn hijacks it).
func (a *answerRecorder) Unwrap() http.ResponseWriter { return a.ResponseWriter }

// ok reports a complete HTTP 200 answer with "status":"OK".
func (a *answerRecorder) ok() bool {
	var env struct {
		Status string `json:"status"`
	}
	return a.status == http.StatusOK && json.Unmarshal(a.body.Bytes(), &env) == nil && env.Status == "OK"
}

// failNext queues f on m for n requests and returns n.
func failNext(m *mock.Server, n int, f mock.Fault) int {
	m.FailNext(n, f)
	return n
}
