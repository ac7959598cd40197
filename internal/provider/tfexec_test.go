package provider

// tfRunner runs the real terraform (or tofu) CLI in a working directory of
// its own through terraform-exec, as a user would: the end-to-end tests
// (e2e_test.go: the built provider through dev_overrides) and the CLI tests
// of this package (adoption_test.go: the provider served in-process, which
// Terraform reattaches to) share it.

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
)

// tfCommandTimeout bounds one Terraform command.
const tfCommandTimeout = 3 * time.Minute

type tfRunner struct {
	t   *testing.T
	tf  *tfexec.Terraform
	dir string
	// serve, when set, serves the provider for one command and returns how
	// Terraform reattaches to it, and how to stop it.
	serve func(ctx context.Context) (tfexec.ReattachInfo, func())
}

// newTFRunner runs the CLI under test in a new temporary directory with
// exactly env as its environment (terraform-exec adds TF_IN_AUTOMATION and
// clears TF_LOG unless logs are asked for).
func newTFRunner(t *testing.T, env map[string]string) *tfRunner {
	t.Helper()
	dir := t.TempDir()
	tf, err := tfexec.NewTerraform(dir, testCLI(t).path)
	if err != nil {
		t.Fatal(err)
	}
	if err := tf.SetEnv(env); err != nil {
		t.Fatal(err)
	}
	// If a test gives up on a command, terraform-exec interrupts it
	// (SIGINT) as a user would, and kills it if it is still running 10s
	// later.
	if err := tf.SetWaitDelay(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	return &tfRunner{t: t, tf: tf, dir: dir}
}

// lockedBuffer collects a command's stdout and stderr, which terraform-exec
// copies from two goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// write puts a file into the working directory.
func (r *tfRunner) write(name, content string) {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, name), []byte(content), 0o600); err != nil { //nolint:gosec // a file name the test chose, in its own temporary directory
		r.t.Fatal(err)
	}
}

// read returns a file of the working directory ("" when it does not exist).
func (r *tfRunner) read(name string) string {
	r.t.Helper()
	b, err := os.ReadFile(filepath.Join(r.dir, name)) //nolint:gosec // a file name the test chose, in its own temporary directory
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		r.t.Fatal(err)
	}
	return string(b)
}

// remove deletes files of the working directory.
func (r *tfRunner) remove(names ...string) {
	r.t.Helper()
	for _, n := range names {
		if err := os.Remove(filepath.Join(r.dir, n)); err != nil {
			r.t.Fatal(err)
		}
	}
}

// exec runs one command: f gets the reattach option when the provider is
// served in-process (nil otherwise), and the combined output is returned
// with f's error.
func (r *tfRunner) exec(f func(ctx context.Context, re *tfexec.ReattachOption) error) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), tfCommandTimeout)
	defer cancel()
	var out lockedBuffer
	r.tf.SetStdout(&out)
	r.tf.SetStderr(&out)
	var re *tfexec.ReattachOption
	if r.serve != nil {
		info, stop := r.serve(ctx)
		defer stop()
		re = tfexec.Reattach(info)
	}
	err := f(ctx, re)
	return out.String(), err
}

// withReattach appends re (when set) to a command's options: the
// *tfexec.ReattachOption is an option of every command that starts the
// provider.
func withReattach[O any](opts []O, re *tfexec.ReattachOption) []O {
	if re == nil {
		return opts
	}
	if o, ok := any(re).(O); ok {
		return append(slices.Clone(opts), o)
	}
	return opts
}

func (r *tfRunner) fatal(cmd string, err error, out string) {
	r.t.Helper()
	r.t.Fatalf("terraform %s in %s: %v\n%s", cmd, filepath.Base(r.dir), err, out)
}

// init runs terraform init.
func (r *tfRunner) init() {
	r.t.Helper()
	out, err := r.exec(func(ctx context.Context, re *tfexec.ReattachOption) error {
		return r.tf.Init(ctx, withReattach([]tfexec.InitOption{}, re)...)
	})
	if err != nil {
		r.fatal("init", err, out)
	}
}

// applyErr runs terraform apply -auto-approve.
func (r *tfRunner) applyErr(opts ...tfexec.ApplyOption) (string, error) {
	return r.exec(func(ctx context.Context, re *tfexec.ReattachOption) error {
		return r.tf.Apply(ctx, withReattach(opts, re)...)
	})
}

// apply runs terraform apply and fails the test unless it succeeds.
func (r *tfRunner) apply(opts ...tfexec.ApplyOption) string {
	r.t.Helper()
	out, err := r.applyErr(opts...)
	if err != nil {
		r.fatal("apply", err, out)
	}
	return out
}

// applyFails runs terraform apply and fails the test unless it fails.
func (r *tfRunner) applyFails() string {
	r.t.Helper()
	out, err := r.applyErr()
	if err == nil {
		r.t.Fatalf("terraform apply in %s succeeded, want an error:\n%s", filepath.Base(r.dir), out)
	}
	return out
}

// planErr runs terraform plan -detailed-exitcode: whether it plans changes,
// its output, and its error.
func (r *tfRunner) planErr(opts ...tfexec.PlanOption) (bool, string, error) {
	var changes bool
	out, err := r.exec(func(ctx context.Context, re *tfexec.ReattachOption) (err error) {
		changes, err = r.tf.Plan(ctx, withReattach(opts, re)...)
		return err
	})
	return changes, out, err
}

// plan runs terraform plan and fails the test unless it succeeds (with or
// without changes).
func (r *tfRunner) plan(opts ...tfexec.PlanOption) (bool, string) {
	r.t.Helper()
	changes, out, err := r.planErr(opts...)
	if err != nil {
		r.fatal("plan", err, out)
	}
	return changes, out
}

// planEmpty fails the test unless terraform plan succeeds without changes.
func (r *tfRunner) planEmpty(opts ...tfexec.PlanOption) string {
	r.t.Helper()
	changes, out := r.plan(opts...)
	if changes {
		r.t.Fatalf("terraform plan in %s has changes, want none:\n%s", filepath.Base(r.dir), out)
	}
	return out
}

// planChanges fails the test unless terraform plan succeeds with changes.
func (r *tfRunner) planChanges(opts ...tfexec.PlanOption) string {
	r.t.Helper()
	changes, out := r.plan(opts...)
	if !changes {
		r.t.Fatalf("terraform plan in %s has no changes, want some:\n%s", filepath.Base(r.dir), out)
	}
	return out
}

// planFails fails the test unless terraform plan fails.
func (r *tfRunner) planFails(opts ...tfexec.PlanOption) string {
	r.t.Helper()
	_, out, err := r.planErr(opts...)
	if err == nil {
		r.t.Fatalf("terraform plan in %s succeeded, want an error:\n%s", filepath.Base(r.dir), out)
	}
	return out
}

// destroy runs terraform destroy -auto-approve and fails the test unless it
// succeeds.
func (r *tfRunner) destroy(opts ...tfexec.DestroyOption) string {
	r.t.Helper()
	out, err := r.exec(func(ctx context.Context, re *tfexec.ReattachOption) error {
		return r.tf.Destroy(ctx, withReattach(opts, re)...)
	})
	if err != nil {
		r.fatal("destroy", err, out)
	}
	return out
}

// state is terraform show -json of the state.
func (r *tfRunner) state() *tfjson.State {
	r.t.Helper()
	var st *tfjson.State
	out, err := r.exec(func(ctx context.Context, re *tfexec.ReattachOption) (err error) {
		st, err = r.tf.Show(ctx, withReattach([]tfexec.ShowOption{}, re)...)
		return err
	})
	if err != nil {
		r.fatal("show -json", err, out)
	}
	return st
}

// stateResources are the addresses of the resources in state (terraform
// state list), sorted.
func (r *tfRunner) stateResources() []string {
	r.t.Helper()
	var addrs []string
	if st := r.state(); st.Values != nil {
		for _, res := range st.Values.RootModule.Resources {
			addrs = append(addrs, res.Address)
		}
	}
	slices.Sort(addrs)
	return addrs
}

// showPlan is terraform show -json of a saved plan.
func (r *tfRunner) showPlan(file string) *tfjson.Plan {
	r.t.Helper()
	var p *tfjson.Plan
	out, err := r.exec(func(ctx context.Context, re *tfexec.ReattachOption) (err error) {
		p, err = r.tf.ShowPlanFile(ctx, file, withReattach([]tfexec.ShowOption{}, re)...)
		return err
	})
	if err != nil {
		r.fatal("show -json "+file, err, out)
	}
	return p
}

// outputs is terraform output -json.
func (r *tfRunner) outputs() map[string]tfexec.OutputMeta {
	r.t.Helper()
	var o map[string]tfexec.OutputMeta
	out, err := r.exec(func(ctx context.Context, _ *tfexec.ReattachOption) (err error) {
		o, err = r.tf.Output(ctx)
		return err
	})
	if err != nil {
		r.fatal("output -json", err, out)
	}
	return o
}

// stateRm runs terraform state rm.
func (r *tfRunner) stateRm(addr string) {
	r.t.Helper()
	out, err := r.exec(func(ctx context.Context, _ *tfexec.ReattachOption) error {
		return r.tf.StateRm(ctx, addr)
	})
	if err != nil {
		r.fatal("state rm "+addr, err, out)
	}
}

// query runs terraform query -json and returns the display names of the
// resources it found.
func (r *tfRunner) query(opts ...tfexec.QueryOption) []string {
	r.t.Helper()
	var found []string
	out, err := r.exec(func(ctx context.Context, re *tfexec.ReattachOption) error {
		msgs, err := r.tf.QueryJSON(ctx, withReattach(opts, re)...)
		if err != nil {
			return err
		}
		var errs []error
		for m := range msgs {
			switch msg := m.Msg.(type) {
			case nil:
			case tfjson.ListResourceFoundMessage:
				found = append(found, msg.ListResourceFound.DisplayName)
			case tfjson.DiagnosticLogMessage:
				if msg.Severity == tfjson.DiagnosticSeverityError {
					errs = append(errs, errors.New(msg.Summary+": "+msg.Detail))
				}
			}
			if m.Err != nil {
				errs = append(errs, m.Err)
			}
		}
		return errors.Join(errs...)
	})
	if err != nil {
		r.fatal("query", err, out)
	}
	return found
}
