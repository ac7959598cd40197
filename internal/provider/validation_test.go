package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// Every bad input fails at plan time with an error that names the attribute
// and what is allowed, and nothing mutating reaches the API.
func TestAccWebhook_badInputFailsAtPlan(t *testing.T) {
	longURL := "https://hooks.example.com/" + strings.Repeat("a", 2048)
	runBadWebhookInputs(t, map[string]badWebhookInput{
		"http url":            {body: `url = "http://hooks.example.com/a"`, want: `(?s)url.*only https:// URLs are allowed`},
		"ftp url":             {body: `url = "ftp://hooks.example.com/a"`, want: `(?s)url.*only https:// URLs are allowed`},
		"url without host":    {body: `url = "https:///path"`, want: `(?s)url.*has no host`},
		"url with spaces":     {body: `url = "https://hooks.example.com/a b"`, want: `(?s)url.*must not contain spaces`},
		"url too long":        {body: fmt.Sprintf(`url = %q`, longURL), want: `(?s)url.*at most 2048 bytes`},
		"empty url":           {body: `url = ""`, want: `(?s)url.*must not be empty`},
		"unknown type":        {body: `url = "https://h.example.com/a"` + "\n" + `type = "inbound"`, want: `(?s)type.*value must be one of.*receive.*contact_created`},
		"numbers on outbound": {body: `url = "https://h.example.com/a"` + "\n" + `type = "outbound"` + "\n" + `sendblue_numbers = ["+15551230000"]`, want: `(?s)sendblue_numbers is not allowed with type "outbound"`},
		"number not E.164":    {body: `url = "https://h.example.com/a"` + "\n" + `sendblue_numbers = ["+1 555 123"]`, want: `(?s)sendblue_numbers.*not an E.164 phone number`},
		"empty numbers":       {body: `url = "https://h.example.com/a"` + "\n" + `sendblue_numbers = []`, want: `(?s)sendblue_numbers.*at least 1`},
		"secret with secret_wo": {
			body: `url = "https://h.example.com/a"` + "\n" + `secret = "a"` + "\n" + `secret_wo = "b"` + "\n" + `secret_wo_version = 1`,
			want: `(?s)secret.*secret_wo.*cannot be configured together|(?s)These attributes cannot be configured together`,
		},
		"secret_wo without version": {
			body: `url = "https://h.example.com/a"` + "\n" + `secret_wo = "b"`,
			want: `(?s)secret_wo.*secret_wo_version.*must be configured together|(?s)must be configured together.*secret_wo`,
		},
		"empty secret": {body: `url = "https://h.example.com/a"` + "\n" + `secret = ""`, want: `(?s)secret.*string length must be at least 1`},
		"base_url over http to a remote host": {
			provider: placeholderProvider(`base_url = "http://api.sendblue.co"`),
			body:     `url = "https://h.example.com/a"`,
			want:     `(?s)base_url.*only https:// is allowed, except http:// to a loopback host`,
		},
		"base_url not a URL": {
			provider: placeholderProvider(`base_url = "not a url"`),
			body:     `url = "https://h.example.com/a"`,
			want:     `(?s)base_url.*not an absolute http\(s\) URL`,
		},
		"url with user information": {
			body: `url = "https://user:hunter2@h.example.com/a"`,
			want: `(?s)url.*contains user information.*not allowed.*not secret.*set secret_wo \(or secret\) instead`,
		},
		"max_retries out of range": {
			provider: placeholderProvider(`max_retries = 21`),
			body:     `url = "https://h.example.com/a"`,
			want:     `(?s)max_retries.*must be between 0 and 20`,
		},
		"request_timeout not a duration": {
			provider: placeholderProvider(`request_timeout = "soon"`),
			body:     `url = "https://h.example.com/a"`,
			want:     `(?s)Invalid request_timeout.*request_timeout is "soon"; it must be a duration such as "30s"`,
		},
		"request_timeout too long": {
			provider: placeholderProvider(`request_timeout = "1h"`),
			body:     `url = "https://h.example.com/a"`,
			want:     `(?s)request_timeout is "1h"; it must be from 100ms to 10m`,
		},
		"empty api_key": {
			provider: `provider "sendblue" {
  api_key    = ""
  api_secret = "s"
}`,
			body: `url = "https://h.example.com/a"`,
			want: `(?s)api_key.*string length must be at least 1`,
		},
	})
}

// Missing credentials: one clear error naming the attribute and its
// environment variable, before anything is sent.
func TestAccProvider_missingCredentials(t *testing.T) {
	e := acctest.NewEnv(t)
	failsSendingNothing(t, e, urlOnlyProvider(e.URL)+`
resource "sendblue_webhook" "a" {
  url = "https://h.example.com/a"
}
`, `(?s)Missing Sendblue API key.*api_key.*SENDBLUE_API_KEY.*Missing Sendblue API secret.*SENDBLUE_API_SECRET`)
}

// failsSendingNothing runs config as one step that must fail with an error
// matching want, and fails the test if any write reached e's mock.
func failsSendingNothing(t *testing.T, e *acctest.Env, config, want string) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps:                    []resource.TestStep{{Config: config, ExpectError: acctest.ErrRe(want)}},
	})
	if n := e.Mock.MutatingRequests(); n != 0 {
		t.Fatalf("%d writes reached the API", n)
	}
}

// Credentials and base URL from the environment, the provider's own names
// first and the official SDKs' names as fallbacks.
func TestAccProvider_environment(t *testing.T) {
	for _, names := range [][3]string{
		{EnvAPIKey, EnvAPISecret, EnvBaseURL},
		{EnvSDKAPIKey, EnvSDKAPISecret, EnvSDKBaseURL},
	} {
		t.Run(names[0], func(t *testing.T) {
			e := acctest.NewEnv(t)
			t.Setenv(names[0], mock.DefaultAPIKey)
			t.Setenv(names[1], mock.DefaultAPISecret)
			t.Setenv(names[2], e.URL)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config: `
provider "sendblue" {}
resource "sendblue_webhook" "a" {
  url = "https://h.example.com/env"
}
`,
					Check: e.ExpectCount("receive", "https://h.example.com/env", 1),
				}},
			})
		})
	}
	t.Run("http to a remote host from the environment", func(t *testing.T) {
		t.Setenv(EnvAPIKey, "k")
		t.Setenv(EnvAPISecret, "s")
		t.Setenv(EnvBaseURL, "http://api.sendblue.co")
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config:      "provider \"sendblue\" {}\nresource \"sendblue_webhook\" \"a\" {\n  url = \"https://h.example.com/a\"\n}\n",
				PlanOnly:    true,
				ExpectError: acctest.ErrRe(`(?s)SENDBLUE_BASE_URL.*only https:// is allowed`),
			}},
		})
	})
}

// A provider value that comes from another resource is unknown at plan time;
// that must not fail the plan.
func TestAccProvider_unknownConfigDuringPlan(t *testing.T) {
	e := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "key" {
  input = %q
}
provider "sendblue" {
  api_key    = terraform_data.key.output
  api_secret = %q
  base_url   = %q
}
resource "sendblue_webhook" "a" {
  url = "https://h.example.com/later"
}
`, mock.DefaultAPIKey, mock.DefaultAPISecret, e.URL),
			Check: e.ExpectCount("receive", "https://h.example.com/later", 1),
		}},
	})
}

// API errors reach the user as clear diagnostics.
func TestAccWebhook_apiErrors(t *testing.T) {
	hcl := `
resource "sendblue_webhook" "a" {
  url = "https://h.example.com/a"
}
`
	t.Run("refused credentials", func(t *testing.T) {
		e := acctest.NewEnv(t)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config: fmt.Sprintf(`
provider "sendblue" {
  api_key    = "wrong-key"
  api_secret = "wrong-secret-value"
  base_url   = %q
}
`, e.URL) + hcl,
				ExpectError: acctest.ErrRe(`(?s)refused the credentials.*HTTP 401.*api_key.*SENDBLUE_API_KEY`),
			}},
		})
	})
	t.Run("error body inside HTTP 200", func(t *testing.T) {
		e := acctest.NewEnv(t)
		e.Mock.FailNext(1, mock.Fault{Methods: []string{"POST"}, ErrorInOK: true})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config:      e.Config(hcl),
				ExpectError: acctest.ErrRe(`(?s)Could not create Sendblue webhook.*injected error`),
			}},
			CheckDestroy: e.ExpectTotal(0),
		})
	})
	t.Run("500 after retries", func(t *testing.T) {
		e := acctest.NewEnv(t)
		e.Mock.FailNext(1000, mock.Fault{Status: 500})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config:      e.Config(hcl),
				ExpectError: acctest.ErrRe(`(?s)HTTP 500.*after 10 attempts.*try again later`),
			}},
		})
	})
}

// Bad inputs not in TestAccWebhook_badInputFailsAtPlan (which covers the
// common cases) also fail at plan time, sending nothing.
func TestAccReliability_moreBadInputFailsAtPlan(t *testing.T) {
	runBadWebhookInputs(t, map[string]badWebhookInput{
		"empty api_secret": {
			provider: "provider \"sendblue\" {\n  api_key = \"k\"\n  api_secret = \"\"\n}",
			body:     `url = "https://h.example.com/a"`,
			want:     `(?s)api_secret.*string length must be at least 1`,
		},
		"base_url with another scheme": {
			provider: placeholderProvider(`base_url = "ftp://api.sendblue.co"`),
			body:     `url = "https://h.example.com/a"`,
			want:     `(?s)base_url.*not an absolute http\(s\) URL`,
		},
		"base_url over http to a private address": {
			provider: placeholderProvider(`base_url = "http://10.0.0.1:8787"`),
			body:     `url = "https://h.example.com/a"`,
			want:     `(?s)base_url.*only https:// is allowed`,
		},
		"empty secret_wo": {
			body: "url = \"https://h.example.com/a\"\nsecret_wo = \"\"\nsecret_wo_version = 1",
			want: `(?s)secret_wo.*string length must be at least 1`,
		},
		"empty global_secret": {
			body: "url = \"https://h.example.com/a\"\nglobal_secret = \"\"",
			want: `(?s)global_secret.*string length must be at least 1`,
		},
		"secret_wo_version without secret_wo": {
			body: "url = \"https://h.example.com/a\"\nsecret_wo_version = 1",
			want: `(?s)must be configured together`,
		},
		"url with a newline": {
			body: `url = "https://h.example.com/a\nb"`,
			want: `(?s)url.*must not contain spaces`,
		},
	})
}

// badWebhookInput is a sendblue_webhook body that must fail at plan time
// with an error matching want, under provider (the env's provider block
// when empty).
type badWebhookInput struct{ provider, body, want string }

// runBadWebhookInputs plans each case in its own subtest and env, expects
// its error, and checks that nothing mutating reached the API.
func runBadWebhookInputs(t *testing.T, cases map[string]badWebhookInput) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewEnv(t)
			prov := tc.provider
			if prov == "" {
				prov = e.ProviderBlock()
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config:      prov + "\nresource \"sendblue_webhook\" \"bad\" {\n" + tc.body + "\n}\n",
					PlanOnly:    true,
					ExpectError: acctest.ErrRe(tc.want),
				}},
				CheckDestroy: func(*terraform.State) error { return acctest.NoMutations(e.Mock) },
			})
			if err := acctest.NoMutations(e.Mock); err != nil {
				t.Error(err)
			}
		})
	}
}

// placeholderProvider is a provider block with placeholder credentials and
// one more setting: enough for the plan-time checks, which send nothing.
func placeholderProvider(setting string) string {
	return "provider \"sendblue\" {\n  api_key    = \"k\"\n  api_secret = \"s\"\n  " + setting + "\n}"
}
