package acctest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// CLIEnv is the environment of a CLI the tests run: the test process's,
// without its TF_*, SENDBLUE_* and CHECKPOINT_* variables, with the CLI
// configuration file cliConfig and no checkpoint calls.
func CLIEnv(cliConfig string) map[string]string {
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, _ := strings.Cut(kv, "="); !strings.HasPrefix(k, "TF_") && !strings.HasPrefix(k, "SENDBLUE_") && !strings.HasPrefix(k, "CHECKPOINT_") {
			env[k] = v
		}
	}
	env["TF_CLI_CONFIG_FILE"] = cliConfig
	env["CHECKPOINT_DISABLE"] = "1"
	return env
}

// NewReattachedRunner runs the real CLI in a directory of its own, as a user
// would, against a provider that server makes, served in-process and
// pointed at e's mock (Terraform reattaches to it: TF_REATTACH_PROVIDERS,
// set by terraform-exec); each command gets a fresh provider, as it would a
// new plugin process. The directory starts with providers.tf: the
// terraform block and e's provider block. It exists for what
// terraform-plugin-testing does not expose: the file `plan
// -generate-config-out` writes, applying it, and the warnings Terraform
// prints.
func NewReattachedRunner(t *testing.T, e *Env, server func() (tfprotov6.ProviderServer, error)) *Runner {
	t.Helper()
	rc := filepath.Join(t.TempDir(), "terraformrc")
	if err := os.WriteFile(rc, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	r := NewRunner(t, CLIEnv(rc))
	addr := TestCLI(t).ProviderAddress()
	r.serve = func(ctx context.Context) (tfexec.ReattachInfo, func()) { return serveProvider(ctx, t, server, addr) }
	r.Write("providers.tf", TerraformBlock+e.ProviderBlock())
	return r
}

// serveProvider serves a fresh provider that server makes under addr until
// the returned stop is called, and says how Terraform reattaches to it.
func serveProvider(ctx context.Context, t *testing.T, server func() (tfprotov6.ProviderServer, error), addr string) (tfexec.ReattachInfo, func()) {
	t.Helper()
	srv, err := server()
	if err != nil {
		t.Fatal(err)
	}
	serveCtx, cancel := context.WithCancel(ctx)
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	serveErr := make(chan error, 1)
	go func() {
		serveErr <- tf6server.Serve(addr, func() tfprotov6.ProviderServer { return srv },
			tf6server.WithDebug(serveCtx, reattach, closed),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t))
	}()
	stop := func() {
		cancel()
		select {
		case <-closed:
		case err := <-serveErr:
			if err != nil {
				t.Errorf("serving the provider: %v", err)
			}
		}
	}
	var rc *plugin.ReattachConfig
	select {
	case rc = <-reattach:
	case err := <-serveErr:
		cancel()
		t.Fatalf("serving the provider: %v", err)
	case <-ctx.Done():
		cancel()
		t.Fatal("the provider server did not start")
	}
	return tfexec.ReattachInfo{addr: {
		Protocol:        string(rc.Protocol),
		ProtocolVersion: rc.ProtocolVersion,
		Pid:             rc.Pid,
		Test:            rc.Test,
		Addr:            tfexec.ReattachConfigAddr{Network: rc.Addr.Network(), String: rc.Addr.String()},
	}}, stop
}
