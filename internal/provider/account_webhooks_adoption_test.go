package provider

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// accountEntries flattens a sendblue_account_webhooks value from plan JSON
// into "<type> <url> secret=<secret>" lines, sorted.
func accountEntries(t *testing.T, value any) []string {
	t.Helper()
	raw, err := json.Marshal(value)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]json.RawMessage
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("account value: %v: %s", err, raw)
	}
	var out []string
	for _, typ := range []string{"receive", "call_log", "line_blocked", "line_assigned", "outbound"} {
		var es map[string]struct {
			Secret *string `json:"secret"`
		}
		if err := json.Unmarshal(v[typ], &es); err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		for url, e := range es {
			s := "<none>"
			if e.Secret != nil {
				s = *e.Secret
			}
			out = append(out, typ+" "+url+" secret="+s)
		}
	}
	slices.Sort(out)
	return out
}

// applyAdoption applies configuration that imports webhooks set up outside
// Terraform: the apply's summary says imported (for example "4 imported"),
// the account stays as seeded without a single write, and the next plan is
// empty.
func applyAdoption(t *testing.T, cli *acctest.Runner, e *acctest.Env, seeded mock.State, imported string) {
	t.Helper()
	if out := cli.Apply(); !strings.Contains(out, imported) {
		t.Errorf("the adopting apply did not say %q:\n%s", imported, out)
	}
	assertAdoptedWithoutWrites(t, e, seeded)
	cli.PlanEmpty()
}

// adoptAccountWithGeneratedConfig returns a working directory that adopts
// the whole account as a user does: an import block (import.tf) and the
// configuration Terraform generated for it (generated.tf), not yet applied.
func adoptAccountWithGeneratedConfig(t *testing.T, e *acctest.Env) *acctest.Runner {
	t.Helper()
	cli := newTFCLI(t, e)
	cli.Init()
	cli.Write("import.tf", importAccount)
	cli.Plan(tfexec.GenerateConfigOut("generated.tf"))
	return cli
}

// Adoption end to end: an account holding four webhooks of three types,
// set up outside Terraform, is listed with the data source, adopted as
// sendblue_webhook resources through generated configuration (empty plan
// afterwards), then put under sendblue_account_webhooks, which removes
// exactly the webhook missing from its configuration and nothing else.
func TestAccAdoption_listGenerateThenAuthoritative(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	const (
		inbound = "https://hooks.example.com/sendblue/inbound"
		backup  = "https://backup.example.com/sendblue/inbound"
		status  = "https://hooks.example.com/sendblue/status"
		lines   = "https://hooks.example.com/sendblue/lines"
	)
	seeded := mock.State{
		Webhooks: map[string][]mock.Entry{
			"receive":      {{URL: inbound, Secret: "inbound-secret"}, {URL: backup}},
			"outbound":     {{URL: status}},
			"line_blocked": {{URL: lines}},
		},
		GlobalSecret: "account-global-secret",
	}
	e.Mock.SetState(seeded)
	cli := newTFCLI(t, e)
	cli.Init()

	// 1. What is there? The data source lists all four, sorted by type
	// and URL, secrets only as has_secret.
	cli.Write("list.tf", `
data "sendblue_webhooks" "all" {}
data "sendblue_webhooks" "receive" {
  type = "receive"
}
output "all" {
  value = data.sendblue_webhooks.all
}
output "receive" {
  value = data.sendblue_webhooks.receive
}
`)
	cli.Apply()
	var outputs map[string]struct {
		Value struct {
			Webhooks []struct {
				Type      string `json:"type"`
				URL       string `json:"url"`
				HasSecret bool   `json:"has_secret"`
			} `json:"webhooks"`
			GlobalSecretSet bool `json:"global_secret_set"`
		} `json:"value"`
	}
	rawOutputs, err := json.Marshal(cli.Outputs())
	if err != nil {
		t.Fatal(err)
	}
	raw := string(rawOutputs)
	if err := json.Unmarshal(rawOutputs, &outputs); err != nil {
		t.Fatalf("outputs: %v\n%s", err, raw)
	}
	listed := func(name string) []string {
		var out []string
		for _, w := range outputs[name].Value.Webhooks {
			out = append(out, fmt.Sprintf("%s %s %v", w.Type, w.URL, w.HasSecret))
		}
		return out
	}
	wantAll := []string{"line_blocked " + lines + " false", "outbound " + status + " false", "receive " + backup + " false", "receive " + inbound + " true"}
	if got := listed("all"); !slices.Equal(got, wantAll) {
		t.Errorf("data source lists\n%q\nwant\n%q", got, wantAll)
	}
	if got, want := listed("receive"), wantAll[2:]; !slices.Equal(got, want) {
		t.Errorf("data source with type = receive lists\n%q\nwant\n%q", got, want)
	}
	if !outputs["all"].Value.GlobalSecretSet {
		t.Error("global_secret_set is false, but the account has a global secret")
	}
	if strings.Contains(raw, "inbound-secret") || strings.Contains(raw, "account-global-secret") {
		t.Error("the data source exposes a secret")
	}
	cli.Remove("list.tf")

	// 2. Adopt them one by one: import blocks and generated configuration.
	cli.Write("imports.tf", fmt.Sprintf(`
import {
  to = sendblue_webhook.inbound
  id = "receive:%s"
}
import {
  to = sendblue_webhook.backup
  id = %q
}
import {
  to = sendblue_webhook.status
  id = "outbound:%s"
}
import {
  to = sendblue_webhook.lines
  id = "line_blocked:%s"
}
`, inbound, backup, status, lines))
	cli.Plan(tfexec.GenerateConfigOut("generated.tf"))
	generated := cli.Read("generated.tf")
	for _, want := range []string{
		`resource "sendblue_webhook" "inbound"`, `resource "sendblue_webhook" "backup"`,
		`resource "sendblue_webhook" "status"`, `resource "sendblue_webhook" "lines"`,
		`url               = "` + inbound + `"`, `type              = "line_blocked"`,
		`secret            = null # sensitive`,
	} {
		if !strings.Contains(generated, want) {
			t.Errorf("generated configuration lacks %s:\n%s", want, generated)
		}
	}
	if strings.Contains(generated, "inbound-secret") || strings.Contains(generated, "account-global-secret") {
		t.Errorf("generated configuration holds a secret:\n%s", generated)
	}
	// It applies cleanly, without a single write to the account (the
	// secret Terraform wrote as null is left as it is), and plans empty.
	applyAdoption(t, cli, e, seeded, "4 imported")

	// 3. Terraform owns all of it: the four resources leave state without
	// being destroyed, the account is imported into one authoritative
	// resource that lists three of the four. (Steps 1 and 2 run on every
	// CLI; this one needs `removed` blocks.)
	acctest.RequireCLI(t, acctest.FeatRemovedBlock)
	cli.Remove("imports.tf", "generated.tf")
	cli.Write("account.tf", fmt.Sprintf(`
removed {
  from = sendblue_webhook.inbound
  lifecycle {
    destroy = false
  }
}
removed {
  from = sendblue_webhook.backup
  lifecycle {
    destroy = false
  }
}
removed {
  from = sendblue_webhook.status
  lifecycle {
    destroy = false
  }
}
removed {
  from = sendblue_webhook.lines
  lifecycle {
    destroy = false
  }
}

import {
  to = sendblue_account_webhooks.all
  id = "account"
}

resource "sendblue_account_webhooks" "all" {
  receive = {
    %q = {} # its secret, which Terraform does not manage, stays
  }
  outbound     = { %q = {} }
  line_blocked = { %q = {} }
}
`, inbound, status, lines))
	out := cli.PlanChanges(tfexec.Out("adopt.tfplan"))
	if !strings.Contains(out, backup) {
		t.Errorf("the plan does not name the webhook it removes:\n%s", out)
	}
	if strings.Contains(out, mixErrorSummary) {
		t.Errorf("moving from sendblue_webhook with removed blocks warns about mixing:\n%s", out)
	}
	plan := cli.ShowPlan("adopt.tfplan")
	actions := map[string]string{}
	for _, rc := range plan.ResourceChanges {
		var acts []string
		for _, a := range rc.Change.Actions {
			acts = append(acts, string(a))
		}
		actions[rc.Address] = strings.Join(acts, ",")
		if rc.Address != "sendblue_account_webhooks.all" {
			continue
		}
		if rc.Change.Importing == nil || rc.Change.Importing.ID != "account" {
			t.Errorf("sendblue_account_webhooks.all is not imported with ID account: %+v", rc.Change.Importing)
		}
		before, after := accountEntries(t, rc.Change.Before), accountEntries(t, rc.Change.After)
		var removed, added []string
		for _, b := range before {
			if !slices.Contains(after, b) {
				removed = append(removed, b)
			}
		}
		for _, a := range after {
			if !slices.Contains(before, a) {
				added = append(added, a)
			}
		}
		if want := []string{"receive " + backup + " secret=<none>"}; !slices.Equal(removed, want) || len(added) != 0 {
			t.Errorf("the plan removes %q and adds %q; want to remove %q only", removed, added, want)
		}
	}
	wantActions := map[string]string{
		"sendblue_account_webhooks.all": "update",
		"sendblue_webhook.inbound":      "forget",
		"sendblue_webhook.backup":       "forget",
		"sendblue_webhook.status":       "forget",
		"sendblue_webhook.lines":        "forget",
	}
	if !reflect.DeepEqual(actions, wantActions) {
		t.Errorf("plan actions %v, want %v", actions, wantActions)
	}

	e.Mock.ResetCounters()
	cli.Apply(tfexec.DirOrPlan("adopt.tfplan"))
	want := mock.State{
		Webhooks: map[string][]mock.Entry{
			"receive":      {{URL: inbound, Secret: "inbound-secret"}},
			"outbound":     {{URL: status}},
			"line_blocked": {{URL: lines}},
		},
		GlobalSecret: "account-global-secret",
	}
	if got := e.Mock.State(); !reflect.DeepEqual(got, want) {
		t.Errorf("after the apply the account holds\n %+v\nwant\n %+v", got, want)
	}
	if got := e.Mock.Requests(); got["PUT"] != 1 || got["POST"] != 0 || got["DELETE"] != 0 {
		t.Errorf("the apply made these calls: %v; want one replace (PUT) and no add or delete", got)
	}
	cli.PlanEmpty()
}
