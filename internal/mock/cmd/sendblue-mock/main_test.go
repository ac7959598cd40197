package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for the command: with
// SENDBLUE_MOCK_RUN_MAIN=1 it runs main with the remaining arguments.
func TestMain(m *testing.M) {
	if os.Getenv("SENDBLUE_MOCK_RUN_MAIN") == "1" {
		os.Args = append([]string{os.Args[0]}, os.Args[2:]...)
		main()
		return
	}
	os.Exit(m.Run())
}

// command runs this package's main in a child process with env added.
func command(t *testing.T, env []string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$"}, args...)...) //nolint:gosec // re-runs this test binary itself with fixed arguments
	cmd.Env = append(os.Environ(), append([]string{"SENDBLUE_MOCK_RUN_MAIN=1"}, env...)...)
	return cmd
}

// `make mock` serves the mock on MOCK_ADDR with MOCK_API_KEY/MOCK_API_SECRET,
// prints its base URL first, writes it to MOCK_URL_FILE, and stops cleanly
// on SIGTERM.
func TestServesAndPrintsItsURL(t *testing.T) {
	urlFile := t.TempDir() + "/url"
	cmd := command(t, []string{"MOCK_ADDR=127.0.0.1:0", "MOCK_API_KEY=k1", "MOCK_API_SECRET=s1", "MOCK_ACCESS_TOKEN=tok1", "MOCK_URL_FILE=" + urlFile})
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }()

	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the first line: %v", err)
	}
	const prefix = "sendblue mock listening on "
	if !strings.HasPrefix(line, prefix+"http://127.0.0.1:") {
		t.Fatalf("first line %q, want %q and a loopback URL", line, prefix)
	}
	base := strings.TrimSpace(strings.TrimPrefix(line, prefix))
	// The file may be written just after the line is printed.
	var b []byte
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, err = os.ReadFile(urlFile); err == nil && len(b) > 0 {
			break
		}
	}
	if strings.TrimSpace(string(b)) != base {
		t.Fatalf("MOCK_URL_FILE holds %q (%v), want %q", b, err, base)
	}

	get := func(key, secret string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, base+"/api/v2/account/webhooks", nil)
		req.Header.Set("sb-api-key-id", key)
		req.Header.Set("sb-api-secret-key", secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, body := get("k1", "s1"); code != http.StatusOK || !strings.Contains(body, `"status":"OK"`) {
		t.Fatalf("list with the configured credentials: %d %s", code, body)
	}
	if code, _ := get("mock-api-key", "mock-api-secret"); code != http.StatusUnauthorized {
		t.Fatalf("list with the default credentials while others are configured: %d, want 401", code)
	}
	// MOCK_ACCESS_TOKEN is accepted as a bearer token, on the current path too.
	for tok, want := range map[string]int{"tok1": http.StatusOK, "tok2": http.StatusUnauthorized} {
		req, _ := http.NewRequest(http.MethodGet, base+"/api/account/webhooks", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != want {
			t.Fatalf("bearer %s: HTTP %d, want %d", tok, resp.StatusCode, want)
		}
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the mock did not stop within 10s of SIGTERM")
	}
}

// A non-loopback address is refused: the mock accepts fake credentials.
func TestRefusesRemoteAddress(t *testing.T) {
	out, err := command(t, nil, "-addr", "0.0.0.0:0").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "non-loopback") {
		t.Fatalf("serving on 0.0.0.0 gave err=%v output=%q, want a refusal", err, out)
	}
}
