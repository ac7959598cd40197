package provider

// End-to-end tests: the provider binary built from this module, run by the
// real terraform CLI through a dev_overrides CLI configuration, as a user
// (or `make demo`) runs it, against an in-process mock served on 127.0.0.1.
// They cover what in-process acceptance tests cannot: several provider
// processes at once, an interrupt (SIGINT) reaching the plugin, and what
// the plugin process writes to Terraform's logs.

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// e2eWorkspace is one Terraform working directory (its own configuration
// and state) driven by the terraform CLI with the built provider.
type e2eWorkspace struct {
	*acctest.Runner
}

// newE2EWorkspace makes a working directory and a CLI configuration whose
// dev_overrides point at the built provider (acctest.NewDevOverridesRunner:
// env is added to every command's environment).
func newE2EWorkspace(t *testing.T, env ...string) *e2eWorkspace {
	t.Helper()
	return &e2eWorkspace{acctest.NewDevOverridesRunner(t, env...)}
}

// webhooks returns "<type> <url>" of every sendblue_webhook in the state,
// as `terraform show -json` reads it.
func (w *e2eWorkspace) webhooks() map[string]bool {
	w.T.Helper()
	got := map[string]bool{}
	st := w.State()
	if st.Values == nil {
		return got
	}
	for _, r := range st.Values.RootModule.Resources {
		if r.Type == "sendblue_webhook" {
			got[fmt.Sprintf("%v %v", r.AttributeValues["type"], r.AttributeValues["url"])] = true
		}
	}
	return got
}

// e2eCredentials is the environment that points the provider at the mock
// at baseURL, with the mock's default credentials.
func e2eCredentials(baseURL string) []string {
	return []string{"SENDBLUE_API_KEY=" + mock.DefaultAPIKey, "SENDBLUE_API_SECRET=" + mock.DefaultAPISecret, "SENDBLUE_BASE_URL=" + baseURL}
}

// e2eWebhooksHCL declares n webhooks under https://hooks.example.com/<prefix>/,
// of four types in turn.
func e2eWebhooksHCL(prefix string, n int) (string, map[string]bool) {
	types := []string{"receive", "outbound", "call_log", "contact_created"}
	want := map[string]bool{}
	for i := range n {
		want[fmt.Sprintf("%s https://hooks.example.com/%s/%d", types[i%4], prefix, i)] = true
	}
	return fmt.Sprintf(`%s
provider "sendblue" {}

resource "sendblue_webhook" "w" {
  count = %d
  url   = "https://hooks.example.com/%s/${count.index}"
  type  = ["receive", "outbound", "call_log", "contact_created"][count.index %% 4]
}
`, acctest.TerraformBlock, n, prefix), want
}

// union merges sets of "<type> <url>".
func union(sets ...map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, s := range sets {
		for k := range s {
			out[k] = true
		}
	}
	return out
}

// Concurrent writes with real processes: two terraform runs with separate states apply
// to the same account at the same moment (each its own provider process).
// Every webhook ends on the account once; destroying one state's webhooks
// leaves the other's untouched; nothing ever replaces the whole
// configuration.
func TestE2E_twoProcessesOneAccount(t *testing.T) {
	t.Parallel()
	m, url := acctest.ServeMock(t, mock.Options{})
	m.SetLatency(5 * time.Millisecond) // so that the two runs' requests interleave
	creds := e2eCredentials(url)
	a, b := newE2EWorkspace(t, creds...), newE2EWorkspace(t, creds...)
	hclA, wantA := e2eWebhooksHCL("team-a", 12)
	hclB, wantB := e2eWebhooksHCL("team-b", 12)
	a.Write("main.tf", hclA)
	b.Write("main.tf", hclB)

	// both runs cmd in both workspaces at once; cmd returns an error when
	// the command failed or (for a plan) had changes.
	both := func(what string, cmd func(w *e2eWorkspace) (string, error)) {
		t.Helper()
		var wg sync.WaitGroup
		outs, errs := make([]string, 2), make([]error, 2)
		for i, w := range []*e2eWorkspace{a, b} {
			wg.Go(func() { outs[i], errs[i] = cmd(w) })
		}
		wg.Wait()
		for i := range 2 {
			if errs[i] != nil {
				t.Fatalf("terraform %s in workspace %c: %v\n%s", what, 'A'+i, errs[i], outs[i])
			}
		}
	}
	both("apply", func(w *e2eWorkspace) (string, error) { return w.ApplyErr() })
	if err := acctest.MockHoldsExactly(m, union(wantA, wantB)); err != nil {
		t.Fatal(err)
	}
	for name, w := range map[string]*e2eWorkspace{"A": a, "B": b} {
		want := wantA
		if w == b {
			want = wantB
		}
		if got := w.webhooks(); !maps.Equal(got, want) {
			t.Fatalf("workspace %s's state holds %v, want %v", name, got, want)
		}
	}
	// Both plans are empty (exit code 0 with -detailed-exitcode).
	both("plan", func(w *e2eWorkspace) (string, error) {
		changes, out, err := w.PlanErr()
		if err == nil && changes {
			err = errors.New("the plan has changes")
		}
		return out, err
	})

	a.Destroy()
	if err := acctest.MockHoldsExactly(m, wantB); err != nil {
		t.Fatalf("after destroying A's webhooks: %v", err)
	}
	b.PlanEmpty()
	if n := m.Requests()[http.MethodPut]; n != 0 {
		t.Fatalf("the mock saw %d PUT (replace-all) requests", n)
	}
	t.Logf("requests: %v", m.Requests())
}

// Ctrl-C during an apply that is retrying (default policy, about a
// minute of retries) stops it promptly, and leaves no webhook on the account
// that state does not know: a create whose outcome is unknown is saved as
// tainted. Deterministic: the interrupt is sent once the mock has seen the
// third failing add (it says so on a channel), whatever the machine's load.
func TestE2E_interruptStopsRetrying(t *testing.T) {
	t.Parallel()
	m, url := acctest.ServeMock(t, mock.Options{})
	// The first add lands but its answer is lost; every later add fails.
	failing := make(chan string, 1000)
	m.FailNext(1, mock.Fault{Methods: []string{http.MethodPost}, Apply: true, Status: http.StatusBadGateway})
	m.FailNext(1000000, mock.Fault{Methods: []string{http.MethodPost}, Status: http.StatusServiceUnavailable, Arrived: failing})
	w := newE2EWorkspace(t, e2eCredentials(url)...)
	hcl, want := e2eWebhooksHCL("interrupt", 6)
	w.Write("main.tf", hcl)

	out := w.interruptApplyAfter(failing, 2)
	if !strings.Contains(out, "interrupted") {
		t.Errorf("the output does not say the operation was interrupted:\n%s", out)
	}

	// No orphan, no duplicate: whatever is on the account is in state once
	// (state may also hold tainted webhooks that did not land).
	m.ClearFaults()
	if err := mockWithinState(m, w.webhooks()); err != nil {
		t.Fatalf("after the interrupt: %v\n%s", err, out)
	}
	// And the next apply completes the set, without duplicates.
	w.Apply()
	if err := acctest.MockHoldsExactly(m, want); err != nil {
		t.Fatal(err)
	}
	w.PlanEmpty()
}

// An interrupt while an add that has landed waits for its answer (the mock
// holds the answer until the request is given up): the webhook is saved as
// tainted, and the next apply replaces it.
func TestE2E_interruptedCreateIsTainted(t *testing.T) {
	t.Parallel()
	m, url := acctest.ServeMock(t, mock.Options{})
	arrived, hold := make(chan string, 1), make(chan struct{})
	defer close(hold)
	m.FailNext(1, mock.Fault{Methods: []string{http.MethodPost}, Apply: true, Status: http.StatusBadGateway, Arrived: arrived, Hold: hold})
	w := newE2EWorkspace(t, e2eCredentials(url)...)
	hcl, want := e2eWebhooksHCL("held", 1)
	w.Write("main.tf", hcl)

	out := w.interruptApplyAfter(arrived, 1)
	if !strings.Contains(out, "saved as tainted") {
		t.Errorf("the output does not say the webhook was saved as tainted:\n%s", out)
	}
	if err := acctest.MockHoldsExactly(m, w.webhooks()); err != nil {
		t.Fatalf("after the interrupt: %v\n%s", err, out)
	}
	plan := w.PlanChanges()
	// Terraform says "is tainted, so must be replaced"; OpenTofu "is tainted, so it must be replaced".
	if !regexp.MustCompile(`is tainted, so (it )?must be replaced`).MatchString(plan) {
		t.Errorf("the plan does not replace the tainted webhook:\n%s", plan)
	}
	w.Apply()
	if err := acctest.MockHoldsExactly(m, want); err != nil {
		t.Fatal(err)
	}
	w.PlanEmpty()
}

// mockWithinState checks that every webhook on the mock is in state, once.
func mockWithinState(m *mock.Server, state map[string]bool) error {
	var problems []string
	for typ, entries := range m.State().Webhooks {
		seen := map[string]int{}
		for _, e := range entries {
			seen[e.URL]++
		}
		for u, n := range seen {
			if k := typ + " " + u; !state[k] || n != 1 {
				problems = append(problems, fmt.Sprintf("%s is on the mock %d times (in state: %v)", k, n, state[k]))
			}
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return fmt.Errorf("the account holds webhooks that state does not know, or duplicates: %s", strings.Join(problems, "; "))
	}
	return nil
}

// twoAccounts serves two mock accounts and a workspace whose default
// provider configuration (from the environment) is account a; twoProviders
// is the configuration's start, with the alias "other" for account b.
func twoAccounts(t *testing.T) (a, b *mock.Server, w *twoAccountWorkspace) {
	t.Helper()
	a, urlA := acctest.ServeMock(t, mock.Options{})
	b, urlB := acctest.ServeMock(t, mock.Options{APIKey: "other-key", APISecret: "other-secret"})
	w = &twoAccountWorkspace{
		e2eWorkspace: newE2EWorkspace(t, e2eCredentials(urlA)...),
		twoProviders: fmt.Sprintf(`%s
provider "sendblue" {}

provider "sendblue" {
  alias      = "other"
  api_key    = "other-key"
  api_secret = "other-secret"
  base_url   = %q
}
`, acctest.TerraformBlock, urlB),
	}
	return a, b, w
}

type twoAccountWorkspace struct {
	*e2eWorkspace
	twoProviders string
}

// Different global secrets on separate provider configurations (an alias
// for another account) are allowed; each provider process checks its own.
// (An end-to-end test: in-process acceptance tests serve every provider
// configuration from one plugin instance.)
func TestE2E_globalSecretPerProviderConfiguration(t *testing.T) {
	t.Parallel()
	a, b, w := twoAccounts(t)
	w.Write("main.tf", w.twoProviders+`
resource "sendblue_webhook" "a" {
  url           = "https://hooks.example.com/a"
  global_secret = "global-one"
}

resource "sendblue_webhook" "b" {
  url           = "https://hooks.example.com/b"
  global_secret = "global-one"
}

resource "sendblue_webhook" "other" {
  provider      = sendblue.other
  url           = "https://hooks.example.com/a"
  global_secret = "global-two"
}
`)
	w.Apply()
	if ga, gb := a.State().GlobalSecret, b.State().GlobalSecret; ga != "global-one" || gb != "global-two" || a.Total() != 2 || b.Total() != 1 {
		t.Fatalf("accounts: %+v / %+v", a.State(), b.State())
	}
	w.PlanEmpty()
}

// sendblue_webhook on one provider configuration and
// sendblue_account_webhooks on another (an alias, for another account) are
// not mixing: the apply goes through, each account as planned.
func TestE2E_mixingAllowedAcrossProviderConfigurations(t *testing.T) {
	t.Parallel()
	a, b, w := twoAccounts(t)
	w.Write("main.tf", w.twoProviders+`
resource "sendblue_webhook" "a" {
  url = "https://hooks.example.com/a"
}

resource "sendblue_account_webhooks" "other" {
  provider = sendblue.other
  receive  = { "https://hooks.example.com/b" = {} }
}
`)
	out := w.Apply()
	if strings.Contains(out, "Do not manage one Sendblue account") {
		t.Errorf("separate provider configurations were refused:\n%s", out)
	}
	if a.Count("receive", "https://hooks.example.com/a") != 1 || a.Total() != 1 || b.Count("receive", "https://hooks.example.com/b") != 1 || b.Total() != 1 {
		t.Fatalf("accounts: %+v / %+v", a.State(), b.State())
	}
	w.PlanEmpty()
}

// runningApply is a terraform apply started in the background.
type runningApply struct {
	out    *acctest.LockedBuffer
	done   chan error
	cancel context.CancelFunc
}

// startApply starts terraform apply -auto-approve.
func (w *e2eWorkspace) startApply() *runningApply {
	w.T.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	a := &runningApply{out: &acctest.LockedBuffer{}, done: make(chan error, 1), cancel: cancel}
	w.TF.SetStdout(a.out)
	w.TF.SetStderr(a.out)
	if err := w.TF.SetWaitDelay(e2eInterruptWait); err != nil {
		w.T.Fatal(err)
	}
	go func() { a.done <- w.TF.Apply(ctx) }()
	w.T.Cleanup(cancel)
	return a
}

// e2eInterruptWait is how long an interrupted command may take to stop.
const e2eInterruptWait = 60 * time.Second

// interrupt sends SIGINT to terraform (terraform-exec's cancellation, as
// Ctrl-C does) and returns the apply's output once terraform exited; it
// fails the test if terraform was still running e2eInterruptWait later
// (terraform-exec then kills it), or if the interrupted apply succeeded.
func (a *runningApply) interrupt(t *testing.T) string {
	t.Helper()
	sent := time.Now()
	a.cancel()
	err := <-a.done
	d := time.Since(sent)
	if d >= e2eInterruptWait {
		t.Fatalf("terraform apply still running %s after SIGINT (killed: %v):\n%s", d.Round(time.Second), err, a.out.String())
	}
	t.Logf("terraform exited %v, %s after SIGINT", err, d.Round(time.Millisecond))
	if err == nil {
		t.Fatalf("the interrupted apply succeeded:\n%s", a.out.String())
	}
	return a.out.String()
}

// interruptApplyAfter starts terraform apply, interrupts it once the mock
// has reported n requests on arrived (a fault's Arrived channel), and
// returns the output of the apply, which must fail; it fails the test if
// the apply ended before those requests.
func (w *e2eWorkspace) interruptApplyAfter(arrived <-chan string, n int) string {
	w.T.Helper()
	apply := w.startApply()
	for range n {
		select {
		case <-arrived:
		case err := <-apply.done:
			w.T.Fatalf("terraform apply ended before the interrupt: %v\n%s", err, apply.out.String())
		}
	}
	return apply.interrupt(w.T)
}
