package provider

import (
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// fastRetry keeps the acceptance tests quick where a test is not about the
// default policy itself.
var fastRetry = sendblue.RetryPolicy{MaxAttempts: 10, WaitMin: time.Millisecond, WaitMax: 20 * time.Millisecond}

// testEnv is one in-process mock Sendblue account and the provider factories
// pointed at it. Every test gets its own, so tests can run in parallel.
type testEnv struct {
	t    *testing.T
	mock *mock.Server
	url  string
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	m := mock.New(mock.Options{})
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return &testEnv{t: t, mock: m, url: srv.URL}
}

// factories returns provider factories with the given options; with none, a
// fast retry policy and a short per-attempt timeout.
func (e *testEnv) factories(opts ...Options) map[string]func() (tfprotov6.ProviderServer, error) {
	o := Options{Retry: fastRetry, Timeout: 5 * time.Second}
	if len(opts) > 0 {
		o = opts[0]
	}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"sendblue": providerserver.NewProtocol6WithError(NewWithOptions("test", o)()),
	}
}

// providerBlock configures the provider for this env's mock.
func (e *testEnv) providerBlock() string {
	return fmt.Sprintf(`
provider "sendblue" {
  api_key    = %q
  api_secret = %q
  base_url   = %q
}
`, mock.DefaultAPIKey, mock.DefaultAPISecret, e.url)
}

// config is the provider block followed by HCL.
func (e *testEnv) config(hcl string) string {
	return e.providerBlock() + hcl
}

// configf is config with fmt.Sprintf of format and args.
func (e *testEnv) configf(format string, args ...any) string {
	return e.config(fmt.Sprintf(format, args...))
}

// errRe compiles an expected-error pattern in which each space matches any
// run of white space, since Terraform wraps long diagnostics.
func errRe(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

// TestMain makes the acceptance tests hermetic and impossible to skip: they
// run against the in-process mock only, so TF_ACC is always on, and no
// SENDBLUE_* variable of the developer's shell can point them at a real
// account.
//
// With -short (go test -short ./...) only the unit tests run: TF_ACC is left
// as it is, so the acceptance tests skip, and the tests that run a Terraform
// CLI skip too (see testCLI). No Terraform CLI is needed then.
func TestMain(m *testing.M) {
	flag.Parse()
	if !testing.Short() {
		_ = os.Setenv("TF_ACC", "1")
	}
	for _, name := range []string{EnvAPIKey, EnvAPISecret, EnvBaseURL, EnvSDKAPIKey, EnvSDKAPISecret, EnvSDKBaseURL, EnvMaxRetries, EnvRequestTimeout} {
		_ = os.Unsetenv(name)
	}
	// terraform-plugin-testing names the in-process provider
	// registry.terraform.io/hashicorp/sendblue by default; OpenTofu reads an
	// unqualified `provider "sendblue"` as registry.opentofu.org/hashicorp/sendblue,
	// so the reattach address must name that host.
	if c, err := detectCLI(); err == nil && c.flavor == flavorOpenTofu {
		if os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
			_ = os.Setenv("TF_ACC_PROVIDER_HOST", c.providerHost())
		}
		if os.Getenv("TF_ACC_PROVIDER_NAMESPACE") == "" {
			_ = os.Setenv("TF_ACC_PROVIDER_NAMESPACE", "hashicorp")
		}
	}
	os.Exit(m.Run())
}

// newTestEnvWith is newTestEnv with mock options (one generation only,
// bearer tokens).
func newTestEnvWith(t *testing.T, opts mock.Options) *testEnv {
	t.Helper()
	m := mock.New(opts)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return &testEnv{t: t, mock: m, url: srv.URL}
}
