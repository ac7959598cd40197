package acctest

// The provider binary built from this module and run by the real CLI through
// a dev_overrides CLI configuration, as a user (or `make demo`) runs it.

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// ModuleRoot is the directory of go.mod above the working directory (the
// package's directory under go test).
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// buildOnce builds the provider binary once per test binary run.
var buildOnce = sync.OnceValues(buildProvider)

// ProviderDir builds the provider binary (once per test binary run) and
// returns the directory holding it as terraform-provider-sendblue, for
// dev_overrides.
func ProviderDir(t *testing.T) string {
	t.Helper()
	dir, err := buildOnce()
	if err != nil {
		t.Fatalf("building the provider binary: %v", err)
	}
	return dir
}

func buildProvider() (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	// `go test` runs the test binary from a work directory it removes
	// afterwards: build there, so that nothing is left behind. A test
	// binary run by hand (go test -c) gets a temporary directory instead.
	var dir string
	if exe, err := os.Executable(); err == nil && strings.HasPrefix(exe, os.TempDir()) && strings.Contains(exe, "go-build") {
		dir = filepath.Join(filepath.Dir(exe), "e2e-provider")
		err = os.MkdirAll(dir, 0o750)
		if err != nil {
			return "", err
		}
	} else if dir, err = os.MkdirTemp("", "sendblue-e2e-provider-"); err != nil {
		return "", err
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("the go command is not on PATH, so the provider cannot be built for the end-to-end tests: %w", err)
	}
	cmd := exec.Command(goBin, "build", "-ldflags", "-X main.version=e2e", "-o", filepath.Join(dir, "terraform-provider-sendblue"), ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return dir, nil
}

// DevOverrides writes a CLI configuration whose dev_overrides install the
// provider of the CLI under test (c) from providerDir, and returns its path.
func DevOverrides(tb testing.TB, c CLI, providerDir string) string {
	tb.Helper()
	rc := filepath.Join(tb.TempDir(), "terraformrc")
	text := fmt.Sprintf(`provider_installation {
  dev_overrides {
    %q = %q
  }
  direct {}
}
`, c.ProviderAddress(), providerDir)
	if err := os.WriteFile(rc, []byte(text), 0o600); err != nil {
		tb.Fatal(err)
	}
	return rc
}

// NewDevOverridesRunner runs the CLI under test in a working directory whose
// CLI configuration's dev_overrides point at the provider built from this
// module. env ("KEY=value") is added to the environment of every command,
// except TF_LOG and TF_LOG_PATH, which turn on Terraform's log; the test
// process's TF_* and SENDBLUE_* variables are not passed on.
func NewDevOverridesRunner(t *testing.T, env ...string) *Runner {
	t.Helper()
	vars := CLIEnv(DevOverrides(t, TestCLI(t), ProviderDir(t)))
	var logLevel, logPath string
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "TF_LOG":
			logLevel = v
		case "TF_LOG_PATH":
			logPath = v
		default:
			vars[k] = v
		}
	}
	r := NewRunner(t, vars)
	if logPath != "" {
		if err := r.TF.SetLogPath(logPath); err != nil {
			t.Fatal(err)
		}
		if err := r.TF.SetLog(logLevel); err != nil {
			t.Fatal(err)
		}
	}
	return r
}
