package provider

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// These tests are the guard rails of the performance targets (README,
// "Performance"): they count the API calls that real Terraform commands make
// through the provider, so that a change that makes a plan list the account
// once per resource, or an apply add webhooks one by one, fails `make test`.
//
// plugin-testing runs each Terraform command of a step (plan, apply, show,
// ...) with its own provider server, so every command configures a fresh
// provider and starts with an empty snapshot. The counters of the mock are
// global, so the checks below measure the calls between two points at which
// exactly one command with API traffic ran (the checks run between commands),
// and assert per-command numbers.

// Performance targets, per command.
const (
	perfApplyN        = 300 // webhooks applied and destroyed at the default parallelism
	perfMaxWriteCalls = 60  // adds per apply, deletes per destroy, of perfApplyN webhooks
	perfPlanN         = 500 // webhooks read by one plan
	perfMaxListCalls  = 2   // list calls per plan (the floor is 1)
)

// callMeter measures the mock's API calls since its last mark. Marks are
// taken in PreConfig and in the steps' checks, which plugin-testing runs on
// the test's goroutine between Terraform commands.
type callMeter struct {
	m    *mock.Server
	last map[string]int
}

func newCallMeter(m *mock.Server) *callMeter {
	return &callMeter{m: m, last: m.Requests()}
}

// since returns the calls by HTTP method since the last mark, and marks now.
func (c *callMeter) since() map[string]int {
	now := c.m.Requests()
	d := make(map[string]int, len(now))
	for method, n := range now {
		if n -= c.last[method]; n != 0 {
			d[method] = n
		}
	}
	c.last = now
	return d
}

// mark forgets the calls so far.
func (c *callMeter) mark() { c.since() }

// callsString renders calls by method in a stable order for messages.
func callsString(calls map[string]int) string {
	if len(calls) == 0 {
		return "none"
	}
	methods := make([]string, 0, len(calls))
	for m := range calls {
		methods = append(methods, m)
	}
	sort.Strings(methods)
	parts := make([]string, len(methods))
	for i, m := range methods {
		parts[i] = fmt.Sprintf("%s=%d", m, calls[m])
	}
	return strings.Join(parts, " ")
}

// callLimits is what one Terraform command may send: at most max[method]
// calls of each method listed, and none of any method not listed.
type callLimits map[string]int

// check compares calls with the limits; what names the command, for the
// message.
func (l callLimits) check(what string, calls map[string]int) error {
	var problems []string
	for method, n := range calls {
		if limit, ok := l[method]; !ok || n > limit {
			problems = append(problems, fmt.Sprintf("%d %s calls (at most %d allowed)", n, method, limit))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	sort.Strings(problems)
	return fmt.Errorf("%s made %s; all calls: %s", what, strings.Join(problems, ", "), callsString(calls))
}

// callsCheck is a plan check (it runs right after a plan command) and a
// state check (right after an apply and the show that reads its state) in one: it asserts the calls made since the last
// mark and marks again, so the next check measures the next command only.
type callsCheck struct {
	t      *testing.T
	meter  *callMeter
	what   string
	limits callLimits
	extra  func() error // optional further assertion
}

// run reports a call count over its limit with t.Errorf, which fails the
// test but lets the later steps run, so that one run shows every missed
// target; a failed extra assertion (webhooks lost or doubled) stops the test.
func (c callsCheck) run() error {
	calls := c.meter.since()
	c.t.Logf("%s: %s", c.what, callsString(calls))
	if err := c.limits.check(c.what, calls); err != nil {
		c.t.Errorf("performance target missed: %v", err)
	}
	if c.extra != nil {
		return c.extra()
	}
	return nil
}

func (c callsCheck) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.run()
}

func (c callsCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.run()
}

// perfURL is the URL of the i-th generated webhook.
func perfURL(i int) string { return fmt.Sprintf("https://hooks.example.com/perf/%04d", i) }

// perfResourceHCL is one resource block of n generated webhooks, perfURL(0)
// to perfURL(n-1). It uses count rather than for_each only because
// plugin-testing's legacy state shim, used before its post-test destroy,
// cannot read string instance keys.
func perfResourceHCL(n int) string {
	return fmt.Sprintf(`
resource "sendblue_webhook" "hook" {
  count = %d
  url   = format("https://hooks.example.com/perf/%%04d", count.index)
}
`, n)
}

// perfFactoriesOptions are the default provider options with a fast retry
// policy and a batch window of a second instead of the default 100 ms.
//
// What these tests guard is that writes are batched and reads shared at all,
// whatever the machine's load. With the default window, how many webhooks
// meet in one call depends on how fast Terraform starts its operations: on
// a busy 2-core machine they start more than 100 ms apart and the counts
// drifted past the limits (72 adds, 84 deletes for 300), which made the test
// flaky. With a one-second window a batch closes when every write in progress
// is waiting (Terraform's parallelism), not when the clock runs out, so the
// counts depend on the code, not the load. The default window's numbers on a
// quiet machine are what `make bench` measures.
func perfFactoriesOptions() Options {
	return Options{Retry: acctest.FastRetry, Timeout: 10 * time.Second, BatchWindow: time.Second}
}

// TestAccPerf_applyPlanDestroy300 applies 300 webhooks at Terraform's
// default parallelism (10) and checks the targets: the apply adds
// them in at most 60 add calls, each exactly once; a plan lists the account
// at most twice (a plan with -refresh=false not at all); the destroy deletes
// them in at most 60 delete calls.
func TestAccPerf_applyPlanDestroy300(t *testing.T) {
	e := acctest.NewEnv(t)
	meter := newCallMeter(e.Mock)
	cfg := e.Config(perfResourceHCL(perfApplyN))

	everyURLOnce := func() error {
		st := e.Mock.State()
		if got := len(st.Webhooks["receive"]); got != perfApplyN || e.Mock.Total() != perfApplyN {
			return fmt.Errorf("mock holds %d receive webhooks (%d in all), want %d", got, e.Mock.Total(), perfApplyN)
		}
		for i := range perfApplyN {
			if n := e.Mock.Count("receive", perfURL(i)); n != 1 {
				return fmt.Errorf("mock holds %s %d times, want 1", perfURL(i), n)
			}
		}
		return nil
	}
	empty := func() error {
		if n := e.Mock.Total(); n != 0 {
			return fmt.Errorf("mock still holds %d webhooks after destroy", n)
		}
		return nil
	}
	// Each create first checks that its URL is not there yet (a list, shared
	// by the creates that arrive together, and dropped by every write), so
	// an apply lists the account about once per add call. That is not a
	// target; the bound only catches creates that list one by one.
	apply := callsCheck{t: t, meter: meter, what: fmt.Sprintf("apply of %d webhooks", perfApplyN),
		limits: callLimits{http.MethodGet: 2 * perfMaxWriteCalls, http.MethodPost: perfMaxWriteCalls}, extra: everyURLOnce}
	noRefreshPlan := callsCheck{t: t, meter: meter, what: "plan -refresh=false", limits: callLimits{}}
	refreshPlan := callsCheck{t: t, meter: meter, what: fmt.Sprintf("plan over %d webhooks", perfApplyN),
		limits: callLimits{http.MethodGet: perfMaxListCalls}}
	// The destroy step's plan (with refresh) and apply run between its
	// PreConfig and its first plan check.
	destroy := callsCheck{t: t, meter: meter, what: fmt.Sprintf("destroy of %d webhooks (plan -destroy, then apply)", perfApplyN),
		limits: callLimits{http.MethodGet: perfMaxListCalls, http.MethodDelete: perfMaxWriteCalls}, extra: empty}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(perfFactoriesOptions()),
		Steps: []resource.TestStep{
			{
				// Runs plan (empty state: no reads), apply, then the state check.
				PreConfig:         meter.mark,
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{apply},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					// Then plan -refresh=false, then plan.
					PostApplyPreRefresh:  []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), noRefreshPlan},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), refreshPlan},
				},
			},
			{
				PreConfig: meter.mark,
				Config:    cfg,
				Destroy:   true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{destroy},
				},
			},
		},
		CheckDestroy: e.ExpectTotal(0),
	})
}

// TestAccPerf_planOver500ListsOnce plans over 500 webhooks that the account
// already holds (next to webhooks Terraform does not manage) and checks that
// each plan lists the account at most twice, whatever the number of
// resources. The webhooks come into the plan through import blocks, which
// Terraform reads with the same ReadResource as a refresh (the 300-webhook
// test above covers the refresh of managed resources): that keeps the test
// to two plans instead of an apply and a destroy of 500 webhooks.
func TestAccPerf_planOver500ListsOnce(t *testing.T) {
	e := acctest.NewEnv(t)
	for i := range perfPlanN {
		e.Mock.AddWebhook("receive", perfURL(i), "")
	}
	for i := range 50 { // webhooks of the account that Terraform does not manage
		e.Mock.AddWebhook("outbound", fmt.Sprintf("https://other.example.com/%d", i), "")
	}
	meter := newCallMeter(e.Mock)
	// One import block per webhook, not one with for_each: Terraform 1.5
	// has import blocks but not their for_each (1.7), and this guard rail
	// runs on every CLI of the matrix.
	var imports strings.Builder
	for i := range perfPlanN {
		fmt.Fprintf(&imports, "import {\n  to = sendblue_webhook.hook[%d]\n  id = \"receive:%s\"\n}\n", i, perfURL(i))
	}
	cfg := e.Config(imports.String()) + perfResourceHCL(perfPlanN)

	importsAll := plancheck.PlanCheck(importOnlyPlan{n: perfPlanN})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(perfFactoriesOptions()),
		Steps: []resource.TestStep{
			{
				PreConfig: meter.mark,
				Config:    cfg,
				PlanOnly:  true, // (plugin-testing counts a plan of imports only as empty)
				ConfigPlanChecks: resource.ConfigPlanChecks{
					// The plan with -refresh=false still reads what it imports.
					PostApplyPreRefresh: []plancheck.PlanCheck{importsAll, callsCheck{t: t, meter: meter,
						what:   fmt.Sprintf("plan -refresh=false importing %d webhooks", perfPlanN),
						limits: callLimits{http.MethodGet: perfMaxListCalls}}},
					PostApplyPostRefresh: []plancheck.PlanCheck{importsAll, callsCheck{t: t, meter: meter,
						what:   fmt.Sprintf("plan importing %d webhooks", perfPlanN),
						limits: callLimits{http.MethodGet: perfMaxListCalls}}},
				},
			},
		},
	})
}

// importOnlyPlan checks that a plan imports n resources and changes nothing
// else, so that the call counts above are those of n reads.
type importOnlyPlan struct{ n int }

func (c importOnlyPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	imports := 0
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Change == nil {
			continue
		}
		if rc.Change.Importing != nil {
			imports++
		}
		if !rc.Change.Actions.NoOp() {
			resp.Error = fmt.Errorf("%s: planned %v, want only an import", rc.Address, rc.Change.Actions)
			return
		}
	}
	if imports != c.n {
		resp.Error = fmt.Errorf("plan imports %d resources, want %d", imports, c.n)
	}
}
