package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

const copiesURL = "https://hooks.example.com/copies"

// copiesHCL is one sendblue_webhook with a managed secret.
func copiesHCL(secret string) string {
	return acctest.TerraformBlock + fmt.Sprintf(`
resource "sendblue_webhook" "c" {
  url    = %q
  secret = %q
}
`, copiesURL, secret)
}

// wantOneEntry checks that the mock holds the URL once, with secret.
func wantOneEntry(t *testing.T, m *mock.Server, secret string) {
	t.Helper()
	es := m.State().Webhooks["receive"]
	if len(es) != 1 || es[0].URL != copiesURL || es[0].Secret != secret {
		t.Fatalf("receive holds %+v, want exactly one entry with the configured secret", es)
	}
}

// A copy of a managed webhook found at refresh, with the configured secret
// or another one, is drift: the rendered plan shows copies = 2 -> 1 (and
// names no secret, and blames nobody for the copy), and the apply leaves
// exactly the configured entry.
func TestE2E_duplicateAtRefreshIsDrift(t *testing.T) {
	t.Parallel()
	for name, copySecret := range map[string]string{"same secret": "copies-secret-1", "other secret": "someone-elses-2"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m, url := acctest.ServeMock(t, mock.Options{})
			w := newE2EWorkspace(t, e2eCredentials(url)...)
			w.Write("main.tf", copiesHCL("copies-secret-1"))
			w.Apply()
			m.AddWebhook("receive", copiesURL, copySecret)

			plan := w.PlanChanges()
			if !regexp.MustCompile(`~\s+copies\s+=\s+2\s+->\s+1`).MatchString(plan) {
				t.Errorf("the plan does not show the copy:\n%s", plan)
			}
			for _, bad := range []string{"copies-secret-1", "someone-elses-2", "not by this provider"} {
				if strings.Contains(plan, bad) {
					t.Errorf("the plan shows %q:\n%s", bad, plan)
				}
			}
			w.Apply()
			wantOneEntry(t, m, "copies-secret-1")
			w.PlanEmpty()
		})
	}
}

// Ctrl-C while the add of a secret rotation waits on an API slower than the
// client (the mock lands the add after the next list): the error claims only
// what a list showed, and the account does not keep both the old-secret and
// the new-secret entries behind an empty plan; the next plan shows the
// repair and its apply leaves the one new entry.
func TestE2E_interruptedRotationShowsTheRepair(t *testing.T) {
	t.Parallel()
	m, url := acctest.ServeMock(t, mock.Options{})
	w := newE2EWorkspace(t, e2eCredentials(url)...)
	w.Write("main.tf", copiesHCL("old-secret-value-1"))
	w.Apply()

	arrived := make(chan string, 1)
	m.FailNext(1, mock.Fault{Methods: []string{http.MethodPost}, LandLate: true, Arrived: arrived})
	w.Write("main.tf", copiesHCL("new-secret-value-2"))
	out := w.interruptApplyAfter(arrived, 1)
	held := m.State().Webhooks["receive"]
	t.Logf("the account after the interrupt: %+v", held)
	if len(held) == 2 && strings.Contains(out, "is as it was") {
		t.Errorf("the account holds two entries, but the error says the webhook is as it was:\n%s", out)
	}
	if len(held) == 2 && !acctest.ErrRe(`account now holds 2 entries of this URL`).MatchString(out) {
		t.Errorf("the error does not say what the account holds:\n%s", out)
	}
	for _, s := range []string{"old-secret-value-1", "new-secret-value-2"} {
		if strings.Contains(out, s) {
			t.Errorf("the output shows the secret %q:\n%s", s, out)
		}
	}
	plan := w.PlanChanges()
	if !regexp.MustCompile(`~\s+copies\s+=\s+2\s+->\s+1`).MatchString(plan) {
		t.Errorf("the next plan does not show the repair (account holds %+v):\n%s", held, plan)
	}
	w.Apply()
	wantOneEntry(t, m, "new-secret-value-2")
	w.PlanEmpty()
}
