package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// A receive webhook whose sendblue_numbers names a number the account has
// no line for is planned with a warning naming it (it would never receive a
// delivery for it); the line state is read once for the whole plan, however
// many webhooks there are.
func TestAccWebhook_sendblueNumbersNotALineWarns(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	seedLines(e.Mock)
	cli := newTFCLI(t, e)
	cli.Write("main.tf", fmt.Sprintf(`
resource "sendblue_webhook" "support" {
  url              = "https://hooks.example.com/lines/support"
  sendblue_numbers = [%q, "+12125550999"]
}
resource "sendblue_webhook" "sales" {
  url              = "https://hooks.example.com/lines/sales"
  sendblue_numbers = [%q]
}
`, lineSupport, lineSales))
	cli.Init()
	e.Mock.ResetCounters()
	out := cli.PlanChanges()
	for _, want := range []string{"Warning: Not a line of this Sendblue account", "sendblue_numbers names +12125550999, which is not one of the account's lines"} {
		if !containsFolded(out, want) {
			t.Errorf("the plan lacks %q:\n%s", want, out)
		}
	}
	if n := countFolded(out, "Not a line of this Sendblue account"); n != 1 {
		t.Errorf("%d warnings, want 1 (for the unknown number only):\n%s", n, out)
	}
	if got := e.Mock.LineRequests(); got["GET"] != 1 || len(got) != 1 {
		t.Errorf("the plan made %v on the lines endpoints; want one line-state read", got)
	}
}

// Under a line-scoped token the line state is a 403: the webhook still
// plans and applies, with no warning and no error about lines.
func TestAccWebhook_sendblueNumbersUnderLineScopedToken(t *testing.T) {
	const token = "line-token-webhooks"
	e := lineTokenEnv(t, token)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: tokenProvider(token, e.URL) + fmt.Sprintf(`
resource "sendblue_webhook" "mine" {
  url              = "https://hooks.example.com/lines/mine"
  sendblue_numbers = [%q]
}
`, lineMain),
			Check: e.ExpectCount("receive", "https://hooks.example.com/lines/mine", 1),
		}},
	})
	if got := e.Mock.LineRequests(); got["GET"] == 0 {
		t.Errorf("the line state was never asked for (%v): the test proves nothing", got)
	}
}

// fold makes CLI output comparable whatever its wrapping: the diagnostic
// frame (│) goes, and every run of white space becomes one space.
func fold(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "│", " ")), " ")
}

func containsFolded(out, want string) bool { return strings.Contains(fold(out), fold(want)) }

func countFolded(out, want string) int { return strings.Count(fold(out), fold(want)) }

// sendblue_numbers is read back: a change made elsewhere shows as drift, and
// the apply puts the configured numbers back (delete, then add).
func TestAccWebhook_sendblueNumbersDrift(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	const url = "https://hooks.example.com/lines"
	cfg := e.Config(`
resource "sendblue_webhook" "lines" {
  url              = "` + url + `"
  sendblue_numbers = ["+15551230000"]
}
`)
	setNumbers := func(nums ...string) {
		st := e.Mock.State()
		for i := range st.Webhooks["receive"] {
			st.Webhooks["receive"][i].SendblueNumbers = nums
		}
		e.Mock.SetState(st)
	}
	numbersAre := func(want ...string) resource.TestCheckFunc {
		return e.CheckMock(func(m *mock.Server) error {
			es := m.State().Webhooks["receive"]
			if len(es) != 1 || !slices.Equal(es[0].SendblueNumbers, want) {
				return fmt.Errorf("receive entries %+v, want one with numbers %v", es, want)
			}
			return nil
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg, Check: numbersAre("+15551230000")},
			{
				PreConfig: func() { setNumbers("+15559990000") },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("sendblue_webhook.lines", plancheck.ResourceActionUpdate),
				}},
				Check: numbersAre("+15551230000"),
			},
			{
				// Removing the numbers from the configuration removes them.
				Config: e.Config(`
resource "sendblue_webhook" "lines" {
  url = "` + url + `"
}
`),
				Check: numbersAre(),
			},
		},
		CheckDestroy: e.ExpectTotal(0),
	})
}
