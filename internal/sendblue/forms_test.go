package sendblue

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// The secrets of the masking tests: one of each character JSON or URL
// encoding rewrites, and non-ASCII letters.
var encodedSecrets = []string{"Zq9&Rt5!xY", `a<b>"c\d`, "pässwörd-ü", "s/l a+sh?%=#", "emoji-🔑-key"}

// leakedForms lists ways each secret is written by encoders a test can run:
// Go's JSON (HTML-escaped and not), JSON inside JSON, and URL encodings.
func leakedForms(t *testing.T, secret string) map[string]string {
	t.Helper()
	quote := func(v any, html bool) string {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(html)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(b.String())
	}
	body := quote(map[string]string{"secret": secret}, true)
	return map[string]string{
		"raw":                   "secret is " + secret + " here",
		"json (Go)":             body,
		"json (no HTML escape)": quote(map[string]string{"secret": secret}, false),
		"json in json":          quote(map[string]string{"message": body}, true),
		"query":                 "https://x.example/?s=" + url.QueryEscape(secret),
		"path":                  "https://x.example/" + url.PathEscape(secret),
		"ascii json":            `{"secret":"` + asciiEscape(jsonEscape(secret, true), false) + `"}`,
	}
}

func TestRedactEveryEncoding(t *testing.T) {
	for _, secret := range encodedSecrets {
		for name, text := range leakedForms(t, secret) {
			got := Redact(text, secret)
			if !strings.Contains(got, "***") {
				t.Errorf("%q %s: nothing masked in %s", secret, name, got)
			}
			for _, f := range SecretForms(secret) {
				if strings.Contains(got, f) {
					t.Errorf("%q %s: %s still holds the form %s", secret, name, got, f)
				}
			}
		}
	}
}

func TestSecretFormsOfPlainSecretIsOne(t *testing.T) {
	// A random alphanumeric secret has one form, so masking costs no more.
	if got := SecretForms("Abc123xyz789"); len(got) != 1 {
		t.Fatalf("forms %q", got)
	}
}

func TestSecretFormsNamesEachEscape(t *testing.T) {
	forms := strings.Join(SecretForms(`a<b>"c\d&é/😀`), "\n")
	for _, want := range []string{`\u003c`, `\u003e`, `\u0026`, `\"`, `\\`, `\u00e9`, `\u00E9`, `\/`, `\ud83d\ude00`, "%3C", "%3c", "%C3%A9"} {
		if !strings.Contains(forms, want) {
			t.Errorf("no form writes %s:\n%s", want, forms)
		}
	}
}

func TestShortSecretFormsStandAlone(t *testing.T) {
	// A short secret's encoded forms are masked only where they stand alone,
	// like its raw form.
	if got := Redact(`{"secret":"a\u0026b"} and xa&by`, "a&b"); got != `{"secret":"***"} and xa&by` {
		t.Fatalf("got %s", got)
	}
}

// The fast path agrees with the full computation: for unreserved characters
// every encoding is the identity.
func TestSecretFormsOfUnreservedCharacters(t *testing.T) {
	s := "AZaz09-_.~"
	for _, html := range []bool{true, false} {
		if jsonEscape(s, html) != s || asciiEscape(s, false) != s {
			t.Fatal("a JSON form differs")
		}
	}
	if url.QueryEscape(s) != s || url.PathEscape(s) != s {
		t.Fatal("a URL form differs")
	}
	if got := SecretForms(s); len(got) != 1 || got[0] != s {
		t.Fatalf("forms %q", got)
	}
}
