package sendblue

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"time"
)

// call is the state of one API call across its attempts, which run one
// after the other (so no locking is needed).
type call struct {
	c      *Client
	method string
	path   string         // the URL path requested, base path included
	url    string         // the full URL requested
	redact *regexp.Regexp // the secrets to hide from every message and log; nil: none
	// read reads a success answer (nil: a webhook call's, readSuccess).
	read func(method string, status int, ct string, body []byte) (*response, error)
	// idempotent marks a call other than GET and PUT that may be repeated
	// freely (the documented idempotent DELETE of call forwarding).
	idempotent bool

	began    time.Time // when the call started
	attempt  int       // 1-based number of the current (or last) attempt
	start    time.Time // when the current attempt started
	inFlight bool      // the context ended while an attempt was under way
}

// outcome is the verdict on one attempt.
type outcome struct {
	resp      *response // success
	err       *APIError // failure
	retry     bool      // the failure may be cured by another attempt
	exhausted bool      // retryable, but no attempts were left
	deadline  bool      // retryable, but the context's deadline comes first
}

// do makes one call to generation g: attempts, one after the other, until
// one succeeds, one fails for good, or the retry policy (retryWait) or the
// time budget stops them. body is nil for a GET.
func (c *Client) do(ctx context.Context, g Generation, method string, body []byte, secrets []string) (*response, error) {
	r, err := c.doCall(ctx, &call{method: method, path: c.pathOf(g), url: c.urlOf(g)}, body, secrets)
	if err != nil {
		return nil, err
	}
	c.remember(SecretsOf(r.Webhooks)...)
	return r, nil
}

// doCall runs st (its method, path and URL set; read and idempotent when the
// call is not one of the webhook calls) with the client's credentials,
// retries and time budget.
func (c *Client) doCall(ctx context.Context, st *call, body []byte, secrets []string) (*response, error) {
	if c.badHeader != "" {
		// Do not echo the value: it may be the secret.
		return nil, &APIError{Method: st.method, Path: st.path, Token: c.token != "", Message: fmt.Sprintf("the %s contains a line break or another control character and cannot be sent; check for stray characters, such as a trailing newline from a file", c.badHeader)}
	}
	c.remember(secrets...)
	st.c, st.redact, st.began = c, c.redactions(secrets), time.Now()
	if _, ok := ctx.Deadline(); !ok {
		// Every call has a time budget, so that nothing waits forever.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.budget)
		defer cancel()
	}
	r, err := st.run(ctx, body)
	if err != nil {
		// A server or proxy that failed may have left its idle
		// connections unusable: the next call opens new ones.
		c.http.CloseIdleConnections()
		return nil, err
	}
	return r, nil
}

// run is the attempt loop of one call.
func (st *call) run(ctx context.Context, body []byte) (*response, error) {
	for {
		req, err := st.request(ctx, body)
		if err != nil {
			return nil, &APIError{Method: st.method, Path: st.path, Message: "could not build the request"}
		}
		st.attempt++
		st.start = time.Now()
		st.logf(ctx, "trace", "sendblue: sending request", nil)
		resp, data, readErr, err := st.exchange(req) //nolint:bodyclose // exchange has read and closed the body
		if err == nil {
			st.logf(ctx, "debug", "sendblue: received answer", map[string]any{
				"status":      resp.StatusCode,
				"duration_ms": time.Since(st.start).Milliseconds(),
			})
		}
		if ctx.Err() != nil && (err != nil || readErr != nil) {
			// The attempt was cut short by the caller, not by the server.
			st.inFlight = true
			return nil, st.canceled(ctx)
		}
		if err != nil {
			desc, _, _, _ := st.describeNetErr(err)
			st.logf(ctx, "debug", "sendblue: request failed", map[string]any{
				"error":       desc,
				"duration_ms": time.Since(st.start).Milliseconds(),
			})
		}
		out := st.judge(resp, data, readErr, err)
		switch {
		case out.resp != nil:
			return out.resp, nil
		case !out.retry:
			return nil, st.final(out)
		case ctx.Err() != nil:
			return nil, st.canceled(ctx)
		}
		wait, ok := st.retryWait(ctx, resp, &out)
		if !ok {
			return nil, st.final(out)
		}
		st.logf(ctx, "warn", "sendblue: retrying", map[string]any{
			"reason":  out.err.Message,
			"wait_ms": wait.Milliseconds(),
		})
		if Sleep(ctx, wait) != nil {
			return nil, st.canceled(ctx)
		}
	}
}

// exchange sends req and reads the whole answer, so that a body cut off
// mid-way counts as a failed attempt (readErr). resp is nil when err is set.
func (st *call) exchange(req *http.Request) (resp *http.Response, data []byte, readErr, err error) {
	resp, err = st.c.http.Do(req)
	if err != nil {
		return nil, nil, nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	data, readErr = readBody(resp)
	st.learn(data)
	return resp, data, readErr, nil
}

// request builds one attempt's request: the body is read anew each time.
func (st *call) request(ctx context.Context, body []byte) (*http.Request, error) {
	var rd io.Reader // nil for GET, so that no body is sent
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, st.method, st.url, rd)
	if err != nil {
		return nil, err
	}
	c := st.c
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	} else {
		req.Header.Set("sb-api-key-id", c.apiKey)
		req.Header.Set("sb-api-secret-key", c.apiSecret)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// final turns the last verdict into the error the caller sees, saying how
// many attempts were made and why retrying stopped.
func (st *call) final(out outcome) error {
	e := *out.err
	e.Path = st.path
	e.Message = st.clean(e.Message)
	if st.attempt > 1 || out.exhausted || out.deadline {
		e.Message += fmt.Sprintf(" (after %s in %s)", st.attempts(), fmtSpent(time.Since(st.began)))
	}
	if out.deadline {
		e.Message += "; stopped retrying because " + e.DeadlineFirst + " ends before the next attempt"
	}
	return &e
}

// canceled wraps the reason ctx ended so that errors.Is(err,
// context.Canceled) and friends hold; a canceled call is not an APIError,
// since trying again is not what the caller wants. The reason is
// context.Cause, not Err: a call shared by several callers is canceled when
// the last leaves, with that caller's reason (say, its deadline).
func (st *call) canceled(ctx context.Context) error {
	ctxErr := context.Cause(ctx)
	var what string
	switch {
	case st.attempt == 0:
		what = "before the first attempt"
	case st.inFlight:
		what = fmt.Sprintf("during attempt %d, which had no answer yet (%s in %s; each attempt waits at most %s)",
			st.attempt, st.attempts(), fmtSpent(time.Since(st.began)), fmtDuration(st.c.timeout))
		if st.method != http.MethodGet {
			what += "; the change may or may not have been applied"
		}
	default:
		what = fmt.Sprintf("while waiting to retry (%s in %s)", st.attempts(), fmtSpent(time.Since(st.began)))
	}
	why := "stopped"
	if errors.Is(ctxErr, context.DeadlineExceeded) {
		why = "the operation's time budget ran out"
	}
	if st.inFlight && st.method != http.MethodGet {
		return fmt.Errorf("sendblue: %s %s: %s %s (%w): %w", st.method, st.path, why, what, ErrUnknownOutcome, ctxErr)
	}
	return fmt.Errorf("sendblue: %s %s: %s %s: %w", st.method, st.path, why, what, ctxErr)
}

// attempts says "1 attempt" or "N attempts".
func (st *call) attempts() string {
	return fmt.Sprintf("%d %s", st.attempt, plural(st.attempt, "attempt", "attempts"))
}

// logf sends one line to the configured LogFunc, with the fields every line
// has. String fields are redacted like error messages.
func (st *call) logf(ctx context.Context, level, msg string, extra map[string]any) {
	if st.c.log == nil {
		return
	}
	fields := map[string]any{"method": st.method, "path": st.path, "attempt": st.attempt}
	for k, v := range extra {
		if s, ok := v.(string); ok {
			v = st.clean(s)
		}
		fields[k] = v
	}
	st.c.log(ctx, level, msg, fields)
}

func fmtDuration(d time.Duration) string {
	if d%time.Second == 0 {
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return d.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// fmtSpent prints a measured duration to a sensible precision: 1m32s,
// 4.2s, 12ms.
func fmtSpent(d time.Duration) string {
	switch {
	case d >= time.Minute:
		d = d.Round(time.Second)
	case d >= time.Second:
		d = d.Round(100 * time.Millisecond)
	default:
		d = d.Round(time.Millisecond)
	}
	return d.String()
}
