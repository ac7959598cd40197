// Command live runs the provider's acceptance tests against a real Sendblue
// account (make testacc-live) and removes what live runs left (make
// sweep-live). Nothing outside its run's URL prefix is created or deleted; see
// package internal/livetest for the rules.
//
//	live test [-run REGEXP] [-timeout DURATION]   build and run internal/livetest/suite, then clean up
//	live sweep                                    delete every webhook under any live run's prefix
//
// Both read the credentials and base URL as the provider does
// (SENDBLUE_API_KEY and SENDBLUE_API_SECRET, or SENDBLUE_ACCESS_TOKEN;
// SENDBLUE_BASE_URL) and refuse to start without credentials. test runs the
// CLI named by TERRAFORM (default terraform on PATH) with an empty CLI
// configuration; it must run from the module's root.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/livetest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// suitePkg is the package of the live tests.
const suitePkg = "./internal/livetest/suite"

// cleanupTimeout bounds the final cleanup (a sweep and a restore).
const cleanupTimeout = 3 * time.Minute

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: live test [-run REGEXP] [-timeout DURATION] | live sweep")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "test":
		os.Exit(runTests(os.Args[2:]))
	case "sweep":
		os.Exit(sweep())
	default:
		fmt.Fprintf(os.Stderr, "live: unknown command %q (test or sweep)\n", os.Args[1])
		os.Exit(2)
	}
}

// settings reads the environment, or says why the command refuses to start.
func settings(cmd string) (livetest.Settings, bool) {
	s, err := livetest.FromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: refusing to start: %v\n", cmd, err)
		return s, false
	}
	return s, true
}

// client returns a client for the account whose calls are counted in ledger.
func client(s livetest.Settings, ledger *livetest.Ledger) (*sendblue.Client, error) {
	rec := livetest.NewRecorder(ledger, "cleanup", nil)
	return s.Client(sendblue.Config{HTTPClient: &http.Client{Transport: rec}})
}

// withClient runs f with a client whose calls are counted in ledger, and
// cleanupTimeout to finish; when there is no client, it says why, as what's
// error.
func withClient(what string, s livetest.Settings, ledger *livetest.Ledger, f func(context.Context, *sendblue.Client) bool) bool {
	c, err := client(s, ledger)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", what, err)
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	return f(ctx, c)
}

func runTests(args []string) int {
	const cmd = "testacc-live"
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	runRe := fs.String("run", "", "run only the tests matching this regular expression")
	timeout := fs.Duration("timeout", 60*time.Minute, "stop the tests after this long")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	s, ok := settings(cmd)
	if !ok {
		return 2
	}
	tfName := os.Getenv("TERRAFORM")
	if tfName == "" {
		tfName = "terraform"
	}
	tfPath, err := exec.LookPath(tfName)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: refusing to start: the CLI %q was not found (set TERRAFORM to a Terraform or OpenTofu binary)\n", cmd, tfName)
		return 2
	}
	runID, err := livetest.NewRunID(time.Now())
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", cmd, err)
		return 1
	}
	s.RunID = runID
	prefix := livetest.Prefix(runID)

	cli := cliVersion(tfPath)
	fmt.Printf("==> live acceptance tests against %s (%s) with %s (%s)\n", s.BaseURL, s.Auth(), cli, tfPath)
	fmt.Printf("run %s: every webhook it creates is under %s\n", runID, prefix)
	if s.Disposable {
		fmt.Printf("%s=1: the account-wide tests run (they replace and clear the whole account and change its global secret)\n", livetest.EnvDisposable)
	} else {
		fmt.Printf("account-wide tests skipped (sendblue_account_webhooks, the global secret): set %s=1 for an account that may be wiped\n", livetest.EnvDisposable)
	}

	work, err := os.MkdirTemp("", "sendblue-live-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", cmd, err)
		return 1
	}
	defer os.RemoveAll(work)
	testBin := filepath.Join(work, "live.test")
	build := exec.Command("go", "test", "-c", "-o", testBin, suitePkg)
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "%s: building the live tests: %v\n", cmd, err)
		return 1
	}
	cliConfig := filepath.Join(work, "terraformrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", cmd, err)
		return 1
	}

	testArgs := []string{"-test.v", "-test.count=1", "-test.timeout=" + timeout.String()}
	if *runRe != "" {
		testArgs = append(testArgs, "-test.run="+*runRe)
	}
	tests := exec.Command(testBin, testArgs...)
	tests.Dir = suitePkg
	tests.Stdout, tests.Stderr = os.Stdout, os.Stderr
	tests.Env = testEnv(s, tfPath, cliConfig)
	if strings.HasPrefix(cli, "OpenTofu") {
		// OpenTofu reads `provider "sendblue"` as registry.opentofu.org/hashicorp/sendblue.
		tests.Env = append(tests.Env, "TF_ACC_PROVIDER_HOST=registry.opentofu.org", "TF_ACC_PROVIDER_NAMESPACE=hashicorp")
	}
	newProcessGroup(tests)

	if !noteLine(cmd, s) {
		return 2
	}
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	if err := tests.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "%s: starting the live tests: %v\n", cmd, err)
		restoreLine(cmd, s)
		return 1
	}
	done := make(chan error, 1)
	go func() { done <- tests.Wait() }()

	interrupted := false
	var waitErr error
wait:
	for {
		select {
		case waitErr = <-done:
			break wait
		case sig := <-sigs:
			if !interrupted {
				interrupted = true
				fmt.Fprintf(os.Stderr, "\n%s: %v: stopping the tests, then removing what run %s created (again to stop the tests at once)\n", cmd, sig, runID)
				signalGroup(tests, os.Interrupt)
			} else {
				signalGroup(tests, os.Kill)
			}
		}
	}

	code := exitCode(waitErr)
	if interrupted {
		code = 130
	}
	if !cleanUp(cmd, s, prefix) && code == 0 {
		code = 1
	}
	if !restoreLine(cmd, s) && code == 0 {
		code = 1
	}
	return code
}

// noteLine reads the call forwarding of SENDBLUE_LIVE_LINE, when set, and
// notes it down to be put back; it says why not when it cannot.
func noteLine(cmd string, s livetest.Settings) bool {
	if s.Line == "" {
		fmt.Printf("line tests skipped (sendblue_line_call_forwarding, sendblue_lines): set %s to a line (E.164) whose call forwarding the tests may change; it is put back as found\n", livetest.EnvLine)
		return true
	}
	return withClient(cmd, s, &livetest.Ledger{}, func(ctx context.Context, c *sendblue.Client) bool {
		found, err := c.GetCallForwarding(ctx, s.Line)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: refusing to start: %s=%s: %v\n", cmd, livetest.EnvLine, s.Line, err)
			return false
		}
		n := livetest.Note{RunID: s.RunID, BaseURL: s.BaseURL, Line: s.Line, Forwarding: found.ForwardingNumber}
		if err := livetest.WriteNote(s.StateDir, n); err != nil {
			fmt.Fprintf(os.Stderr, "%s: refusing to start: noting the line's call forwarding in %s: %v\n", cmd, s.StateDir, err)
			return false
		}
		fmt.Printf("line tests on %s: its call forwarding is %s now, and is put back to that at the end\n", s.Line, livetest.Forwarding(found.ForwardingNumber))
		return true
	})
}

// restoreLine puts the call forwarding of SENDBLUE_LIVE_LINE back as noted at
// the start.
func restoreLine(cmd string, s livetest.Settings) bool {
	if s.Line == "" {
		return true
	}
	fmt.Printf("==> cleanup: the call forwarding of line %s\n", s.Line)
	return withClient(cmd, s, &livetest.Ledger{}, func(ctx context.Context, c *sendblue.Client) bool {
		if _, err := livetest.RestoreNotes(ctx, c, s.StateDir, s.BaseURL, s.RunID, os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v; run make sweep-live to put it back\n", cmd, err)
			return false
		}
		return true
	})
}

// cliVersion is the version line of `<cli> version`, e.g. "Terraform v1.11.4"
// or "OpenTofu v1.12.6".
func cliVersion(path string) string {
	out, _ := exec.Command(path, "version").Output() //nolint:gosec // the CLI the caller named
	for line := range strings.Lines(string(out)) {
		if strings.HasPrefix(line, "Terraform v") || strings.HasPrefix(line, "OpenTofu v") {
			return strings.TrimSpace(line)
		}
	}
	return "an unknown CLI"
}

// testEnv is the tests' environment: the caller's, with the run id, TF_ACC,
// the CLI to run, and an empty CLI configuration (no dev_overrides, mirrors or
// plugin caches of the caller's), and no checkpoint calls.
func testEnv(s livetest.Settings, tfPath, cliConfig string) []string {
	drop := map[string]bool{"TF_PLUGIN_CACHE_DIR": true, "TF_ACC_TERRAFORM_VERSION": true, "TF_CLI_CONFIG_FILE": true,
		"TF_ACC_PROVIDER_HOST": true, "TF_ACC_PROVIDER_NAMESPACE": true}
	var env []string
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); !drop[name] {
			env = append(env, kv)
		}
	}
	return append(env,
		livetest.EnvRunID+"="+s.RunID,
		livetest.EnvStateDir+"="+s.StateDir,
		"TF_ACC=1",
		"TF_ACC_TERRAFORM_PATH="+tfPath,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
	)
}

func exitCode(err error) int {
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee) && ee.ExitCode() > 0:
		return ee.ExitCode()
	default:
		return 1
	}
}

// cleanUp removes whatever is left under the run's prefix; it reports false
// when it could not.
func cleanUp(cmd string, s livetest.Settings, prefix string) bool {
	fmt.Printf("==> cleanup: removing what is left under %s\n", prefix)
	ledger := &livetest.Ledger{}
	return withClient(cmd+": cleanup", s, ledger, func(ctx context.Context, c *sendblue.Client) bool {
		removed, err := livetest.Sweep(ctx, c, livetest.HasPrefix(prefix), os.Stdout)
		ok := report(cmd, removed, err, os.Stdout)
		fmt.Printf("cleanup: %d API calls\n", len(ledger.Calls()))
		return ok
	})
}

func report(cmd string, removed []sendblue.Ref, err error, w io.Writer) bool {
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v; run make sweep-live to remove what is left\n", cmd, err)
		return false
	}
	if len(removed) == 0 {
		_, _ = fmt.Fprintln(w, "nothing to remove")
	} else {
		_, _ = fmt.Fprintf(w, "removed %d webhook(s)\n", len(removed))
	}
	return true
}

func sweep() int {
	const cmd = "sweep-live"
	s, ok := settings(cmd)
	if !ok {
		return 2
	}
	fmt.Printf("==> %s: removing the webhooks of earlier live runs (%s) from %s (%s); nothing else\n", cmd, livetest.PatternText, s.BaseURL, s.Auth())
	ledger := &livetest.Ledger{}
	c, err := client(s, ledger)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", cmd, err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, cleanupTimeout)
	defer cancel()
	removed, err := livetest.Sweep(ctx, c, livetest.SweepPattern.MatchString, os.Stdout)
	ok = report(cmd, removed, err, os.Stdout)
	if restored, err := livetest.RestoreNotes(ctx, c, s.StateDir, s.BaseURL, "", os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", cmd, err)
		ok = false
	} else if restored > 0 {
		fmt.Printf("put back the call forwarding of %d line(s) that interrupted runs changed\n", restored)
	}
	fmt.Printf("%s: %d API calls\n", cmd, len(ledger.Calls()))
	if !ok {
		return 1
	}
	return 0
}
