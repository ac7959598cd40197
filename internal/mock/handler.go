package mock

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
)

// maxBody bounds request bodies; real configurations are a few kilobytes.
const maxBody = 1 << 20

// ServeHTTP serves the two webhooks paths (unless told to serve one only), the lines
// endpoints (lines.go) and the /_mock/ admin endpoints; anything else is a 404 with an ERROR body.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case p == CurrentPath && s.only != "v2":
		s.serveWebhooks(w, r, genCurrent)
	case p == V2Path && s.only != "current":
		s.serveWebhooks(w, r, genV2)
	case p == LineStatePath || strings.HasPrefix(p, linesPrefix):
		s.serveLines(w, r)
	case p == adminPrefix || strings.HasPrefix(p, adminPrefix+"/"):
		s.serveAdmin(w, r)
	default:
		writeJSON(w, http.StatusNotFound, errorBody("not found"))
	}
}

// serveWebhooks runs one request on a webhooks path of generation g.
func (s *Server) serveWebhooks(w http.ResponseWriter, r *http.Request, g generation) {
	s.serveAPI(w, r, endpoint{
		counts:  func() map[string]int { return s.requests },
		methods: []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete},
		errBody: func(status int, msg string) []byte { return errorBodyFor(g, status, msg) },
		apply: func(who caller, in request) (int, []byte) {
			return s.apply(g, who, r.Method, in)
		},
		landLater: func(who caller, in request) { s.landLater(g, who, in) },
	})
}

// endpoint is what serveAPI needs to know of one API path.
type endpoint struct {
	counts  func() map[string]int // its request counters by method; called under mu
	lines   bool                  // a lines endpoint: takes the faults queued for lines
	methods []string              // the methods it answers; others get 405
	errBody func(status int, msg string) []byte
	apply   func(who caller, in request) (int, []byte)
	// landLater queues an add to land after the next list (Fault.LandLate); nil
	// where the fault does not apply.
	landLater func(who caller, in request)
}

// serveAPI runs one API request: count it, wait out the configured latency, check
// credentials and method, then either answer with a fault or apply it.
//
// Faults are drawn only after authentication, so a request with bad credentials gets
// its 401 and does not use up a queued fault.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, ep endpoint) {
	s.mu.Lock()
	ep.counts()[r.Method]++
	latency := s.latency
	s.mu.Unlock()

	// Read the body first: net/http notices a client going away (and cancels the
	// request context, ending the sleeps below) only once the body has been consumed.
	// Reading before the lock also keeps a slow client from holding up the others.
	in := readBody(r)

	if !sleepCtx(r, latency) {
		return
	}
	who := s.authorized(r)
	if !who.ok {
		// Never echo what was presented: it may be a real secret sent to the wrong place.
		writeJSON(w, http.StatusUnauthorized, ep.errBody(http.StatusUnauthorized, "unauthorized: sb-api-key-id and sb-api-secret-key must hold a valid API key and secret, or Authorization a valid bearer token"))
		return
	}
	if !slices.Contains(ep.methods, r.Method) {
		w.Header().Set("Allow", strings.Join(ep.methods, ", "))
		writeJSON(w, http.StatusMethodNotAllowed, ep.errBody(http.StatusMethodNotAllowed, "method not allowed"))
		return
	}

	if f, ok := s.nextFault(r.Method, ep.lines); ok {
		late := f.LandLate && r.Method == http.MethodPost && ep.landLater != nil
		if late && !f.Hang {
			// Queued before Arrived is signalled, so a test that wakes on Arrived
			// already sees the pending add (PendingLate).
			ep.landLater(who, in)
		}
		f.arrive(r.Method)
		if f.Hang || late {
			// Accept the request, never answer: wait for the client to give up.
			<-r.Context().Done()
			return
		}
		if !sleepCtx(r, f.Latency) {
			return
		}
		if f.answers() {
			s.answerFault(w, r, f, in, func() { _, _ = ep.apply(who, in) })
			return
		}
		if !f.hold(r) {
			return
		}
	}
	status, body := ep.apply(who, in)
	writeJSON(w, status, body)
}

// request is what apply needs from an HTTP request, read up front.
type request struct {
	contentTypeOK bool
	body          []byte
	readStatus    int // non-zero when the body could not be read
	readMsg       string
}

func readBody(r *http.Request) request {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	in := request{contentTypeOK: err == nil && mt == "application/json"}
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			in.readStatus, in.readMsg = http.StatusRequestEntityTooLarge, "request body too large"
		} else {
			in.readStatus, in.readMsg = http.StatusBadRequest, "could not read request body"
		}
	}
	in.body = b
	return in
}

// apply validates and applies one API request and returns the answer. Validation and
// the change itself happen under the lock, all or nothing, so concurrent requests
// behave as if they ran one after another.
func (s *Server) apply(g generation, who caller, method string, in request) (int, []byte) {
	raw := in.body
	if method != http.MethodGet {
		if in.readStatus != 0 {
			return in.readStatus, errorBodyFor(g, in.readStatus, in.readMsg)
		}
		// A JSON body parser in front of the real API would ignore a body sent
		// without this header, so the mock insists on it.
		if !in.contentTypeOK {
			return http.StatusBadRequest, errorBodyFor(g, http.StatusBadRequest, "Content-Type must be application/json")
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	var (
		resp apiResponse
		err  error
	)
	switch method {
	case http.MethodGet:
		// Adds that land late land once this answer is written (see LandLate).
		defer s.landLateLocked(len(s.late))
		resp = apiResponse{Status: "OK", Webhooks: s.configLocked(g)}
		if who.lines != nil {
			resp.Webhooks = s.lineConfigLocked(g, who.lines)
		}
		if g == genCurrent {
			// The current generation's list answer is {status?, webhooks?}: the
			// mock leaves status out, so a client that insists on it fails here.
			resp.Status = ""
		}
	case http.MethodPost:
		resp, err = s.addLocked(g, who, raw)
	case http.MethodPut:
		if who.lines != nil {
			err = &forbidden{"a line-scoped token may not replace the whole webhook configuration"}
			break
		}
		resp, err = s.replaceLocked(g, raw)
	case http.MethodDelete:
		resp, err = s.deleteLocked(g, who, raw)
	}
	if err != nil {
		var bad *badRequest
		var fb *forbidden
		switch {
		case errors.As(err, &bad):
			return http.StatusBadRequest, errorBodyFor(g, http.StatusBadRequest, bad.msg)
		case errors.As(err, &fb):
			return http.StatusForbidden, errorBodyFor(g, http.StatusForbidden, fb.msg)
		}
		return http.StatusInternalServerError, errorBodyFor(g, http.StatusInternalServerError, "internal error")
	}
	return http.StatusOK, marshal(resp)
}

// forbidden is a request a line-scoped token may not make, answered with 403.
type forbidden struct{ msg string }

func (e *forbidden) Error() string { return e.msg }

func (s *Server) configLocked(g generation) map[string]any {
	return encodeConfig(g, s.hooks, s.globalSecret, s.legacySecret, s.extra, s.v2ContactSecrets)
}

// lineConfigLocked is what a line-scoped token lists: the receive webhooks scoped to
// its lines only.
func (s *Server) lineConfigLocked(g generation, lines []string) map[string]any {
	var mine []Entry
	for _, e := range s.hooks["receive"] {
		if withinLines(e.SendblueNumbers, lines) {
			mine = append(mine, e)
		}
	}
	return encodeConfig(g, map[string][]Entry{"receive": mine}, "", "", nil, false)
}

// withinLines reports whether nums is non-empty and every number is one of lines.
func withinLines(nums, lines []string) bool {
	if len(nums) == 0 {
		return false
	}
	for _, n := range nums {
		if !slices.Contains(lines, n) {
			return false
		}
	}
	return true
}

// addLocked is POST: append entries to one type, optionally set the global secret.
//
// What the real API does with a URL already present under the type is not documented
// (a second entry, an update of its secret, or an error). The mock appends a duplicate
// entry: the harshest plausible choice, so a client that blindly re-adds a webhook it
// should have known about shows up as Count() > 1 in tests.
func (s *Server) addLocked(g generation, who caller, raw []byte) (apiResponse, error) {
	var body addBody
	if err := decodeObject(raw, &body, "request body"); err != nil {
		return apiResponse{}, err
	}
	typ, entries, err := typedList(g, body.Webhooks, body.Type, func(typ string) listRules {
		r := rulesFor(g, typ)
		r.fields = s.entryFields
		return r
	})
	if err != nil {
		return apiResponse{}, err
	}
	if who.lines != nil {
		if typ != "receive" || (body.GlobalSecret != nil && *body.GlobalSecret != "") {
			return apiResponse{}, &forbidden{"a line-scoped token may only add receive webhooks, without a global secret"}
		}
		for i := range entries {
			switch {
			case len(entries[i].SendblueNumbers) == 0:
				entries[i].SendblueNumbers = slices.Clone(who.lines)
			case !withinLines(entries[i].SendblueNumbers, who.lines):
				return apiResponse{}, &forbidden{"sendblue_numbers must be within the token's lines"}
			}
		}
	}
	s.hooks[typ] = append(s.hooks[typ], entries...)
	if body.GlobalSecret != nil && *body.GlobalSecret != "" {
		s.globalSecret = *body.GlobalSecret
	}
	if who.lines != nil {
		return apiResponse{Status: "OK", Message: "Webhooks added", Webhooks: s.lineConfigLocked(g, who.lines)}, nil
	}
	return apiResponse{Status: "OK", Message: "Webhooks added", Webhooks: s.configLocked(g)}, nil
}

// typedList is what POST and DELETE bodies share: the type they name
// (receive when none) and their list of webhooks, required and not empty,
// parsed with the rules that rules gives for the type.
func typedList(g generation, raw json.RawMessage, t *string, rules func(typ string) listRules) (string, []Entry, error) {
	if isNull(raw) {
		return "", nil, badf("webhooks is required")
	}
	typ, err := requestType(g, t)
	if err != nil {
		return "", nil, err
	}
	entries, err := parseList(raw, "webhooks", rules(typ))
	if err != nil {
		return "", nil, err
	}
	if len(entries) == 0 {
		return "", nil, badf("webhooks must not be empty")
	}
	return typ, entries, nil
}

// replaceLocked is PUT: the body's configuration becomes the whole configuration,
// globalSecret, the legacy secret and keys the mock does not model included (absent
// clears them): the harshest reading of "overwrites existing webhooks", so a client
// that drops what it does not know is caught.
func (s *Server) replaceLocked(g generation, raw []byte) (apiResponse, error) {
	var body replaceBody
	if err := decodeObject(raw, &body, "request body"); err != nil {
		return apiResponse{}, err
	}
	cfg, err := parseConfig(g, body.Webhooks, s.entryFields, s.v2ContactSecrets)
	if err != nil {
		return apiResponse{}, err
	}
	s.hooks = cfg.hooks
	s.globalSecret = cfg.global
	s.legacySecret = cfg.legacy
	s.extra = cfg.extra
	return apiResponse{Status: "OK", Message: "Webhooks updated", Webhooks: s.configLocked(g)}, nil
}

// deleteLocked is DELETE: remove every entry of one type (receive when none is named;
// whether the real API then removes from every type is undocumented) whose URL is
// listed. URLs that are not present are ignored.
func (s *Server) deleteLocked(g generation, who caller, raw []byte) (apiResponse, error) {
	var body deleteBody
	if err := decodeObject(raw, &body, "request body"); err != nil {
		return apiResponse{}, err
	}
	typ, entries, err := typedList(g, body.Webhooks, body.Type, func(string) listRules { return listRules{} })
	if err != nil {
		return apiResponse{}, err
	}
	if who.lines != nil && typ != "receive" {
		return apiResponse{}, &forbidden{"a line-scoped token may only delete receive webhooks"}
	}
	for _, e := range entries {
		if who.lines != nil {
			s.hooks[typ] = slices.DeleteFunc(s.hooks[typ], func(x Entry) bool {
				return x.URL == e.URL && withinLines(x.SendblueNumbers, who.lines)
			})
			if len(s.hooks[typ]) == 0 {
				delete(s.hooks, typ)
			}
			continue
		}
		s.removeLocked(typ, e.URL)
	}
	return apiResponse{Status: "OK", Message: "Webhooks deleted"}, nil
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	writeRaw(w, status, "application/json", body)
}

func writeRaw(w http.ResponseWriter, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
