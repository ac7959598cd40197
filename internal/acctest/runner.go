package acctest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
)

// tfCommandTimeout bounds one Terraform command.
const tfCommandTimeout = 3 * time.Minute

// Runner runs the real terraform (or tofu) CLI in a working directory of its
// own through terraform-exec, as a user would: with the provider served
// in-process, which Terraform reattaches to (NewReattachedRunner), or with the
// provider binary built from this module through dev_overrides
// (NewDevOverridesRunner). Its commands fail the test unless they end as
// asked (Apply, PlanEmpty, ApplyFails, ...); the ...Err forms return the
// error instead.
type Runner struct {
	T   *testing.T
	TF  *tfexec.Terraform
	Dir string // the working directory
	// serve, when set, serves the provider for one command and returns how
	// Terraform reattaches to it, and how to stop it.
	serve func(ctx context.Context) (tfexec.ReattachInfo, func())
}

// NewRunner runs the CLI under test in a new temporary directory with
// exactly env as its environment (terraform-exec adds TF_IN_AUTOMATION and
// clears TF_LOG unless logs are asked for).
func NewRunner(t *testing.T, env map[string]string) *Runner {
	t.Helper()
	dir := t.TempDir()
	tf, err := tfexec.NewTerraform(dir, TestCLI(t).Path)
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
	return &Runner{T: t, TF: tf, Dir: dir}
}

// LockedBuffer collects a command's stdout and stderr, which terraform-exec
// copies from two goroutines.
type LockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write implements io.Writer.
func (b *LockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String is what was written so far.
func (b *LockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Write puts a file into the working directory.
func (r *Runner) Write(name, content string) {
	r.T.Helper()
	if err := os.WriteFile(filepath.Join(r.Dir, name), []byte(content), 0o600); err != nil { //nolint:gosec // a file name the test chose, in its own temporary directory
		r.T.Fatal(err)
	}
}

// Read returns a file of the working directory ("" when it does not exist).
func (r *Runner) Read(name string) string {
	r.T.Helper()
	b, err := os.ReadFile(filepath.Join(r.Dir, name)) //nolint:gosec // a file name the test chose, in its own temporary directory
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		r.T.Fatal(err)
	}
	return string(b)
}

// Edit replaces the first old in a file of the working directory with
// replacement; the test fails when the file does not hold old.
func (r *Runner) Edit(name, old, replacement string) {
	r.T.Helper()
	content := r.Read(name)
	if !strings.Contains(content, old) {
		r.T.Fatalf("%s does not hold %q:\n%s", name, old, content)
	}
	r.Write(name, strings.Replace(content, old, replacement, 1))
}

// Remove deletes files of the working directory.
func (r *Runner) Remove(names ...string) {
	r.T.Helper()
	for _, n := range names {
		if err := os.Remove(filepath.Join(r.Dir, n)); err != nil {
			r.T.Fatal(err)
		}
	}
}

// exec runs one command: f gets the reattach option when the provider is
// served in-process (nil otherwise), and the combined output is returned
// with f's error.
func (r *Runner) exec(f func(ctx context.Context, re *tfexec.ReattachOption) error) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), tfCommandTimeout)
	defer cancel()
	var out LockedBuffer
	r.TF.SetStdout(&out)
	r.TF.SetStderr(&out)
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

func (r *Runner) fatal(cmd string, err error, out string) {
	r.T.Helper()
	r.T.Fatalf("terraform %s in %s: %v\n%s", cmd, filepath.Base(r.Dir), err, out)
}

// Init runs terraform init.
func (r *Runner) Init() {
	r.T.Helper()
	out, err := r.exec(func(ctx context.Context, re *tfexec.ReattachOption) error {
		return r.TF.Init(ctx, withReattach([]tfexec.InitOption{}, re)...)
	})
	if err != nil {
		r.fatal("init", err, out)
	}
}

// ApplyErr runs terraform apply -auto-approve.
func (r *Runner) ApplyErr(opts ...tfexec.ApplyOption) (string, error) {
	return r.exec(func(ctx context.Context, re *tfexec.ReattachOption) error {
		return r.TF.Apply(ctx, withReattach(opts, re)...)
	})
}

// Apply runs terraform apply and fails the test unless it succeeds.
func (r *Runner) Apply(opts ...tfexec.ApplyOption) string {
	r.T.Helper()
	out, err := r.ApplyErr(opts...)
	if err != nil {
		r.fatal("apply", err, out)
	}
	return out
}

// ApplyFails runs terraform apply and fails the test unless it fails.
func (r *Runner) ApplyFails() string {
	r.T.Helper()
	out, err := r.ApplyErr()
	if err == nil {
		r.T.Fatalf("terraform apply in %s succeeded, want an error:\n%s", filepath.Base(r.Dir), out)
	}
	return out
}

// PlanErr runs terraform plan -detailed-exitcode: whether it plans changes,
// its output, and its error.
func (r *Runner) PlanErr(opts ...tfexec.PlanOption) (bool, string, error) {
	var changes bool
	out, err := r.exec(func(ctx context.Context, re *tfexec.ReattachOption) (err error) {
		changes, err = r.TF.Plan(ctx, withReattach(opts, re)...)
		return err
	})
	return changes, out, err
}

// Plan runs terraform plan and fails the test unless it succeeds (with or
// without changes).
func (r *Runner) Plan(opts ...tfexec.PlanOption) (bool, string) {
	r.T.Helper()
	changes, out, err := r.PlanErr(opts...)
	if err != nil {
		r.fatal("plan", err, out)
	}
	return changes, out
}

// PlanEmpty fails the test unless terraform plan succeeds without changes.
func (r *Runner) PlanEmpty(opts ...tfexec.PlanOption) string {
	r.T.Helper()
	changes, out := r.Plan(opts...)
	if changes {
		r.T.Fatalf("terraform plan in %s has changes, want none:\n%s", filepath.Base(r.Dir), out)
	}
	return out
}

// PlanChanges fails the test unless terraform plan succeeds with changes.
func (r *Runner) PlanChanges(opts ...tfexec.PlanOption) string {
	r.T.Helper()
	changes, out := r.Plan(opts...)
	if !changes {
		r.T.Fatalf("terraform plan in %s has no changes, want some:\n%s", filepath.Base(r.Dir), out)
	}
	return out
}

// PlanFails fails the test unless terraform plan fails.
func (r *Runner) PlanFails(opts ...tfexec.PlanOption) string {
	r.T.Helper()
	_, out, err := r.PlanErr(opts...)
	if err == nil {
		r.T.Fatalf("terraform plan in %s succeeded, want an error:\n%s", filepath.Base(r.Dir), out)
	}
	return out
}

// Destroy runs terraform destroy -auto-approve and fails the test unless it
// succeeds.
func (r *Runner) Destroy(opts ...tfexec.DestroyOption) string {
	r.T.Helper()
	out, err := r.exec(func(ctx context.Context, re *tfexec.ReattachOption) error {
		return r.TF.Destroy(ctx, withReattach(opts, re)...)
	})
	if err != nil {
		r.fatal("destroy", err, out)
	}
	return out
}

// State is terraform show -json of the state.
func (r *Runner) State() *tfjson.State {
	r.T.Helper()
	var st *tfjson.State
	out, err := r.exec(func(ctx context.Context, re *tfexec.ReattachOption) (err error) {
		st, err = r.TF.Show(ctx, withReattach([]tfexec.ShowOption{}, re)...)
		return err
	})
	if err != nil {
		r.fatal("show -json", err, out)
	}
	return st
}

// StateResources are the addresses of the resources in state (terraform
// state list), sorted.
func (r *Runner) StateResources() []string {
	r.T.Helper()
	var addrs []string
	if st := r.State(); st.Values != nil {
		for _, res := range st.Values.RootModule.Resources {
			addrs = append(addrs, res.Address)
		}
	}
	slices.Sort(addrs)
	return addrs
}

// ShowPlan is terraform show -json of a saved plan.
func (r *Runner) ShowPlan(file string) *tfjson.Plan {
	r.T.Helper()
	var p *tfjson.Plan
	out, err := r.exec(func(ctx context.Context, re *tfexec.ReattachOption) (err error) {
		p, err = r.TF.ShowPlanFile(ctx, file, withReattach([]tfexec.ShowOption{}, re)...)
		return err
	})
	if err != nil {
		r.fatal("show -json "+file, err, out)
	}
	return p
}

// Outputs is terraform output -json.
func (r *Runner) Outputs() map[string]tfexec.OutputMeta {
	r.T.Helper()
	var o map[string]tfexec.OutputMeta
	out, err := r.exec(func(ctx context.Context, _ *tfexec.ReattachOption) (err error) {
		o, err = r.TF.Output(ctx)
		return err
	})
	if err != nil {
		r.fatal("output -json", err, out)
	}
	return o
}

// StateRm runs terraform state rm.
func (r *Runner) StateRm(addr string) {
	r.T.Helper()
	out, err := r.exec(func(ctx context.Context, _ *tfexec.ReattachOption) error {
		return r.TF.StateRm(ctx, addr)
	})
	if err != nil {
		r.fatal("state rm "+addr, err, out)
	}
}

// Query runs terraform query -json and returns the display names of the
// resources it found.
func (r *Runner) Query(opts ...tfexec.QueryOption) []string {
	r.T.Helper()
	var found []string
	out, err := r.exec(func(ctx context.Context, re *tfexec.ReattachOption) error {
		msgs, err := r.TF.QueryJSON(ctx, withReattach(opts, re)...)
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
