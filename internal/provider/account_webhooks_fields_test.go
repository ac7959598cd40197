package provider

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// Fields of an entry that the provider does not model survive an adopted
// account's applies, through Terraform: imported with generated
// configuration, one entry added (the others unchanged), then an entry
// with such a field changed; the account still holds every field as it
// was, and every secret.
func TestAccAccountWebhooks_keepsUnknownEntryFields(t *testing.T) {
	t.Parallel()
	acctest.RequireCLI(t, acctest.FeatGeneratedMapKeys)
	e := acctest.NewEnv(t)
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	receive := mock.Entry{URL: "https://a.example/r2", Secret: "r2-secret-kept", SendblueNumbers: []string{"+15551234567"},
		Extra: map[string]json.RawMessage{"extra": raw(`"keepme"`)}}
	outbound := mock.Entry{URL: "https://o.example/1", Secret: "o1-secret-kept", Extra: map[string]json.RawMessage{"foo": raw(`{"bar":1}`)}}
	e.Mock.SetState(mock.State{Webhooks: map[string][]mock.Entry{
		"receive":  {receive},
		"outbound": {outbound},
	}})
	cli := adoptAccountWithGeneratedConfig(t, e)
	if out := cli.Apply(); !strings.Contains(out, "1 imported, 0 added, 0 changed, 0 destroyed") {
		t.Fatalf("the adoption changed something:\n%s", out)
	}
	cli.Remove("import.tf")

	// Another entry added: the two the configuration does not change keep
	// their fields.
	cli.Edit("generated.tf", `"https://o.example/1" = {`, `"https://o.example/2" = {}
    "https://o.example/1" = {`)
	cli.Apply()
	want := mock.State{Webhooks: map[string][]mock.Entry{
		"receive":  {receive},
		"outbound": {outbound, {URL: "https://o.example/2"}},
	}}
	if got := e.Mock.State(); !reflect.DeepEqual(got, want) {
		t.Fatalf("after adding a webhook the account holds\n %+v\nwant\n %+v", got, want)
	}
	cli.PlanEmpty()

	// The entry with a field changed (its numbers): the field stays.
	cli.Edit("generated.tf", `"+15551234567"`, `"+15551234567", "+15557654321"`)
	cli.Apply()
	receive.SendblueNumbers = []string{"+15551234567", "+15557654321"}
	got := e.Mock.State()
	if r := got.Webhooks["receive"]; len(r) != 1 || !reflect.DeepEqual(r[0].Extra, receive.Extra) || r[0].Secret != receive.Secret || len(r[0].SendblueNumbers) != 2 {
		t.Errorf("after changing its numbers the receive webhook is %+v, want %+v", r, receive)
	}
	if o := got.Webhooks["outbound"]; len(o) != 2 || !reflect.DeepEqual(o[0], outbound) {
		t.Errorf("outbound holds %+v", o)
	}
	cli.PlanEmpty()
}
