// Package mock is an in-memory stand-in for Sendblue's webhook API
// (/api/v2/account/webhooks), for unit, acceptance and demo runs without a Sendblue
// account.
//
// It is written from the API description (sendblue-api.md and the seed page), not from
// the client in internal/sendblue, and decodes requests with its own types, so that a
// wire-format mistake in one cannot hide in the other. Where the API is undocumented the
// mock picks the harshest plausible behaviour, so that a client which works against it
// does not depend on a lucky guess:
//   - POST with a URL already present under that type appends a second entry;
//   - DELETE without a type removes from receive only;
//   - request bodies are decoded strictly (unknown keys, wrong shapes, a missing
//     Content-Type: application/json are 400s).
//
// Besides the API it offers out-of-band changes (as if made in the dashboard), request
// counters and fault injection (see Fault, Chaos), and a few /_mock/ admin endpoints for
// use from another process.
package mock

import (
	"crypto/subtle"
	"fmt"
	"math/rand"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Defaults for Options, so a test or `make mock` needs no configuration. They are fake
// credentials; the mock never talks to Sendblue.
const (
	DefaultAPIKey    = "mock-api-key"
	DefaultAPISecret = "mock-api-secret"
)

// webhooksPath is the one API path the mock serves (the seed's /api/v2 generation).
const webhooksPath = "/api/v2/account/webhooks"

// Entry is one registered webhook. A webhook has no id in the API: it is identified by
// its type and URL, and several entries may share a URL (see POST).
type Entry struct {
	URL    string `json:"url"`
	Secret string `json:"secret"`
}

// State is the account's whole webhook configuration, for tests to set up and inspect.
// Webhooks is keyed by type name ("receive", ...); types without entries are absent.
type State struct {
	Webhooks     map[string][]Entry `json:"webhooks"`
	GlobalSecret string             `json:"globalSecret"`
	// LegacySecret is the top-level "secret" the API still returns but no longer takes.
	LegacySecret string `json:"legacySecret,omitempty"`
}

// Options configures a Server. The zero value uses DefaultAPIKey and DefaultAPISecret.
type Options struct {
	APIKey, APISecret string
}

// Server is the mock API. It implements http.Handler; serve it with httptest.NewServer
// or net/http. All methods are safe for concurrent use, including while serving.
type Server struct {
	apiKey, apiSecret string

	// mu guards everything below. Each API request is validated and applied under it
	// in one piece, so concurrent requests behave as if they ran one after another.
	mu           sync.Mutex
	hooks        map[string][]Entry
	globalSecret string
	legacySecret string
	requests     map[string]int
	faults       []queuedFault
	latency      time.Duration
	chaos        Chaos
	rng          *rand.Rand
}

// New returns an empty mock account that accepts opts' credentials.
func New(opts Options) *Server {
	s := &Server{
		apiKey:    opts.APIKey,
		apiSecret: opts.APISecret,
		hooks:     make(map[string][]Entry),
		requests:  make(map[string]int),
	}
	if s.apiKey == "" {
		s.apiKey = DefaultAPIKey
	}
	if s.apiSecret == "" {
		s.apiSecret = DefaultAPISecret
	}
	return s
}

// authorized checks both credential headers in constant time.
func (s *Server) authorized(r *http.Request) bool {
	key := r.Header.Get("sb-api-key-id")
	secret := r.Header.Get("sb-api-secret-key")
	okKey := subtle.ConstantTimeCompare([]byte(key), []byte(s.apiKey)) == 1
	okSecret := subtle.ConstantTimeCompare([]byte(secret), []byte(s.apiSecret)) == 1
	return key != "" && secret != "" && okKey && okSecret
}

func mustType(typ string) {
	if !validType(typ) {
		panic(fmt.Sprintf("mock: unknown webhook type %q", typ))
	}
}

func copyEntries(in []Entry) []Entry {
	if len(in) == 0 {
		return nil
	}
	return slices.Clone(in)
}

// State returns a deep copy of the configuration; changing it does not affect the mock.
func (s *Server) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := State{
		Webhooks:     make(map[string][]Entry, len(s.hooks)),
		GlobalSecret: s.globalSecret,
		LegacySecret: s.legacySecret,
	}
	for t, es := range s.hooks {
		if len(es) > 0 {
			st.Webhooks[t] = copyEntries(es)
		}
	}
	return st
}

// SetState replaces the configuration out of band, as if done in the dashboard. It
// panics on a type name that is not one of the six, so a typo in a test fails loudly.
func (s *Server) SetState(st State) {
	for t := range st.Webhooks {
		mustType(t)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hooks = make(map[string][]Entry, len(st.Webhooks))
	for t, es := range st.Webhooks {
		if len(es) > 0 {
			s.hooks[t] = copyEntries(es)
		}
	}
	s.globalSecret = st.GlobalSecret
	s.legacySecret = st.LegacySecret
}

// AddWebhook appends an entry out of band (no URL validation: the point is to model
// whatever may already be on an account). It panics on an unknown type.
func (s *Server) AddWebhook(typ, url, secret string) {
	mustType(typ)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hooks[typ] = append(s.hooks[typ], Entry{URL: url, Secret: secret})
}

// RemoveWebhook deletes, out of band, every entry of typ with that URL.
func (s *Server) RemoveWebhook(typ, url string) {
	mustType(typ)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeLocked(typ, url)
}

func (s *Server) removeLocked(typ, url string) {
	kept := slices.DeleteFunc(s.hooks[typ], func(e Entry) bool { return e.URL == url })
	if len(kept) == 0 {
		delete(s.hooks, typ)
		return
	}
	s.hooks[typ] = kept
}

// SetWebhookSecret changes, out of band, the secret of every entry of typ with that
// URL (an empty secret removes it). It reports false when there is no such entry.
func (s *Server) SetWebhookSecret(typ, url, secret string) bool {
	mustType(typ)
	s.mu.Lock()
	defer s.mu.Unlock()
	found := false
	for i := range s.hooks[typ] {
		if s.hooks[typ][i].URL == url {
			s.hooks[typ][i].Secret = secret
			found = true
		}
	}
	return found
}

// Count returns how many entries of typ have that URL, to catch duplicates.
func (s *Server) Count(typ, url string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, e := range s.hooks[typ] {
		if e.URL == url {
			n++
		}
	}
	return n
}

// Total returns the number of entries over all types.
func (s *Server) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, es := range s.hooks {
		n += len(es)
	}
	return n
}

// Requests returns how many requests arrived on the webhooks path, by HTTP method.
// Requests answered by a fault, a 401 or a 405 count too; admin requests do not.
func (s *Server) Requests() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.requests))
	for m, n := range s.requests {
		out[m] = n
	}
	return out
}

// MutatingRequests returns the number of POST, PUT and DELETE requests on the webhooks
// path, so tests can assert that a plan or a no-op apply wrote nothing.
func (s *Server) MutatingRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mutatingLocked()
}

func (s *Server) mutatingLocked() int {
	return s.requests[http.MethodPost] + s.requests[http.MethodPut] + s.requests[http.MethodDelete]
}

// ResetCounters zeroes the request counters (not the state).
func (s *Server) ResetCounters() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = make(map[string]int)
}
