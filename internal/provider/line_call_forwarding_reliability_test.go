package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// Changing sendblue_number replaces the resource: the old line's forwarding
// is cleared, the new line's set.
func TestAccLineCallForwarding_changeLineReplaces(t *testing.T) {
	e := acctest.NewEnv(t)
	seedLines(e.Mock)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: e.Config(forwardingHCL(lineMain, fwdDesk)), Check: expectForwarding(e, lineMain, fwdDesk)},
			{
				Config: e.Config(forwardingHCL(lineSales, fwdDesk)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("sendblue_line_call_forwarding.main", plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(expectForwarding(e, lineMain, ""), expectForwarding(e, lineSales, fwdDesk)),
			},
		},
	})
}

// The writes are retried like the reads: a PUT and a DELETE answered 503
// (or applied and answered 502) are sent again, and the apply succeeds.
func TestAccLineCallForwarding_writesRetried(t *testing.T) {
	e := acctest.NewEnv(t)
	seedLines(e.Mock)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		CheckDestroy: func(*terraform.State) error {
			if n := e.Mock.LineRequests()["DELETE"]; n != 2 {
				return fmt.Errorf("%d DELETEs, want 2 (one retry)", n)
			}
			return expectForwarding(e, lineMain, "")(nil)
		},
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.Mock.FailNext(1, mock.Fault{Lines: true, Methods: []string{http.MethodPut}, Status: http.StatusServiceUnavailable})
				e.Mock.FailNext(1, mock.Fault{Lines: true, Methods: []string{http.MethodDelete}, Apply: true})
				e.Mock.ResetCounters()
			},
			Config: e.Config(forwardingHCL(lineMain, fwdDesk)),
			Check: resource.ComposeAggregateTestCheckFunc(expectForwarding(e, lineMain, fwdDesk), e.CheckMock(func(m *mock.Server) error {
				if n := m.LineRequests()["PUT"]; n != 2 {
					return fmt.Errorf("%d PUTs, want 2 (one retry)", n)
				}
				return nil
			})),
		}},
	})
}

// A line's forwarding call that never answers ends at the resource's
// timeout, with the advice to raise it; nothing is left half-done in state.
func TestAccLineCallForwarding_hangEndsAtTheTimeout(t *testing.T) {
	e := acctest.NewEnv(t)
	seedLines(e.Mock)
	e.Mock.FailNext(100, mock.Fault{Lines: true, Methods: []string{http.MethodPut}, Hang: true})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: e.Config(`
resource "sendblue_line_call_forwarding" "main" {
  sendblue_number   = "+12125550101"
  forwarding_number = "+16692138010"
  timeouts = {
    create = "1s"
  }
}
`),
			ExpectError: acctest.ErrRe(`(?s)Could not create Sendblue line call forwarding.*PUT /api/lines/\+12125550101/call-forwarding: the operation's time budget ran out.*It stopped when timeouts.create = "1s" ran out.*may or may not have been applied`),
		}},
	})
	if got, _ := e.Mock.Forwarding(lineMain); got != "" {
		t.Errorf("a PUT that never answered changed the line to %q", got)
	}
}
