package sendblue

import (
	"context"
	"errors"
	"fmt"
)

// The run of one flushed batch, top to bottom: runBatch waits at the write
// gate (gate.go), rechecks adds that a ReplaceAll may have overtaken, and
// hands the batch to writeBatch, the loop of attempts that looks at the
// account (a fresh list) before sending a write whose outcome was unknown
// again. Each attempt is one callAPI, whose API call makes the client's own
// attempts (attempts.go); adds that had an unknown outcome end in
// confirmAdds (confirm.go). Every member ends in settle (member.go).

// runBatch runs one flushed batch on its shared context.
func (a *Account) runBatch(key batchKey, ms []*member, g *callerGroup, entered bool) {
	defer g.done()
	ctx := g.ctx
	if !entered && !a.gate.enter(ctx) {
		a.settle(key, ms, func(m *member) error {
			return fmt.Errorf("sendblue: %s %s webhook %s: nothing was sent: %w", key.verb(), key.t, m.w.URL, ctx.Err())
		})
		return
	}
	defer a.gate.exit()
	if key.op == opAdd {
		if ms = a.recheckAdds(ctx, key, ms); len(ms) == 0 {
			return
		}
	}
	a.Invalidate()
	a.writeBatch(ctx, key, ms)
}

// recheckAdds runs with the gate held, so no ReplaceAll is under way. A
// Create that looked at the account before or during a ReplaceAll that has
// run since may have seen the account without a URL that the replace put
// there; adding it now would register it twice. Such members look again at
// a fresh list; those whose URL is there now fail with *ExistsError. The
// others are returned.
func (a *Account) recheckAdds(ctx context.Context, key batchKey, ms []*member) []*member {
	a.mu.Lock()
	epoch := a.replaceEpoch
	a.mu.Unlock()
	stale := false
	for _, m := range ms {
		if m.check && (m.checkedDuringReplace || m.epoch != epoch) {
			stale = true
			break
		}
	}
	if !stale {
		return ms
	}
	v, err := a.fresh(ctx)
	if err != nil {
		a.settle(key, ms, func(m *member) error {
			return fmt.Errorf("sendblue: adding %s webhook %s: nothing was sent: the account changed while it waited, and listing it again failed: %w", key.t, m.w.URL, err)
		})
		return nil
	}
	var exists, rest []*member
	for _, m := range ms {
		if m.check && (m.checkedDuringReplace || m.epoch != epoch) && v.has(key.t, m.w.URL) {
			exists = append(exists, m)
		} else {
			rest = append(rest, m)
		}
	}
	a.settle(key, exists, func(m *member) error { return &ExistsError{Type: key.t, URL: m.w.URL} })
	return rest
}

// writeBatch sends one call for ms and settles every member. After an
// ambiguous answer it lists the account before trying again, and resends
// only the members whose change is not visible yet: re-adding a URL that did
// get added could leave it twice.
func (a *Account) writeBatch(ctx context.Context, key batchKey, ms []*member) {
	var lastErr error
	look := false
	for attempt := 1; ; attempt++ {
		if look {
			v, err := a.fresh(ctx)
			if err != nil {
				a.settle(key, ms, a.unknownOutcome(key, attempt-1, lastErr, err))
				return
			}
			if ms = a.settleReached(ctx, key, v, ms); len(ms) == 0 {
				return
			}
		}
		err := a.callAPI(ctx, key, ms, attempt)
		if err == nil {
			if look && key.op == opAdd {
				// An earlier attempt may still land beside this one.
				a.confirmAdds(ctx, key, ms)
			} else {
				a.settle(key, ms, nil)
			}
			return
		}
		lastErr = err
		if ctx.Err() != nil {
			// Every caller has gone; the request may or may not have landed.
			a.settle(key, ms, a.unknownOutcome(key, attempt, err, nil))
			return
		}
		switch {
		case IsAmbiguous(err):
			// The client does not retry these: the write may have landed,
			// so this loop looks before it sends again.
			look = true
		case IsTransient(err) && !a.clientRetries:
			// Certainly not applied (429, connection refused), and api is
			// not a Client that retried it already: retry it here, sending
			// the same write again without looking first.
			look = false
		default:
			// Refused, or transient but already retried by the client
			// under the same policy (429, connection refused): retrying
			// here too would multiply the attempts.
			a.refused(ctx, key, ms, err)
			return
		}
		var apiErr *APIError
		noConnection := errors.As(err, &apiErr) && apiErr.Failure.noConnection()
		wait, verdict := a.retry.next(ctx, attempt, nil, noConnection)
		if verdict == retryExhausted {
			// The outcome is unknown only when the last attempt may have
			// landed and a last look cannot tell; a look that shows the
			// write missing means it did not land.
			unknown := false
			if look {
				if v, lerr := a.fresh(ctx); lerr == nil {
					ms = a.settleReached(ctx, key, v, ms)
				} else {
					unknown = true
				}
			}
			if unknown {
				a.settle(key, ms, a.unknownOutcome(key, attempt, lastErr, nil))
			} else {
				a.settle(key, ms, func(m *member) error {
					return fmt.Errorf("sendblue: %s %s webhook %s: gave up after %d attempts: %w", key.verb(), key.t, m.w.URL, attempt, lastErr)
				})
			}
			return
		}
		// A backoff past the deadline is slept until the deadline, so that
		// the error carries the context's own cause (the limit that ran
		// out), which the caller reports.
		a.log(ctx, "warn", "sendblue: webhook write failed, will try again", map[string]any{
			"op": key.verb(), "type": string(key.t), "webhooks": len(ms), "attempt": attempt,
			"ambiguous": IsAmbiguous(err), "error": err.Error(),
		})
		serr := Sleep(ctx, wait)
		if serr != nil {
			if look {
				a.settle(key, ms, a.unknownOutcome(key, attempt, lastErr, serr))
			} else {
				a.settle(key, ms, func(m *member) error {
					return fmt.Errorf("sendblue: %s %s webhook %s: stopped before trying again: %w", key.verb(), key.t, m.w.URL, errors.Join(serr, lastErr))
				})
			}
			return
		}
	}
}

// callAPI makes the one API call of a batch, an add or a delete of ms: one
// attempt of writeBatch (the client makes its own attempts inside it).
func (a *Account) callAPI(ctx context.Context, key batchKey, ms []*member, attempt int) error {
	urls := make([]string, 0, len(ms))
	seen := make(map[string]bool, len(ms))
	for _, m := range ms {
		if !seen[m.w.URL] {
			seen[m.w.URL] = true
			urls = append(urls, m.w.URL)
		}
	}
	a.log(ctx, "debug", "sendblue: sending batched webhook write", map[string]any{
		"op": key.verb(), "type": string(key.t), "webhooks": len(urls), "urls": urls, "attempt": attempt,
	})
	if key.op == opDelete {
		return a.api.Delete(ctx, DeleteRequest{Type: key.t, URLs: urls})
	}
	ws := make([]Webhook, len(ms))
	for i, m := range ms {
		ws[i] = m.w
	}
	_, err := a.api.Add(ctx, AddRequest{Type: key.t, Webhooks: ws, GlobalSecret: key.gs})
	return err
}

// refused handles an error that trying again will not cure. An error that is
// not an answer of the API might still hide an applied write, and a refused
// delete may mean the URL is gone already, so those look first. A batch then
// falls back to one call per member, so that the error lands on the resource
// that caused it.
func (a *Account) refused(ctx context.Context, key batchKey, ms []*member, err error) {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || key.op == opDelete {
		v, lerr := a.fresh(ctx)
		if lerr != nil {
			if !errors.As(err, &apiErr) {
				a.settle(key, ms, a.unknownOutcome(key, 1, err, lerr))
			} else {
				a.settle(key, ms, func(m *member) error {
					return fmt.Errorf("sendblue: %s %s webhook %s: %w", key.verb(), key.t, m.w.URL, err)
				})
			}
			return
		}
		if ms = a.settleReached(ctx, key, v, ms); len(ms) == 0 {
			return
		}
	}
	if len(ms) > 1 {
		a.log(ctx, "debug", "sendblue: batch refused, sending its webhooks one by one", map[string]any{
			"op": key.verb(), "type": string(key.t), "webhooks": len(ms), "error": err.Error(),
		})
		for _, m := range ms {
			if m.ctx.Err() != nil {
				// Its caller has gone and the refused batch did not apply it.
				a.settle(key, []*member{m}, func(m *member) error {
					return fmt.Errorf("sendblue: %s %s webhook %s: %w", key.verb(), key.t, m.w.URL, m.ctx.Err())
				})
				continue
			}
			a.writeBatch(ctx, key, []*member{m})
		}
		return
	}
	a.settle(key, ms, func(m *member) error {
		return fmt.Errorf("sendblue: %s %s webhook %s: %w", key.verb(), key.t, m.w.URL, err)
	})
}

// settleReached settles the members whose change v already shows (added
// URLs present, deleted URLs absent) and returns the others. It runs after a
// write whose outcome was unknown, so reached adds are confirmed first (see
// confirmAdds): a copy sent again may land after v was listed.
func (a *Account) settleReached(ctx context.Context, key batchKey, v *View, ms []*member) []*member {
	var reached, rest []*member
	for _, m := range ms {
		if v.has(key.t, m.w.URL) == (key.op == opAdd) {
			reached = append(reached, m)
		} else {
			rest = append(rest, m)
		}
	}
	if key.op == opAdd {
		a.confirmAdds(ctx, key, reached)
	} else {
		a.settle(key, reached, nil)
	}
	return rest
}

// unknownOutcome builds the error of a write that may or may not have been
// applied.
func (a *Account) unknownOutcome(key batchKey, attempts int, last, extra error) func(*member) error {
	return func(m *member) error {
		return fmt.Errorf("sendblue: %s %s webhook %s: %w after %d attempt(s): the API may or may not have applied it: %w",
			key.verb(), key.t, m.w.URL, ErrUnknownOutcome, attempts, errors.Join(last, extra))
	}
}
