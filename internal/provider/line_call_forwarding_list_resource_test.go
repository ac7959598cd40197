package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
)

// list "sendblue_line_call_forwarding" lists the lines that forward calls,
// by identity, with the resource as an import reads it when asked; it
// reads the line state once and each numbered line once, and never writes.
func TestAccLineCallForwardingList_query(t *testing.T) {
	e := acctest.NewEnv(t)
	seedLines(e.Mock)
	e.Mock.SetForwarding(lineSales, fwdOnCall)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   acctest.NeedsCLI(t, acctest.FeatListResources),
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			queryWorkdirStep(e),
			{
				PreConfig: e.Mock.ResetCounters,
				Query:     true,
				Config:    readFile(t, lineListResourceExample),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("sendblue_line_call_forwarding.all", 2),
					querycheck.ExpectIdentity("sendblue_line_call_forwarding.all", lineIdentityOf(lineSupport)),
					querycheck.ExpectIdentity("sendblue_line_call_forwarding.all", lineIdentityOf(lineSales)),
					querycheck.ExpectNoIdentity("sendblue_line_call_forwarding.all", lineIdentityOf(lineMain)),
					querycheck.ExpectResourceDisplayName("sendblue_line_call_forwarding.all", queryfilter.ByResourceIdentity(lineIdentityOf(lineSales)),
						knownvalue.StringExact(lineSales+" forwards to "+fwdOnCall)),
				},
			},
			includeResourceQueryStep(e, "sendblue_line_call_forwarding",
				querycheck.ExpectResourceKnownValues("sendblue_line_call_forwarding.all", queryfilter.ByResourceIdentity(lineIdentityOf(lineSupport)),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(lineSupport)},
						{Path: tfjsonpath.New("forwarding_number"), KnownValue: knownvalue.StringExact(fwdDesk)},
					}),
			),
		},
	})
	// The last query: one line-state read and one GET per numbered line.
	if got := e.Mock.LineRequests(); got["GET"] != 4 || e.Mock.LineWrites() != 0 {
		t.Errorf("the query made %v; want 4 GETs", got)
	}
}

// The list resource's example query.
const lineListResourceExample = examplesRoot + "/list-resources/sendblue_line_call_forwarding/list-resource.tfquery.hcl"

// The list resource's page shows the example query exactly as examples/
// holds it, which TestAccLineCallForwardingList_query runs.
func TestLineListResourceDocShowsTheExample(t *testing.T) {
	example := readFile(t, lineListResourceExample)
	for _, page := range []string{"../../templates/list-resources/line_call_forwarding.md", "../../docs/list-resources/line_call_forwarding.md"} {
		if !strings.Contains(readFile(t, page), "```terraform\n"+example+"```") {
			t.Errorf("%s does not show %s as it is; copy it into a terraform block of the page", page, lineListResourceExample)
		}
	}
}
