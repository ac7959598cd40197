package livetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// maxAnswer bounds what is read of an answer (a whole account is far smaller).
const maxAnswer = 8 << 20

// Call is one request to the API under test and, once the recorder has been
// seeded, what the mock answered to the same request.
type Call struct {
	Test       string
	Method     string
	Path       string // with line numbers as {number}
	Status     int    // 0: no answer (Err says why)
	Err        string
	Shape      string
	Compared   bool
	MockStatus int
	MockShape  string
}

// Generation is the API generation of the call's path: "v2" for /api/v2/...,
// "current" otherwise.
func (c Call) Generation() string {
	if strings.HasPrefix(c.Path, "/api/v2/") {
		return "v2"
	}
	return "current"
}

// Difference says how the mock's answer differs from the API's, or "" when it
// does not (or was not asked).
func (c Call) Difference() string {
	if !c.Compared || (c.Status == c.MockStatus && c.Shape == c.MockShape) {
		return ""
	}
	return fmt.Sprintf("%s %s: Sendblue answered %d %s; the mock would answer %d %s",
		c.Method, c.Path, c.Status, c.Shape, c.MockStatus, c.MockShape)
}

// Recorder is an http.RoundTripper for the provider and clients under test:
// it sends each request on, records it in the ledger (method, path, status and
// the answer's Shape: never headers, bodies or secrets) and, once seeded with
// the account as it was found, sends the same request to a private mock
// holding that account and notes where the mock's answer differs. Requests go
// one at a time, so that the mock sees them in the API's order.
type Recorder struct {
	next   http.RoundTripper
	ledger *Ledger
	test   string

	mu     sync.Mutex
	shadow *mock.Server
	calls  []Call
}

// NewRecorder records the calls of test into ledger; next defaults to
// http.DefaultTransport.
func NewRecorder(ledger *Ledger, test string, next http.RoundTripper) *Recorder {
	if next == nil {
		next = http.DefaultTransport
	}
	return &Recorder{next: next, ledger: ledger, test: test}
}

// Seed starts the comparison: the mock is set to cfg, the account as listed.
func (r *Recorder) Seed(cfg *sendblue.Configuration) {
	m := mock.New(mock.Options{})
	m.SetState(mockState(cfg))
	r.mu.Lock()
	defer r.mu.Unlock()
	r.shadow = m
}

// SeedLines gives the recorder's mock the account's lines, as the line state
// lists them, and the call forwarding of those in forwarding (number → number,
// "" for none). It fails when a line holds what the mock cannot (a value the
// API description does not list).
func (r *Recorder) SeedLines(lines []sendblue.Line, forwarding map[string]string) (err error) {
	ml := make([]mock.Line, 0, len(lines))
	for _, l := range lines {
		ml = append(ml, mock.Line{
			SendblueNumber: l.SendblueNumber, Assignment: l.Assignment, Status: l.Status, WorkerID: l.WorkerID,
			StatusChangedAt: l.StatusChangedAt, DegradedSince: l.DegradedSince, EffectiveUntil: l.EffectiveUntil,
			ForwardingNumber: forwarding[l.SendblueNumber],
		})
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.shadow == nil {
		return fmt.Errorf("the recorder is not seeded with the account yet")
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the line state holds what the mock cannot: %v", p)
		}
	}()
	r.shadow.SetLines(ml)
	return nil
}

// Differences lists the answers of this recorder's calls that the mock would
// not have given.
func (r *Recorder) Differences() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, c := range r.calls {
		if d := c.Difference(); d != "" {
			out = append(out, d)
		}
	}
	return out
}

// RoundTrip implements http.RoundTripper.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	out := req.Clone(req.Context())
	out.Body = io.NopCloser(bytes.NewReader(body))
	out.ContentLength = int64(len(body))

	r.mu.Lock()
	defer r.mu.Unlock()
	c := Call{Test: r.test, Method: req.Method, Path: templatePath(req.URL.Path)}
	resp, err := r.next.RoundTrip(out)
	if err != nil {
		c.Err = err.Error()
		r.record(c)
		return nil, err
	}
	answer, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	_ = resp.Body.Close()
	if err != nil {
		c.Err = err.Error()
		r.record(c)
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(answer))
	c.Status, c.Shape = resp.StatusCode, Shape(answer)
	// A rate limit or a server error says nothing about the rules the mock
	// models, and the client will try again: not compared.
	if r.shadow != nil && resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500 {
		c.Compared = true
		c.MockStatus, c.MockShape = r.askShadow(req, body)
	}
	r.record(c)
	return resp, nil
}

func (r *Recorder) record(c Call) {
	r.calls = append(r.calls, c)
	r.ledger.add(c)
}

// askShadow sends the request to the mock with the mock's credentials.
func (r *Recorder) askShadow(req *http.Request, body []byte) (int, string) {
	sreq := httptest.NewRequest(req.Method, req.URL.RequestURI(), bytes.NewReader(body))
	if ct := req.Header.Get("Content-Type"); ct != "" {
		sreq.Header.Set("Content-Type", ct)
	}
	sreq.Header.Set("sb-api-key-id", mock.DefaultAPIKey)
	sreq.Header.Set("sb-api-secret-key", mock.DefaultAPISecret)
	rec := httptest.NewRecorder()
	r.shadow.ServeHTTP(rec, sreq)
	return rec.Code, Shape(rec.Body.Bytes())
}

// templatePath replaces path segments that are phone numbers with {number},
// so that calls on lines add up by kind.
func templatePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if len(s) > 1 && strings.Trim(strings.TrimPrefix(s, "+"), "0123456789") == "" {
			segs[i] = "{number}"
		}
	}
	return strings.Join(segs, "/")
}

// mockState turns a listed configuration into the mock's state: types the
// mock does not know and top-level keys it does not model go into Extra as
// they were; fields of an entry it does not model are dropped (so an answer
// holding them shows as a difference).
func mockState(cfg *sendblue.Configuration) mock.State {
	st := mock.State{Webhooks: map[string][]mock.Entry{}}
	if cfg == nil {
		return st
	}
	st.GlobalSecret, st.LegacySecret = cfg.GlobalSecret, cfg.LegacySecret
	for k, v := range cfg.Extra {
		if st.Extra == nil {
			st.Extra = map[string]json.RawMessage{}
		}
		st.Extra[k] = v
	}
	for t, ws := range cfg.Webhooks {
		if len(ws) == 0 {
			continue
		}
		if !t.Valid() {
			raw, err := json.Marshal(ws)
			if err == nil {
				if st.Extra == nil {
					st.Extra = map[string]json.RawMessage{}
				}
				st.Extra[string(t)] = raw
			}
			continue
		}
		for _, w := range ws {
			st.Webhooks[string(t)] = append(st.Webhooks[string(t)], mock.Entry{URL: w.URL, Secret: w.Secret, SendblueNumbers: w.SendblueNumbers})
		}
	}
	return st
}
