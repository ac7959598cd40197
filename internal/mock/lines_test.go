package mock_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

const (
	lineA = "+12125550101"
	lineB = "+12125550102"
)

func forwardingPath(n string) string { return "/api/lines/" + n + "/call-forwarding" }

func startLines(t *testing.T, opts mock.Options) (*mock.Server, *httptest.Server) {
	t.Helper()
	m := mock.New(opts)
	m.SetLines([]mock.Line{
		{SendblueNumber: lineA, Assignment: "assigned", Status: "ONLINE"},
		{SendblueNumber: lineB, Assignment: "shared", Status: "DEGRADED", DegradedSince: "2026-01-01T00:00:00Z", ForwardingNumber: "+16692138010"},
		{Assignment: "grace_period", Status: "OFFLINE", EffectiveUntil: "2026-02-01T00:00:00Z"},
	})
	ts := httptest.NewServer(m)
	t.Cleanup(ts.Close)
	return m, ts
}

// The line state lists every line, one without a number as null, optional
// timestamps only when set.
func TestLineState(t *testing.T) {
	_, ts := startLines(t, mock.Options{})
	r := call(t, ts, http.MethodGet, mock.LineStatePath, "")
	r.want(t, http.StatusOK, "OK")
	wantJSON(t, r.JSON["snapshot_at"], `"`+mock.SnapshotAt+`"`)
	wantJSON(t, r.JSON["data"], `[
	  {"sendblue_number": "+12125550101", "assignment": "assigned", "status": "ONLINE", "worker_id": "worker-1"},
	  {"sendblue_number": "+12125550102", "assignment": "shared", "status": "DEGRADED", "worker_id": "worker-2", "degraded_since": "2026-01-01T00:00:00Z"},
	  {"sendblue_number": null, "assignment": "grace_period", "status": "OFFLINE", "worker_id": "worker-3", "effective_until": "2026-02-01T00:00:00Z"}
	]`)
	call(t, ts, http.MethodPost, mock.LineStatePath, `{}`).want(t, http.StatusMethodNotAllowed, "ERROR")
	call(t, ts, http.MethodGet, mock.LineStatePath, "", noAuth).want(t, http.StatusUnauthorized, "ERROR")
}

// Call forwarding: read, set (a US local number is stored in E.164), clear
// (idempotently), and the refusals.
func TestCallForwarding(t *testing.T) {
	m, ts := startLines(t, mock.Options{})
	r := call(t, ts, http.MethodGet, forwardingPath(lineB), "")
	if r.Status != http.StatusOK {
		t.Fatalf("GET: %d %s", r.Status, r.Raw)
	}
	wantJSON(t, r.JSON, `{"forwarding_number": "+16692138010", "sendblue_number": "+12125550102"}`)
	wantJSON(t, call(t, ts, http.MethodGet, forwardingPath(lineA), "").JSON, `{"forwarding_number": null, "sendblue_number": "+12125550101"}`)

	for _, tc := range [][2]string{{"2125550199", "+12125550199"}, {"(212) 555-0198", "+12125550198"}, {"1-212-555-0197", "+12125550197"}, {"+442071838750", "+442071838750"}} {
		in, want := tc[0], tc[1]
		r := call(t, ts, http.MethodPut, forwardingPath(lineA), `{"forwarding_number": "`+in+`"}`)
		if r.Status != http.StatusOK {
			t.Fatalf("PUT %q: %d %s", in, r.Status, r.Raw)
		}
		wantJSON(t, r.JSON, `{"forwarding_number": "`+want+`", "sendblue_number": "+12125550101"}`)
		if got, _ := m.Forwarding(lineA); got != want {
			t.Errorf("after PUT %q the line forwards to %q, want %q", in, got, want)
		}
	}
	// A percent-encoded + (as encodeURIComponent writes it) names the same line.
	wantJSON(t, call(t, ts, http.MethodGet, "/api/lines/%2B12125550101/call-forwarding", "").JSON, `{"forwarding_number": "+442071838750", "sendblue_number": "+12125550101"}`)

	for i := 0; i < 2; i++ {
		r := call(t, ts, http.MethodDelete, forwardingPath(lineA), "")
		if r.Status != http.StatusOK {
			t.Fatalf("DELETE #%d: %d %s", i+1, r.Status, r.Raw)
		}
		wantJSON(t, r.JSON, `{"forwarding_number": null, "sendblue_number": "+12125550101"}`)
	}

	for name, tc := range map[string]struct {
		method, path, body string
		status             int
	}{
		"a line the account does not have":    {http.MethodGet, forwardingPath("+12125550999"), "", http.StatusNotFound},
		"PUT on a line it does not have":      {http.MethodPut, forwardingPath("+12125550999"), `{"forwarding_number": "+16692138010"}`, http.StatusNotFound},
		"DELETE on a line it does not have":   {http.MethodDelete, forwardingPath("+12125550999"), "", http.StatusNotFound},
		"a sendblue_number that is no number": {http.MethodGet, forwardingPath("2125550101"), "", http.StatusBadRequest},
		"a malformed forwarding number":       {http.MethodPut, forwardingPath(lineA), `{"forwarding_number": "555-01"}`, http.StatusBadRequest},
		"letters":                             {http.MethodPut, forwardingPath(lineA), `{"forwarding_number": "+1212CALLNOW"}`, http.StatusBadRequest},
		"no forwarding number":                {http.MethodPut, forwardingPath(lineA), `{}`, http.StatusBadRequest},
		"an unknown key":                      {http.MethodPut, forwardingPath(lineA), `{"forwarding_number": "+16692138010", "x": 1}`, http.StatusBadRequest},
		"POST":                                {http.MethodPost, forwardingPath(lineA), `{}`, http.StatusMethodNotAllowed},
	} {
		t.Run(name, func(t *testing.T) {
			call(t, ts, tc.method, tc.path, tc.body).want(t, tc.status, "ERROR")
		})
	}
	if got, _ := m.Forwarding(lineA); got != "" {
		t.Errorf("a refused PUT changed the forwarding to %q", got)
	}
}

// A line-scoped token manages its own lines' forwarding only and may not
// read the line state.
func TestLinesUnderLineScopedToken(t *testing.T) {
	_, ts := startLines(t, mock.Options{LineTokens: map[string][]string{"line-token": {lineA}}})
	bearer := []reqOpt{noAuth, header("Authorization", "Bearer line-token")}
	if r := call(t, ts, http.MethodPut, forwardingPath(lineA), `{"forwarding_number": "+16692138010"}`, bearer...); r.Status != http.StatusOK {
		t.Fatalf("own line: %d %s", r.Status, r.Raw)
	}
	call(t, ts, http.MethodGet, forwardingPath(lineB), "", bearer...).want(t, http.StatusForbidden, "ERROR")
	call(t, ts, http.MethodGet, mock.LineStatePath, "", bearer...).want(t, http.StatusForbidden, "ERROR")
}

// Faults queued for the lines are taken by line requests only, and the
// lines are counted apart from the webhooks.
func TestLineFaultsAndCounters(t *testing.T) {
	m, ts := startLines(t, mock.Options{})
	m.FailNext(1, mock.Fault{Lines: true, Methods: []string{http.MethodGet}, Status: http.StatusServiceUnavailable})
	call(t, ts, http.MethodGet, path, "").want(t, http.StatusOK, "OK") // the webhooks do not take it
	call(t, ts, http.MethodGet, mock.LineStatePath, "").want(t, http.StatusServiceUnavailable, "ERROR")
	call(t, ts, http.MethodGet, mock.LineStatePath, "").want(t, http.StatusOK, "OK")

	m.FailNext(1, mock.Fault{Lines: true, Methods: []string{http.MethodPut}, Apply: true})
	call(t, ts, http.MethodPut, forwardingPath(lineA), `{"forwarding_number": "+16692138010"}`).want(t, http.StatusBadGateway, "ERROR")
	if got, _ := m.Forwarding(lineA); got != "+16692138010" {
		t.Errorf("an applied-then-502 PUT left the forwarding at %q", got)
	}
	if got := m.LineRequests(); got[http.MethodGet] != 2 || got[http.MethodPut] != 1 || m.LineWrites() != 1 {
		t.Errorf("line counters = %v (writes %d)", got, m.LineWrites())
	}
	if got := m.Requests(); got[http.MethodGet] != 1 || len(got) != 1 {
		t.Errorf("webhook counters = %v, want one GET", got)
	}
}

// Lines are seeded and read through the admin API, which checks them.
func TestAdminLines(t *testing.T) {
	m, ts := start(t)
	r := call(t, ts, http.MethodPut, "/_mock/lines", `[{"sendblue_number": "+12125550101", "assignment": "assigned", "status": "ONLINE", "forwarding_number": "+16692138010"}]`)
	r.want(t, http.StatusOK, "OK")
	if got, ok := m.Forwarding(lineA); !ok || got != "+16692138010" {
		t.Errorf("seeded line forwards to %q (found %v)", got, ok)
	}
	r = call(t, ts, http.MethodGet, "/_mock/lines", "")
	if r.Status != http.StatusOK || len(r.Raw) == 0 {
		t.Fatalf("GET /_mock/lines: %d %s", r.Status, r.Raw)
	}
	wantJSON(t, jsonValue(t, string(r.Raw)), `[{"sendblue_number": "+12125550101", "assignment": "assigned", "status": "ONLINE", "worker_id": "worker-1", "forwarding_number": "+16692138010"}]`)
	for _, bad := range []string{
		`[{"sendblue_number": "2125550101", "assignment": "assigned", "status": "ONLINE"}]`,
		`[{"sendblue_number": "+12125550101", "assignment": "owned", "status": "ONLINE"}]`,
		`[{"sendblue_number": "+12125550101", "assignment": "assigned", "status": "ONLINE", "colour": "blue"}]`,
		`{"lines": []}`,
	} {
		call(t, ts, http.MethodPut, "/_mock/lines", bad).want(t, http.StatusBadRequest, "ERROR")
	}
	if n := len(m.Lines()); n != 1 {
		t.Errorf("refused seeds changed the lines: %d lines", n)
	}
	if st := call(t, ts, http.MethodGet, "/_mock/stats", ""); st.JSON["lineRequests"] == nil {
		t.Errorf("stats lack lineRequests: %s", st.Raw)
	}
}
