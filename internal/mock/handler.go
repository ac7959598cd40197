package mock

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
)

// maxBody bounds request bodies; real configurations are a few kilobytes.
const maxBody = 1 << 20

// ServeHTTP serves the webhooks path and the /_mock/ admin endpoints; anything else is
// a 404 with an ERROR body.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case p == webhooksPath:
		s.serveWebhooks(w, r)
	case p == adminPrefix || strings.HasPrefix(p, adminPrefix+"/"):
		s.serveAdmin(w, r)
	default:
		writeJSON(w, http.StatusNotFound, errorBody("not found"))
	}
}

// serveWebhooks runs one API request: count it, wait out the configured latency, check
// credentials and method, then either answer with a fault or apply it.
//
// Faults are drawn only after authentication, so a request with bad credentials gets
// its 401 and does not use up a queued fault.
func (s *Server) serveWebhooks(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests[r.Method]++
	latency := s.latency
	s.mu.Unlock()

	// Read the body first: net/http notices a client going away (and cancels the
	// request context, ending the sleeps below) only once the body has been consumed.
	// Reading before the lock also keeps a slow client from holding up the others.
	in := readBody(r)

	if !sleepCtx(r, latency) {
		return
	}
	if !s.authorized(r) {
		// Never echo what was presented: it may be a real secret sent to the wrong place.
		writeJSON(w, http.StatusUnauthorized, errorBody("unauthorized: sb-api-key-id and sb-api-secret-key must hold a valid API key and secret"))
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete:
	default:
		w.Header().Set("Allow", "GET, POST, PUT, DELETE")
		writeJSON(w, http.StatusMethodNotAllowed, errorBody("method not allowed"))
		return
	}

	if f, ok := s.nextFault(r.Method); ok {
		if !sleepCtx(r, f.Latency) {
			return
		}
		if f.answers() {
			s.answerFault(w, r, f, in)
			return
		}
	}
	status, body := s.apply(r.Method, in)
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
func (s *Server) apply(method string, in request) (int, []byte) {
	raw := in.body
	if method != http.MethodGet {
		if in.readStatus != 0 {
			return in.readStatus, errorBody(in.readMsg)
		}
		// A JSON body parser in front of the real API would ignore a body sent
		// without this header, so the mock insists on it.
		if !in.contentTypeOK {
			return http.StatusBadRequest, errorBody("Content-Type must be application/json")
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
		resp = apiResponse{Status: "OK", Webhooks: s.configLocked()}
	case http.MethodPost:
		resp, err = s.addLocked(raw)
	case http.MethodPut:
		resp, err = s.replaceLocked(raw)
	case http.MethodDelete:
		resp, err = s.deleteLocked(raw)
	}
	if err != nil {
		var bad *badRequest
		if errors.As(err, &bad) {
			return http.StatusBadRequest, errorBody(bad.msg)
		}
		return http.StatusInternalServerError, errorBody("internal error")
	}
	return http.StatusOK, marshal(resp)
}

func (s *Server) configLocked() map[string]any {
	return encodeConfig(s.hooks, s.globalSecret, s.legacySecret)
}

// addLocked is POST: append entries to one type, optionally set the global secret.
//
// What the real API does with a URL already present under the type is not documented
// (a second entry, an update of its secret, or an error). The mock appends a duplicate
// entry: the harshest plausible choice, so a client that blindly re-adds a webhook it
// should have known about shows up as Count() > 1 in tests.
func (s *Server) addLocked(raw []byte) (apiResponse, error) {
	var body addBody
	if err := decodeObject(raw, &body, "request body"); err != nil {
		return apiResponse{}, err
	}
	if isNull(body.Webhooks) {
		return apiResponse{}, badf("webhooks is required")
	}
	typ, err := requestType(body.Type)
	if err != nil {
		return apiResponse{}, err
	}
	entries, err := parseList(body.Webhooks, "webhooks", typ != contactCreated, true)
	if err != nil {
		return apiResponse{}, err
	}
	if len(entries) == 0 {
		return apiResponse{}, badf("webhooks must not be empty")
	}
	s.hooks[typ] = append(s.hooks[typ], entries...)
	if body.GlobalSecret != nil && *body.GlobalSecret != "" {
		s.globalSecret = *body.GlobalSecret
	}
	return apiResponse{Status: "OK", Message: "Webhooks added", Webhooks: s.configLocked()}, nil
}

// replaceLocked is PUT: the body's configuration becomes the whole configuration,
// globalSecret included (absent clears it). The legacy secret is left alone.
func (s *Server) replaceLocked(raw []byte) (apiResponse, error) {
	var body replaceBody
	if err := decodeObject(raw, &body, "request body"); err != nil {
		return apiResponse{}, err
	}
	cfg, err := parseConfig(body.Webhooks)
	if err != nil {
		return apiResponse{}, err
	}
	s.hooks = cfg.hooks
	s.globalSecret = cfg.global
	return apiResponse{Status: "OK", Message: "Webhooks updated", Webhooks: s.configLocked()}, nil
}

// deleteLocked is DELETE: remove every entry of one type (receive when none is named;
// whether the real API then removes from every type is undocumented) whose URL is
// listed. URLs that are not present are ignored.
func (s *Server) deleteLocked(raw []byte) (apiResponse, error) {
	var body deleteBody
	if err := decodeObject(raw, &body, "request body"); err != nil {
		return apiResponse{}, err
	}
	if isNull(body.Webhooks) {
		return apiResponse{}, badf("webhooks is required")
	}
	typ, err := requestType(body.Type)
	if err != nil {
		return apiResponse{}, err
	}
	entries, err := parseList(body.Webhooks, "webhooks", false, false)
	if err != nil {
		return apiResponse{}, err
	}
	if len(entries) == 0 {
		return apiResponse{}, badf("webhooks must not be empty")
	}
	for _, e := range entries {
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
