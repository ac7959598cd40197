package sendblue

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ReplaceAll overwrites the whole configuration with cfg, then lists the
// account and checks that every type's URLs and secrets, and the global
// secret when one was sent, are what was sent. It waits for this process's
// batched writes first and holds the others back until it is done, so that
// no batch lands in the middle of it. It returns the fresh view.
//
// Each entry of cfg is sent with the fields this version does not model of
// the entry the account holds under the same type and URL (as the latest
// snapshot lists it; see KeepEntryFields), whether cfg changes that entry or
// not: a caller that models only URL, secret and sendblue_numbers loses
// nothing else. cfg itself is not changed.
func (a *Account) ReplaceAll(ctx context.Context, cfg *Configuration) (*View, error) {
	if cfg == nil {
		return nil, errors.New("sendblue: ReplaceAll needs a configuration")
	}
	select {
	case a.replacing <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-a.replacing }()
	a.mu.Lock()
	a.replaceEpoch++
	a.replaceActive = true
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		a.replaceActive = false
		a.mu.Unlock()
	}()

	a.bmu.Lock()
	for _, b := range a.open {
		a.flushLocked(b)
	}
	a.bmu.Unlock()
	if err := a.gate.shut(ctx); err != nil {
		return nil, err
	}
	defer a.gate.reopen()

	listed, err := a.Snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("sendblue: listing the account before replacing its webhook configuration: nothing was sent: %w", err)
	}
	cfg = cfg.Clone()
	cfg.KeepEntryFields(listed.Config())
	cfg.listed = listed.Config()

	a.Invalidate()
	err = a.putConfiguration(ctx, cfg)
	a.Invalidate()
	if err != nil {
		return nil, err
	}
	v, err := a.Snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("sendblue: listing the account to check the replaced configuration: %w", err)
	}
	if err := verifyReplaced(cfg, v); err != nil {
		return nil, err
	}
	return v, nil
}

// putConfiguration sends the PUT once: the client already repeats a PUT (it is
// idempotent) on transient failures, so an error here is final.
func (a *Account) putConfiguration(ctx context.Context, cfg *Configuration) error {
	_, err := a.api.Replace(ctx, cfg)
	switch {
	case err == nil:
		return nil
	case IsAmbiguous(err) || ctx.Err() != nil:
		return fmt.Errorf("sendblue: replacing the webhook configuration: %w (the API may or may not have applied it): %w", ErrUnknownOutcome, err)
	default:
		return fmt.Errorf("sendblue: replacing the webhook configuration: %w", err)
	}
}

// verifyReplaced compares what was sent with what is listed: each webhook
// whose entries differ is named, by type in the order sent and then URL.
// Messages name types and URLs, never secrets.
func verifyReplaced(sent *Configuration, v *View) error {
	got := v.Config()
	types := sent.SortedTypes()
	for _, t := range got.SortedTypes() {
		if !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	differ := append(Uncovered(sent, got), Uncovered(got, sent)...)
	slices.SortFunc(differ, func(a, b Ref) int {
		return cmp.Or(cmp.Compare(slices.Index(types, a.Type), slices.Index(types, b.Type)), strings.Compare(a.URL, b.URL))
	})
	differ = slices.Compact(differ)
	var problems []string
	for _, r := range differ {
		if w, h := sent.Count(r.Type, r.URL), got.Count(r.Type, r.URL); w != h {
			problems = append(problems, fmt.Sprintf("%s: sent %d entries, the account has %d", r, w, h))
		} else {
			problems = append(problems, fmt.Sprintf("%s: the secret or sendblue_numbers differ from those sent", r))
		}
	}
	if sent.GlobalSecret != "" && got.GlobalSecret != sent.GlobalSecret {
		problems = append(problems, "the global secret differs from the one sent")
	}
	if len(problems) == 0 {
		return nil
	}
	const show = 10
	more := ""
	if len(problems) > show {
		more = fmt.Sprintf("; and %d more", len(problems)-show)
		problems = problems[:show]
	}
	return fmt.Errorf("sendblue: the API accepted the new webhook configuration but the account now differs from it: %s%s", strings.Join(problems, "; "), more)
}
