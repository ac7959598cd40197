package mock

import (
	"net/http"
	"time"
)

// adminFault is the body of POST /_mock/faults: count times the fault, as FailNext
// queues it. The fields are Fault's, except Arrived and Hold (channels, for tests in
// the same process) and Latency, given in milliseconds.
type adminFault struct {
	Count int `json:"count"`
	Fault struct {
		Methods      []string `json:"methods"`
		Lines        bool     `json:"lines"`
		Status       int      `json:"status"`
		Body         string   `json:"body"`
		ContentType  string   `json:"contentType"`
		RetryAfter   string   `json:"retryAfter"`
		RetryAfterMs string   `json:"retryAfterMs"`
		LatencyMs    int      `json:"latencyMs"`
		Apply        bool     `json:"apply"`
		ErrorInOK    bool     `json:"errorInOK"`
		ResetConn    bool     `json:"resetConn"`
		Truncate     bool     `json:"truncate"`
		Hang         bool     `json:"hang"`
		EchoRequest  bool     `json:"echoRequest"`
		LandLate     bool     `json:"landLate"`
	} `json:"fault"`
}

// serveFaults queues a fault (POST) or drops every queued fault, the latency and
// chaos (DELETE, like ClearFaults).
func (s *Server) serveFaults(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodDelete {
		s.ClearFaults()
		writeJSON(w, http.StatusOK, okBody)
		return
	}
	var in adminFault
	if err := readAdminBody(r, &in); err != nil {
		writeJSON(w, http.StatusBadRequest, errorBody(err.Error()))
		return
	}
	f := in.Fault
	if in.Count < 1 || f.LatencyMs < 0 || (f.Status != 0 && (f.Status < 100 || f.Status > 599)) {
		writeJSON(w, http.StatusBadRequest, errorBody("count must be at least 1, latencyMs not negative, status an HTTP status"))
		return
	}
	s.FailNext(in.Count, Fault{
		Methods: f.Methods, Lines: f.Lines, Status: f.Status, Body: f.Body, ContentType: f.ContentType,
		RetryAfter: f.RetryAfter, RetryAfterMs: f.RetryAfterMs, Latency: time.Duration(f.LatencyMs) * time.Millisecond,
		Apply: f.Apply, ErrorInOK: f.ErrorInOK, ResetConn: f.ResetConn, Truncate: f.Truncate, Hang: f.Hang,
		EchoRequest: f.EchoRequest, LandLate: f.LandLate,
	})
	writeJSON(w, http.StatusOK, okBody)
}
