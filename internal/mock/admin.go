package mock

import (
	"encoding/json"
	"errors"
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
//	GET  /_mock/stats        {"requests":{"GET":n,...},"mutating":n}
//	POST /_mock/stats/reset  zero the counters
//	POST /_mock/chaos        {"seed":1,"transientRate":0.25,"appliedFailRate":0.1}
const adminPrefix = "/_mock"

type statsBody struct {
	Requests map[string]int `json:"requests"`
	Mutating int            `json:"mutating"`
}

// adminRoutes maps each admin path to the methods it takes.
var adminRoutes = map[string][]string{
	adminPrefix + "/state":       {http.MethodGet, http.MethodPut},
	adminPrefix + "/stats":       {http.MethodGet},
	adminPrefix + "/stats/reset": {http.MethodPost},
	adminPrefix + "/chaos":       {http.MethodPost},
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
		for t := range st.Webhooks {
			if !validType(t) {
				writeJSON(w, http.StatusBadRequest, errorBody("unknown webhook type in state"))
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
	case adminPrefix + "/stats GET":
		s.mu.Lock()
		body := statsBody{Requests: make(map[string]int, len(s.requests)), Mutating: s.mutatingLocked()}
		for m, n := range s.requests {
			body.Requests[m] = n
		}
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, marshal(body))
	case adminPrefix + "/stats/reset POST":
		s.ResetCounters()
		writeJSON(w, http.StatusOK, okBody)
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

func validRate(x float64) bool { return !math.IsNaN(x) && x >= 0 && x <= 1 }
