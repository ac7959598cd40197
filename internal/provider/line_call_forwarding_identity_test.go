package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
)

// A forwarding set by hand is adopted with an import block naming the line
// by identity {sendblue_number} (Terraform 1.12+): the plan only imports,
// nothing is written, and the next plan is empty; terraform-plugin-testing's
// identity import matches the state. A bad identity fails at plan.
func TestAccLineCallForwarding_importByIdentity(t *testing.T) {
	e := acctest.NewEnv(t)
	seedLines(e.Mock)
	addr := "sendblue_line_call_forwarding.main"
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   acctest.NeedsCLI(t, acctest.FeatIdentity),
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			adoptByIdentityStep(e, e.Configf(`
import {
  to       = sendblue_line_call_forwarding.main
  identity = { sendblue_number = %q }
}
`, lineSupport)+forwardingHCL(lineSupport, fwdDesk),
				[]statecheck.StateCheck{
					statecheck.ExpectIdentity(addr, lineIdentityOf(lineSupport)),
				},
			),
			identityImportStep(e.Config(forwardingHCL(lineSupport, fwdDesk)), addr),
			{
				Config: e.Config(`
import {
  to       = sendblue_line_call_forwarding.x
  identity = { sendblue_number = "2125550101" }
}
resource "sendblue_line_call_forwarding" "x" {
  sendblue_number   = "+12125550101"
  forwarding_number = "+16692138010"
}
`),
				ExpectError: acctest.ErrRe(`sendblue_number is the line's number: got "2125550101", which is not an E.164 number`),
			},
			{
				// A line without forwarding has nothing to import.
				Config: e.Configf(`
import {
  to       = sendblue_line_call_forwarding.x
  identity = { sendblue_number = %q }
}
resource "sendblue_line_call_forwarding" "x" {
  sendblue_number   = %q
  forwarding_number = "+16692138010"
}
`, lineSales, lineSales),
				ExpectError: acctest.ErrRe(`Cannot import non-existent remote object`),
			},
		},
	})
}

// lineIdentityOf is the identity of the forwarding of the line number.
func lineIdentityOf(number string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{"sendblue_number": knownvalue.StringExact(number)}
}
