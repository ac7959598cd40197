package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

func lineValue(number, assignment, status string, changed, degraded, until string) knownvalue.Check {
	opt := func(s string) knownvalue.Check {
		if s == "" {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(s)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"sendblue_number":   opt(number),
		"assignment":        knownvalue.StringExact(assignment),
		"status":            knownvalue.StringExact(status),
		"status_changed_at": opt(changed),
		"degraded_since":    opt(degraded),
		"effective_until":   opt(until),
	})
}

// sendblue_lines lists every seeded line sorted by number, the line
// without a number last with a null number, and filters by status and
// assignment; the three data sources of one configuration share one read
// of the line state.
func TestAccLinesDataSource(t *testing.T) {
	e := acctest.NewEnv(t)
	seedLines(e.Mock)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			PreConfig: e.Mock.ResetCounters,
			Config: e.Config(`
data "sendblue_lines" "all" {}

data "sendblue_lines" "assigned" {
  assignment = "assigned"
}

data "sendblue_lines" "offline_assigned" {
  assignment = "assigned"
  status     = "OFFLINE"
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.sendblue_lines.all", tfjsonpath.New("lines"), knownvalue.ListExact([]knownvalue.Check{
					lineValue(lineMain, "assigned", "ONLINE", "2026-01-01T09:00:00Z", "", ""),
					lineValue(lineSupport, "shared", "DEGRADED", "", "2026-01-02T10:00:00Z", ""),
					lineValue(lineSales, "assigned", "OFFLINE", "", "", ""),
					lineValue("", "grace_period", "UNKNOWN", "", "", "2026-02-01T00:00:00Z"),
				})),
				statecheck.ExpectKnownValue("data.sendblue_lines.all", tfjsonpath.New("sendblue_numbers"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringExact(lineMain), knownvalue.StringExact(lineSupport), knownvalue.StringExact(lineSales),
				})),
				statecheck.ExpectKnownValue("data.sendblue_lines.all", tfjsonpath.New("snapshot_at"), knownvalue.StringExact(mock.SnapshotAt)),
				statecheck.ExpectKnownValue("data.sendblue_lines.assigned", tfjsonpath.New("sendblue_numbers"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringExact(lineMain), knownvalue.StringExact(lineSales),
				})),
				statecheck.ExpectKnownValue("data.sendblue_lines.offline_assigned", tfjsonpath.New("lines"), knownvalue.ListExact([]knownvalue.Check{
					lineValue(lineSales, "assigned", "OFFLINE", "", "", ""),
				})),
			},
			// Three data sources, one plan: one read of the line state.
			Check: expectLineCalls(e, map[string]int{"GET": 1}),
		}},
	})
}

// A filter that is not a documented value fails at plan naming the
// attribute and the allowed values; nothing is sent.
func TestAccLinesDataSource_badFilters(t *testing.T) {
	e := acctest.NewEnv(t)
	seedLines(e.Mock)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:      e.Config(`data "sendblue_lines" "x" { status = "online" }`),
				ExpectError: acctest.ErrRe(`Attribute status value must be one of: \["ONLINE" "OFFLINE" "DEGRADED" "UNKNOWN"\], got: "online"`),
			},
			{
				Config:      e.Config(`data "sendblue_lines" "x" { assignment = "owned" }`),
				ExpectError: acctest.ErrRe(`Attribute assignment value must be one of: \["assigned" "shared" "grace_period"\], got: "owned"`),
			},
		},
	})
	if got := e.Mock.LineRequests(); len(got) != 0 {
		t.Errorf("bad filters reached the API: %v", got)
	}
}

// Under a line-scoped token the line state is refused; the error says why
// and what to use instead, never the token.
func TestAccLinesDataSource_lineScopedToken(t *testing.T) {
	const token = "line-token-for-lines"
	e := lineTokenEnv(t, token)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: tokenProvider(token, e.URL) + `
data "sendblue_lines" "all" {}
`,
			ExpectError: acctest.ErrRe(`(?s)Sendblue refused the access token.*GET /api/v2/lines/state: HTTP 403.*may not read or change the state of every line of the account`),
		}},
	})
}

// lineTokenEnv is an env with the seeded lines whose mock takes token as an
// access token scoped to lineMain.
func lineTokenEnv(t *testing.T, token string) *acctest.Env {
	t.Helper()
	e := acctest.NewEnvWith(t, mock.Options{LineTokens: map[string][]string{token: {lineMain}}})
	seedLines(e.Mock)
	return e
}
