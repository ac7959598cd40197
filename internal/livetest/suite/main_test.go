package suite

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/livetest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/provider"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

type terraformState = terraform.State

var (
	settings livetest.Settings
	ledger   = &livetest.Ledger{}
)

// TestMain runs the tests only when the runner started them (it sets the run
// id), and writes the report at the end. An interrupt ends the process at once
// (with the report so far): the runner then removes what the run created.
func TestMain(m *testing.M) {
	if os.Getenv(livetest.EnvRunID) == "" {
		fmt.Println("live acceptance tests not run: they run against a real Sendblue account, only through make testacc-live")
		os.Exit(0)
	}
	s, err := livetest.FromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "live acceptance tests:", err)
		os.Exit(2)
	}
	settings = s
	_ = os.Setenv("TF_ACC", "1")

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		fmt.Println("live acceptance tests interrupted")
		ledger.Report(os.Stdout)
		os.Exit(130)
	}()

	code := m.Run()
	ledger.Report(os.Stdout)
	os.Exit(code)
}

// live is one test's view of the account: its own URL prefix under the run's,
// and a recorder that every call of the test (provider and checks) goes
// through. The reads that seed the recorder's mock go through seeder, whose
// calls are counted but not compared (the mock holds nothing yet).
type live struct {
	t      *testing.T
	prefix string
	rec    *livetest.Recorder
	client *sendblue.Client
	seeder *sendblue.Client
}

// callTimeout bounds the test's own calls (the check list, the sweep).
const callTimeout = 2 * time.Minute

// newLive lists the account (the recorder's mock starts from what it holds)
// and registers the test's cleanup: a sweep of its prefix, and a failure for
// every answer the mock would not have given.
func newLive(t *testing.T) *live {
	t.Helper()
	name := strings.ToLower(strings.TrimPrefix(t.Name(), "TestLive"))
	l := &live{t: t, prefix: livetest.Prefix(settings.RunID) + name + "/"}
	l.rec = livetest.NewRecorder(ledger, t.Name(), nil)
	client, err := settings.Client(sendblue.Config{HTTPClient: &http.Client{Transport: l.rec}})
	if err != nil {
		t.Fatal(err)
	}
	l.client = client
	l.seeder, err = settings.Client(sendblue.Config{HTTPClient: &http.Client{Transport: livetest.NewRecorder(ledger, t.Name(), nil)}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	found, err := l.seeder.List(ctx)
	if err != nil {
		t.Fatalf("listing the account: %v", err)
	}
	l.rec.Seed(found)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		var out bytes.Buffer
		removed, err := livetest.Sweep(ctx, l.client, livetest.HasPrefix(l.prefix), &out)
		switch {
		case err != nil:
			t.Errorf("cleaning up %s: %v\n%s", l.prefix, err, out.String())
		case len(removed) > 0 && !t.Failed():
			t.Errorf("the test left webhooks on the account (removed now):\n%s", out.String())
		case len(removed) > 0:
			t.Logf("removed what the failed test left:\n%s", out.String())
		}
		for _, d := range l.rec.Differences() {
			t.Errorf("an answer the mock would not have given: %s", d)
		}
	})
	return l
}

// url is a webhook URL of this test.
func (l *live) url(name string) string { return l.prefix + name }

// list returns the account's configuration.
func (l *live) list() *sendblue.Configuration {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	cfg, err := l.client.List(ctx)
	if err != nil {
		l.t.Fatalf("listing the account: %v", err)
	}
	return cfg
}

// factories serve the provider in-process with its calls recorded.
func (l *live) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return acctest.Factories(provider.NewWithOptions("live", provider.Options{HTTPClient: &http.Client{Transport: l.rec}}))
}

// config is HCL after a provider block that takes everything from the
// environment, as a user's CI would.
func config(format string, args ...any) string {
	return "provider \"sendblue\" {}\n\n" + fmt.Sprintf(format, args...)
}

// skip skips the test for reason and notes it for the report.
func skip(t *testing.T, reason string) {
	t.Helper()
	ledger.Skipped(t.Name(), reason)
	t.Skip(reason)
}

// requireDisposable skips tests that replace or clear the whole account or
// change its global secret, unless the caller declared the account disposable.
func requireDisposable(t *testing.T) {
	t.Helper()
	if !settings.Disposable {
		skip(t, "changes the whole account or its global secret; runs only when "+livetest.EnvDisposable+"=1")
	}
}

// checkOnAccount checks, by listing the account, that the test's webhooks are
// exactly want (type and URL → secret).
func (l *live) checkOnAccount(want map[sendblue.Ref]string) func(*terraformState) error {
	return func(*terraformState) error {
		cfg := l.list()
		got := map[sendblue.Ref]string{}
		for _, r := range livetest.Matching(cfg, livetest.HasPrefix(l.prefix)) {
			w, _ := cfg.Find(r.Type, r.URL)
			got[r] = w.Secret
			if n := cfg.Count(r.Type, r.URL); n != 1 {
				return fmt.Errorf("%s is on the account %d times", r, n)
			}
		}
		for r, secret := range want {
			s, ok := got[r]
			switch {
			case !ok:
				return fmt.Errorf("%s is not on the account", r)
			case s != secret:
				return fmt.Errorf("%s has another secret on the account than the configuration's", r)
			}
			delete(got, r)
		}
		for r := range got {
			return fmt.Errorf("%s is on the account but not in the configuration", r)
		}
		return nil
	}
}
