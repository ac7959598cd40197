package livetest

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
)

// Ledger collects, for one run of the tests, every call made and every test
// skipped with its reason, and writes the report at the end.
type Ledger struct {
	mu    sync.Mutex
	calls []Call
	skips []string
}

func (l *Ledger) add(c Call) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, c)
}

// Skipped notes that test was skipped, and why.
func (l *Ledger) Skipped(test, reason string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.skips = append(l.skips, test+": "+reason)
}

// Calls returns the calls recorded so far.
func (l *Ledger) Calls() []Call {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.calls)
}

// Report writes the summary: the calls by method and path with the statuses
// seen, the API generation that answered, every answer the mock would not
// have given, and the tests skipped with their reasons.
func (l *Ledger) Report(w io.Writer) {
	l.mu.Lock()
	calls, skips := slices.Clone(l.calls), slices.Clone(l.skips)
	l.mu.Unlock()

	type key struct{ method, path string }
	statuses := map[key]map[string]int{}
	byMethod := map[string]int{}
	answered := map[string]int{}
	var diffs []string
	for _, c := range calls {
		k := key{c.Method, c.Path}
		if statuses[k] == nil {
			statuses[k] = map[string]int{}
		}
		st := "no answer"
		if c.Status != 0 {
			st = fmt.Sprint(c.Status)
		}
		statuses[k][st]++
		byMethod[c.Method]++
		if c.Status >= 200 && c.Status < 300 && strings.Contains(c.Path, "/account/webhooks") {
			answered[c.Generation()]++
		}
		if d := c.Difference(); d != "" {
			diffs = append(diffs, c.Test+": "+d)
		}
	}

	p := func(format string, args ...any) { _, _ = fmt.Fprintf(w, format, args...) }
	p("==> live report\n")
	methods := slices.Sorted(maps.Keys(byMethod))
	parts := make([]string, len(methods))
	for i, m := range methods {
		parts[i] = fmt.Sprintf("%s %d", m, byMethod[m])
	}
	p("API calls: %d (%s)\n", len(calls), strings.Join(parts, ", "))
	keys := slices.SortedFunc(maps.Keys(statuses), func(a, b key) int {
		return cmp.Or(cmp.Compare(a.path, b.path), cmp.Compare(a.method, b.method))
	})
	for _, k := range keys {
		var seen []string
		for _, st := range slices.Sorted(maps.Keys(statuses[k])) {
			seen = append(seen, fmt.Sprintf("%s x%d", st, statuses[k][st]))
		}
		p("  %-6s %-40s %s\n", k.method, k.path, strings.Join(seen, ", "))
	}
	switch gens := slices.Sorted(maps.Keys(answered)); len(gens) {
	case 0:
		p("API generation that answered: none (no webhook call succeeded)\n")
	default:
		parts := make([]string, len(gens))
		for i, g := range gens {
			parts[i] = fmt.Sprintf("%s (%d calls)", g, answered[g])
		}
		p("API generation that answered: %s\n", strings.Join(parts, ", "))
	}
	// list writes a heading with how many items there are ("none" when
	// there are none), then the items, one a line.
	list := func(heading, note string, items []string) {
		if len(items) == 0 {
			p("%s: none\n", heading)
			return
		}
		p("%s: %d%s\n", heading, len(items), note)
		for _, it := range items {
			p("  %s\n", it)
		}
	}
	list("Answers the mock would not have given", " (the tests that saw them fail)", diffs)
	list("Tests skipped", "", skips)
}
