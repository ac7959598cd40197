//go:build unix

package livetest_test

// The live mode proven without the real API: the runner of make testacc-live
// and make sweep-live (scripts/live), run as a process against the project's
// mock standing in for Sendblue, on an account seeded with webhooks and a
// global secret that are not the run's. Whatever the run does, the account
// must be left exactly as seeded.

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/livetest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/provider"
)

// foreign is what the account holds that no live run created: webhooks of
// several types (one on the live runs' own domain, but not under a run's
// prefix), secrets, and the global secret.
func foreign() mock.State {
	return mock.State{
		Webhooks: map[string][]mock.Entry{
			"receive": {
				{URL: "https://hooks.customer.example/inbound", Secret: "foreign-secret-1"},
				{URL: "https://hooks.customer.example/us", SendblueNumbers: []string{"+15551230000"}},
				{URL: "https://" + livetest.Domain + "/not-a-run/inbound"},
			},
			"outbound":        {{URL: "https://hooks.customer.example/outbound"}},
			"call_log":        {{URL: "https://hooks.customer.example/calls", Secret: "foreign-secret-2"}},
			"contact_created": {{URL: "https://hooks.customer.example/contacts"}},
		},
		GlobalSecret: "foreign-global-secret",
	}
}

// The line the live run may change (SENDBLUE_LIVE_LINE) and its call
// forwarding as its owner set it, and another line of the account.
const (
	liveLine       = "+12125550101"
	liveForwarding = "+16692138010"
	otherLine      = "+12125550102"
)

// foreignLines are the account's lines as their owner set them.
func foreignLines() []mock.Line {
	return []mock.Line{
		{SendblueNumber: liveLine, Assignment: "assigned", Status: "ONLINE", WorkerID: "w1", ForwardingNumber: liveForwarding},
		{SendblueNumber: otherLine, Assignment: "shared", Status: "DEGRADED", WorkerID: "w2", ForwardingNumber: "+16692138011"},
	}
}

// earlierRun is what an earlier live run left when it was killed: two
// webhooks, and the line forwarding elsewhere, with its note saying how it was.
const (
	earlierRunID      = "run-20261201t000000z-abcdef"
	earlierRun        = "https://" + livetest.Domain + "/" + earlierRunID + "/webhook/"
	earlierForwarding = "+12025550142"
)

func seededLines() []mock.Line {
	lines := foreignLines()
	lines[0].ForwardingNumber = earlierForwarding
	return lines
}

// seeded is foreign plus the earlier run's leftovers.
func seeded() mock.State {
	st := foreign()
	st.Webhooks["receive"] = append(st.Webhooks["receive"], mock.Entry{URL: earlierRun + "inbound"})
	st.Webhooks["outbound"] = append(st.Webhooks["outbound"], mock.Entry{URL: earlierRun + "outbound", Secret: "left-secret"})
	return st
}

var (
	runnerOnce sync.Once
	runnerBin  string
	runnerErr  error
)

// TestMain removes the runner built for the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if runnerBin != "" {
		_ = os.RemoveAll(filepath.Dir(runnerBin))
	}
	os.Exit(code)
}

// moduleRoot is where the runner must run (it builds ./internal/livetest/suite).
func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := acctest.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// runner builds scripts/live once for the package's tests.
func runner(t *testing.T) string {
	t.Helper()
	runnerOnce.Do(func() {
		dir, err := os.MkdirTemp("", "sendblue-live-runner-") //nolint:usetesting // shared by every test of the package; TestMain removes it
		if err != nil {
			runnerErr = err
			return
		}
		runnerBin = filepath.Join(dir, "sendblue-live")
		cmd := exec.Command("go", "build", "-o", runnerBin, "./scripts/live")
		cmd.Dir = moduleRoot(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			runnerErr = err
			t.Logf("%s", out)
		}
	})
	if runnerErr != nil {
		t.Fatalf("building scripts/live: %v", runnerErr)
	}
	return runnerBin
}

// account is the mock standing in for Sendblue, served over HTTP on loopback,
// and the directory where live runs keep their notes.
type account struct {
	m        *mock.Server
	url      string
	stateDir string
}

func newAccount(t *testing.T, wrap func(http.Handler) http.Handler) *account {
	t.Helper()
	m := mock.New(mock.Options{})
	m.SetState(seeded())
	m.SetLines(seededLines())
	var h http.Handler = m
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	a := &account{m: m, url: srv.URL, stateDir: t.TempDir()}
	note := livetest.Note{RunID: earlierRunID, BaseURL: a.url, Line: liveLine, Forwarding: liveForwarding}
	if err := livetest.WriteNote(a.stateDir, note); err != nil {
		t.Fatal(err)
	}
	return a
}

// command runs the runner with the environment a caller of make testacc-live
// has: the caller's, without any SENDBLUE_* of theirs, plus env.
func (a *account) command(t *testing.T, env []string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(runner(t), args...)
	cmd.Dir = moduleRoot(t)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SENDBLUE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if tf := os.Getenv("TF_ACC_TERRAFORM_PATH"); tf != "" {
		cmd.Env = append(cmd.Env, "TERRAFORM="+tf)
	}
	cmd.Env = append(cmd.Env, livetest.EnvStateDir+"="+a.stateDir)
	cmd.Env = append(cmd.Env, env...)
	// A process group of its own: a signal sent to it reaches nobody else.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// credentials point the runner at the mock, with the line it may change.
func (a *account) credentials() []string {
	return []string{
		provider.EnvBaseURL + "=" + a.url,
		provider.EnvAPIKey + "=" + mock.DefaultAPIKey,
		provider.EnvAPISecret + "=" + mock.DefaultAPISecret,
		livetest.EnvLine + "=" + liveLine,
	}
}

func (a *account) run(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	cmd, out := a.command(t, env, args...)
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running %v: %v", args, err)
	}
	return code, out.String()
}

func (a *account) requireState(t *testing.T, want mock.State, wantLines []mock.Line, when string) {
	t.Helper()
	if got := a.m.State(); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s the account's webhooks are not as they should be:\n got  %+v\n want %+v", when, got, want)
	}
	if got := a.m.Lines(); !reflect.DeepEqual(got, wantLines) {
		t.Fatalf("%s the account's lines are not as they should be:\n got  %+v\n want %+v", when, got, wantLines)
	}
}

// requireNotes checks which runs' notes are left.
func (a *account) requireNotes(t *testing.T, runIDs ...string) {
	t.Helper()
	notes, err := livetest.Notes(a.stateDir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range notes {
		got = append(got, n.RunID)
	}
	if !reflect.DeepEqual(got, runIDs) {
		t.Fatalf("notes of runs %v are left, want %v", got, runIDs)
	}
}

// liveRun is a run of the runner going on in the background.
type liveRun struct {
	cmd    *exec.Cmd
	out    *bytes.Buffer
	exited chan error
}

// startUntilHeld starts the runner's test command on the tests that match
// run, and returns once held is closed: the run has reached the request that
// the account's wrapper holds. before names that moment, for the failure
// where the run ends first.
func (a *account) startUntilHeld(t *testing.T, run string, held <-chan struct{}, before string) *liveRun {
	t.Helper()
	cmd, out := a.command(t, a.credentials(), "test", "-run", run)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := &liveRun{cmd: cmd, out: out, exited: make(chan error, 1)}
	go func() { r.exited <- cmd.Wait() }()
	select {
	case <-held:
	case err := <-r.exited:
		t.Fatalf("the live run ended (%v) before %s:\n%s", err, before, out)
	}
	return r
}

// interrupt sends SIGINT to the runner, as Ctrl-C or a cancelled CI job
// does, requires it to end with exit status 130, and returns its output.
func (r *liveRun) interrupt(t *testing.T) string {
	t.Helper()
	if err := r.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := <-r.exited
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
		t.Fatalf("the interrupted run ended with %v, want exit status 130:\n%s", err, r.out)
	}
	return r.out.String()
}

var runIDRe = regexp.MustCompile(`run (run-[0-9]{8}t[0-9]{6}z-[0-9a-f]{6}): every webhook it creates is under`)

func runIDOf(t *testing.T, out string) string {
	t.Helper()
	m := runIDRe.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the runner did not print its run id and prefix:\n%s", out)
	}
	return m[1]
}

func requireContains(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("the output lacks %q:\n%s", w, out)
		}
	}
}

// TestE2ELiveModeLeavesTheAccountAsFound runs make testacc-live's runner
// against the seeded mock: the webhook and line tests pass, the account-wide
// ones are skipped with their reason, the report finds no answer the mock would
// not give (it is the mock), and afterwards the account is exactly as seeded:
// the line forwards as it did, and the earlier run's leftovers and note are
// untouched. make sweep-live's runner then removes those leftovers, naming
// each, and puts the line back as the earlier run's note says: the account is
// as its owner set it.
func TestE2ELiveModeLeavesTheAccountAsFound(t *testing.T) {
	acctest.SkipShort(t)
	a := newAccount(t, nil)
	code, out := a.run(t, a.credentials(), "test")
	if code != 0 {
		t.Fatalf("the live run failed (exit %d):\n%s", code, out)
	}
	runID := runIDOf(t, out)
	requireContains(t, out,
		"line tests on "+liveLine+": its call forwarding is "+earlierForwarding+" now, and is put back to that at the end\n",
		"--- PASS: TestLiveWebhook ",
		"--- PASS: TestLiveWebhooksDataSource ",
		"--- PASS: TestLiveLineCallForwarding ",
		"--- PASS: TestLiveLinesDataSource ",
		"--- PASS: TestLiveUnknownLine ",
		"--- SKIP: TestLiveAccountWebhooks ",
		"Tests skipped: 2\n",
		"  TestLiveAccountWebhooks: changes the whole account or its global secret; runs only when "+livetest.EnvDisposable+"=1\n",
		"  TestLiveWebhookGlobalSecret: changes the whole account or its global secret; runs only when "+livetest.EnvDisposable+"=1\n",
		"API generation that answered: current",
		"Answers the mock would not have given: none\n",
		"==> cleanup: removing what is left under "+livetest.Prefix(runID)+"\nnothing to remove\n",
		"==> cleanup: the call forwarding of line "+liveLine+"\n  line "+liveLine+": call forwarding "+earlierForwarding+", as found\n",
	)
	if a.m.MutatingRequests() == 0 || a.m.LineWrites() == 0 {
		t.Fatalf("the live run did not write to the account: webhooks %v, lines %v", a.m.Requests(), a.m.LineRequests())
	}
	a.requireState(t, seeded(), seededLines(), "after the live run")
	a.requireNotes(t, earlierRunID)

	code, out = a.run(t, a.credentials(), "sweep")
	if code != 0 {
		t.Fatalf("sweep-live failed (exit %d):\n%s", code, out)
	}
	requireContains(t, out,
		"  deleting receive "+earlierRun+"inbound\n",
		"  deleting outbound "+earlierRun+"outbound\n",
		"removed 2 webhook(s)\n",
		"  run "+earlierRunID+" left line "+liveLine+" to put back (call forwarding "+liveForwarding+")\n"+
			"  line "+liveLine+": putting the call forwarding back from "+earlierForwarding+" to "+liveForwarding+"\n",
		"put back the call forwarding of 1 line(s) that interrupted runs changed\n",
	)
	a.requireState(t, foreign(), foreignLines(), "after sweep-live")
	a.requireNotes(t)
}

// holdPosts lets the first add (POST) through and holds every later one
// unanswered and unapplied until release is closed; then each is applied as if
// it had reached Sendblue just before the client went away. held is closed
// when the first is held.
type holdPosts struct {
	next    http.Handler
	mu      sync.Mutex
	posts   int
	held    chan struct{}
	release chan struct{}
	applied sync.WaitGroup
}

func (h *holdPosts) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/account/webhooks") {
		h.next.ServeHTTP(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.posts++
	n := h.posts
	if n > 1 {
		h.applied.Add(1)
	}
	h.mu.Unlock()
	if n > 1 {
		defer h.applied.Done()
		if n == 2 {
			close(h.held)
		}
		<-h.release
		r = r.WithContext(context.WithoutCancel(r.Context()))
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	h.next.ServeHTTP(w, r)
}

// TestE2ELiveModeInterruptedThenSwept interrupts a live run (SIGINT to the
// runner, as Ctrl-C or a cancelled CI job does) while its first test creates
// webhooks: one create has been applied, the next is in flight. The runner
// stops the tests and removes what the run created; the create still in
// flight lands after that, as it may on a real API. make sweep-live's runner
// then removes it and the earlier run's leftovers: the account is as seeded.
func TestE2ELiveModeInterruptedThenSwept(t *testing.T) {
	acctest.SkipShort(t)
	hold := &holdPosts{held: make(chan struct{}), release: make(chan struct{})}
	a := newAccount(t, func(next http.Handler) http.Handler { hold.next = next; return hold })
	released := false
	release := func() {
		if !released {
			released = true
			close(hold.release)
			hold.applied.Wait()
		}
	}
	t.Cleanup(release)

	out := a.startUntilHeld(t, "^TestLiveWebhook$", hold.held, "its second create").interrupt(t)
	runID := runIDOf(t, out)
	prefix := livetest.Prefix(runID)
	requireContains(t, out,
		"stopping the tests, then removing what run "+runID+" created",
		"live acceptance tests interrupted\n",
		"==> cleanup: removing what is left under "+prefix+"\n  deleting ",
		"removed 1 webhook(s)\n",
	)
	a.requireState(t, seeded(), seededLines(), "after the interrupted run's own cleanup")
	a.requireNotes(t, earlierRunID)

	release()
	leftovers := 0
	for _, es := range a.m.State().Webhooks {
		for _, e := range es {
			if strings.HasPrefix(e.URL, prefix) {
				leftovers++
			}
		}
	}
	if leftovers == 0 {
		t.Fatal("the create in flight did not land: the sweep below proves nothing")
	}

	code, sweepOut := a.run(t, a.credentials(), "sweep")
	if code != 0 {
		t.Fatalf("sweep-live failed (exit %d):\n%s", code, sweepOut)
	}
	requireContains(t, sweepOut, "  deleting receive "+earlierRun+"inbound\n", " "+prefix)
	a.requireState(t, foreign(), foreignLines(), "after sweep-live")
	a.requireNotes(t)
}

// TestLiveModeRefusesWithoutCredentials: neither command starts, and nothing
// is built or called, without credentials.
func TestLiveModeRefusesWithoutCredentials(t *testing.T) {
	a := newAccount(t, nil)
	for _, args := range [][]string{{"test"}, {"sweep"}} {
		code, out := a.run(t, []string{provider.EnvBaseURL + "=" + a.url}, args...)
		if code != 2 {
			t.Errorf("%v without credentials: exit %d, want 2:\n%s", args, code, out)
		}
		requireContains(t, out, "refusing to start: no Sendblue credentials: set SENDBLUE_API_KEY and SENDBLUE_API_SECRET, or SENDBLUE_ACCESS_TOKEN")
	}
	if n := len(a.m.Requests()); n != 0 {
		t.Fatalf("the API was called without credentials: %v", a.m.Requests())
	}
}

// holdFirstLinePut holds the first PUT of a line's call forwarding unanswered
// until release is closed, and then drops it (503, nothing applied): the
// request never reached Sendblue. held is closed when it arrives.
type holdFirstLinePut struct {
	next    http.Handler
	once    sync.Once
	held    chan struct{}
	release chan struct{}
}

func (h *holdFirstLinePut) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	first := false
	if r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/call-forwarding") {
		h.once.Do(func() { first = true })
	}
	if !first {
		h.next.ServeHTTP(w, r)
		return
	}
	close(h.held)
	<-h.release
	w.WriteHeader(http.StatusServiceUnavailable)
}

// TestE2ELiveModeInterruptedLinePutBack interrupts a live run while its line
// test sets the line's call forwarding (after it cleared it): the runner stops
// the tests and puts the forwarding back as it found it.
func TestE2ELiveModeInterruptedLinePutBack(t *testing.T) {
	acctest.SkipShort(t)
	hold := &holdFirstLinePut{held: make(chan struct{}), release: make(chan struct{})}
	a := newAccount(t, func(next http.Handler) http.Handler { hold.next = next; return hold })
	t.Cleanup(func() {
		select {
		case <-hold.release:
		default:
			close(hold.release)
		}
	})

	run := a.startUntilHeld(t, "^TestLiveLineCallForwarding$", hold.held, "it set the line's call forwarding")
	if fwd, _ := a.m.Forwarding(liveLine); fwd != "" {
		t.Fatalf("the line test did not clear the call forwarding first (it is %q): this test proves nothing", fwd)
	}
	out := run.interrupt(t)
	close(hold.release)
	requireContains(t, out,
		"==> cleanup: the call forwarding of line "+liveLine+"\n  line "+liveLine+": putting the call forwarding back from none to "+earlierForwarding+"\n",
	)
	a.requireState(t, seeded(), seededLines(), "after the interrupted run's own cleanup")
	a.requireNotes(t, earlierRunID)
}

// TestE2ELiveModeDisposableAccount runs the account-wide tests, which run only
// on an account declared disposable: they pass against the mock, nothing is
// skipped, they leave no webhook behind (they emptied the account first: it was
// declared disposable), and the line, which they do not touch, is as seeded.
func TestE2ELiveModeDisposableAccount(t *testing.T) {
	acctest.SkipShort(t)
	a := newAccount(t, nil)
	env := append(a.credentials(), livetest.EnvDisposable+"=1")
	code, out := a.run(t, env, "test", "-run", "^(TestLiveAccountWebhooks|TestLiveWebhookGlobalSecret)$")
	if code != 0 {
		t.Fatalf("the live run failed (exit %d):\n%s", code, out)
	}
	requireContains(t, out,
		livetest.EnvDisposable+"=1: the account-wide tests run",
		"--- PASS: TestLiveAccountWebhooks ",
		"--- PASS: TestLiveWebhookGlobalSecret ",
		"Tests skipped: none\n",
		"Answers the mock would not have given: none\n",
	)
	if n := a.m.Total(); n != 0 {
		t.Fatalf("the account-wide tests left %d webhooks: %+v", n, a.m.State().Webhooks)
	}
	if got := a.m.Lines(); !reflect.DeepEqual(got, seededLines()) {
		t.Fatalf("the account-wide tests changed the lines: %+v", got)
	}
}
