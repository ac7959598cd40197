package provider

import (
	"os"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
)

// TestMain makes the acceptance tests hermetic and impossible to skip
// (acctest.Run): TF_ACC is always on, except under -short, and no setting of
// the provider in the developer's shell can point them at a real account.
func TestMain(m *testing.M) {
	os.Exit(acctest.Run(m, EnvAPIKey, EnvAPISecret, EnvBaseURL, EnvSDKAPIKey, EnvSDKAPISecret, EnvSDKBaseURL,
		EnvAccessToken, EnvAPIVersion, EnvMaxRetries, EnvRequestTimeout))
}

// factories hands this package's provider to the harness: provider factories
// with the given options; with none, a fast retry policy and a short
// per-attempt timeout.
func factories(opts ...Options) map[string]func() (tfprotov6.ProviderServer, error) {
	o := Options{Retry: acctest.FastRetry, Timeout: 5 * time.Second}
	if len(opts) > 0 {
		o = opts[0]
	}
	return acctest.Factories(NewWithOptions("test", o))
}

// newTFCLI runs the real CLI against this package's provider served
// in-process and pointed at e's mock (acctest.NewReattachedRunner).
func newTFCLI(t *testing.T, e *acctest.Env) *acctest.Runner {
	t.Helper()
	return acctest.NewReattachedRunner(t, e, factories()["sendblue"])
}
