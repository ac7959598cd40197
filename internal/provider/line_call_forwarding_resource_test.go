package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// The account's lines in these tests: two numbered lines without call
// forwarding, one that forwards already, and one without a number.
const (
	lineMain    = "+12125550101"
	lineSupport = "+12125550102"
	lineSales   = "+12125550103"
	fwdDesk     = "+16692138010"
	fwdOnCall   = "+16692138011"
	fwdElse     = "+16692138099"
)

func seedLines(m *mock.Server) {
	m.SetLines([]mock.Line{
		{SendblueNumber: lineMain, Assignment: "assigned", Status: "ONLINE", StatusChangedAt: "2026-01-01T09:00:00Z"},
		{SendblueNumber: lineSupport, Assignment: "shared", Status: "DEGRADED", DegradedSince: "2026-01-02T10:00:00Z", ForwardingNumber: fwdDesk},
		{SendblueNumber: lineSales, Assignment: "assigned", Status: "OFFLINE"},
		{Assignment: "grace_period", Status: "UNKNOWN", EffectiveUntil: "2026-02-01T00:00:00Z"},
	})
}

func forwardingHCL(number, fwd string) string {
	return fmt.Sprintf(`
resource "sendblue_line_call_forwarding" "main" {
  sendblue_number   = %q
  forwarding_number = %q
}
`, number, fwd)
}

// expectForwarding checks what the mock's line forwards to ("" for none).
func expectForwarding(e *acctest.Env, number, want string) resource.TestCheckFunc {
	return e.CheckMock(func(m *mock.Server) error {
		got, ok := m.Forwarding(number)
		if !ok || got != want {
			return fmt.Errorf("line %s forwards to %q (line found: %v), want %q", number, got, ok, want)
		}
		return nil
	})
}

// expectLineCalls checks the requests on the lines endpoints since the
// counters were last reset.
func expectLineCalls(e *acctest.Env, want map[string]int) resource.TestCheckFunc {
	return e.CheckMock(func(m *mock.Server) error {
		got := m.LineRequests()
		for _, method := range []string{"GET", "PUT", "DELETE"} {
			if got[method] != want[method] {
				return fmt.Errorf("lines requests = %v, want %v", got, want)
			}
		}
		return nil
	})
}

// The whole life of a line's forwarding through Terraform: set (one look,
// one PUT), read back with an empty plan, changed (one PUT), changed and
// cleared outside Terraform (drift, then re-created), imported by number,
// destroyed (the line reads back null).
func TestAccLineCallForwarding_lifecycle(t *testing.T) {
	e := acctest.NewEnv(t)
	seedLines(e.Mock)
	addr := "sendblue_line_call_forwarding.main"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		CheckDestroy: func(*terraform.State) error {
			return expectForwarding(e, lineMain, "")(nil)
		},
		Steps: []resource.TestStep{
			{
				PreConfig: e.Mock.ResetCounters,
				Config:    e.Config(forwardingHCL(lineMain, fwdDesk)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(lineMain)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("forwarding_number"), knownvalue.StringExact(fwdDesk)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(expectForwarding(e, lineMain, fwdDesk), expectForwarding(e, lineSupport, fwdDesk)),
			},
			{
				PreConfig: e.Mock.ResetCounters,
				Config:    e.Config(forwardingHCL(lineMain, fwdOnCall)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				// A refresh GET and the PUT; no other write.
				Check: resource.ComposeAggregateTestCheckFunc(expectForwarding(e, lineMain, fwdOnCall), e.CheckMock(func(m *mock.Server) error {
					if got := m.LineRequests(); got["PUT"] != 1 || got["DELETE"] != 0 {
						return fmt.Errorf("an update made %v", got)
					}
					return nil
				})),
			},
			{
				// Changed outside Terraform: drift, put back by one PUT.
				PreConfig: func() { e.Mock.SetForwarding(lineMain, fwdElse) },
				Config:    e.Config(forwardingHCL(lineMain, fwdOnCall)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("forwarding_number"), knownvalue.StringExact(fwdOnCall)),
					},
				},
				Check: expectForwarding(e, lineMain, fwdOnCall),
			},
			{
				// Cleared outside Terraform: planned for re-creation.
				PreConfig: func() { e.Mock.SetForwarding(lineMain, "") },
				Config:    e.Config(forwardingHCL(lineMain, fwdOnCall)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
				Check: expectForwarding(e, lineMain, fwdOnCall),
			},
			{
				PreConfig:         e.Mock.ResetCounters,
				Config:            e.Config(forwardingHCL(lineMain, fwdOnCall)),
				ResourceName:      addr,
				ImportState:       true,
				ImportStateId:     lineMain,
				ImportStateVerify: true,
			},
			{
				Config:          e.Config(forwardingHCL(lineMain, fwdOnCall)),
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   lineMain,
			},
		},
	})
}

// A forwarding number in a form other than E.164 is refused at plan with
// the E.164 form to write; a malformed one and a line number that is not
// E.164 with what is allowed. Nothing is sent to the API.
func TestAccLineCallForwarding_badNumbersRefusedAtPlan(t *testing.T) {
	e := acctest.NewEnv(t)
	seedLines(e.Mock)
	steps := []resource.TestStep{}
	for _, tc := range []struct{ number, fwd, want string }{
		{lineMain, "2125550199", `"2125550199" in forwarding_number is not in E.164 form; write "\+12125550199" instead`},
		{lineMain, "(212) 555-0199", `write "\+12125550199" instead`},
		{lineMain, "+1 669 213 8010", `write "\+16692138010" instead`},
		{lineMain, "555-01", `"555-01" in forwarding_number is not an E.164 phone number: it must be \+ and 8 to 15 digits`},
		{"2125550101", fwdDesk, `"2125550101" in sendblue_number is not an E.164 phone number`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      e.Config(forwardingHCL(tc.number, tc.fwd)),
			PlanOnly:    true,
			ExpectError: acctest.ErrRe(tc.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps:                    steps,
	})
	if got := e.Mock.LineRequests(); len(got) != 0 {
		t.Errorf("refused numbers reached the API: %v", got)
	}
	if got, _ := e.Mock.Forwarding(lineMain); got != "" {
		t.Errorf("the line forwards to %q", got)
	}
}

// Creating on a line that already forwards elsewhere fails at plan naming
// that number and the import command; on one that forwards to the same
// number it adopts the setting with no write; a line the account does not
// have fails at plan naming the account's lines.
func TestAccLineCallForwarding_createChecksTheLine(t *testing.T) {
	e := acctest.NewEnv(t)
	seedLines(e.Mock)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:      e.Config(forwardingHCL(lineSupport, fwdOnCall)),
				ExpectError: acctest.ErrRe(`(?s)Line \+12125550102 already forwards calls to \+16692138010, set outside this configuration.*terraform import sendblue_line_call_forwarding.<name> \+12125550102`),
			},
			{
				Config:      e.Config(forwardingHCL("+12125550999", fwdDesk)),
				ExpectError: acctest.ErrRe(`(?s)The Sendblue account has no line \+12125550999.*Its lines are \+12125550101, \+12125550102, \+12125550103`),
			},
			{
				PreConfig: e.Mock.ResetCounters,
				Config:    e.Config(forwardingHCL(lineSupport, fwdDesk)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(expectForwarding(e, lineSupport, fwdDesk), e.CheckMock(func(m *mock.Server) error {
					if n := m.LineWrites(); n != 0 {
						return fmt.Errorf("adopting the same number sent %d writes: %v", n, m.LineRequests())
					}
					return nil
				})),
			},
		},
	})
	if got, _ := e.Mock.Forwarding(lineSupport); got != "" {
		t.Errorf("destroying the adopted forwarding left %q", got)
	}
}

// The rendered plan, as `terraform plan` prints it: a forwarding changed
// outside Terraform shows as an in-place update naming both numbers; one
// cleared outside Terraform as a create.
func TestAccLineCallForwarding_driftInPlanText(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	seedLines(e.Mock)
	cli := newTFCLI(t, e)
	cli.Write("main.tf", forwardingHCL(lineMain, fwdDesk))
	cli.Init()
	cli.Apply()
	cli.PlanEmpty()

	e.Mock.SetForwarding(lineMain, fwdElse)
	out := cli.PlanChanges()
	for _, want := range []string{
		"sendblue_line_call_forwarding.main will be updated in-place",
		fmt.Sprintf(`~ forwarding_number = "%s" -> "%s"`, fwdElse, fwdDesk),
		"0 to add, 1 to change, 0 to destroy",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan after a change outside Terraform lacks %q:\n%s", want, out)
		}
	}

	e.Mock.SetForwarding(lineMain, "")
	out = cli.PlanChanges()
	for _, want := range []string{"sendblue_line_call_forwarding.main will be created", fmt.Sprintf(`+ forwarding_number = "%s"`, fwdDesk), "1 to add, 0 to change, 0 to destroy"} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan after the forwarding was cleared outside Terraform lacks %q:\n%s", want, out)
		}
	}
	e.Mock.ResetCounters()
	cli.Apply()
	if got := e.Mock.LineRequests(); got["PUT"] != 1 || got["DELETE"] != 0 {
		t.Errorf("re-creating made %v, want one PUT", got)
	}
	cli.Destroy()
	if got, _ := e.Mock.Forwarding(lineMain); got != "" {
		t.Errorf("after destroy the line forwards to %q", got)
	}
}

// Under a line-scoped access token, a line that is not the token's is a
// 403 explained at plan: the token is limited to its own lines.
func TestAccLineCallForwarding_lineScopedToken(t *testing.T) {
	e := acctest.NewEnvWith(t, mock.Options{LineTokens: map[string][]string{"line-token-secret": {lineMain}}})
	seedLines(e.Mock)
	cfg := fmt.Sprintf(`
provider "sendblue" {
  access_token = "line-token-secret"
  base_url     = %q
}
`, e.URL)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:      cfg + forwardingHCL(lineSupport, fwdDesk),
				ExpectError: acctest.ErrRe(`(?s)line \+12125550102: GET /api/lines/\+12125550102/call-forwarding: HTTP 403.*A line-scoped access token is limited to its own lines`),
			},
			{
				Config: cfg + forwardingHCL(lineMain, fwdDesk),
				Check:  expectForwarding(e, lineMain, fwdDesk),
			},
		},
	})
}
