package provider

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// v0State is the state JSON of a sendblue_account_webhooks written at
// schema version 0 (each type a set of {url, secret, sendblue_numbers}):
// an entry with a secret Terraform manages, one without, one with numbers,
// and a URL the set held twice (the account held it twice, once with a
// secret).
const v0State = `{
  "id": "account",
  "global_secret": "v0-global",
  "timeouts": null,
  "receive": [
    {"url": "https://a.example/1", "secret": "v0-secret-1", "sendblue_numbers": null},
    {"url": "https://a.example/2", "secret": null, "sendblue_numbers": ["+15551230000"]},
    {"url": "https://a.example/3", "secret": null, "sendblue_numbers": null},
    {"url": "https://a.example/3", "secret": "v0-secret-3", "sendblue_numbers": null}
  ],
  "call_log": [],
  "line_blocked": [],
  "line_assigned": [],
  "outbound": [{"url": "https://o.example/1", "secret": null, "sendblue_numbers": null}],
  "contact_created": [],
  "typing_indicator": [],
  "inbound_call": [],
  "contact_profile": []
}`

// The upgrader turns version 0 state into maps keyed by URL through the
// framework, as Terraform calls it: secrets, numbers, id, global secret
// kept; the doubled URL keeps the copy with a secret.
func TestAccountWebhooksUpgradeFromV0(t *testing.T) {
	ctx := context.Background()
	srv, err := factories()["sendblue"]()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		t.Fatal(err)
	}
	resp, err := srv.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
		TypeName: "sendblue_account_webhooks",
		Version:  0,
		RawState: &tfprotov6.RawState{JSON: []byte(v0State)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("diagnostic: %s: %s", d.Summary, d.Detail)
	}
	var sch resource.SchemaResponse
	NewAccountWebhooksResource().Schema(ctx, resource.SchemaRequest{}, &sch)
	if sch.Schema.Version != 1 {
		t.Errorf("schema version %d, want 1", sch.Schema.Version)
	}
	raw, err := resp.UpgradedState.Unmarshal(sch.Schema.Type().TerraformType(ctx))
	if err != nil {
		t.Fatal(err)
	}
	var m accountWebhooksModel
	if d := getAccountWebhooks(ctx, tfsdk.State{Schema: sch.Schema, Raw: raw}, &m); d.HasError() {
		t.Fatal(d)
	}
	if m.ID.ValueString() != "account" || m.GlobalSecret.ValueString() != "v0-global" {
		t.Errorf("id %s, global secret %s", m.ID, m.GlobalSecret)
	}
	got := map[string]string{}
	for typ, l := range m.Lists {
		for url, v := range l.Elements() {
			o, ok := v.(types.Object)
			if !ok {
				t.Fatalf("%s %s is a %T", typ, url, v)
			}
			a := o.Attributes()
			got[string(typ)+" "+url] = fmt.Sprintf("secret=%s numbers=%s", a["secret"], a["sendblue_numbers"])
		}
	}
	want := map[string]string{
		"receive https://a.example/1":  `secret="v0-secret-1" numbers=<null>`,
		"receive https://a.example/2":  `secret=<null> numbers=["+15551230000"]`,
		"receive https://a.example/3":  `secret="v0-secret-3" numbers=<null>`,
		"outbound https://o.example/1": `secret=<null> numbers=<null>`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("upgraded entries\n got %v\nwant %v", got, want)
	}
}

// A state file written by the previous version (schema version 0, sets)
// plans no change once the configuration is rewritten as maps: Terraform
// upgrades the state through the provider, the refresh reads the account,
// and every secret stays.
func TestAccAccountWebhooks_upgradesSetStateWithoutChanges(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	seeded := mock.State{
		Webhooks: map[string][]mock.Entry{
			"receive": {
				{URL: "https://a.example/1", Secret: "v0-secret-1"},
				{URL: "https://a.example/2", SendblueNumbers: []string{"+15551230000"}},
				{URL: "https://a.example/3", Secret: "unmanaged-secret-3"},
			},
			"outbound": {{URL: "https://o.example/1"}},
		},
		GlobalSecret: "v0-global",
	}
	e.Mock.SetState(seeded)
	cli := newTFCLI(t, e)
	cli.Init()
	attrs := strings.Replace(v0State, `    {"url": "https://a.example/3", "secret": "v0-secret-3", "sendblue_numbers": null}`+"\n", "", 1)
	attrs = strings.Replace(attrs, `{"url": "https://a.example/3", "secret": null, "sendblue_numbers": null},`, `{"url": "https://a.example/3", "secret": null, "sendblue_numbers": null}`, 1)
	cli.Write("terraform.tfstate", fmt.Sprintf(`{
  "version": 4,
  "terraform_version": "1.5.7",
  "serial": 3,
  "lineage": "0b7a8a47-3a8e-4c55-9d6c-1f7c0e7f5a01",
  "outputs": {},
  "resources": [
    {
      "mode": "managed",
      "type": "sendblue_account_webhooks",
      "name": "all",
      "provider": "provider[\"%s/sendblue-api/sendblue\"]",
      "instances": [
        {
          "schema_version": 0,
          "attributes": %s,
          "sensitive_attributes": []
        }
      ]
    }
  ],
  "check_results": null
}
`, acctest.TestCLI(t).ProviderHost(), attrs))
	cli.Write("main.tf", `
resource "sendblue_account_webhooks" "all" {
  receive = {
    "https://a.example/1" = { secret = "v0-secret-1" }
    "https://a.example/2" = { sendblue_numbers = ["+15551230000"] }
    "https://a.example/3" = {}
  }
  outbound      = { "https://o.example/1" = {} }
  global_secret = "v0-global"
}
`)
	planHides(t, cli.PlanEmpty(), "v0-secret", "unmanaged-secret")
	// An apply (refresh and upgrade written to state) changes nothing.
	cli.Apply()
	if n := e.Mock.MutatingRequests(); n != 0 {
		t.Errorf("the upgrade wrote %d times", n)
	}
	if got := e.Mock.State(); !reflect.DeepEqual(got, seeded) {
		t.Errorf("the account changed:\n got %+v\nwant %+v", got, seeded)
	}
	if st := cli.Read("terraform.tfstate"); !strings.Contains(st, `"schema_version": 1`) {
		t.Errorf("the state was not upgraded:\n%s", st)
	}
	cli.PlanEmpty()
}
