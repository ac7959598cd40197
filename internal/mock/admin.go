package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
)

// adminPrefix holds endpoints for driving the mock from another process (make demo,
// make bench), where the Go methods are out of reach. They take the same credentials
// as the API and are not counted in Requests.
//
//	GET  /_mock/state        the State as JSON
//	PUT  /_mock/state        replace the State (out of band, like SetState)
//	GET  /_mock/lines        the account's lines as JSON (Line, forwarding numbers included)
//	PUT  /_mock/lines        replace the lines: [{"sendblue_number":"+1...","assignment":"assigned",
//	                         "status":"ONLINE","forwarding_number":"+1..."}, ...] (like SetLines)
//	GET  /_mock/stats        {"requests":{"GET":n,...},"mutating":n,"lineRequests":{"GET":n,...}}
//	POST /_mock/stats/reset  zero the counters
//	POST /_mock/chaos        {"seed":1,"transientRate":0.25,"appliedFailRate":0.1}
//	POST /_mock/faults       queue a fault, as FailNext: {"count":2,"fault":{"methods":["POST"],
//	                         "landLate":true}} (Fault's fields; latencyMs for Latency; see adminFault)
//	DELETE /_mock/faults     drop queued faults, latency and chaos (ClearFaults)
const adminPrefix = "/_mock"

type statsBody struct {
	Requests map[string]int `json:"requests"`
	Mutating int            `json:"mutating"`
	// LineRequests counts the requests on the lines endpoints, by method.
	LineRequests map[string]int `json:"lineRequests"`
}

// adminRoutes maps each admin path to the methods it takes.
var adminRoutes = map[string][]string{
	adminPrefix + "/state":       {http.MethodGet, http.MethodPut},
	adminPrefix + "/lines":       {http.MethodGet, http.MethodPut},
	adminPrefix + "/stats":       {http.MethodGet},
	adminPrefix + "/stats/reset": {http.MethodPost},
	adminPrefix + "/chaos":       {http.MethodPost},
	adminPrefix + "/faults":      {http.MethodPost, http.MethodDelete},
}

var okBody = []byte(`{"status":"OK"}` + "\n")

func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	if who := s.authorized(r); !who.ok || who.lines != nil {
		writeJSON(w, http.StatusUnauthorized, errorBody("unauthorized: sb-api-key-id and sb-api-secret-key must hold a valid API key and secret"))
		return
	}
	methods, ok := adminRoutes[r.URL.Path]
	if !ok {
		writeJSON(w, http.StatusNotFound, errorBody("not found"))
		return
	}
	if !slices.Contains(methods, r.Method) {
		w.Header().Set("Allow", strings.Join(methods, ", "))
		writeJSON(w, http.StatusMethodNotAllowed, errorBody("method not allowed"))
		return
	}

	switch r.URL.Path + " " + r.Method {
	case adminPrefix + "/state GET":
		writeJSON(w, http.StatusOK, marshal(s.State()))
	case adminPrefix + "/state PUT":
		var st State
		if err := readAdminBody(r, &st); err != nil {
			writeJSON(w, http.StatusBadRequest, errorBody(err.Error()))
			return
		}
		for t, es := range st.Webhooks {
			if !validType(t) {
				writeJSON(w, http.StatusBadRequest, errorBody("unknown webhook type in state"))
				return
			}
			if !entryFieldsValid(es) {
				writeJSON(w, http.StatusBadRequest, errorBody("an entry's extra holds a modelled field or a value that is not JSON"))
				return
			}
		}
		for k, v := range st.Extra {
			if validType(k) || k == keyGlobalSecret || k == keyLegacySecret || !json.Valid(v) {
				writeJSON(w, http.StatusBadRequest, errorBody("extra holds a modelled key or a value that is not JSON"))
				return
			}
		}
		s.SetState(st)
		writeJSON(w, http.StatusOK, okBody)
	case adminPrefix + "/lines GET":
		writeJSON(w, http.StatusOK, marshal(s.Lines()))
	case adminPrefix + "/lines PUT":
		var lines []Line
		if err := readAdminList(r, &lines); err != nil {
			writeJSON(w, http.StatusBadRequest, errorBody(err.Error()))
			return
		}
		if msg := checkLines(lines); msg != "" {
			writeJSON(w, http.StatusBadRequest, errorBody(msg))
			return
		}
		s.SetLines(lines)
		writeJSON(w, http.StatusOK, okBody)
	case adminPrefix + "/stats GET":
		s.mu.Lock()
		body := statsBody{Requests: maps(s.requests), Mutating: s.mutatingLocked(), LineRequests: maps(s.lineRequests)}
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, marshal(body))
	case adminPrefix + "/stats/reset POST":
		s.ResetCounters()
		writeJSON(w, http.StatusOK, okBody)
	case adminPrefix + "/faults POST", adminPrefix + "/faults DELETE":
		s.serveFaults(w, r)
	case adminPrefix + "/chaos POST":
		var c Chaos
		if err := readAdminBody(r, &c); err != nil {
			writeJSON(w, http.StatusBadRequest, errorBody(err.Error()))
			return
		}
		if !validRate(c.TransientRate) || !validRate(c.AppliedFailRate) {
			writeJSON(w, http.StatusBadRequest, errorBody("rates must be between 0 and 1"))
			return
		}
		s.SetChaos(c)
		writeJSON(w, http.StatusOK, okBody)
	}
}

func readAdminBody(r *http.Request, v any) error {
	raw, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		return errors.New("could not read request body")
	}
	return decodeObject(raw, v, "request body")
}

// readAdminList decodes a JSON array of objects strictly (unknown keys are errors).
func readAdminList(r *http.Request, v any) error {
	raw, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		return errors.New("could not read request body")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("request body must be a JSON array of lines: %v", err)
	}
	return nil
}

func validRate(x float64) bool { return !math.IsNaN(x) && x >= 0 && x <= 1 }
