package acctest

// Checks that compare the mock account with what a test expects, or with
// the state Terraform saved.

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// CheckMock runs f against the mock as a step check.
func (e *Env) CheckMock(f func(m *mock.Server) error) resource.TestCheckFunc {
	return func(*terraform.State) error { return f(e.Mock) }
}

// ExpectCount checks that the mock holds url under typ exactly n times.
func (e *Env) ExpectCount(typ, url string, n int) resource.TestCheckFunc {
	return e.CheckMock(func(m *mock.Server) error {
		if got := m.Count(typ, url); got != n {
			return fmt.Errorf("mock holds %s %s %d times, want %d (state: %+v)", typ, url, got, n, m.State())
		}
		return nil
	})
}

// ExpectSecret checks the secret the mock holds for typ/url.
func (e *Env) ExpectSecret(typ, url, secret string) resource.TestCheckFunc {
	return e.CheckMock(func(m *mock.Server) error {
		for _, entry := range m.State().Webhooks[typ] {
			if entry.URL == url {
				if entry.Secret != secret {
					return fmt.Errorf("mock holds secret %q for %s %s, want %q", entry.Secret, typ, url, secret)
				}
				return nil
			}
		}
		return fmt.Errorf("mock holds no %s %s", typ, url)
	})
}

// ExpectTotal checks the number of webhooks on the mock account.
func (e *Env) ExpectTotal(n int) resource.TestCheckFunc {
	return e.CheckMock(func(m *mock.Server) error {
		if got := m.Total(); got != n {
			return fmt.Errorf("mock holds %d webhooks, want %d: %+v", got, n, m.State())
		}
		return nil
	})
}

// ExpectState checks that the mock account holds exactly want.
func (e *Env) ExpectState(want mock.State) resource.TestCheckFunc {
	return e.CheckMock(func(m *mock.Server) error {
		if got := m.State(); !reflect.DeepEqual(got, want) {
			return fmt.Errorf("mock account holds\n %+v\nwant\n %+v", got, want)
		}
		return nil
	})
}

// ExpectCalls checks the mock's request counters by method.
func (e *Env) ExpectCalls(want map[string]int) resource.TestCheckFunc {
	return e.CheckMock(func(m *mock.Server) error {
		got := m.Requests()
		for method, n := range want {
			if got[method] != n {
				return fmt.Errorf("mock saw %d %s requests, want %d (all: %v)", got[method], method, n, got)
			}
		}
		return nil
	})
}

// ResetCounters is a check that zeroes the mock's counters, so that the next
// step's checks count its own calls only.
func (e *Env) ResetCounters() resource.TestCheckFunc {
	return e.CheckMock(func(m *mock.Server) error { m.ResetCounters(); return nil })
}

// NoMutations fails when any request that changes the account reached m.
func NoMutations(m *mock.Server) error {
	if n := m.MutatingRequests(); n != 0 {
		return fmt.Errorf("%d mutating requests reached the API: %v", n, m.Requests())
	}
	return nil
}

// WebhooksInState returns "<type> <url>" of every sendblue_webhook in s.
func WebhooksInState(s *terraform.State) map[string]bool {
	out := map[string]bool{}
	for _, m := range s.Modules {
		for _, rs := range m.Resources {
			if rs.Type != "sendblue_webhook" || rs.Primary == nil {
				continue
			}
			out[rs.Primary.Attributes["type"]+" "+rs.Primary.Attributes["url"]] = true
		}
	}
	return out
}

// MockHoldsExactly checks that the mock holds each of want exactly once and
// nothing else.
func MockHoldsExactly(m *mock.Server, want map[string]bool) error {
	got := map[string]int{}
	for typ, entries := range m.State().Webhooks {
		for _, e := range entries {
			got[typ+" "+e.URL]++
		}
	}
	var problems []string
	for k := range want {
		if got[k] != 1 {
			problems = append(problems, fmt.Sprintf("%s is in state but on the mock %d times", k, got[k]))
		}
	}
	for k, n := range got {
		if !want[k] {
			problems = append(problems, fmt.Sprintf("%s is on the mock %d times but not in state", k, n))
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return fmt.Errorf("state and mock disagree: %s", strings.Join(problems, "; "))
	}
	return nil
}

// MockMatchesState checks that the mock account holds exactly the webhooks in
// state, each once.
func (e *Env) MockMatchesState() resource.TestCheckFunc {
	return func(s *terraform.State) error { return MockHoldsExactly(e.Mock, WebhooksInState(s)) }
}

// NoPuts checks that the whole configuration was never replaced.
func (e *Env) NoPuts() resource.TestCheckFunc {
	return e.CheckMock(func(m *mock.Server) error {
		if n := m.Requests()[http.MethodPut]; n != 0 {
			return fmt.Errorf("the mock saw %d PUT (replace-all) requests; sendblue_webhook must use per-webhook add and delete only", n)
		}
		return nil
	})
}

// PlanAgreesWithMock is a plan check on a refreshed plan: refresh found no
// drift (so nothing in state had gone from the account), every webhook the
// plan keeps is on the mock exactly once, and every webhook it creates is
// not on the mock (else the apply would fail with "already exists": a
// webhook the plan cannot see).
type PlanAgreesWithMock struct {
	Env     *Env
	Tainted map[string]bool // resources saved tainted, which may be gone
}

// CheckPlan implements plancheck.PlanCheck.
func (p PlanAgreesWithMock) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	var problems []string
	for _, d := range req.Plan.ResourceDrift {
		if p.Tainted[d.Address] && d.Change.Actions.Delete() {
			// A create whose outcome was unknown was saved tainted: that
			// it turns out not to be on the account is expected.
			continue
		}
		problems = append(problems, fmt.Sprintf("refresh found drift on %s (%v): state held something the account did not", d.Address, d.Change.Actions))
	}
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Type != "sendblue_webhook" || rc.Change == nil {
			continue
		}
		after, _ := rc.Change.After.(map[string]any)
		typ, _ := after["type"].(string)
		url, _ := after["url"].(string)
		n := p.Env.Mock.Count(typ, url)
		switch {
		case rc.Change.Actions.Create() && n != 0:
			problems = append(problems, fmt.Sprintf("%s plans to create %s %s, which the mock already holds %d times", rc.Address, typ, url, n))
		case rc.Change.Actions.NoOp() && n != 1:
			problems = append(problems, fmt.Sprintf("%s keeps %s %s, which the mock holds %d times", rc.Address, typ, url, n))
		}
	}
	if len(problems) > 0 {
		resp.Error = fmt.Errorf("%s", strings.Join(problems, "; "))
	}
}

// FailNext queues f on m for n requests and returns n.
func FailNext(m *mock.Server, n int, f mock.Fault) int {
	m.FailNext(n, f)
	return n
}
