package provider

import (
	"reflect"
	"strings"
	"testing"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// The guide "Routing calls and messages per line", applied as written: each
// assigned line forwards to its team's number and each team's webhook gets
// its lines; the next plan is empty; a line added to the account is routed
// by the next apply (one forwarding added, support's webhook changed); the
// destroy clears every forwarding it set.
func testGuideRoutingPerLine(t *testing.T, dir string) {
	e := acctest.NewEnv(t)
	seedLines(e.Mock)
	c := guideCLI(t, e, dir)
	c.Init()
	out := c.Apply()
	if !strings.Contains(out, "4 added, 0 changed, 0 destroyed") {
		t.Errorf("the apply did not add two forwardings and two webhooks:\n%s", out)
	}
	for number, want := range map[string]string{lineMain: fwdDesk, lineSales: fwdOnCall, lineSupport: fwdDesk} {
		if got, _ := e.Mock.Forwarding(number); got != want {
			t.Errorf("line %s forwards to %q, want %q", number, got, want)
		}
	}
	hooks := func() map[string][]string {
		out := map[string][]string{}
		for _, w := range e.Mock.State().Webhooks["receive"] {
			out[w.URL] = w.SendblueNumbers
		}
		return out
	}
	want := map[string][]string{
		"https://hooks.example.com/support/inbound": {lineMain},
		"https://hooks.example.com/sales/inbound":   {lineSales},
	}
	if got := hooks(); !reflect.DeepEqual(got, want) {
		t.Errorf("receive webhooks = %v, want %v", got, want)
	}
	c.PlanEmpty()

	// Sendblue adds a line to the account.
	const newLine = "+12125550104"
	lines := e.Mock.Lines()
	lines = append(lines, mock.Line{SendblueNumber: newLine, Assignment: "assigned", Status: "ONLINE"})
	e.Mock.SetLines(lines)
	out = c.PlanChanges()
	for _, w := range []string{`sendblue_line_call_forwarding.line["+12125550104"] will be created`, `sendblue_webhook.team_inbound["support"] will be updated in-place`, "1 to add, 1 to change, 0 to destroy"} {
		if !strings.Contains(out, w) {
			t.Errorf("the plan after a new line lacks %q:\n%s", w, out)
		}
	}
	c.Apply()
	if got, _ := e.Mock.Forwarding(newLine); got != fwdDesk {
		t.Errorf("the new line forwards to %q", got)
	}
	want["https://hooks.example.com/support/inbound"] = []string{lineMain, newLine}
	if got := hooks(); !reflect.DeepEqual(got, want) {
		t.Errorf("receive webhooks = %v, want %v", got, want)
	}
	c.PlanEmpty()

	c.Destroy()
	for _, number := range []string{lineMain, lineSales, newLine} {
		if got, _ := e.Mock.Forwarding(number); got != "" {
			t.Errorf("after destroy line %s forwards to %q", number, got)
		}
	}
	if got, _ := e.Mock.Forwarding(lineSupport); got != fwdDesk {
		t.Errorf("the destroy touched the shared line, which the configuration does not manage: %q", got)
	}
	if n := e.Mock.Total(); n != 0 {
		t.Errorf("%d webhooks left after destroy", n)
	}
}
