package provider

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// An API slower than the client waits: each add is applied after the client
// gave up on it (the mock lands it after the next list, see mock.LandLate),
// so the client's look does not see it and it sends the add again, which
// lands late too. The apply ends with exactly one entry, for a create and a
// secret rotation alike, and the next plan is empty (resource.Test checks).
func TestAccWebhook_slowAPILeavesOneEntry(t *testing.T) {
	e := acctest.NewEnv(t)
	const url = "https://hooks.example.com/slow"
	cfg := func(secret string) string {
		return fmt.Sprintf(`
provider "sendblue" {
  api_key         = %q
  api_secret      = %q
  base_url        = %q
  request_timeout = "3s"
}
resource "sendblue_webhook" "slow" {
  url    = %q
  secret = %q
}
`, mock.DefaultAPIKey, mock.DefaultAPISecret, e.URL, url, secret)
	}
	lateAdds := func() { e.Mock.FailNext(2, mock.Fault{Methods: []string{http.MethodPost}, LandLate: true}) }
	one := func(secret string) resource.TestCheckFunc {
		return e.CheckMock(func(m *mock.Server) error {
			es := m.State().Webhooks["receive"]
			if len(es) != 1 || es[0].Secret != secret || m.PendingLate() != 0 {
				return fmt.Errorf("receive holds %+v (%d adds still to land), want exactly one entry with the configured secret", es, m.PendingLate())
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{PreConfig: lateAdds, Config: cfg("first-secret-1"), Check: one("first-secret-1")},
			{PreConfig: lateAdds, Config: cfg("second-secret-2"), Check: one("second-secret-2")},
		},
	})
}
