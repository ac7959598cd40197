package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// SENDBLUE_ACCESS_TOKEN alone authenticates, as a bearer token. (Not
// parallel: it sets an environment variable.)
func TestAccProvider_accessTokenFromEnvironment(t *testing.T) {
	const token = "account-token-123"
	// Key and secret the provider does not have: only the token can work.
	e := acctest.NewEnvWith(t, mock.Options{APIKey: "other-key", APISecret: "other-secret", AccessTokens: []string{token}})
	t.Setenv(EnvAccessToken, token)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: urlOnlyProvider(e.URL) + `
resource "sendblue_webhook" "in" {
  url = "https://hooks.example.com/in"
}
`,
			Check: e.ExpectCount("receive", "https://hooks.example.com/in", 1),
		}},
		CheckDestroy: e.ExpectTotal(0),
	})
}

// access_token with api_key or api_secret is a plan-time error naming both.
func TestAccProvider_accessTokenConflicts(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	failsSendingNothing(t, e, fmt.Sprintf(`
provider "sendblue" {
  api_key      = "k"
  access_token = "t"
  base_url     = %q
}
resource "sendblue_webhook" "in" {
  url = "https://hooks.example.com/in"
}
`, e.URL), `(?s)access_token conflicts with api_key.*access_token and api_key are both set`)
}

// A 403 under a line-scoped token explains what such tokens may manage,
// without showing the token.
func TestAccProvider_lineScopedToken403(t *testing.T) {
	t.Parallel()
	const token = "line-token-456"
	e := acctest.NewEnvWith(t, mock.Options{LineTokens: map[string][]string{token: {"+15551230000"}}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: tokenProvider(token, e.URL) + `
resource "sendblue_webhook" "out" {
  url  = "https://hooks.example.com/out"
  type = "outbound"
}
`,
			ExpectError: acctest.ErrRe(`(?s)HTTP 403.*line-scoped access token is limited to its own lines: it may list, add and delete .receive. webhooks of those lines`),
		}},
	})
}

// urlOnlyProvider is a provider block that sets only base_url: the
// credentials come from the environment, or are missing.
func urlOnlyProvider(baseURL string) string {
	return fmt.Sprintf(`
provider "sendblue" {
  base_url = %q
}
`, baseURL)
}

// tokenProvider is a provider block that authenticates with an access
// token alone.
func tokenProvider(token, baseURL string) string {
	return fmt.Sprintf(`
provider "sendblue" {
  access_token = %q
  base_url     = %q
}
`, token, baseURL)
}

// defaultCredentialsProvider is a provider block with the mock's default
// credentials for the API at baseURL: for an address where no mock answers.
func defaultCredentialsProvider(baseURL string) string {
	return fmt.Sprintf(`
provider "sendblue" {
  api_key    = %q
  api_secret = %q
  base_url   = %q
}
`, mock.DefaultAPIKey, mock.DefaultAPISecret, baseURL)
}
