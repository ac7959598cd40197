// Package mock is an in-memory stand-in for Sendblue's webhook API, in both of its
// generations (/api/account/webhooks, as the official SDK sendblue@3.17.0 calls it,
// and the older /api/v2/account/webhooks), for unit, acceptance and demo runs without
// a Sendblue account. One account stands behind both paths; each path applies its own
// generation's rules (v2: six types, contact_created as URL strings only, no
// sendblue_numbers), and a server can be told to serve one generation only.
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
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Defaults for Options, so a test or `make mock` needs no configuration. They are fake
// credentials; the mock never talks to Sendblue.
const (
	DefaultAPIKey    = "mock-api-key"
	DefaultAPISecret = "mock-api-secret"
)

// The two API paths, one per generation.
const (
	CurrentPath = "/api/account/webhooks"
	V2Path      = "/api/v2/account/webhooks"
)

// Entry is one registered webhook. A webhook has no id in the API: it is identified by
// its type and URL, and several entries may share a URL (see POST). SendblueNumbers
// (E.164) limits a receive webhook to messages received by those lines.
//
// Extra holds fields of the entry object beyond those three, raw: fields of a newer
// API that an account may hold. The mock accepts such a field in a request only once
// a test has seeded an entry carrying it (SetState), as a server that knows it would;
// any other unknown field stays a 400. Listed entries show them as they are.
type Entry struct {
	URL             string                     `json:"url"`
	Secret          string                     `json:"secret"`
	SendblueNumbers []string                   `json:"sendblue_numbers,omitempty"`
	Extra           map[string]json.RawMessage `json:"extra,omitempty"`
}

// State is the account's whole webhook configuration, for tests to set up and inspect.
// Webhooks is keyed by type name ("receive", ...); types without entries are absent.
type State struct {
	Webhooks     map[string][]Entry `json:"webhooks"`
	GlobalSecret string             `json:"globalSecret"`
	// LegacySecret is the top-level "secret" the API still returns. A replace
	// (PUT) sets it to what the body holds, so a client must write it back.
	LegacySecret string `json:"legacySecret,omitempty"`
	// Extra holds top-level keys the mock does not model (a type newer than it,
	// a setting), as raw JSON: listed as they are, kept by a PUT that sends them
	// back, gone after one that does not. Tests seed them to check that a client
	// carries what it does not know.
	Extra map[string]json.RawMessage `json:"extra,omitempty"`
}

// Options configures a Server. The zero value uses DefaultAPIKey and DefaultAPISecret,
// serves both generations, and takes no bearer tokens.
type Options struct {
	APIKey, APISecret string
	// Only, when "current" or "v2", serves that generation alone: the other path
	// answers 404 as a server that does not know it would.
	Only string
	// AccessTokens are account-wide bearer tokens (Authorization: Bearer).
	AccessTokens []string
	// LineTokens are line-scoped bearer tokens and the E.164 numbers of their
	// lines: they may only list, add and delete receive webhooks of those lines
	// (403 otherwise); URL strings added with one are scoped to its lines.
	LineTokens map[string][]string
	// V2ContactSecrets makes the v2 generation list a contact_created entry that
	// holds its own secret (set through the current generation) as an object with
	// that secret, and take such an object back in a replace, as some servers do
	// although v2 documents contact_created as URL strings. Without it v2 shows
	// contact_created as URL strings only, as documented.
	V2ContactSecrets bool
}

// Server is the mock API. It implements http.Handler; serve it with httptest.NewServer
// or net/http. All methods are safe for concurrent use, including while serving.
type Server struct {
	apiKey, apiSecret string
	only              string
	v2ContactSecrets  bool
	tokens            []string
	lineTokens        map[string][]string

	// mu guards everything below. Each API request is validated and applied under it
	// in one piece, so concurrent requests behave as if they ran one after another.
	mu           sync.Mutex
	hooks        map[string][]Entry
	globalSecret string
	legacySecret string
	extra        map[string]json.RawMessage
	// entryFields are the entry fields beyond url, secret and sendblue_numbers
	// that requests may carry: those of entries seeded with SetState.
	entryFields  map[string]bool
	requests     map[string]int
	lines        []Line         // the account's lines, in the order seeded (lines.go)
	lineRequests map[string]int // requests on the lines endpoints, by method
	late         []lateWrite    // adds that land after the next list (LandLate)
	faults       []queuedFault
	latency      time.Duration
	chaos        Chaos
	rng          *rand.Rand
}

// New returns an empty mock account that accepts opts' credentials.
func New(opts Options) *Server {
	s := &Server{
		apiKey:           opts.APIKey,
		apiSecret:        opts.APISecret,
		only:             opts.Only,
		v2ContactSecrets: opts.V2ContactSecrets,
		tokens:           slices.Clone(opts.AccessTokens),
		lineTokens:       make(map[string][]string, len(opts.LineTokens)),
		hooks:            make(map[string][]Entry),
		entryFields:      make(map[string]bool),
		requests:         make(map[string]int),

		lineRequests: make(map[string]int),
	}
	if s.apiKey == "" {
		s.apiKey = DefaultAPIKey
	}
	if s.apiSecret == "" {
		s.apiSecret = DefaultAPISecret
	}
	for tok, nums := range opts.LineTokens {
		s.lineTokens[tok] = slices.Clone(nums)
	}
	return s
}

// caller is who a request authenticated as: ok is false when it did not; lines is
// non-nil for a line-scoped token (the numbers of its lines).
type caller struct {
	ok    bool
	lines []string
}

// authorized checks the credentials in constant time: the key and secret headers
// (also as x-sb-api-key-id / x-sb-api-secret-key), or a bearer token.
func (s *Server) authorized(r *http.Request) caller {
	if auth := r.Header.Get("Authorization"); auth != "" {
		tok, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || tok == "" {
			return caller{}
		}
		for _, t := range s.tokens {
			if subtle.ConstantTimeCompare([]byte(tok), []byte(t)) == 1 {
				return caller{ok: true}
			}
		}
		for t, nums := range s.lineTokens {
			if subtle.ConstantTimeCompare([]byte(tok), []byte(t)) == 1 {
				return caller{ok: true, lines: nums}
			}
		}
		return caller{}
	}
	key := r.Header.Get("sb-api-key-id")
	if key == "" {
		key = r.Header.Get("x-sb-api-key-id")
	}
	secret := r.Header.Get("sb-api-secret-key")
	if secret == "" {
		secret = r.Header.Get("x-sb-api-secret-key")
	}
	okKey := subtle.ConstantTimeCompare([]byte(key), []byte(s.apiKey)) == 1
	okSecret := subtle.ConstantTimeCompare([]byte(secret), []byte(s.apiSecret)) == 1
	return caller{ok: key != "" && secret != "" && okKey && okSecret}
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
	out := slices.Clone(in)
	for i := range out {
		out[i].SendblueNumbers = slices.Clone(out[i].SendblueNumbers)
		out[i].Extra = copyExtra(out[i].Extra)
	}
	return out
}

// State returns a deep copy of the configuration; changing it does not affect the mock.
func (s *Server) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := State{
		Webhooks:     make(map[string][]Entry, len(s.hooks)),
		GlobalSecret: s.globalSecret,
		LegacySecret: s.legacySecret,
		Extra:        copyExtra(s.extra),
	}
	for t, es := range s.hooks {
		if len(es) > 0 {
			st.Webhooks[t] = copyEntries(es)
		}
	}
	return st
}

func copyExtra(in map[string]json.RawMessage) map[string]json.RawMessage {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]json.RawMessage, len(in))
	for k, v := range in {
		out[k] = slices.Clone(v)
	}
	return out
}

// SetState replaces the configuration out of band, as if done in the dashboard. It
// panics on a type name that is not one of the nine, or an Extra key that is a modelled
// one, so a typo in a test fails loudly.
func (s *Server) SetState(st State) {
	for t, es := range st.Webhooks {
		mustType(t)
		mustEntryFields(es)
	}
	for k, v := range st.Extra {
		if validType(k) || k == keyGlobalSecret || k == keyLegacySecret || !json.Valid(v) {
			panic(fmt.Sprintf("mock: Extra key %q is modelled, or its value is not JSON", k))
		}
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
	s.extra = copyExtra(st.Extra)
	for _, es := range st.Webhooks {
		for _, e := range es {
			for k := range e.Extra {
				s.entryFields[k] = true
			}
		}
	}
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

// ResetCounters zeroes the request counters, of the webhooks paths and of the lines
// endpoints (not the state).
func (s *Server) ResetCounters() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = make(map[string]int)
	s.lineRequests = make(map[string]int)
}
