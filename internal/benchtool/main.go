// Command benchtool runs the Terraform side of `make bench`: for each N it
// applies, plans and destroys N sendblue_webhook resources against the
// standalone mock, and the same N of terraform_data resources as a
// Terraform-core-only reference, timing every command and counting the API
// calls it made. It prints a table, checks the performance targets and
// writes the results as markdown.
//
// scripts/bench.sh builds the provider and the mock, starts the mock, and
// sets up the environment this tool expects: TF_CLI_CONFIG_FILE with
// dev_overrides for the local build, and SENDBLUE_BASE_URL, SENDBLUE_API_KEY,
// SENDBLUE_API_SECRET pointing at the mock (used here for its /_mock/
// endpoints too). It lives in the module (rather than in the script) so the
// bookkeeping is typed and the timings are taken in-process.
//
// Exit status: 0 when every run worked, even if a target was missed (timings
// depend on the machine); 1 when something did not work (a command failed,
// a plan after apply was not empty, the mock account did not hold what it
// should); 2 with -strict when a target was missed.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Targets of the issue. Write targets are stated for 300 webhooks and scale
// proportionally.
const (
	maxPlanListCalls  = 2    // list calls per plan, any N
	writeCallsPer300  = 60   // add calls per apply / delete calls per destroy, per 300 webhooks
	maxPlanTimeRatio  = 1.25 // plan vs plan -refresh=false
	planTimeTargetN   = 500  // the N the plan-time target is stated for
	parallelism       = 10   // Terraform's default, stated explicitly
	commandTimeout    = 15 * time.Minute
	apiPath           = "/api/v2/account/webhooks"
	sendblueKind      = "sendblue_webhook"
	terraformDataKind = "terraform_data"
)

func main() {
	var (
		ns      = flag.String("n", "10 100 500", "numbers of resources to run, separated by spaces")
		reps    = flag.Int("reps", 3, "runs of each plan; the median is reported")
		work    = flag.String("work", "", "scratch directory (required)")
		out     = flag.String("out", "bench/results.md", "markdown file to write")
		goBench = flag.String("gobench", "", "file with `go test -bench` output to include")
		mockLog = flag.String("mocklog", "", "the mock's request log, to sum the time it spent answering")
		version = flag.String("provider-version", "", "version string of the provider build, for the report")
		strict  = flag.Bool("strict", false, "exit 2 when a target is missed")
	)
	flag.Parse()
	if *work == "" {
		fatalf("-work is required")
	}
	counts, err := parseNs(*ns)
	if err != nil {
		fatalf("%v", err)
	}
	if *reps < 1 {
		fatalf("-reps must be at least 1")
	}
	b := &bench{
		work:    *work,
		reps:    *reps,
		tf:      envOr("TERRAFORM", "terraform"),
		mock:    mockClient{base: strings.TrimRight(os.Getenv("SENDBLUE_BASE_URL"), "/"), key: os.Getenv("SENDBLUE_API_KEY"), secret: os.Getenv("SENDBLUE_API_SECRET")},
		mockLog: *mockLog,
	}
	if b.mock.base == "" || b.mock.key == "" || b.mock.secret == "" {
		fatalf("SENDBLUE_BASE_URL, SENDBLUE_API_KEY and SENDBLUE_API_SECRET must point at the mock")
	}
	machine := describeMachine(b.tf, *version)
	fmt.Println(machine.text())

	var results []*sizeResult
	var broken []string
	for _, n := range counts {
		r, err := b.runSize(n)
		if r != nil {
			results = append(results, r)
		}
		if err != nil {
			broken = append(broken, fmt.Sprintf("N=%d: %v", n, err))
			fmt.Fprintf(os.Stderr, "bench: N=%d: %v\n", n, err)
			break // the mock account may be left in an unknown state
		}
	}
	machine.loadAfter = loadAvg()

	targets := checkTargets(results)
	report := render(machine, results, targets, readGoBench(*goBench), broken, *reps)
	fmt.Println()
	fmt.Println(report.terminal)
	if err := os.MkdirAll(filepath.Dir(*out), 0o750); err != nil {
		fatalf("%v", err)
	}
	if err := os.WriteFile(*out, []byte(report.markdown), 0o600); err != nil {
		fatalf("%v", err)
	}
	fmt.Printf("\nwrote %s\n", *out)

	switch {
	case len(broken) > 0:
		fmt.Fprintln(os.Stderr, "bench: FAILED to run:", strings.Join(broken, "; "))
		os.Exit(1)
	case *strict && slices.ContainsFunc(targets, func(t target) bool { return t.status == statusFail }):
		fmt.Fprintln(os.Stderr, "bench: a target was missed (-strict)")
		os.Exit(2)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "benchtool: "+format+"\n", args...)
	os.Exit(1)
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func parseNs(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Fields(s) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad N %q: want positive integers", f)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, errors.New("no N given")
	}
	return out, nil
}

// ---- the mock ----

type mockClient struct{ base, key, secret string }

func (m mockClient) do(method, path string, out any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, m.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("sb-api-key-id", m.key)
	req.Header.Set("sb-api-secret-key", m.secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("mock %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("mock %s %s: %w", method, path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("mock %s %s: HTTP %d", method, path, resp.StatusCode)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(body, out)
}

func (m mockClient) resetStats() error { return m.do(http.MethodPost, "/_mock/stats/reset", nil) }

func (m mockClient) stats() (calls, error) {
	var s struct {
		Requests map[string]int `json:"requests"`
	}
	err := m.do(http.MethodGet, "/_mock/stats", &s)
	return calls(s.Requests), err
}

type mockState struct {
	Webhooks map[string][]struct {
		URL string `json:"url"`
	} `json:"webhooks"`
}

func (m mockClient) state() (mockState, error) {
	var s mockState
	err := m.do(http.MethodGet, "/_mock/state", &s)
	return s, err
}

// calls counts API requests by HTTP method.
type calls map[string]int

func (c calls) String() string {
	known := []string{"GET", "POST", "PUT", "DELETE"}
	var parts, other []string
	for _, m := range known {
		if c[m] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", m, c[m]))
		}
	}
	for m, n := range c { // anything unexpected, after the known methods
		if n > 0 && !slices.Contains(known, m) {
			other = append(other, fmt.Sprintf("%s %d", m, n))
		}
	}
	slices.Sort(other)
	if parts = append(parts, other...); len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// ---- running Terraform ----

type bench struct {
	work    string
	reps    int
	tf      string
	mock    mockClient
	mockLog string
}

// run is one timed Terraform command.
type run struct {
	wall    time.Duration
	cpu     time.Duration // user+system of terraform and the provider it started
	calls   calls
	apiTime time.Duration // time the mock spent answering API requests
	exit    int
}

// phaseResult is one phase of one kind at one N: one run, or the runs of a
// repeated plan.
type phaseResult struct {
	runs []run
}

func (p *phaseResult) medianWall() time.Duration {
	return median(p.runs, func(r run) time.Duration { return r.wall })
}

// pairedRatio is the median of a[i].wall / b[i].wall. Runs i of both ran
// one right after the other, so each ratio sees about the same load of the
// machine; the median of those is steadier than a ratio of medians.
func pairedRatio(a, b []run) float64 {
	rs := make([]float64, len(a))
	for i := range a {
		rs[i] = a[i].wall.Seconds() / b[i].wall.Seconds()
	}
	slices.Sort(rs)
	if len(rs)%2 == 1 {
		return rs[len(rs)/2]
	}
	return (rs[len(rs)/2-1] + rs[len(rs)/2]) / 2
}

func (p *phaseResult) medianCPU() time.Duration {
	return median(p.runs, func(r run) time.Duration { return r.cpu })
}
func (p *phaseResult) medianAPI() time.Duration {
	return median(p.runs, func(r run) time.Duration { return r.apiTime })
}

// maxCalls is, per method, the most calls any run made.
func (p *phaseResult) maxCalls() calls {
	out := calls{}
	for _, r := range p.runs {
		for m, n := range r.calls {
			out[m] = max(out[m], n)
		}
	}
	return out
}

func median(rs []run, f func(run) time.Duration) time.Duration {
	if len(rs) == 0 {
		return 0
	}
	v := make([]time.Duration, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// The phases, in report order.
const (
	phaseApply     = "apply"
	phasePlan      = "plan (no changes)"
	phasePlanNoRef = "plan -refresh=false"
	phaseDestroy   = "destroy"
)

var phases = []string{phaseApply, phasePlan, phasePlanNoRef, phaseDestroy}

type sizeResult struct {
	n      int
	phases map[string]map[string]*phaseResult // kind -> phase -> result
}

func (s *sizeResult) get(kind, phase string) *phaseResult {
	if s.phases[kind] == nil {
		s.phases[kind] = map[string]*phaseResult{}
	}
	if s.phases[kind][phase] == nil {
		s.phases[kind][phase] = &phaseResult{}
	}
	return s.phases[kind][phase]
}

// runSize runs every phase of both kinds at one N. Plans of the two kinds
// and both plan variants are interleaved, so that a change in the machine's
// load during the run affects them alike.
func (b *bench) runSize(n int) (*sizeResult, error) {
	res := &sizeResult{n: n, phases: map[string]map[string]*phaseResult{}}
	dirs := map[string]string{}
	for _, kind := range []string{sendblueKind, terraformDataKind} {
		dir := filepath.Join(b.work, fmt.Sprintf("%s-%d", kind, n))
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(configFor(kind, n)), 0o600); err != nil {
			return nil, err
		}
		dirs[kind] = dir
	}
	if total, err := b.mockTotal(); err != nil {
		return nil, err
	} else if total != 0 {
		return nil, fmt.Errorf("the mock account holds %d webhooks before the run; want none", total)
	}
	fmt.Printf("\n== N = %d\n", n)

	for _, kind := range []string{terraformDataKind, sendblueKind} {
		r, err := b.terraform(dirs[kind], kind, phaseApply, n, "apply", "-auto-approve", "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", parallelism))
		if err != nil {
			return res, err
		}
		res.get(kind, phaseApply).runs = append(res.get(kind, phaseApply).runs, r)
	}
	if err := b.checkApplied(n); err != nil {
		return res, err
	}

	for i := 0; i < b.reps; i++ {
		for _, kind := range []string{sendblueKind, terraformDataKind} {
			for _, ph := range []string{phasePlan, phasePlanNoRef} {
				args := []string{"plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false", fmt.Sprintf("-parallelism=%d", parallelism)}
				if ph == phasePlanNoRef {
					args = append(args, "-refresh=false")
				}
				r, err := b.terraform(dirs[kind], kind, ph, n, args...)
				if err != nil {
					return res, err
				}
				res.get(kind, ph).runs = append(res.get(kind, ph).runs, r)
			}
		}
	}

	for _, kind := range []string{sendblueKind, terraformDataKind} {
		r, err := b.terraform(dirs[kind], kind, phaseDestroy, n, "destroy", "-auto-approve", "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", parallelism))
		if err != nil {
			return res, err
		}
		res.get(kind, phaseDestroy).runs = append(res.get(kind, phaseDestroy).runs, r)
	}
	if total, err := b.mockTotal(); err != nil {
		return res, err
	} else if total != 0 {
		return res, fmt.Errorf("the mock account still holds %d webhooks after destroy", total)
	}
	return res, nil
}

// configFor is the configuration of n resources of kind, made the way a team
// would write it: one resource block over a set of keys.
func configFor(kind string, n int) string {
	keys := fmt.Sprintf(`toset([for i in range(%d) : format("%%04d", i)])`, n)
	if kind == terraformDataKind {
		return fmt.Sprintf(`resource "terraform_data" "hook" {
  for_each = %s
  input    = "https://hooks.example.com/bench/${each.key}"
}
`, keys)
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    sendblue = {
      source = "sendblue-api/sendblue"
    }
  }
}

provider "sendblue" {}

resource "sendblue_webhook" "hook" {
  for_each = %s
  url      = "https://hooks.example.com/bench/${each.key}"
}
`, keys)
}

func benchURL(i int) string { return fmt.Sprintf("https://hooks.example.com/bench/%04d", i) }

// terraform runs one command in dir with fresh counters and returns its run.
// A plan must report no changes (-detailed-exitcode 0).
func (b *bench) terraform(dir, kind, phase string, n int, args ...string) (run, error) {
	if err := b.mock.resetStats(); err != nil {
		return run{}, err
	}
	logOffset := fileSize(b.mockLog)
	logFile := filepath.Join(dir, fmt.Sprintf("%s.log", strings.NewReplacer(" ", "_", "(", "", ")", "", "=", "-").Replace(phase)))
	out, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return run{}, err
	}
	defer out.Close()
	fmt.Fprintf(out, "\n$ terraform %s\n", strings.Join(args, " "))

	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, b.tf, append([]string{"-chdir=" + dir}, args...)...) //nolint:gosec // the terraform binary from PATH with arguments this tool builds
	cmd.Stdout, cmd.Stderr = out, out
	start := time.Now()
	err = cmd.Run()
	r := run{wall: time.Since(start)}
	if cmd.ProcessState != nil {
		// wait4's usage includes the children terraform waited for: the provider.
		r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		r.exit = cmd.ProcessState.ExitCode()
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return r, fmt.Errorf("%s %s: %w", kind, phase, err)
	}
	if r.calls, err = b.mock.stats(); err != nil {
		return r, err
	}
	r.apiTime = apiTimeSince(b.mockLog, logOffset)
	fmt.Printf("  %-17s %-21s %8.2fs  cpu %7.2fs  calls: %s\n", kind, phase, r.wall.Seconds(), r.cpu.Seconds(), r.calls)
	switch {
	case r.exit == 2 && args[0] == "plan":
		return r, fmt.Errorf("%s %s: the plan is not empty after apply (see %s)", kind, phase, logFile)
	case r.exit != 0:
		return r, fmt.Errorf("%s %s: terraform exited with %d:\n%s", kind, phase, r.exit, tail(logFile, 30))
	case kind == terraformDataKind && len(r.calls.nonZero()) > 0:
		return r, fmt.Errorf("%s %s made API calls (%s): the mock is shared with another client", kind, phase, r.calls)
	}
	return r, nil
}

func (c calls) nonZero() calls {
	out := calls{}
	for m, n := range c {
		if n != 0 {
			out[m] = n
		}
	}
	return out
}

// checkApplied checks that the mock holds benchURL(0..n-1) once each, and
// nothing else.
func (b *bench) checkApplied(n int) error {
	st, err := b.mock.state()
	if err != nil {
		return err
	}
	seen := map[string]int{}
	total := 0
	for _, es := range st.Webhooks {
		for _, e := range es {
			seen[e.URL]++
			total++
		}
	}
	if total != n {
		return fmt.Errorf("after apply the mock holds %d webhooks, want %d", total, n)
	}
	for i := range n {
		if seen[benchURL(i)] != 1 {
			return fmt.Errorf("after apply the mock holds %s %d times, want once", benchURL(i), seen[benchURL(i)])
		}
	}
	return nil
}

func (b *bench) mockTotal() (int, error) {
	st, err := b.mock.state()
	total := 0
	for _, es := range st.Webhooks {
		total += len(es)
	}
	return total, err
}

func fileSize(path string) int64 {
	if path == "" {
		return 0
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// mockLogLine matches the mock's log of an API request: method, path,
// status (a number or "no answer"), duration.
var mockLogLine = regexp.MustCompile(`\b(GET|POST|PUT|DELETE) "` + regexp.QuoteMeta(apiPath) + `" .+ (\S+)$`)

// apiTimeSince sums the durations the mock logged for API requests after
// offset in its log.
func apiTimeSince(path string, offset int64) time.Duration {
	if path == "" {
		return 0
	}
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return 0
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return 0
	}
	var sum time.Duration
	for _, line := range strings.Split(string(data), "\n") {
		if m := mockLogLine.FindStringSubmatch(line); m != nil {
			if d, err := time.ParseDuration(m[2]); err == nil {
				sum += d
			}
		}
	}
	return sum
}

func tail(path string, lines int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	ls := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	return strings.Join(ls[max(0, len(ls)-lines):], "\n")
}

// ---- targets ----

type status string

const (
	statusPass status = "PASS"
	statusFail status = "FAIL"
	statusInfo status = "info"
)

type target struct {
	name     string
	n        int
	measured string
	limit    string
	status   status
}

// writeLimit is the proportional write-call target for n webhooks.
func writeLimit(n int) int { return int(math.Ceil(float64(n) * writeCallsPer300 / 300)) }

func checkTargets(results []*sizeResult) []target {
	var ts []target
	for _, r := range results {
		sb := r.phases[sendblueKind]
		if sb == nil {
			continue
		}
		if p := sb[phasePlan]; p != nil && len(p.runs) > 0 {
			got := p.maxCalls()["GET"]
			ts = append(ts, countTarget("list calls per plan", r.n, got, maxPlanListCalls, fmt.Sprintf("the most in %d plans", len(p.runs))))
		}
		if p := sb[phaseApply]; p != nil && len(p.runs) > 0 {
			ts = append(ts, countTarget("add calls per apply", r.n, p.maxCalls()["POST"], writeLimit(r.n), ""))
		}
		if p := sb[phaseDestroy]; p != nil && len(p.runs) > 0 {
			ts = append(ts, countTarget("delete calls per destroy", r.n, p.maxCalls()["DELETE"], writeLimit(r.n), ""))
		}
		plan, noRef := sb[phasePlan], sb[phasePlanNoRef]
		if plan != nil && noRef != nil && len(plan.runs) > 0 && len(plan.runs) == len(noRef.runs) {
			ratio := pairedRatio(plan.runs, noRef.runs)
			t := target{name: "plan time / plan -refresh=false time (wall, median of paired runs)", n: r.n,
				measured: fmt.Sprintf("%.2f× (medians %.2fs / %.2fs)", ratio, plan.medianWall().Seconds(), noRef.medianWall().Seconds()),
				limit:    fmt.Sprintf("≤ %.2f×", maxPlanTimeRatio), status: statusInfo}
			if r.n == planTimeTargetN {
				t.status = passIf(ratio <= maxPlanTimeRatio)
			} else {
				t.limit += fmt.Sprintf(" (stated for N = %d)", planTimeTargetN)
			}
			ts = append(ts, t)
			cpu := plan.medianCPU().Seconds() / noRef.medianCPU().Seconds()
			ts = append(ts, target{name: "plan CPU / plan -refresh=false CPU (medians)", n: r.n,
				measured: fmt.Sprintf("%.2f× (%.2fs / %.2fs)", cpu, plan.medianCPU().Seconds(), noRef.medianCPU().Seconds()),
				limit:    "none (same comparison, in CPU time)", status: statusInfo})
		}
		if td := r.phases[terraformDataKind]; td != nil && plan != nil && td[phasePlan] != nil && len(plan.runs) > 0 && len(td[phasePlan].runs) == len(plan.runs) {
			ratio := pairedRatio(plan.runs, td[phasePlan].runs)
			ts = append(ts, target{name: "plan time / terraform_data plan time (wall, median of paired runs)", n: r.n,
				measured: fmt.Sprintf("%.2f× (medians %.2fs / %.2fs)", ratio, plan.medianWall().Seconds(), td[phasePlan].medianWall().Seconds()),
				limit:    "none (Terraform core only, no plugin)", status: statusInfo})
		}
	}
	return ts
}

func countTarget(name string, n, got, limit int, note string) target {
	m := strconv.Itoa(got)
	if note != "" {
		m += " (" + note + ")"
	}
	return target{name: name, n: n, measured: m, limit: fmt.Sprintf("≤ %d", limit), status: passIf(got <= limit)}
}

func passIf(ok bool) status {
	if ok {
		return statusPass
	}
	return statusFail
}

// ---- machine ----

type machine struct {
	date, cpus, cpuModel, memory, kernel, goVersion, tfVersion, providerVersion string
	loadBefore, loadAfter                                                       string
}

func describeMachine(tf, providerVersion string) *machine {
	m := &machine{
		date:            time.Now().UTC().Format("2006-01-02 15:04 MST"),
		cpus:            strconv.Itoa(runtime.NumCPU()),
		cpuModel:        cpuInfo("model name"),
		memory:          memTotal(),
		kernel:          strings.TrimSpace(readFile("/proc/sys/kernel/ostype") + " " + readFile("/proc/sys/kernel/osrelease")),
		goVersion:       runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH,
		providerVersion: providerVersion,
		loadBefore:      loadAvg(),
	}
	var v struct {
		Version  string `json:"terraform_version"`
		Platform string `json:"platform"`
	}
	if out, err := exec.Command(tf, "version", "-json").Output(); err == nil && json.Unmarshal(out, &v) == nil {
		m.tfVersion = v.Version + " " + v.Platform
		// OpenTofu answers with the same JSON; its text version names it.
		if text, err := exec.Command(tf, "version").Output(); err == nil && strings.HasPrefix(string(text), "OpenTofu") {
			m.tfVersion = "OpenTofu " + m.tfVersion
		}
	} else {
		m.tfVersion = "unknown"
	}
	return m
}

func (m *machine) rows() [][2]string {
	return [][2]string{
		{"date", m.date},
		{"CPUs (nproc)", m.cpus},
		{"CPU", m.cpuModel},
		{"memory", m.memory},
		{"kernel", m.kernel},
		{"Go", m.goVersion},
		{"Terraform", m.tfVersion},
		{"provider build", m.providerVersion},
		{"load average (1/5/15 min) before / after", m.loadBefore + " / " + m.loadAfter},
	}
}

func (m *machine) text() string {
	var b strings.Builder
	for _, r := range m.rows() {
		if r[1] != "" && r[1] != " / " {
			fmt.Fprintf(&b, "%-42s %s\n", r[0]+":", r[1])
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func readFile(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

func cpuInfo(key string) string {
	for _, line := range strings.Split(readFile("/proc/cpuinfo"), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func memTotal() string {
	for _, line := range strings.Split(readFile("/proc/meminfo"), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
			if kb, err := strconv.Atoi(f[1]); err == nil {
				return fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
			}
		}
	}
	return "unknown"
}

func loadAvg() string {
	f := strings.Fields(readFile("/proc/loadavg"))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// ---- Go benchmarks ----

type goBenchLine struct{ name, iters, nsOp, mbs, bOp, allocs string }

// readGoBench picks the result lines out of `go test -bench -benchmem`
// output.
func readGoBench(path string) []goBenchLine {
	if path == "" {
		return nil
	}
	var out []goBenchLine
	for _, line := range strings.Split(readFile(path), "\n") {
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		l := goBenchLine{name: f[0], iters: f[1]}
		for i := 2; i+1 < len(f); i += 2 {
			switch f[i+1] {
			case "ns/op":
				l.nsOp = f[i]
			case "MB/s":
				l.mbs = f[i]
			case "B/op":
				l.bOp = f[i]
			case "allocs/op":
				l.allocs = f[i]
			}
		}
		out = append(out, l)
	}
	return out
}

// ---- rendering ----

type report struct{ terminal, markdown string }

// table is rendered both as aligned text and as markdown.
type table struct {
	header []string
	rows   [][]string
	right  []bool // right-align column i
}

func (t table) markdown() string {
	var b strings.Builder
	b.WriteString("| " + strings.Join(t.header, " | ") + " |\n|")
	for i := range t.header {
		if i < len(t.right) && t.right[i] {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, r := range t.rows {
		b.WriteString("| " + strings.Join(r, " | ") + " |\n")
	}
	return b.String()
}

func (t table) text() string {
	w := make([]int, len(t.header))
	for i, h := range t.header {
		w[i] = len([]rune(h))
	}
	for _, r := range t.rows {
		for i, c := range r {
			w[i] = max(w[i], len([]rune(c)))
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		for i, c := range cells {
			pad := strings.Repeat(" ", w[i]-len([]rune(c)))
			if i < len(t.right) && t.right[i] {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
			if i < len(cells)-1 {
				b.WriteString("  ")
			}
		}
		b.WriteString("\n")
	}
	line(t.header)
	sep := make([]string, len(w))
	for i := range w {
		sep[i] = strings.Repeat("-", w[i])
	}
	line(sep)
	for _, r := range t.rows {
		line(r)
	}
	return b.String()
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func millis(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000)
}

func runsTable(results []*sizeResult) table {
	t := table{
		header: []string{"N", "phase", "sendblue_webhook wall", "API calls", "API time", "CPU (terraform + provider)", "terraform_data wall", "terraform_data CPU"},
		right:  []bool{true, false, true, false, true, true, true, true},
	}
	for _, r := range results {
		for _, ph := range phases {
			sb, td := r.phases[sendblueKind][ph], r.phases[terraformDataKind][ph]
			row := []string{strconv.Itoa(r.n), ph, "–", "–", "–", "–", "–", "–"}
			if sb != nil && len(sb.runs) > 0 {
				row[2], row[3], row[4], row[5] = secs(sb.medianWall()), sb.maxCalls().String(), millis(sb.medianAPI()), secs(sb.medianCPU())
			}
			if td != nil && len(td.runs) > 0 {
				row[6], row[7] = secs(td.medianWall()), secs(td.medianCPU())
			}
			t.rows = append(t.rows, row)
		}
	}
	return t
}

func targetsTable(ts []target) table {
	t := table{header: []string{"target", "N", "measured", "limit", "result"}, right: []bool{false, true}}
	for _, x := range ts {
		t.rows = append(t.rows, []string{x.name, strconv.Itoa(x.n), x.measured, x.limit, string(x.status)})
	}
	return t
}

// goBenchTable lists the Go benchmarks; code quotes the names (markdown).
func goBenchTable(ls []goBenchLine, code bool) table {
	t := table{header: []string{"benchmark", "iterations", "ns/op", "MB/s", "B/op", "allocs/op"}, right: []bool{false, true, true, true, true, true}}
	for _, l := range ls {
		name := l.name
		if code {
			name = "`" + name + "`"
		}
		t.rows = append(t.rows, []string{name, l.iters, l.nsOp, dash(l.mbs), dash(l.bOp), dash(l.allocs)})
	}
	return t
}

func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

func render(m *machine, results []*sizeResult, ts []target, gb []goBenchLine, broken []string, reps int) report {
	runs, tgts := runsTable(results), targetsTable(ts)
	var term bytes.Buffer
	term.WriteString("Terraform runs (wall: median of the runs; API calls: most in one run)\n\n")
	term.WriteString(runs.text())
	term.WriteString("\nTargets\n\n")
	term.WriteString(tgts.text())
	if len(gb) > 0 {
		term.WriteString("\nGo benchmarks (internal/sendblue)\n\n")
		term.WriteString(goBenchTable(gb, false).text())
	}

	var md bytes.Buffer
	md.WriteString("# Benchmark results\n\n")
	md.WriteString("Generated by `make bench` (`scripts/bench.sh`); do not edit by hand.\n\n")
	md.WriteString("## Machine\n\n")
	mt := table{header: []string{"", ""}}
	for _, r := range m.rows() {
		if r[1] != "" && r[1] != " / " {
			mt.rows = append(mt.rows, []string{r[0], r[1]})
		}
	}
	md.WriteString(mt.markdown())
	if len(broken) > 0 {
		md.WriteString("\n**The run did not complete:** " + strings.Join(broken, "; ") + "\n")
	}
	fmt.Fprintf(&md, `
## Terraform runs

Each N is applied, planned and destroyed as N `+"`sendblue_webhook`"+` resources (one resource block
with `+"`for_each`"+`) against the bundled mock API, and as N `+"`terraform_data`"+` resources (Terraform core
alone, no provider plugin) in the same run. `+"`-parallelism=%d`"+` (Terraform's default) throughout.
Each plan runs %d times, interleaved with the other kind and variant; wall and CPU times are the
medians, API calls the most any one run made. "API time" is the time the mock spent answering
(from its request log). CPU is user + system time of terraform and the provider process it starts.

`, parallelism, reps)
	md.WriteString(runs.markdown())
	fmt.Fprintf(&md, `
## Targets

- A plan lists the account at most %d times, whatever N.
- An apply adds, and a destroy deletes, in at most %d calls per 300 webhooks (scaled: at most N/5).
- At N = %d a plan takes at most %.2f× the time of `+"`plan -refresh=false`"+` of the same state: the
  same Terraform core, plugin start and protocol traffic, with no Read. Each plan runs right
  before its `+"`-refresh=false`"+` twin, and the ratio is the median over those pairs, so that both
  sides of a pair see about the same load of the machine. The CPU ratio, less sensitive to other
  work on the machine, is shown below it; the `+"`terraform_data`"+` ratio is for reference only (it
  leaves out the provider plugin as well).

`, maxPlanListCalls, writeCallsPer300, planTimeTargetN, maxPlanTimeRatio)
	md.WriteString(tgts.markdown())
	if len(gb) > 0 {
		md.WriteString("\n## Go benchmarks\n\n`go test -run '^$' -bench . -benchmem ./internal/sendblue/`: decoding a 10,000-webhook list answer, and\nlooking webhooks up in a snapshot of 10,000.\n\n")
		md.WriteString(goBenchTable(gb, true).markdown())
	}
	return report{terminal: strings.TrimRight(term.String(), "\n"), markdown: md.String()}
}
