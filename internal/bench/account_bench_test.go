package bench

import (
	"flag"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
)

// accountSizes are the numbers of entries of the one sendblue_account_webhooks
// the account benchmarks run at. largeAccount runs only when BENCH names it
// (make bench BENCH='AccountPlan/N=5000'), so that `make bench` stays short.
var accountSizes = []int{1000}

const largeAccount = 5000

// accountHCL declares one sendblue_account_webhooks holding n receive
// webhooks, every other one with a secret.
func accountHCL(n int) string {
	var hcl strings.Builder
	hcl.WriteString(acctest.TerraformBlock + `
resource "sendblue_account_webhooks" "all" {
  receive = {
`)
	for i := range n {
		if i%2 == 0 {
			fmt.Fprintf(&hcl, "    \"https://hooks.example.com/bench/%05d\" = { secret = \"bench-secret-%05d\" }\n", i, i)
		} else {
			fmt.Fprintf(&hcl, "    \"https://hooks.example.com/bench/%05d\" = {}\n", i)
		}
	}
	hcl.WriteString("  }\n}\n")
	return hcl.String()
}

// benchNamesLarge reports whether -bench names the large account size.
func benchNamesLarge() bool {
	f := flag.Lookup("test.bench")
	return f != nil && strings.Contains(f.Value.String(), fmt.Sprintf("N=%d", largeAccount))
}

// accountRuns are the sizes an account benchmark runs at.
func accountRuns() []int {
	if benchNamesLarge() {
		return append(accountSizes, largeAccount)
	}
	return accountSizes
}

// BenchmarkAccountPlan times `terraform plan` (with refresh, no changes) of
// one applied sendblue_account_webhooks with N entries (half with secrets),
// of the provider and of the floor in alternating runs. The metrics are as
// BenchmarkPlan's (the target: x-floor at most 1.5 at N = 1000). At N = 5000
// only the provider runs (the target: s/plan well under a minute).
func BenchmarkAccountPlan(b *testing.B) {
	for _, n := range accountRuns() {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			prov, floor := newPairWith(b, accountHCL(n))
			prov.apply(b)
			if n == largeAccount {
				// Its target is absolute (well under a minute), and
				// Terraform's own apply of the floor takes many minutes
				// at this size: the floor is left out.
				floor = nil
			} else {
				floor.apply(b)
			}
			if got := prov.mock.Total(); got != n {
				b.Fatalf("the mock holds %d webhooks, want %d", got, n)
			}
			var provTimes, floorTimes, provCPU, floorCPU []time.Duration
			lists := 0
			alternate(b, prov, floor, func(w *workspace) {
				cpu := childCPU()
				before := w.calls()
				provTimes = append(provTimes, w.planEmpty(b))
				provCPU = append(provCPU, childCPU()-cpu)
				lists += w.calls()[http.MethodGet] - before[http.MethodGet]
			}, func(w *workspace) {
				cpu := childCPU()
				floorTimes = append(floorTimes, w.planEmpty(b))
				floorCPU = append(floorCPU, childCPU()-cpu)
			})
			report(b, "plan", provTimes, floorTimes)
			// The CPU time of Terraform and the provider per plan, which
			// depends less on how busy the machine is than wall time.
			report(b, "plan-cpu", provCPU, floorCPU)
			b.ReportMetric(float64(lists)/float64(len(provTimes)), "list/plan")
		})
	}
}

// BenchmarkAccountApply times `terraform apply` of one new
// sendblue_account_webhooks with N entries (half with secrets), and its
// destroy, of the provider and of the floor in alternating runs, with the
// provider's replace calls per apply.
func BenchmarkAccountApply(b *testing.B) {
	for _, n := range accountSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			prov, floor := newPairWith(b, accountHCL(n))
			var provApply, floorApply, provDestroy, floorDestroy []time.Duration
			replaces := 0
			alternate(b, prov, floor, func(w *workspace) {
				before := w.calls()
				provApply = append(provApply, w.apply(b))
				replaces += w.calls()[http.MethodPut] - before[http.MethodPut]
				if got := w.mock.Total(); got != n {
					b.Fatalf("the mock holds %d webhooks after apply, want %d", got, n)
				}
				provDestroy = append(provDestroy, w.destroy(b))
				if got := w.mock.Total(); got != 0 {
					b.Fatalf("the mock holds %d webhooks after destroy", got)
				}
			}, func(w *workspace) {
				floorApply = append(floorApply, w.apply(b))
				floorDestroy = append(floorDestroy, w.destroy(b))
			})
			report(b, "apply", provApply, floorApply)
			report(b, "destroy", provDestroy, floorDestroy)
			b.ReportMetric(float64(replaces)/float64(len(provApply)), "replace/apply")
		})
	}
}
