package sendblue

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
)

// The lines calls (official SDK sendblue@3.17.0, client.lines): a line's call
// forwarding, and the state of the account's lines. They have one path each
// (no API generations), the webhook calls' authentication, retries, time
// budget and error shape. Every one of them may be repeated freely: GET
// reads, PUT sets the same value again, and DELETE of call forwarding is
// documented as idempotent (a line with no forwarding answers 200 with
// null). So all of them are retried on 408, 429, 5xx and broken connections,
// like the webhook reads. A line the account does not have is expected as a
// 404 (IsNotFound); the API does not document it.

// LineStatePath is the path of the line state, relative to the base URL.
const LineStatePath = "/api/v2/lines/state"

// CallForwardingPath is the path of a line's call forwarding, relative to
// the base URL.
func CallForwardingPath(sendblueNumber string) string {
	return "/api/lines/" + url.PathEscape(sendblueNumber) + "/call-forwarding"
}

// CallForwarding is a line's per-line call forwarding. ForwardingNumber is
// "" when none is set (the API's null): calls then go to the company's
// default forwarding number. Seat forwarding, where set, wins over both.
type CallForwarding struct {
	SendblueNumber   string
	ForwardingNumber string
}

// Line is one of the account's lines as the line state lists it.
// SendblueNumber is "" for a line without a number (the API's null); the
// timestamps are "" when absent or null.
type Line struct {
	SendblueNumber  string
	Assignment      string // assigned, shared or grace_period
	Status          string // ONLINE, OFFLINE, DEGRADED or UNKNOWN
	WorkerID        string
	StatusChangedAt string
	DegradedSince   string
	EffectiveUntil  string
}

// LineState is the state of the account's lines at SnapshotAt.
type LineState struct {
	SnapshotAt string
	Lines      []Line
}

// Numbers returns the numbers of the lines that have one, in order.
func (s *LineState) Numbers() []string {
	var out []string
	for _, l := range s.Lines {
		if l.SendblueNumber != "" {
			out = append(out, l.SendblueNumber)
		}
	}
	return out
}

// Has reports whether the account has a line with that number.
func (s *LineState) Has(number string) bool {
	for _, l := range s.Lines {
		if number != "" && l.SendblueNumber == number {
			return true
		}
	}
	return false
}

// The documented values of a line's assignment and status.
var (
	LineAssignments = []string{"assigned", "shared", "grace_period"}
	LineStatuses    = []string{"ONLINE", "OFFLINE", "DEGRADED", "UNKNOWN"}
)

// GetCallForwarding reads a line's call forwarding (GET).
func (c *Client) GetCallForwarding(ctx context.Context, sendblueNumber string) (*CallForwarding, error) {
	return c.forwarding(ctx, http.MethodGet, sendblueNumber, nil)
}

// SetCallForwarding sets a line's call forwarding (PUT) and returns it as
// stored: the API normalises the number to E.164.
func (c *Client) SetCallForwarding(ctx context.Context, sendblueNumber, forwardingNumber string) (*CallForwarding, error) {
	body, err := json.Marshal(struct {
		ForwardingNumber string `json:"forwarding_number"`
	}{forwardingNumber})
	if err != nil {
		return nil, &APIError{Method: http.MethodPut, Path: c.linePath(CallForwardingPath(sendblueNumber)), Message: "could not encode the request"}
	}
	return c.forwarding(ctx, http.MethodPut, sendblueNumber, body)
}

// DeleteCallForwarding clears a line's call forwarding (DELETE); clearing a
// line without forwarding succeeds as well.
func (c *Client) DeleteCallForwarding(ctx context.Context, sendblueNumber string) (*CallForwarding, error) {
	return c.forwarding(ctx, http.MethodDelete, sendblueNumber, nil)
}

// LineState reads the state of the account's lines (GET).
func (c *Client) LineState(ctx context.Context) (*LineState, error) {
	r, err := c.lineCall(ctx, http.MethodGet, LineStatePath, nil, readLineState)
	if err != nil {
		return nil, err
	}
	var a lineStateAnswer
	if err := json.Unmarshal(r.raw, &a); err != nil {
		return nil, err // checked by readLineState already
	}
	s := &LineState{SnapshotAt: a.SnapshotAt, Lines: make([]Line, 0, len(a.Data))}
	for _, l := range a.Data {
		s.Lines = append(s.Lines, Line{
			SendblueNumber: deref(l.SendblueNumber), Assignment: l.Assignment, Status: l.Status, WorkerID: l.WorkerID,
			StatusChangedAt: deref(l.StatusChangedAt), DegradedSince: deref(l.DegradedSince), EffectiveUntil: deref(l.EffectiveUntil),
		})
	}
	return s, nil
}

func (c *Client) forwarding(ctx context.Context, method, sendblueNumber string, body []byte) (*CallForwarding, error) {
	r, err := c.lineCall(ctx, method, CallForwardingPath(sendblueNumber), body, readForwarding)
	if err != nil {
		return nil, err
	}
	var a forwardingAnswer
	if err := json.Unmarshal(r.raw, &a); err != nil {
		return nil, err // checked by readForwarding already
	}
	return &CallForwarding{SendblueNumber: sendblueNumber, ForwardingNumber: deref(a.ForwardingNumber)}, nil
}

// lineCall makes one lines call to rel (a path relative to the base URL).
func (c *Client) lineCall(ctx context.Context, method, rel string, body []byte, read func(string, int, string, []byte) (*response, error)) (*response, error) {
	u := c.base
	u.Path = c.linePath(rel)
	u.RawPath = c.base.Path + rel
	return c.doCall(ctx, &call{method: method, path: u.Path, url: u.String(), read: read, idempotent: true}, body, nil)
}

// linePath is the URL path requested for rel, base path included.
func (c *Client) linePath(rel string) string {
	p, err := url.PathUnescape(rel)
	if err != nil {
		p = rel
	}
	return c.base.Path + p
}

// lineStateAnswer is the line state on the wire.
type lineStateAnswer struct {
	SnapshotAt string `json:"snapshot_at"`
	Data       []struct {
		SendblueNumber  *string `json:"sendblue_number"`
		Assignment      string  `json:"assignment"`
		Status          string  `json:"status"`
		WorkerID        string  `json:"worker_id"`
		StatusChangedAt *string `json:"status_changed_at"`
		DegradedSince   *string `json:"degraded_since"`
		EffectiveUntil  *string `json:"effective_until"`
	} `json:"data"`
}

// forwardingAnswer is a call-forwarding answer on the wire.
type forwardingAnswer struct {
	ForwardingNumber *string `json:"forwarding_number"`
	SendblueNumber   string  `json:"sendblue_number"`
}

// readForwarding reads a call-forwarding answer: it must hold
// "forwarding_number" (a string or null).
func readForwarding(_ string, _ int, ct string, body []byte) (*response, error) {
	return readLinesAnswer(ct, body, func(raw map[string]json.RawMessage) error {
		v, ok := raw["forwarding_number"]
		if !ok {
			return errors.New(`no "forwarding_number" in the answer`)
		}
		var s *string
		if json.Unmarshal(v, &s) != nil {
			return errors.New(`"forwarding_number" is not a string or null`)
		}
		return nil
	})
}

// readLineState reads a line-state answer: it must hold a "data" array of
// line objects.
func readLineState(_ string, _ int, ct string, body []byte) (*response, error) {
	return readLinesAnswer(ct, body, func(raw map[string]json.RawMessage) error {
		v, ok := raw["data"]
		if !ok || isNull(v) {
			return errors.New(`no "data" list of lines in the answer`)
		}
		var a lineStateAnswer
		if err := json.Unmarshal(body, &a); err != nil {
			return errors.New("the line state could not be read: " + err.Error())
		}
		return nil
	})
}

// readLinesAnswer reads a 2xx answer of a lines call: a refusal inside it
// ("status":"ERROR" or an "error" key) is a refusal, and need says whether
// the rest holds what the call needs.
func readLinesAnswer(ct string, body []byte, need func(map[string]json.RawMessage) error) (*response, error) {
	if _, err := readEnvelope(ct, body); err != nil {
		return nil, err
	}
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(body, &raw) // an object: readEnvelope checked it
	if err := need(raw); err != nil {
		return nil, errors.New(describeBody(ct, body, err))
	}
	return &response{Status: "OK", raw: body}, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
