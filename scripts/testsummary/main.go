// Command testsummary summarises the `go test -json` stream that `make test`
// writes (through scripts/test-summary.sh): each package's result, the
// output of every failed test, how many tests passed, failed and were
// skipped, and how many of them were acceptance tests that drove the
// Terraform (or OpenTofu) CLI (TestAcc*, TestE2E*).
//
// Tests are counted at their leaves: a test with subtests counts as its
// subtests, so a parent whose subtests were all skipped is not a "pass". A
// test that started and never ended (the test binary crashed or timed out)
// counts as failed.
//
// An acceptance test may be skipped only because the CLI under test is older
// than a feature the test needs: its own output then says "version-gated:
// <its name> needs ..." (internal/acctest/cli.go). Those are counted as
// skipped, each listed with its reason, and do not fail the run. Any other
// skipped acceptance test fails the run, and so does a run in which no
// acceptance test passed.
//
// Usage: testsummary LOG [CLI-DESCRIPTION]; exit status 1 when the summary
// fails the run, 2 when LOG cannot be read.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
)

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: testsummary LOG [CLI-DESCRIPTION]")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1]) //nolint:gosec // the log make test wrote, named by its caller
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	defer func() { _ = f.Close() }()
	cli := ""
	if len(os.Args) == 3 {
		cli = os.Args[2]
	}
	run, err := parse(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	if !run.report(os.Stdout, os.Stderr, cli) {
		os.Exit(1)
	}
}

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

// test is what the stream says about one test.
type test struct {
	pkg, name string
	result    string // "pass", "fail", "skip", or "" when it never ended
	output    strings.Builder
}

// pkgResult is what the stream says about one package.
type pkgResult struct {
	name    string
	result  string // "pass", "fail", "skip" (no test files), or ""
	elapsed float64
	output  strings.Builder // output outside any test (build errors, panics, FAIL lines)
}

// testRun is a whole `go test -json` stream.
type testRun struct {
	tests    map[string]*test // by package + "\x00" + name
	order    []*test
	pkgs     map[string]*pkgResult
	pkgOrder []*pkgResult
	other    strings.Builder // lines that are not JSON (go's own errors on stderr)
}

func parse(r io.Reader) (*testRun, error) {
	run := &testRun{tests: map[string]*test{}, pkgs: map[string]*pkgResult{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var ev event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &ev) != nil || ev.Action == "" {
			run.other.Write(line)
			run.other.WriteByte('\n')
			continue
		}
		run.add(ev)
	}
	return run, sc.Err()
}

func (run *testRun) pkg(name string) *pkgResult {
	p, ok := run.pkgs[name]
	if !ok {
		p = &pkgResult{name: name}
		run.pkgs[name] = p
		run.pkgOrder = append(run.pkgOrder, p)
	}
	return p
}

func (run *testRun) add(ev event) {
	p := run.pkg(ev.Package)
	if ev.Test == "" {
		switch ev.Action {
		case "output", "build-output":
			p.output.WriteString(ev.Output)
		case "pass", "fail", "skip":
			p.result, p.elapsed = ev.Action, ev.Elapsed
		case "build-fail":
			p.result = "fail"
		}
		return
	}
	key := ev.Package + "\x00" + ev.Test
	t, ok := run.tests[key]
	if !ok {
		t = &test{pkg: ev.Package, name: ev.Test}
		run.tests[key] = t
		run.order = append(run.order, t)
	}
	switch ev.Action {
	case "output":
		t.output.WriteString(ev.Output)
	case "pass", "fail", "skip":
		t.result = ev.Action
	}
}

// leaves are the tests that have no subtests, in the order they started.
func (run *testRun) leaves() []*test {
	parent := map[string]bool{}
	for _, t := range run.order {
		for n := t.name; strings.Contains(n, "/"); {
			n = n[:strings.LastIndex(n, "/")]
			parent[t.pkg+"\x00"+n] = true
		}
	}
	var out []*test
	for _, t := range run.order {
		if !parent[t.pkg+"\x00"+t.name] {
			out = append(out, t)
		}
	}
	return out
}

var acceptance = regexp.MustCompile(`^(TestAcc|TestE2E)`)

// gateReason is what a version-gated skip of t says after its name
// ("needs ...; this CLI is ..."), or "".
func (t *test) gateReason() string {
	marker := "version-gated: " + t.name + " "
	for line := range strings.Lines(t.output.String()) {
		if i := strings.Index(line, marker); i >= 0 {
			if reason := strings.TrimSpace(line[i+len(marker):]); strings.HasPrefix(reason, "needs ") {
				return reason
			}
		}
	}
	return ""
}

// report prints the summary to out (errors to errOut) and says whether the
// run may pass.
func (run *testRun) report(out, errOut io.Writer, cli string) bool {
	ok := true
	// Each package's result, as `go test` prints it without -json.
	for _, p := range run.pkgOrder {
		switch p.result {
		case "pass":
			fmt.Fprintf(out, "ok  \t%s\t%.3fs\n", p.name, p.elapsed)
		case "skip":
			fmt.Fprintf(out, "?   \t%s\t[no test files]\n", p.name)
		case "fail":
			fmt.Fprintf(out, "FAIL\t%s\n", p.name)
		}
	}

	var passed, failed, skipped, accPassed, accFailed int
	var gated, unexpected []string
	var failures []*test
	for _, t := range run.leaves() {
		acc := acceptance.MatchString(t.name)
		switch t.result {
		case "pass":
			passed++
			if acc {
				accPassed++
			}
		case "skip":
			skipped++
			if !acc {
				break
			}
			if reason := t.gateReason(); reason != "" {
				gated = append(gated, t.name+": "+reason)
			} else {
				unexpected = append(unexpected, t.name)
			}
		default: // "fail", or never ended
			failed++
			if acc {
				accFailed++
			}
		}
	}
	for _, t := range run.order {
		if t.result != "pass" && t.result != "skip" {
			failures = append(failures, t)
		}
	}

	// What failed, with its output: failed tests, then failed packages'
	// own output (build errors, panics, timeouts), then anything that was
	// not JSON.
	for _, t := range failures {
		what := "FAIL"
		if t.result == "" {
			what = "DID NOT FINISH"
		}
		fmt.Fprintf(out, "\n=== %s: %s (%s)\n%s", what, t.name, t.pkg, t.output.String())
	}
	for _, p := range run.pkgOrder {
		if p.result == "fail" || p.result == "" {
			if s := p.output.String(); strings.TrimSpace(s) != "" {
				fmt.Fprintf(out, "\n=== output of %s\n%s", p.name, s)
			}
		}
	}
	if s := run.other.String(); strings.TrimSpace(s) != "" {
		fmt.Fprintf(out, "\n=== other output of go test\n%s", s)
	}

	fmt.Fprintln(out)
	if cli != "" {
		fmt.Fprintf(out, "CLI: %s\n", cli)
	}
	fmt.Fprintf(out, "acceptance tests (the CLI against the mock): %d passed, %d failed, %d skipped (%d version-gated)\n",
		accPassed, accFailed, len(gated)+len(unexpected), len(gated))
	fmt.Fprintf(out, "all tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped)
	if len(gated) > 0 {
		slices.Sort(gated)
		fmt.Fprintln(out, "skipped as version-gated (a feature newer than this CLI):")
		for _, g := range gated {
			fmt.Fprintf(out, "  - %s\n", g)
		}
	}
	if accPassed == 0 {
		fmt.Fprintln(errOut, "error: no acceptance test ran")
		ok = false
	}
	if len(unexpected) > 0 {
		slices.Sort(unexpected)
		fmt.Fprintf(errOut, "error: %d acceptance tests were skipped for a reason other than the CLI's version; they must run in make test:\n", len(unexpected))
		for _, u := range unexpected {
			fmt.Fprintf(errOut, "  - %s\n", u)
		}
		ok = false
	}
	return ok
}
