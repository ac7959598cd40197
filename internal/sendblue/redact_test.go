package sendblue

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
)

func TestRedactWholeValuesOnly(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in string
		secrets  []string
		want     string
	}{
		{"short secret inside words is left alone", "connection refused; DNS lookup failed", []string{"s", "k", "up"}, "connection refused; DNS lookup failed"},
		{"short secret standing alone is hidden", `{"secret":"s"} secret=s s`, []string{"s"}, `{"secret":"***"} secret=*** ***`},
		{"short secret with punctuation edges", "x-1 -1- a-1b", []string{"-1-"}, "x-1 *** a-1b"},
		{"short secret next to non-word characters", "(ab) ab. ab_ xab", []string{"ab"}, "(***) ***. ab_ xab"},
		{"long secret is hidden even inside a longer string", "tokenwhsec-Hook-8812tail", []string{"whsec-Hook-8812"}, "token***tail"},
		{"a secret containing another is hidden whole", "key: abcdefgh-long and abcdefgh", []string{"abcdefgh", "abcdefgh-long"}, "key: *** and ***"},
		{"regular expression characters are literal", "a.b*c+d? ab-cd", []string{"a.b*c+d?"}, "*** ab-cd"},
		{"empty secrets are ignored", "nothing to hide", []string{"", ""}, "nothing to hide"},
		{"non-ASCII secrets", "clé: pässwörd-ü, ü", []string{"pässwörd-ü", "ü"}, "clé: ***, ***"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Redact(tc.in, tc.secrets...); got != tc.want {
				t.Errorf("Redact(%q, %q) = %q, want %q", tc.in, tc.secrets, got, tc.want)
			}
			// The regular expression for loggers masks exactly the same.
			if re := SecretsRegexp(tc.secrets...); re != nil {
				if got := re.ReplaceAllLiteralString(tc.in, "***"); got != tc.want {
					t.Errorf("SecretsRegexp replaced %q to %q, want %q", tc.in, got, tc.want)
				}
			}
		})
	}
}

// A short API secret must not garble the words of an error: the issue's
// "connection refu***ed" and "DNS loo***up".
func TestShortSecretDoesNotGarbleErrors(t *testing.T) {
	t.Parallel()
	refused := &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "api.sendblue.invalid", IsNotFound: true}}
	}}
	// Secrets that are ordinary words ("a", "no") would hide those words where
	// they stand alone, as documented; these are parts of words only.
	for _, secret := range []string{"s", "o", "up", "ok", "oo"} {
		c := newClient(t, "https://api.sendblue.invalid", func(c *Config) {
			c.APISecret = secret
			c.Retry.MaxAttempts = 1
			c.HTTPClient = &http.Client{Transport: refused}
		})
		_, err := c.List(context.Background())
		if err == nil {
			t.Fatal("no error")
		}
		msg := err.Error()
		for _, word := range []string{"sendblue", "lookup", "failed", "no such host", "api.sendblue.invalid"} {
			if !strings.Contains(msg, word) {
				t.Errorf("secret %q: error %q lost the word %q", secret, msg, word)
			}
		}
		if strings.Contains(msg, "***") {
			t.Errorf("secret %q: error %q masks something", secret, msg)
		}
	}
}

// The error names the path actually requested, base URL path included, not
// a fixed one.
func TestErrorNamesPathRequested(t *testing.T) {
	t.Parallel()
	srv, rec := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 404, `{"status":"ERROR","message":"not found"}`)
	})
	// Pinned to v2, so that every call goes to one path (auto mode would
	// try both generations; see generation_test.go).
	c := newClient(t, srv.URL+"/api/v2", func(c *Config) { c.APIVersion = "v2" })
	for _, m := range []string{"GET", "POST", "PUT", "DELETE"} {
		err := invoke(context.Background(), c, m)
		want := "sendblue: " + m + " /api/v2/api/v2/account/webhooks: HTTP 404: not found"
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", m, err, want)
		}
	}
	for _, r := range rec.all() {
		if r.path != "/api/v2/api/v2/account/webhooks" {
			t.Errorf("requested %s", r.path)
		}
	}
	// Refused before sending: the path it would have used.
	_, err := c.Add(context.Background(), AddRequest{Type: "bogus"})
	if err == nil || !strings.Contains(err.Error(), "POST /api/v2/api/v2/account/webhooks: ") {
		t.Errorf("refusal %v does not name the path", err)
	}
}

func TestExistsErrorGrammar(t *testing.T) {
	t.Parallel()
	for _, typ := range WebhookTypes() {
		msg := (&ExistsError{Type: typ, URL: "https://a.example/hook"}).Error()
		for _, bad := range []string{"a outbound", "a inbound", "a " + string(typ) + " webhook"} {
			if strings.Contains(msg, bad) {
				t.Errorf("%q contains %q", msg, bad)
			}
		}
		if !strings.Contains(msg, "of type "+string(typ)) {
			t.Errorf("%q lacks the type", msg)
		}
	}
}

// TestSecretsNeverLeak makes the server echo every secret it was sent (the
// API secret, webhook and global secrets) in every kind of failure, and
// checks the error strings and log lines.
func TestSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	const (
		whSecret     = "whsec-Hook-8812"
		globalSecret = "glob-Secret-5521"
	)
	secrets := []string{testSecret, testKey, whSecret, globalSecret}
	echo := "echo: key " + testKey + " secret " + testSecret + " hook " + whSecret + " global " + globalSecret
	shapes := []func(w http.ResponseWriter){
		func(w http.ResponseWriter) { writeJSON(w, 400, `{"status":"ERROR","message":"`+echo+`"}`) },
		func(w http.ResponseWriter) { writeJSON(w, 200, `{"status":"ERROR","message":"`+echo+`"}`) },
		func(w http.ResponseWriter) { writeJSON(w, 401, `{"status":"ERROR","message":"`+echo+`"}`) },
		func(w http.ResponseWriter) { writeJSON(w, 500, `{"status":"ERROR","message":"`+echo+`"}`) },
		func(w http.ResponseWriter) { writeJSON(w, 429, `{"status":"ERROR","message":"`+echo+`"}`) },
		func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(502)
			_, _ = io.WriteString(w, echo)
		},
		func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			_, _ = io.WriteString(w, "<p>"+echo+"</p>")
		},
		func(w http.ResponseWriter) {
			writeJSON(w, 200, `{"status":"OK","webhooks":{"receive":[{"secret":"`+whSecret+`"}]}}`)
		},
		// A long message: the cap must not leave half a secret behind.
		func(w http.ResponseWriter) {
			writeJSON(w, 400, `{"status":"ERROR","message":"`+strings.Repeat("a", maxMessageLen-10)+testSecret+`"}`)
		},
	}
	var mu sync.Mutex
	var logs []string
	logFn := func(_ context.Context, level, msg string, fields map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		logs = append(logs, fmt.Sprintf("%s %s %v", level, msg, fields))
	}
	for i, shape := range shapes {
		srv, _ := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) { shape(w) })
		c := newClient(t, srv.URL, func(c *Config) { c.Log = logFn })
		ctx := context.Background()
		_, errAdd := c.Add(ctx, AddRequest{Type: TypeReceive, Webhooks: []Webhook{{URL: "https://a.example", Secret: whSecret}}, GlobalSecret: globalSecret})
		_, errPut := c.Replace(ctx, &Configuration{Webhooks: map[WebhookType][]Webhook{TypeReceive: {{URL: "https://a.example", Secret: whSecret}}}, GlobalSecret: globalSecret})
		for _, err := range []error{errAdd, errPut} {
			if err == nil {
				t.Fatalf("shape %d: no error", i)
			}
			for _, s := range secrets {
				if strings.Contains(err.Error(), s) {
					t.Errorf("shape %d: error leaks %q: %v", i, s, err)
				}
			}
			if i <= 5 && !strings.Contains(err.Error(), "***") {
				t.Errorf("shape %d: echoed secrets should show as ***: %v", i, err)
			}
			if strings.Contains(err.Error(), testSecret[:6]) && !strings.Contains(err.Error(), "***") {
				t.Errorf("shape %d: part of the API secret left: %v", i, err)
			}
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(logs) == 0 {
		t.Fatal("Log was never called")
	}
	for _, line := range logs {
		for _, s := range []string{testSecret, whSecret, globalSecret} {
			if strings.Contains(line, s) {
				t.Errorf("log line leaks %q: %s", s, line)
			}
		}
	}
}

// A secret the client has seen, of any webhook, is redacted from later
// error text too: the API could quote the account's configuration in a
// refusal that concerns another webhook.
func TestErrorsRedactSecretsReadBack(t *testing.T) {
	const other = "secret-of-another-webhook"
	const global = "the-global-secret"
	srv, _ := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, `{"status":"OK","webhooks":{"receive":[{"url":"https://a.example/x","secret":"`+other+`"}],"globalSecret":"`+global+`"}}`)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"status":"ERROR","message":"conflicts with `+other+` and `+global+`"}`)
	})
	c := newClient(t, srv.URL)
	if _, err := c.List(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err := c.Add(context.Background(), AddRequest{Type: TypeCallLog, Webhooks: []Webhook{{URL: "https://b.example/y"}}})
	if err == nil {
		t.Fatal("Add succeeded against a refusing server")
	}
	for _, s := range []string{other, global} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error text %q contains a secret read back earlier", err)
		}
	}
	if !strings.Contains(err.Error(), "conflicts with ***") {
		t.Errorf("error text %q lost the API's message", err)
	}
}
