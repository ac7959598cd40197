package provider

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// An imported webhook whose entry holds a field the provider does not model
// keeps it when a change re-adds the entry: only sendblue_numbers changes.
func TestAccWebhook_reAddKeepsUnmodelledFields(t *testing.T) {
	e := acctest.NewEnv(t)
	const url = "https://a.example/r2"
	e.Mock.SetState(mock.State{Webhooks: map[string][]mock.Entry{"receive": {{
		URL: url, Secret: "r2-secret-value", SendblueNumbers: []string{"+15551234567"},
		Extra: map[string]json.RawMessage{"extra": json.RawMessage(`"keepme"`)},
	}}}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: e.Configf(`
import {
  to = sendblue_webhook.r2
  id = "receive:%[1]s"
}
resource "sendblue_webhook" "r2" {
  url              = %[1]q
  sendblue_numbers = ["+15557654321"]
}
`, url),
			Check: e.CheckMock(func(m *mock.Server) error {
				es := m.State().Webhooks["receive"]
				if len(es) != 1 {
					return fmt.Errorf("receive holds %d entries, want 1: %+v", len(es), es)
				}
				got := es[0]
				if string(got.Extra["extra"]) != `"keepme"` || got.Secret != "r2-secret-value" ||
					!slices.Equal(got.SendblueNumbers, []string{"+15557654321"}) {
					return fmt.Errorf("entry after the change: %+v (extra %s)", got, got.Extra["extra"])
				}
				return nil
			}),
		}},
	})
}
