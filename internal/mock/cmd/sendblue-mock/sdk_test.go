package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sdkCheckDir holds the official-SDK check: package.json pins Sendblue's Node SDK and
// check.mjs drives the mock with it. `make test` installs it (npm ci) first.
const sdkCheckDir = "../../sdkcheck"

// The official Node SDK (npm `sendblue`, the version pinned in sdkcheck/package.json)
// works against `make mock` as it does against the real API: the mock is checked against a
// client this project did not write, on the current path /api/account/webhooks, with all
// nine types, secrets, sendblue_numbers, the global secret, replace, delete, 400s the SDK
// types as BadRequestError, 401s as AuthenticationError, and bearer tokens; and the lines
// (client.lines: getState, callForwarding.retrieve/update/delete) on lines seeded through
// the admin API.
//
// Node and the installed SDK are needed. Without them the test is skipped, unless
// MOCK_REQUIRE_SDK_CHECK=1 (set by .ci/run), which makes their absence a failure.
func TestOfficialSDK(t *testing.T) {
	node, err := exec.LookPath("node")
	installed := filepath.Join(sdkCheckDir, "node_modules", "sendblue", "package.json")
	if _, statErr := os.Stat(installed); err != nil || statErr != nil {
		msg := "the official SDK check needs node and `npm ci --prefix internal/mock/sdkcheck` (make test runs it)"
		if os.Getenv("MOCK_REQUIRE_SDK_CHECK") == "1" {
			t.Fatalf("%s; node: %v; SDK: %v", msg, err, statErr)
		}
		t.Skip(msg)
	}

	const token = "sdk-check-token"
	cmd := command(t, []string{"MOCK_ADDR=127.0.0.1:0", "MOCK_API_KEY=sdk-key", "MOCK_API_SECRET=sdk-secret", "MOCK_ACCESS_TOKEN=" + token})
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the mock's first line: %v", err)
	}
	base := strings.TrimSpace(strings.TrimPrefix(line, "sendblue mock listening on "))

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	check := exec.CommandContext(ctx, node, "check.mjs") //nolint:gosec // node from PATH runs the project's own script
	check.Dir = sdkCheckDir
	check.Env = append(os.Environ(),
		"SENDBLUE_API_BASE_URL="+base,
		"SENDBLUE_API_API_KEY=sdk-key",
		"SENDBLUE_API_API_SECRET=sdk-secret",
		"SDKCHECK_ACCESS_TOKEN="+token,
		"SENDBLUE_API_LOG=off",
	)
	out, err := check.CombinedOutput()
	t.Logf("node check.mjs against %s:\n%s", base, out)
	if err != nil {
		t.Fatalf("the official SDK disagrees with the mock: %v", err)
	}
	if !strings.Contains(string(out), "sdkcheck: all steps passed") {
		t.Fatal("check.mjs ended without reporting that every step passed")
	}
}
