package provider

import (
	"net"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// Every failure of these tests ends within seconds; the failures they guard
// against took minutes (ten attempts, a two-minute budget). The bounds
// separate the two, whatever the load of the machine.
const fastFailureBound = 30 * time.Second

// testWithin runs steps with the default retry policy, as users get it,
// and fails the test when they took longer than limit.
func testWithin(t *testing.T, limit time.Duration, steps ...resource.TestStep) {
	t.Helper()
	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(Options{}),
		Steps:                    steps,
	})
	if took := time.Since(start); took > limit {
		t.Errorf("took %s, want under %s", took.Round(time.Second), limit)
	}
}

// closedPort returns a loopback address where nothing listens: a port that
// was just listened on and closed.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// A base_url at a closed port fails a plan after a few quick attempts, with
// the endpoint as requested and base_url as the place to look, and says
// that nothing was changed (the default retry policy, as users get it).
func TestAccWebhook_closedPortFailsFast(t *testing.T) {
	t.Parallel()
	addr := closedPort(t)
	testWithin(t, 15*time.Second, resource.TestStep{
		Config: defaultCredentialsProvider("http://"+addr) + `
resource "sendblue_webhook" "a" {
  url = "https://h.example.com/a"
}
`,
		PlanOnly: true,
		ExpectError: acctest.ErrRe(`(?s)Could not check Sendblue webhook.*` + listPath + `: connection refused by ` + regexp.QuoteMeta(addr) +
			`.*after 3 attempts in .*Nothing accepts connections at ` + regexp.QuoteMeta(addr) +
			`. Check base_url in the provider block \(or the SENDBLUE_BASE_URL.*Nothing was changed.`),
	})
}

// A new resource's plan-time look at the account stops when its read
// timeout runs out, names it and the request, and says nothing was changed.
func TestAccWebhook_planCheckHonoursTheReadTimeout(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	e.Mock.FailNext(1_000_000, mock.Fault{Methods: []string{http.MethodGet}, Hang: true})
	testWithin(t, fastFailureBound, resource.TestStep{
		Config: e.ProviderBlockWith(`  request_timeout = "1s"`) + `
resource "sendblue_webhook" "a" {
  url      = "https://h.example.com/a"
  timeouts = { read = "3s" }
}
`,
		PlanOnly: true,
		ExpectError: acctest.ErrRe(`(?s)Could not check Sendblue webhook.*` + listPath + `: .*` +
			`It stopped (when|retrying because) timeouts.read = "3s" (ran out|ends before the next attempt).*Nothing was changed.`),
	})
	if n := e.Mock.MutatingRequests(); n != 0 {
		t.Errorf("%d writes during a plan", n)
	}
}

// When every attempt runs out of request_timeout before the operation's
// own limit, the error names request_timeout.
func TestAccWebhook_attemptTimeoutNamesRequestTimeout(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	e.Mock.FailNext(1_000_000, mock.Fault{Methods: []string{http.MethodGet}, Hang: true})
	testWithin(t, fastFailureBound, resource.TestStep{
		Config: e.ProviderBlockWith(`  request_timeout = "500ms"
  max_retries     = 1`) + `
resource "sendblue_webhook" "a" {
  url = "https://h.example.com/a"
}
`,
		PlanOnly: true,
		ExpectError: acctest.ErrRe(`(?s)Could not check Sendblue webhook.*` + listPath + `: timed out after 500ms without an answer \(after 2 attempts.*` +
			`Each attempt waits at most request_timeout = "500ms".*Nothing was changed.`),
	})
}

// An add that never gets an answer is reported with its request (method and
// path) and the limit that ended it; the resource is saved as tainted.
func TestAccWebhook_hungAddNamesTheRequest(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	testWithin(t, fastFailureBound, resource.TestStep{
		PreConfig: func() { e.Mock.FailNext(1_000_000, mock.Fault{Methods: []string{http.MethodPost}, Hang: true}) },
		Config: e.ProviderBlockWith(`  request_timeout = "1m"`) + `
resource "sendblue_webhook" "a" {
  url      = "https://h.example.com/a"
  timeouts = { create = "3s" }
}
`,
		ExpectError: acctest.ErrRe(`(?s)Could not create Sendblue webhook.*POST /api(/v2)?/account/webhooks: the operation's time budget ran out during attempt 1.*` +
			`It stopped when timeouts.create = "3s" ran out.*may or may not have been applied.*saved as tainted`),
	})
}

// A delete that never gets an answer is reported with its request and the
// limit that ended it.
func TestAccWebhook_hungDeleteNamesTheRequest(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	prov := e.ProviderBlockWith(`  request_timeout = "1m"`)
	testWithin(t, fastFailureBound,
		resource.TestStep{Config: prov + `
resource "sendblue_webhook" "a" {
  url      = "https://h.example.com/a"
  timeouts = { delete = "3s" }
}
`},
		resource.TestStep{
			PreConfig: func() { e.Mock.FailNext(1_000_000, mock.Fault{Methods: []string{http.MethodDelete}, Hang: true}) },
			Config:    prov,
			ExpectError: acctest.ErrRe(`(?s)Could not delete Sendblue webhook.*DELETE /api(/v2)?/account/webhooks: the operation's time budget ran out during attempt 1.*` +
				`It stopped when timeouts.delete = "3s" ran out.*may or may not have been applied.*the next .terraform plan. drops the resource from state if it is gone`),
		},
		resource.TestStep{
			PreConfig: e.Mock.ClearFaults,
			Config:    prov,
			Check:     e.ExpectTotal(0),
		},
	)
}

// With api_version auto, the current path answers the list but 404 to POST:
// the error says what was seen (that path answered 404 to POST) and why v2
// cannot stand in, and does not advise setting api_version.
func TestAccWebhook_notFoundOnOneMethodSaysWhatWasSeen(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				e.Mock.FailNext(1, mock.Fault{Methods: []string{http.MethodPost}, Status: http.StatusNotFound})
			},
			Config: e.Config(`
resource "sendblue_webhook" "a" {
  url  = "https://h.example.com/typing"
  type = "typing_indicator"
}
`),
			ExpectError: acctest.ErrRe(`(?s)Could not create Sendblue webhook.*POST /api/account/webhooks: HTTP 404.*` +
				`The path /api/account/webhooks answered 404 to POST at 127.0.0.1:\d+, so the server does not serve that call there.*` +
				`webhook type "typing_indicator" is not supported by the v2 API generation.*Nothing was created`),
		}},
	})
	if got := e.Mock.Requests()[http.MethodPost]; got != 1 {
		t.Errorf("%d POST requests, want 1 (nothing sent to v2)", got)
	}
}
