package bench

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// sizes are the numbers of resources each benchmark runs at.
var sizes = []int{10, 100, 500}

// BenchmarkPlan times `terraform plan` (with refresh, no changes) over N
// applied webhooks, of the provider and of the floor in alternating runs.
// ns/op is the provider's plan; the metrics are medians: s/plan (provider),
// floor-s/plan, x-floor (their ratio, the target: at most 1.2 at
// N = 500) and list/plan (the provider's list calls per plan).
func BenchmarkPlan(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			prov, floor := newPair(b, n)
			prov.apply(b)
			floor.apply(b)
			var provTimes, floorTimes []time.Duration
			lists := 0
			alternate(b, prov, floor, func(w *workspace) {
				before := w.calls()
				provTimes = append(provTimes, w.planEmpty(b))
				lists += w.calls()[http.MethodGet] - before[http.MethodGet]
			}, func(w *workspace) {
				floorTimes = append(floorTimes, w.planEmpty(b))
			})
			report(b, "plan", provTimes, floorTimes)
			b.ReportMetric(float64(lists)/float64(len(provTimes)), "list/plan")
		})
	}
}

// alternate is every benchmark's loop: each run gives the provider's
// workspace to provRun and the floor's to floorRun, the floor first in even
// runs and the provider first in odd ones, so that neither always meets the
// machine warmer or busier. The floor's turns are outside the benchmark's
// timer (ns/op is the provider's); a nil floor is left out.
func alternate(b *testing.B, prov, floor *workspace, provRun, floorRun func(w *workspace)) {
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		order := []*workspace{floor, prov}
		if i%2 == 1 {
			order = []*workspace{prov, floor}
		}
		for _, w := range order {
			switch w {
			case nil: // no floor at this size
			case floor:
				b.StopTimer()
				floorRun(w)
				b.StartTimer()
			default:
				provRun(w)
			}
		}
	}
	b.StopTimer()
}

// BenchmarkApplyDestroy times `terraform apply` of N new webhooks and the
// `terraform destroy` of them, of the provider and of the floor in
// alternating runs. ns/op is the provider's apply and destroy; the metrics
// are medians (s/apply, s/destroy, their floor-s and x-floor) and the
// provider's calls per command (add/apply, delete/destroy, list/apply).
func BenchmarkApplyDestroy(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			prov, floor := newPair(b, n)
			var provApply, floorApply, provDestroy, floorDestroy []time.Duration
			var adds, deletes, lists int
			alternate(b, prov, floor, func(w *workspace) {
				before := w.calls()
				provApply = append(provApply, w.apply(b))
				mid := w.calls()
				provDestroy = append(provDestroy, w.destroy(b))
				after := w.calls()
				adds += mid[http.MethodPost] - before[http.MethodPost]
				lists += mid[http.MethodGet] - before[http.MethodGet]
				deletes += after[http.MethodDelete] - mid[http.MethodDelete]
				if n := w.mock.Total(); n != 0 {
					b.Fatalf("the mock holds %d webhooks after destroy", n)
				}
			}, func(w *workspace) {
				floorApply = append(floorApply, w.apply(b))
				floorDestroy = append(floorDestroy, w.destroy(b))
			})
			report(b, "apply", provApply, floorApply)
			report(b, "destroy", provDestroy, floorDestroy)
			runs := float64(len(provApply))
			b.ReportMetric(float64(adds)/runs, "add/apply")
			b.ReportMetric(float64(lists)/runs, "list/apply")
			b.ReportMetric(float64(deletes)/runs, "delete/destroy")
		})
	}
}

// report adds the medians of one command's times and their ratio.
func report(b *testing.B, cmd string, prov, floor []time.Duration) {
	r, f := median(prov), median(floor)
	b.ReportMetric(r.Seconds(), "s/"+cmd)
	if f > 0 {
		b.ReportMetric(f.Seconds(), "floor-s/"+cmd)
		b.ReportMetric(float64(r)/float64(f), "x-floor/"+cmd)
	}
}

// median of ds (the mean of the middle two for an even count).
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// workspace is one Terraform working directory over N webhooks, run with
// one provider build (the prov one or the floor) through dev_overrides.
type workspace struct {
	tf   *tfexec.Terraform
	mock *mock.Server
}

// newPair makes the two workspaces of one benchmark, the provider's (with a
// mock account of its own) and the floor's, over the same configuration of
// n webhooks.
func newPair(b *testing.B, n int) (prov, floor *workspace) {
	b.Helper()
	return newPairWith(b, configHCL(n))
}

// newPairWith is newPair over the configuration hcl.
func newPairWith(b *testing.B, hcl string) (prov, floor *workspace) {
	b.Helper()
	bins := buildOnce(b)
	m, url := acctest.ServeMock(b, mock.Options{})
	prov = newWorkspace(b, bins.prov, hcl, map[string]string{
		"SENDBLUE_API_KEY": mock.DefaultAPIKey, "SENDBLUE_API_SECRET": mock.DefaultAPISecret, "SENDBLUE_BASE_URL": url,
	})
	prov.mock = m
	floor = newWorkspace(b, bins.floor, hcl, nil)
	return prov, floor
}

// calls are the mock's requests so far, by method (none for the floor).
func (w *workspace) calls() map[string]int {
	if w.mock == nil {
		return nil
	}
	return w.mock.Requests()
}

// configHCL declares n webhooks, as a user with many endpoints would.
func configHCL(n int) string {
	return acctest.TerraformBlock + fmt.Sprintf(`
resource "sendblue_webhook" "hook" {
  count = %d
  url   = format("https://hooks.example.com/bench/%%04d", count.index)
  type  = "receive"
}
`, n)
}

func newWorkspace(b *testing.B, providerDir, hcl string, env map[string]string) *workspace {
	b.Helper()
	cli, err := acctest.DetectCLI()
	if err != nil {
		b.Fatal(err)
	}
	work := b.TempDir()
	writeFile(b, filepath.Join(work, "main.tf"), hcl)
	tf, err := tfexec.NewTerraform(work, cli.Path)
	if err != nil {
		b.Fatal(err)
	}
	vars := acctest.CLIEnv(acctest.DevOverrides(b, cli, providerDir))
	for k, v := range env {
		vars[k] = v
	}
	if err := tf.SetEnv(vars); err != nil {
		b.Fatal(err)
	}
	return &workspace{tf: tf}
}

func writeFile(b *testing.B, name, content string) {
	b.Helper()
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		b.Fatal(err)
	}
}

// commandTimeout bounds one Terraform command.
const commandTimeout = 15 * time.Minute

// timed runs one command and returns how long it took.
func timed(b *testing.B, what string, run func(ctx context.Context) error) time.Duration {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	start := time.Now()
	if err := run(ctx); err != nil {
		b.Fatalf("terraform %s: %v", what, err)
	}
	return time.Since(start)
}

func (w *workspace) apply(b *testing.B) time.Duration {
	b.Helper()
	return timed(b, "apply", func(ctx context.Context) error { return w.tf.Apply(ctx) })
}

func (w *workspace) destroy(b *testing.B) time.Duration {
	b.Helper()
	return timed(b, "destroy", func(ctx context.Context) error { return w.tf.Destroy(ctx) })
}

// planEmpty times a plan that must find no changes.
func (w *workspace) planEmpty(b *testing.B) time.Duration {
	b.Helper()
	return timed(b, "plan", func(ctx context.Context) error {
		changes, err := w.tf.Plan(ctx)
		if err == nil && changes {
			err = fmt.Errorf("the plan after apply has changes")
		}
		return err
	})
}

// binaries are the two provider builds, each named terraform-provider-sendblue
// in a directory of its own, for dev_overrides.
type binaries struct{ prov, floor string }

// buildDir holds the builds; TestMain removes it.
var buildDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

var buildOnceValues = sync.OnceValues(func() (binaries, error) {
	dir, err := os.MkdirTemp("", "sendblue-bench-")
	if err != nil {
		return binaries{}, err
	}
	buildDir = dir
	bins := binaries{prov: filepath.Join(dir, "real"), floor: filepath.Join(dir, "floor")}
	for pkg, out := range map[string]string{
		"github.com/sendblue-api/terraform-provider-sendblue":                                                           bins.prov,
		"github.com/sendblue-api/terraform-provider-sendblue/internal/benchfloor/cmd/terraform-provider-sendblue-floor": bins.floor,
	} {
		cmd := exec.Command("go", "build", "-ldflags", "-X main.version=bench", "-o", filepath.Join(out, "terraform-provider-sendblue"), pkg) //nolint:gosec // this module's packages
		if b, err := cmd.CombinedOutput(); err != nil {
			return binaries{}, fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
		}
	}
	return bins, nil
})

// buildOnce builds the provider and the floor once per benchmark binary.
func buildOnce(b *testing.B) binaries {
	b.Helper()
	bins, err := buildOnceValues()
	if err != nil {
		b.Fatal(err)
	}
	return bins
}
