package mock

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// The lines endpoints (official SDK sendblue@3.17.0, client.lines):
//
//	GET    /api/lines/{sendblue_number}/call-forwarding
//	PUT    /api/lines/{sendblue_number}/call-forwarding   {"forwarding_number": "..."}
//	DELETE /api/lines/{sendblue_number}/call-forwarding
//	GET    /api/v2/lines/state
//
// Where the API description is silent, the mock chooses:
//   - a line the account does not have is a 404 (the path names a resource that does
//     not exist; 400 is kept for a request that is malformed whatever the account
//     holds, such as a sendblue_number that is not a phone number);
//   - a line-scoped token may read and change the call forwarding of its own lines
//     (403 for other lines) and may not read the line state (403): the state lists
//     every line of the account;
//   - answers carry no "status" (the documented shape has none), errors are
//     {"status":"ERROR","message":...}.
const (
	linesPrefix   = "/api/lines/"
	LineStatePath = "/api/v2/lines/state"
	// SnapshotAt is the snapshot_at of every line-state answer: the mock's lines do
	// not change by themselves, so one fixed instant keeps answers reproducible.
	SnapshotAt = "2026-01-01T00:00:00Z"
)

// Line is one of the account's lines as the line state lists it, plus its per-line
// call forwarding. An empty SendblueNumber is a line without a number (listed as
// null); the timestamps are left out of the answer when empty.
type Line struct {
	SendblueNumber   string `json:"sendblue_number,omitempty"`
	Assignment       string `json:"assignment"` // assigned, shared or grace_period
	Status           string `json:"status"`     // ONLINE, OFFLINE, DEGRADED or UNKNOWN
	WorkerID         string `json:"worker_id"`
	StatusChangedAt  string `json:"status_changed_at,omitempty"`
	DegradedSince    string `json:"degraded_since,omitempty"`
	EffectiveUntil   string `json:"effective_until,omitempty"`
	ForwardingNumber string `json:"forwarding_number,omitempty"` // E.164; empty: none
}

var (
	lineAssignments = []string{"assigned", "shared", "grace_period"}
	lineStatuses    = []string{"ONLINE", "OFFLINE", "DEGRADED", "UNKNOWN"}
	e164Number      = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)
)

// checkLines says what is wrong with lines to be seeded ("" when nothing).
func checkLines(lines []Line) string {
	seen := map[string]bool{}
	for i, l := range lines {
		switch {
		case l.SendblueNumber != "" && !e164Number.MatchString(l.SendblueNumber):
			return fmt.Sprintf("lines[%d].sendblue_number %q is not an E.164 number", i, l.SendblueNumber)
		case l.SendblueNumber != "" && seen[l.SendblueNumber]:
			return fmt.Sprintf("lines[%d].sendblue_number %q is listed twice", i, l.SendblueNumber)
		case !slices.Contains(lineAssignments, l.Assignment):
			return fmt.Sprintf("lines[%d].assignment %q is not one of %s", i, l.Assignment, strings.Join(lineAssignments, ", "))
		case !slices.Contains(lineStatuses, l.Status):
			return fmt.Sprintf("lines[%d].status %q is not one of %s", i, l.Status, strings.Join(lineStatuses, ", "))
		case l.ForwardingNumber != "" && !e164Number.MatchString(l.ForwardingNumber):
			return fmt.Sprintf("lines[%d].forwarding_number %q is not an E.164 number", i, l.ForwardingNumber)
		case l.ForwardingNumber != "" && l.SendblueNumber == "":
			return fmt.Sprintf("lines[%d] has a forwarding_number but no sendblue_number", i)
		}
		seen[l.SendblueNumber] = l.SendblueNumber != ""
	}
	return ""
}

// SetLines replaces the account's lines (and their call forwarding) out of band. It
// panics on a line the API could not list (a bad number, assignment or status, a
// number twice), so a typo in a test fails loudly. Empty WorkerIDs are filled in.
func (s *Server) SetLines(lines []Line) {
	if msg := checkLines(lines); msg != "" {
		panic("mock: " + msg)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lines = slices.Clone(lines)
	for i := range s.lines {
		if s.lines[i].WorkerID == "" {
			s.lines[i].WorkerID = fmt.Sprintf("worker-%d", i+1)
		}
	}
}

// Lines returns a copy of the account's lines, forwarding numbers included.
func (s *Server) Lines() []Line {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.lines)
}

// Forwarding returns the call forwarding of a line ("" when none); ok is false when
// the account has no such line.
func (s *Server) Forwarding(number string) (forwarding string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l := s.lineLocked(number); l != nil {
		return l.ForwardingNumber, true
	}
	return "", false
}

// SetForwarding changes the call forwarding of a line out of band, as if done in the
// dashboard ("" clears it). It panics when the account has no such line or the
// forwarding number is not E.164.
func (s *Server) SetForwarding(number, forwarding string) {
	if forwarding != "" && !e164Number.MatchString(forwarding) {
		panic(fmt.Sprintf("mock: forwarding number %q is not E.164", forwarding))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.lineLocked(number)
	if l == nil {
		panic(fmt.Sprintf("mock: the account has no line %s", number))
	}
	l.ForwardingNumber = forwarding
}

// LineRequests returns how many requests arrived on the lines endpoints, by method
// (counted like Requests, apart from them).
func (s *Server) LineRequests() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps(s.lineRequests)
}

// LineWrites returns the number of PUT and DELETE requests on the lines endpoints.
func (s *Server) LineWrites() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lineRequests[http.MethodPut] + s.lineRequests[http.MethodDelete]
}

func maps(in map[string]int) map[string]int {
	out := make(map[string]int, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

func (s *Server) lineLocked(number string) *Line {
	if number == "" {
		return nil
	}
	for i := range s.lines {
		if s.lines[i].SendblueNumber == number {
			return &s.lines[i]
		}
	}
	return nil
}

// serveLines serves the lines endpoints, with the same counting, latency, credentials
// and faults as the webhooks paths (faults queued with Lines set).
func (s *Server) serveLines(w http.ResponseWriter, r *http.Request) {
	ep := endpoint{
		counts:  func() map[string]int { return s.lineRequests },
		lines:   true,
		errBody: func(_ int, msg string) []byte { return errorBody(msg) },
	}
	if r.URL.Path == LineStatePath {
		ep.methods = []string{http.MethodGet}
		ep.apply = func(who caller, _ request) (int, []byte) { return s.lineState(who) }
		s.serveAPI(w, r, ep)
		return
	}
	number, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, linesPrefix), "/call-forwarding")
	if !ok || number == "" || strings.Contains(number, "/") {
		writeJSON(w, http.StatusNotFound, errorBody("not found"))
		return
	}
	ep.methods = []string{http.MethodGet, http.MethodPut, http.MethodDelete}
	ep.apply = func(who caller, in request) (int, []byte) { return s.callForwarding(who, r.Method, number, in) }
	s.serveAPI(w, r, ep)
}

// lineStateAnswer is GET /api/v2/lines/state's answer.
type lineStateAnswer struct {
	Status     string      `json:"status"`
	SnapshotAt string      `json:"snapshot_at"`
	Data       []stateLine `json:"data"`
}

// stateLine is a line as the line state lists it: Line's own fields, but
// "sendblue_number": null for a line without a number (this field wins over
// Line's, whose key it shares) and no forwarding_number (left empty, so left
// out).
type stateLine struct {
	SendblueNumber *string `json:"sendblue_number"`
	Line
}

// optional is s, or null when it is empty.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (s *Server) lineState(who caller) (int, []byte) {
	if who.lines != nil {
		return http.StatusForbidden, errorBody("a line-scoped token may not read the state of the account's lines")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := lineStateAnswer{Status: "OK", SnapshotAt: SnapshotAt, Data: []stateLine{}}
	for _, l := range s.lines {
		l.ForwardingNumber = ""
		a.Data = append(a.Data, stateLine{SendblueNumber: optional(l.SendblueNumber), Line: l})
	}
	return http.StatusOK, marshal(a)
}

// forwardingAnswer is the answer of the three call-forwarding calls.
type forwardingAnswer struct {
	ForwardingNumber *string `json:"forwarding_number"`
	SendblueNumber   string  `json:"sendblue_number"`
}

type forwardingBody struct {
	ForwardingNumber *string `json:"forwarding_number"`
}

// callForwarding applies one call-forwarding request to the line number.
func (s *Server) callForwarding(who caller, method, number string, in request) (int, []byte) {
	bad := func(msg string) (int, []byte) { return http.StatusBadRequest, errorBody(msg) }
	if !e164Number.MatchString(number) {
		return bad(fmt.Sprintf("sendblue_number %q is not a phone number in E.164 format", number))
	}
	if who.lines != nil && !slices.Contains(who.lines, number) {
		return http.StatusForbidden, errorBody("a line-scoped token may only manage the call forwarding of its own lines")
	}
	var forwarding string
	if method == http.MethodPut {
		if in.readStatus != 0 {
			return in.readStatus, errorBody(in.readMsg)
		}
		if !in.contentTypeOK {
			return bad("Content-Type must be application/json")
		}
		var body forwardingBody
		if err := decodeObject(in.body, &body, "request body"); err != nil {
			return bad(err.Error())
		}
		if body.ForwardingNumber == nil {
			return bad("forwarding_number is required")
		}
		var ok bool
		if forwarding, ok = normalizeNumber(*body.ForwardingNumber); !ok {
			return bad("forwarding_number must be a phone number in E.164 format (US numbers may be given in local format, such as 2125550199)")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.lineLocked(number)
	if l == nil {
		return http.StatusNotFound, errorBody(fmt.Sprintf("line %s not found on this account", number))
	}
	switch method {
	case http.MethodPut:
		l.ForwardingNumber = forwarding
	case http.MethodDelete:
		// Idempotent: a line with no forwarding answers 200 with null as well.
		l.ForwardingNumber = ""
	}
	return http.StatusOK, marshal(forwardingAnswer{ForwardingNumber: optional(l.ForwardingNumber), SendblueNumber: number})
}

// normalizeNumber is the API's normalisation of a forwarding number to E.164: an
// E.164 number as it is, a US number in local format (10 digits, or 11 starting
// with 1, with the usual spaces, dots, dashes and parentheses) with +1 in front.
func normalizeNumber(n string) (string, bool) {
	if e164Number.MatchString(n) {
		return n, true
	}
	digits := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r
		case strings.ContainsRune(" .-()", r):
			return -1
		}
		return 'x'
	}, n)
	if strings.Contains(digits, "x") || strings.HasPrefix(n, "+") {
		return "", false
	}
	switch {
	case len(digits) == 10 && digits[0] >= '2':
		return "+1" + digits, true
	case len(digits) == 11 && digits[0] == '1' && digits[1] >= '2':
		return "+" + digits, true
	}
	return "", false
}
