package provider

// Failing fast and saying why. Each test injects one failure with the
// mock's fault modes and checks that the plan ends with an error naming the
// request and what to do, quickly: budgets are set small where waiting is
// the point, and left at their defaults where the point is not waiting.
// (The default budgets themselves are checked in fake time by
// internal/sendblue's TestBudget_* tests.)

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// listPath matches the list request's path, of either API generation.
const listPath = `GET /api(/v2)?/account/webhooks`

// An API that accepts requests and never answers: a plan of the data source
// and a refresh of a webhook both fail when their read timeout runs out,
// naming the request, the attempts and the time spent, and say that nothing
// was changed.
func TestAccFailFast_hungAPI(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	settings := `  request_timeout = "500ms"
  max_retries     = 20`
	cfg := e.ProviderBlockWith(settings) + `
resource "sendblue_webhook" "a" {
  url = "https://h.example.com/hung"
  timeouts = {
    read = "2s"
  }
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() { e.Mock.FailNext(1_000_000, mock.HangFault()) },
				Config:    cfg,
				PlanOnly:  true,
				ExpectError: acctest.ErrRe(`(?s)Could not read Sendblue webhook.*` + listPath + `: the operation's time budget ran out ` +
					`during attempt \d+, which had no answer yet \(\d+ attempts in 2(\.\d)?s; each attempt waits at most 500ms\).*` +
					`It stopped when timeouts.read = "2s" ran out.*Nothing was changed`),
			},
			{
				PreConfig: func() { e.Mock.ClearFaults() },
				Config:    cfg,
				PlanOnly:  true,
			},
		},
	})

	d := acctest.NewEnv(t)
	d.Mock.FailNext(1_000_000, mock.HangFault())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: d.ProviderBlockWith(settings) + `
data "sendblue_webhooks" "all" {
  timeouts = {
    read = "2s"
  }
}
`,
			ExpectError: acctest.ErrRe(`(?s)Could not list the Sendblue account's webhooks.*` + listPath + `: the operation's time budget ran out.*attempts in 2(\.\d)?s.*Nothing was changed`),
		}},
	})
}

// Retry-After: 3600 with the default budgets: the plan ends at once, saying
// when to try again, instead of sleeping past its budget.
func TestAccFailFast_retryAfterBeyondTheBudget(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	e.Mock.FailNext(1_000_000, mock.RateLimitFault("3600"))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(Options{}), // every default
		Steps: []resource.TestStep{{
			Config: e.Config(`data "sendblue_webhooks" "all" {}`),
			ExpectError: acctest.ErrRe(`(?s)` + listPath + `: HTTP 429: rate limited by Sendblue; retry after 1h0m0s \(at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\).*` +
				`Too many requests.*try again later.*Nothing was changed`),
		}},
	})
	if n := e.Mock.Requests()["GET"]; n > 2 {
		t.Errorf("%d list requests; a Retry-After beyond the budget must not be retried", n)
	}
}

// Answers no retry can cure end the plan at once with the default policy,
// saying what to check.
func TestAccFailFast_hopelessAnswers(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		fault mock.Fault
		want  string
	}{
		"HTML 200":       {mock.HTMLFault(), `HTTP 200: non-JSON answer \(text/html, \d+ bytes\); check that the base URL points at the Sendblue API`},
		"missing status": {mock.NoStatusFault(), `HTTP 200: unexpected JSON answer .*no "webhooks" configuration in the answer; check that the base URL`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := acctest.NewEnv(t)
			e.Mock.FailNext(1_000_000, tc.fault)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(Options{}),
				Steps: []resource.TestStep{{
					Config:      e.Config(`data "sendblue_webhooks" "all" {}`),
					ExpectError: acctest.ErrRe(`(?s)` + listPath + `: ` + tc.want),
				}},
			})
			if n := e.Mock.Requests()["GET"]; n > 2 {
				t.Errorf("%d list requests; a malformed answer must not be retried", n)
			}
		})
	}
}

// An unresolvable host (the reserved .invalid domain never resolves) fails
// at once with the default policy, naming the host to check.
func TestAccFailFast_unresolvableHost(t *testing.T) {
	t.Parallel()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(Options{}),
		Steps: []resource.TestStep{{
			Config: defaultCredentialsProvider("https://api.sendblue.invalid") + `
data "sendblue_webhooks" "all" {}
`,
			ExpectError: acctest.ErrRe(`(?s)` + listPath + `: DNS lookup failed: lookup api.sendblue.invalid.*check the host name in the base URL`),
		}},
	})
}

// max_retries and request_timeout from the environment: read when the
// attributes are not set, and refused at plan time when malformed, naming
// the variable.
func TestAccFailFast_settingsFromTheEnvironment(t *testing.T) {
	t.Run("used", func(t *testing.T) {
		e := acctest.NewEnv(t)
		e.Mock.FailNext(1_000_000, mock.HangFault())
		t.Setenv(EnvRequestTimeout, "400ms")
		t.Setenv(EnvMaxRetries, "1")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config: e.Config(`
data "sendblue_webhooks" "all" {
  timeouts = {
    read = "1m"
  }
}
`),
				// Two attempts of 400ms each, then no retries left: well
				// within the minute.
				ExpectError: acctest.ErrRe(`(?s)` + listPath + `: timed out after 400ms without an answer \(after 2 attempts in `),
			}},
		})
	})
	for name, tc := range map[string]struct{ env, value, want string }{
		"max_retries not a number":  {EnvMaxRetries, "many", `(?s)Invalid max_retries.*SENDBLUE_MAX_RETRIES environment variable is "many"; it must be a whole number from 0 to 20`},
		"max_retries too large":     {EnvMaxRetries, "50", `(?s)SENDBLUE_MAX_RETRIES environment variable is "50"`},
		"request_timeout no unit":   {EnvRequestTimeout, "30", `(?s)Invalid request_timeout.*SENDBLUE_REQUEST_TIMEOUT environment variable is "30"; it must be a duration`},
		"request_timeout too small": {EnvRequestTimeout, "1ms", `(?s)SENDBLUE_REQUEST_TIMEOUT environment variable is "1ms"; it must be from 100ms to 10m`},
	} {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewEnv(t)
			t.Setenv(tc.env, tc.value)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config:      e.Config(`data "sendblue_webhooks" "all" {}`),
					ExpectError: acctest.ErrRe(tc.want),
				}},
			})
			if n := e.Mock.Requests()["GET"]; n != 0 {
				t.Errorf("%d requests sent despite the bad setting", n)
			}
		})
	}
}
