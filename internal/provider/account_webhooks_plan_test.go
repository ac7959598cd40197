package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
)

// The plan text of sendblue_account_webhooks, as terraform plan prints it,
// names every webhook it removes, adds or changes by URL, and shows no
// secret: `(sensitive value)` stands only for a secret inside an entry the
// plan names. (With sets, one secret made the whole type a sensitive value
// and no URL was shown.)
func TestAccAccountWebhooks_planNamesEveryURL(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	cli := newTFCLI(t, e)
	cli.Init()
	const (
		secret1  = "plan-secret-one-7Qz"
		secret1b = "plan-secret-one-rotated-8Kd"
		secret3  = "plan-secret-three-9Wx"
	)
	cli.Write("main.tf", `
resource "sendblue_account_webhooks" "all" {
  receive = {
    "https://a.example/1" = { secret = "`+secret1+`" }
    "https://a.example/2" = {}
  }
  outbound = {
    "https://o.example/1" = {}
    "https://o.example/2" = {}
  }
}
`)
	cli.Apply()

	// .../2 removed from both types.
	cli.Write("main.tf", `
resource "sendblue_account_webhooks" "all" {
  receive = {
    "https://a.example/1" = { secret = "`+secret1+`" }
  }
  outbound = {
    "https://o.example/1" = {}
  }
}
`)
	out := cli.PlanChanges()
	for _, want := range []string{`- "https://a.example/2"`, `- "https://o.example/2"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan does not name a removed webhook (%s):\n%s", want, out)
		}
	}
	for _, kept := range []string{`"https://a.example/1"`, `"https://o.example/1"`} {
		if strings.Contains(out, "- "+kept) || strings.Contains(out, "+ "+kept) {
			t.Errorf("the plan changes %s, which stays:\n%s", kept, out)
		}
	}
	checkPlanSecrets(t, out, 0, secret1, secret1b, secret3)

	// A webhook added with a secret, and a secret changed.
	cli.Write("main.tf", `
resource "sendblue_account_webhooks" "all" {
  receive = {
    "https://a.example/1" = { secret = "`+secret1b+`" }
    "https://a.example/2" = {}
    "https://a.example/3" = { secret = "`+secret3+`" }
    "https://a.example/4" = {}
  }
  outbound = {
    "https://o.example/1" = {}
  }
}
`)
	out = cli.PlanChanges()
	for _, want := range []string{`+ "https://a.example/3" = {`, `~ "https://a.example/1" = {`} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan does not name a webhook it adds or changes (%s):\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`\+ "https://a.example/4" = \{\s*\}`).MatchString(out) {
		t.Errorf("the plan does not show the webhook without settings it adds as {}:\n%s", out)
	}
	checkPlanSecrets(t, out, 2, secret1, secret1b, secret3)
	cli.Apply()
	cli.PlanEmpty()
	if got := e.Mock.State().Webhooks["receive"]; len(got) != 4 {
		t.Errorf("receive holds %+v", got)
	}
}

// sensitiveLine is the only line a plan may show "(sensitive value)" on: an
// entry's secret.
var sensitiveLine = regexp.MustCompile(`^\s*[~+-]?\s*secret\s*=\s*(\(sensitive value\)|null)?\s*(->\s*\(sensitive value\))?\s*$`)

// checkPlanSecrets fails t when the plan text out shows one of secrets, or
// shows "(sensitive value)" anywhere but on wantSecretLines lines of an
// entry's secret.
func checkPlanSecrets(t *testing.T, out string, wantSecretLines int, secrets ...string) {
	t.Helper()
	planHides(t, out, secrets...)
	n := 0
	for _, line := range strings.Split(out, "\n") {
		if !strings.Contains(line, "(sensitive value)") {
			continue
		}
		if !sensitiveLine.MatchString(line) {
			t.Errorf("the plan shows (sensitive value) outside an entry's secret: %q in\n%s", line, out)
		}
		n++
	}
	if n != wantSecretLines {
		t.Errorf("the plan shows %d secret lines, want %d:\n%s", n, wantSecretLines, out)
	}
}

// planSays fails t for each of wants that the plan text out does not hold.
func planSays(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("the plan does not say %q:\n%s", want, out)
		}
	}
}

// planHides fails t for each of secrets that the plan text out shows.
func planHides(t *testing.T, out string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("the plan shows a secret:\n%s", out)
		}
	}
}
