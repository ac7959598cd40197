package acctest

import (
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// FastRetry keeps the acceptance tests quick where a test is not about the
// default policy itself.
var FastRetry = sendblue.RetryPolicy{MaxAttempts: 10, WaitMin: time.Millisecond, WaitMax: 20 * time.Millisecond}

// TerraformBlock is the terraform block a configuration of the provider
// starts with: the provider's source address, which the CLI resolves to
// the provider the harness serves or installs.
const TerraformBlock = `
terraform {
  required_providers {
    sendblue = {
      source = "sendblue-api/sendblue"
    }
  }
}
`

// Env is one in-process mock Sendblue account, served over HTTP on
// loopback for the duration of a test. Every test gets its own, so tests can
// run in parallel.
type Env struct {
	T    *testing.T
	Mock *mock.Server
	URL  string // the mock's base URL
}

// NewEnv serves a mock account with default options.
func NewEnv(t *testing.T) *Env {
	t.Helper()
	return NewEnvWith(t, mock.Options{})
}

// NewEnvWith is NewEnv with mock options (one generation only, bearer
// tokens).
func NewEnvWith(t *testing.T, opts mock.Options) *Env {
	t.Helper()
	m, url := ServeMock(t, opts)
	return &Env{T: t, Mock: m, URL: url}
}

// NewProxiedEnv is NewEnv with h in front of the mock (h gets the mock to
// pass requests on to).
func NewProxiedEnv(t *testing.T, h func(m *mock.Server) http.Handler) *Env {
	t.Helper()
	m := mock.New(mock.Options{})
	srv := httptest.NewServer(h(m))
	t.Cleanup(srv.Close)
	return &Env{T: t, Mock: m, URL: srv.URL}
}

// ServeMock serves a mock account with the given options on 127.0.0.1 for
// the duration of the test, and returns it with its base URL.
func ServeMock(tb testing.TB, opts mock.Options) (*mock.Server, string) {
	tb.Helper()
	m := mock.New(opts)
	srv := httptest.NewServer(m)
	tb.Cleanup(srv.Close)
	return m, srv.URL
}

// Factories are terraform-plugin-testing's provider factories serving the
// provider that newProvider makes as "sendblue".
func Factories(newProvider func() provider.Provider) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"sendblue": providerserver.NewProtocol6WithError(newProvider()),
	}
}

// ProviderBlock configures the provider for this env's mock.
func (e *Env) ProviderBlock() string {
	return fmt.Sprintf(`
provider "sendblue" {
  api_key    = %q
  api_secret = %q
  base_url   = %q
}
`, mock.DefaultAPIKey, mock.DefaultAPISecret, e.URL)
}

// ProviderBlockWith is the env's provider block with extra settings.
func (e *Env) ProviderBlockWith(extra string) string {
	return fmt.Sprintf(`
provider "sendblue" {
  api_key    = %q
  api_secret = %q
  base_url   = %q
%s
}
`, mock.DefaultAPIKey, mock.DefaultAPISecret, e.URL, extra)
}

// Config is the provider block followed by HCL.
func (e *Env) Config(hcl string) string {
	return e.ProviderBlock() + hcl
}

// Configf is Config with fmt.Sprintf of format and args.
func (e *Env) Configf(format string, args ...any) string {
	return e.Config(fmt.Sprintf(format, args...))
}

// ErrRe compiles an expected-error pattern in which each space matches any
// run of white space, since Terraform wraps long diagnostics.
func ErrRe(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

// Run runs the tests of m hermetically and impossible to skip, and returns
// their exit code, for a TestMain: they run against the in-process mock
// only, so TF_ACC is always on, and none of the variables named in unset
// (the provider's SENDBLUE_* settings) can point them at a real account.
//
// With -short (go test -short ./...) only the unit tests run: TF_ACC is left
// as it is, so the acceptance tests skip, and the tests that run a Terraform
// CLI skip too (see TestCLI). No Terraform CLI is needed then.
func Run(m *testing.M, unset ...string) int {
	flag.Parse()
	if !testing.Short() {
		_ = os.Setenv("TF_ACC", "1")
	}
	for _, name := range unset {
		_ = os.Unsetenv(name)
	}
	// terraform-plugin-testing names the in-process provider
	// registry.terraform.io/hashicorp/sendblue by default; OpenTofu reads an
	// unqualified `provider "sendblue"` as registry.opentofu.org/hashicorp/sendblue,
	// so the reattach address must name that host.
	if c, err := DetectCLI(); err == nil && c.Flavor == FlavorOpenTofu {
		if os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
			_ = os.Setenv("TF_ACC_PROVIDER_HOST", c.ProviderHost())
		}
		if os.Getenv("TF_ACC_PROVIDER_NAMESPACE") == "" {
			_ = os.Setenv("TF_ACC_PROVIDER_NAMESPACE", "hashicorp")
		}
	}
	return m.Run()
}
