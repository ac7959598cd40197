package sendblue

import (
	"context"
	"errors"
	"fmt"
)

// process sends one call for ms and settles every member. After an
// ambiguous answer it lists the account before trying again, and resends
// only the members whose change is not visible yet: re-adding a URL that did
// get added could leave it twice.
func (a *Account) process(ctx context.Context, key batchKey, ms []*member) {
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
		err := a.send(ctx, key, ms, attempt)
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
		if attempt >= a.retry.MaxAttempts {
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
		a.log(ctx, "warn", "sendblue: webhook write failed, will try again", map[string]any{
			"op": key.verb(), "type": string(key.t), "webhooks": len(ms), "attempt": attempt,
			"ambiguous": IsAmbiguous(err), "error": err.Error(),
		})
		if serr := Sleep(ctx, a.retry.Backoff(attempt, nil)); serr != nil {
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
			a.process(ctx, key, []*member{m})
		}
		return
	}
	a.settle(key, ms, func(m *member) error {
		return fmt.Errorf("sendblue: %s %s webhook %s: %w", key.verb(), key.t, m.w.URL, err)
	})
}

// unknownOutcome builds the error of a write that may or may not have been
// applied.
func (a *Account) unknownOutcome(key batchKey, attempts int, last, extra error) func(*member) error {
	return func(m *member) error {
		return fmt.Errorf("sendblue: %s %s webhook %s: %w after %d attempt(s): the API may or may not have applied it; a `terraform plan` will show the true state: %w",
			key.verb(), key.t, m.w.URL, ErrUnknownOutcome, attempts, errors.Join(last, extra))
	}
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

// settle ends the write of ms with errFor's error (nil errFor: success). The
