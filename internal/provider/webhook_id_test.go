package provider

import (
	"strings"
	"testing"
)

func TestParseWebhookID(t *testing.T) {
	good := map[string][2]string{
		"receive:https://a.example.com/x":         {"receive", "https://a.example.com/x"},
		"contact_created:https://a.example.com/x": {"contact_created", "https://a.example.com/x"},
		"https://a.example.com/x":                 {"receive", "https://a.example.com/x"},
		"outbound:https://a.example.com:8443/x?q": {"outbound", "https://a.example.com:8443/x?q"},
		"  call_log:https://a.example.com/x  ":    {"call_log", "https://a.example.com/x"},
	}
	for id, want := range good {
		typ, url, err := parseWebhookID(id)
		if err != nil || string(typ) != want[0] || url != want[1] {
			t.Errorf("parseWebhookID(%q) = %q, %q, %v; want %q, %q", id, typ, url, err, want[0], want[1])
		}
		// The format round-trips.
		if again := webhookID(typ, url); again != strings.TrimSpace(id) && !strings.HasPrefix(strings.TrimSpace(id), "https:") {
			t.Errorf("webhookID(%q, %q) = %q, want %q", typ, url, again, id)
		}
	}
	bad := map[string]string{
		"":                               "must not be empty",
		"inbound:https://a.example.com/": "not supported by this version of the provider",
		"receive:http://a.example.com/":  "only https://",
		"receive:":                       "must not be empty",
		"receive:https:///x":             "has no host",
		"http://a.example.com/":          "only https://",
	}
	for id, want := range bad {
		_, _, err := parseWebhookID(id)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseWebhookID(%q) error = %v, want one containing %q", id, err, want)
		}
	}
}

func FuzzParseWebhookID(f *testing.F) {
	for _, s := range []string{"receive:https://a.example.com/x", "https://a.example.com", "x:y", ":", "", "receive:", "outbound:https://[::1]:99/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		typ, url, err := parseWebhookID(id)
		if err != nil {
			return
		}
		if !typ.Valid() {
			t.Fatalf("parseWebhookID(%q) gave invalid type %q", id, typ)
		}
		if msg := checkWebhookURL(url); msg != "" {
			t.Fatalf("parseWebhookID(%q) accepted URL %q: %s", id, url, msg)
		}
		// Formatting and parsing again gives the same webhook.
		t2, u2, err := parseWebhookID(webhookID(typ, url))
		if err != nil || t2 != typ || u2 != url {
			t.Fatalf("round trip of %q: %q %q %v", id, t2, u2, err)
		}
	})
}

func TestCheckBaseURL(t *testing.T) {
	for u, ok := range map[string]bool{
		"https://api.sendblue.co":   true,
		"https://api.sendblue.co/":  true,
		"http://127.0.0.1:8787":     true,
		"http://127.9.9.9":          true,
		"http://localhost:1":        true,
		"http://[::1]:8787":         true,
		"http://api.sendblue.co":    false,
		"http://10.0.0.1":           false,
		"http://localhost.evil.com": false,
		"ftp://api.sendblue.co":     false,
		"api.sendblue.co":           false,
		"not a url":                 false,
		"":                          false,
		"https://":                  false,
	} {
		if got := checkBaseURL(u) == ""; got != ok {
			t.Errorf("checkBaseURL(%q) ok = %v, want %v (%s)", u, got, ok, checkBaseURL(u))
		}
	}
}
