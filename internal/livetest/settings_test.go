package livetest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/provider"
)

func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestFromEnvCredentials(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		err  string // "" for success
	}{
		{"none", nil, ErrNoCredentials.Error()},
		{"key and secret", map[string]string{provider.EnvAPIKey: "k", provider.EnvAPISecret: "s"}, ""},
		{"token", map[string]string{provider.EnvAccessToken: "t"}, ""},
		{"key only", map[string]string{provider.EnvAPIKey: "k"}, "SENDBLUE_API_KEY is set but SENDBLUE_API_SECRET is not"},
		{"secret only", map[string]string{provider.EnvAPISecret: "s"}, "SENDBLUE_API_SECRET is set but SENDBLUE_API_KEY is not"},
		{"both ways", map[string]string{provider.EnvAccessToken: "t", provider.EnvAPIKey: "k"}, "set one way of authenticating"},
		{"bad run id", map[string]string{provider.EnvAccessToken: "t", EnvRunID: "run-1"}, "is not a run id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := FromEnv(env(tc.env))
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("error %v, want one containing %q", err, tc.err)
			case tc.err == "" && s.BaseURL != "https://api.sendblue.co":
				t.Fatalf("base URL %q, want the provider's default", s.BaseURL)
			}
			if err != nil && strings.Contains(err.Error(), "s\"") {
				t.Fatalf("the error quotes a credential: %v", err)
			}
		})
	}
	if _, err := FromEnv(env(nil)); !errors.Is(err, ErrNoCredentials) {
		t.Fatalf("no credentials: %v", err)
	}
}

func TestRunIDsAndThePattern(t *testing.T) {
	id, err := NewRunID(time.Date(2026, 12, 3, 9, 1, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(id, "run-20261203t090100z-") || !runIDRe.MatchString(id) {
		t.Fatalf("run id %q", id)
	}
	other, _ := NewRunID(time.Date(2026, 12, 3, 9, 1, 0, 0, time.UTC))
	if other == id {
		t.Fatalf("two run ids of the same second are equal: %q", id)
	}
	for url, want := range map[string]bool{
		Prefix(id) + "webhook/inbound":                                                           true,
		"https://sendblue-tf-live.example.com/run-20261201t000000z-abcdef/x":                     true,
		"https://sendblue-tf-live.example.com/not-a-run/x":                                       false,
		"https://sendblue-tf-live.example.com/run-20261201t000000z-abcdef":                       false,
		"https://sendblue-tf-live.example.com.evil.example/run-20261201t000000z-abcdef/":         false,
		"http://sendblue-tf-live.example.com/run-20261201t000000z-abcdef/x":                      false,
		"https://hooks.example.com/run-20261201t000000z-abcdef/x":                                false,
		"https://x.example/?u=https://sendblue-tf-live.example.com/run-20261201t000000z-abcdef/": false,
	} {
		if got := SweepPattern.MatchString(url); got != want {
			t.Errorf("SweepPattern.MatchString(%q) = %v, want %v", url, got, want)
		}
	}
}
