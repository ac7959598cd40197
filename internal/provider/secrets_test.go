package provider

// api_secret, secret, secret_wo and global_secret never appear in
// diagnostics, in the client's error text or in the provider's logs at
// TRACE; secret_wo is never in state or plan.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

// The masks maskSecrets sets apply to every line logFunc (the HTTP client's
// and the account layer's logger) writes: a secret inside a message or a
// field value, and any value of a secret-named field.
func TestMaskSecrets_logFunc(t *testing.T) {
	const apiSecret, hookSecret = "api-SECRET-9f3e1c", "hook-SECRET-27ab44"
	fieldValues := map[string]string{}
	for _, k := range secretFieldKeys {
		fieldValues[k] = "value-of-" + k + "-5d2f"
	}
	for _, level := range []string{"trace", "debug", "warn"} {
		t.Run(level, func(t *testing.T) {
			var out bytes.Buffer
			ctx := tflogtest.RootLogger(context.Background(), &out)
			ctx = maskSecrets(ctx, apiSecret, "", hookSecret)
			fields := map[string]any{
				"reason": "the server echoed " + hookSecret + " and " + apiSecret,
				"kept":   "visible-value",
			}
			for k, v := range fieldValues {
				fields[k] = v
			}
			logFunc(ctx, level, "sendblue: retrying after "+apiSecret+" / "+hookSecret, fields)
			got := out.String()
			if !strings.Contains(got, "visible-value") || !strings.Contains(got, "sendblue: retrying after") {
				t.Fatalf("the log line is missing or over-masked: %s", got)
			}
			for _, s := range []string{apiSecret, hookSecret} {
				if strings.Contains(got, s) {
					t.Errorf("the log holds the secret %q: %s", s, got)
				}
			}
			for k, v := range fieldValues {
				if strings.Contains(got, v) {
					t.Errorf("the log holds the value of the secret-named field %q: %s", k, got)
				}
			}
		})
	}
	// An empty secret masks nothing (it would otherwise match everywhere).
	var out bytes.Buffer
	ctx := maskSecrets(tflogtest.RootLogger(context.Background(), &out), "", "")
	logFunc(ctx, "debug", "nothing secret here", nil)
	if !strings.Contains(out.String(), "nothing secret here") {
		t.Fatalf("an empty secret masked the message: %s", out.String())
	}
}

// A short secret is masked in logs only where it stands alone, as in error
// text: it never garbles part of a word.
func TestMaskSecrets_shortSecretWholeValuesOnly(t *testing.T) {
	var out bytes.Buffer
	ctx := maskSecrets(tflogtest.RootLogger(context.Background(), &out), "s", "up")
	logFunc(ctx, "debug", "connection refused; DNS lookup failed; secret=s", map[string]any{"reason": "s", "note": "sup up"})
	got := out.String()
	for _, want := range []string{"connection refused; DNS lookup failed; secret=***", `"reason":"***"`, `"note":"sup ***"`} {
		if !strings.Contains(got, want) {
			t.Errorf("log line %s lacks %q", got, want)
		}
	}
}

// The secrets of TestE2E_secretsNeverLeak: distinctive, none a part of
// another.
const (
	leakAPISecret    = "sbAPIsecret-Q7w2e9r4"
	leakHookSecret   = "sbHOOKsecret-K3m8n1b6"
	leakWOSecret     = "sbWOsecret-Z5x0c7v2"
	leakWOSecret2    = "sbWOsecret2-L4p6o9i3"
	leakGlobalSecret = "sbGLOBALsecret-H8j2g5f1"
)

// leakHCL passes every secret through a variable set in leak.auto.tfvars
// (not on the command line, which Terraform logs at TRACE): the API
// secret and the write-only secret through ephemeral variables, so that no
// secret is a literal of the configuration (which Terraform copies into a
// saved plan).
const leakHCL = acctest.TerraformBlock + `
variable "api_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}
variable "hook_secret" {
  type      = string
  sensitive = true
}
variable "hook_secret_wo" {
  type      = string
  sensitive = true
  ephemeral = true
}
variable "global_secret" {
  type      = string
  sensitive = true
}
variable "wo_version" {
  type    = number
  default = 1
}

provider "sendblue" {
  api_secret = var.api_secret
}

resource "sendblue_webhook" "plain" {
  url           = "https://hooks.example.com/leak/plain"
  secret        = var.hook_secret
  global_secret = var.global_secret
}

resource "sendblue_webhook" "wo" {
  url               = "https://hooks.example.com/leak/wo"
  type              = "outbound"
  secret_wo         = var.hook_secret_wo
  secret_wo_version = var.wo_version
}
`

// echoProxy stands in front of the mock and answers queued requests with an
// error that repeats the request, API secret header and body included, as a
// careless proxy or API might: the client must redact those secrets before
// they reach a diagnostic or a log line.
type echoProxy struct {
	next  http.Handler
	mu    sync.Mutex
	queue []echoFault
}

type echoFault struct {
	method string
	status int
	apply  bool // the mock applies the request first
}

func (p *echoProxy) add(n int, f echoFault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for range n {
		p.queue = append(p.queue, f)
	}
}

func (p *echoProxy) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.queue = nil
}

func (p *echoProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	var f echoFault
	found := false
	for i, q := range p.queue {
		if q.method == r.Method {
			f, found = q, true
			p.queue = append(p.queue[:i], p.queue[i+1:]...)
			break
		}
	}
	p.mu.Unlock()
	if !found {
		p.next.ServeHTTP(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	if f.apply {
		r.Body = io.NopCloser(bytes.NewReader(body))
		p.next.ServeHTTP(httptest.NewRecorder(), r)
	}
	msg, _ := json.Marshal(map[string]string{
		"status":  "ERROR",
		"message": fmt.Sprintf("rejected %s with key %s: %s", r.Method, r.Header.Get("sb-api-secret-key"), body),
	})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.status)
	_, _ = w.Write(msg)
}

// newEchoMock serves a mock behind an echoProxy on 127.0.0.1.
func newEchoMock(t *testing.T, opts mock.Options) (*mock.Server, *echoProxy, string) {
	t.Helper()
	m := mock.New(opts)
	p := &echoProxy{next: m}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return m, p, srv.URL
}

// newLeakWorkspace is a workspace for the secret tests, against the API at
// url, with leakHCL as its configuration; its runs log at TRACE into the
// returned path (leakEnv).
func newLeakWorkspace(t *testing.T, url string) (*e2eWorkspace, string) {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), "trace.log")
	w := newE2EWorkspace(t, leakEnv(url, logPath)...)
	w.Write("main.tf", leakHCL)
	return w, logPath
}

// leakEnv is the environment of the secret tests' terraform runs: every
// log at TRACE, Terraform core's and the provider's, into logPath; every
// secret through TF_VAR_*.
func leakEnv(url, logPath string) []string {
	return []string{
		"SENDBLUE_API_KEY=leak-api-key", "SENDBLUE_BASE_URL=" + url,
		"TF_LOG=TRACE", "TF_LOG_PATH=" + logPath,
	}
}

// leakVars is leak.auto.tfvars: the values of leakHCL's variables, with
// the write-only secret and its version given.
func leakVars(woSecret string, woVersion int) string {
	return fmt.Sprintf("api_secret = %q\nhook_secret = %q\nhook_secret_wo = %q\nglobal_secret = %q\nwo_version = %d\n",
		leakAPISecret, leakHookSecret, woSecret, leakGlobalSecret, woVersion)
}

// readTraceLog returns the TRACE log, after checking that it holds the
// provider's lines (the resource's and the account layer's) and the lines
// named in want.
func readTraceLog(t *testing.T, path string, want ...string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range append([]string{"creating webhook", "@module=sendblue"}, want...) {
		if !bytes.Contains(b, []byte(w)) {
			t.Fatalf("the log lacks %q; is the provider's TRACE log captured? (%d bytes)", w, len(b))
		}
	}
	return string(b)
}

// The provider binary, run by terraform with TF_LOG=TRACE, through an apply
// that meets faults whose error text echoes the request (the API secret
// header, and the body with its secrets), a rotation of the write-only
// secret through a saved plan, an apply that fails for good, and a destroy:
// no secret appears in the log (Terraform's and the provider's) or in the
// CLI's output, and neither the API secret nor a write-only secret appears
// in state or in the saved plan.
func TestE2E_secretsNeverLeak(t *testing.T) {
	t.Parallel()
	acctest.RequireCLI(t, acctest.FeatEphemeralVariables, acctest.FeatWriteOnly)
	m, echo, url := newEchoMock(t, mock.Options{APIKey: "leak-api-key", APISecret: leakAPISecret})
	w, logPath := newLeakWorkspace(t, url)
	var outputs strings.Builder
	// record keeps a command's output for the checks at the end, and
	// fails the test unless the command's error is as wanted.
	record := func(what string, wantErr bool, out string, err error) string {
		t.Helper()
		outputs.WriteString(out)
		if (err != nil) != wantErr {
			t.Fatalf("terraform %s: error %v, want an error: %v:\n%s", what, err, wantErr, out)
		}
		return out
	}
	w.Write("leak.auto.tfvars", leakVars(leakWOSecret, 1))

	// 1. Apply through echoing faults: a read retried, adds refused with
	// 500 and 429, an add applied but answered 502.
	echo.add(1, echoFault{method: http.MethodGet, status: 503})
	echo.add(1, echoFault{method: http.MethodPost, status: 500})
	echo.add(1, echoFault{method: http.MethodPost, status: 502, apply: true})
	echo.add(1, echoFault{method: http.MethodPost, status: 429})
	out, err := w.ApplyErr()
	record("apply", false, out, err)
	if err := acctest.MockHoldsExactly(m, map[string]bool{
		"receive https://hooks.example.com/leak/plain": true, "outbound https://hooks.example.com/leak/wo": true,
	}); err != nil {
		t.Fatal(err)
	}
	st := m.State()
	if st.Webhooks["outbound"][0].Secret != leakWOSecret || st.GlobalSecret != leakGlobalSecret {
		t.Fatalf("the secrets did not reach the account: %+v", st)
	}

	// 2. A saved plan that rotates the write-only secret, then its apply,
	// through a delete and an add that echo.
	w.Write("leak.auto.tfvars", leakVars(leakWOSecret2, 2))
	_, out, err = w.PlanErr(tfexec.Out("rotate.tfplan"))
	record("plan -out=rotate.tfplan", false, out, err)
	// (Not in outputs: the plan's JSON holds the non-ephemeral sensitive
	// variables, hook_secret and global_secret, by design.)
	planBytes, err := json.Marshal(w.ShowPlan("rotate.tfplan"))
	if err != nil {
		t.Fatal(err)
	}
	planJSON := string(planBytes)
	echo.add(1, echoFault{method: http.MethodDelete, status: 500})
	echo.add(1, echoFault{method: http.MethodPost, status: 503})
	out, err = w.ApplyErr(tfexec.DirOrPlan("rotate.tfplan"))
	record("apply rotate.tfplan", false, out, err)
	if got := m.State().Webhooks["outbound"]; len(got) != 1 || got[0].Secret != leakWOSecret2 {
		t.Fatalf("the write-only secret was not rotated: %+v", got)
	}
	stateFile := w.Read("terraform.tfstate")

	// 3. A failure that does not go away: every add refused with an echo.
	w.Write("extra.tf", `
resource "sendblue_webhook" "extra" {
  url           = "https://hooks.example.com/leak/extra"
  secret        = var.hook_secret
  global_secret = var.global_secret
}
`)
	echo.add(1000, echoFault{method: http.MethodPost, status: 400})
	out, err = w.ApplyErr()
	failed := record("apply", true, out, err)
	if !strings.Contains(failed, "HTTP 400: rejected POST with key ***") {
		t.Errorf("the failed apply does not show the redacted API error:\n%s", failed)
	}
	echo.clear()

	// 4. Destroy, through a delete that echoes.
	echo.add(1, echoFault{method: http.MethodDelete, status: 503})
	outputs.WriteString(w.Destroy())
	if n := m.Total(); n != 0 {
		t.Fatalf("the mock holds %d webhooks after destroy", n)
	}

	// The client's retry lines carry the (redacted) error text.
	logText := readTraceLog(t, logPath, "sendblue: retrying", "rejected POST with key ***")
	for _, s := range []string{leakAPISecret, leakHookSecret, leakWOSecret, leakWOSecret2, leakGlobalSecret} {
		if i := strings.Index(logText, s); i >= 0 {
			t.Errorf("the TRACE log holds the secret %q: …%s…", s, excerpt(logText, i))
		}
		if i := strings.Index(outputs.String(), s); i >= 0 {
			t.Errorf("terraform's output holds the secret %q: …%s…", s, excerpt(outputs.String(), i))
		}
	}
	// secret and global_secret are stored in state by design (sensitive);
	// the API secret and write-only secrets never are, nor in a plan.
	if !strings.Contains(stateFile, leakHookSecret) {
		t.Errorf("the state file does not hold `secret`; is this the right file?")
	}
	for _, s := range []string{leakAPISecret, leakWOSecret, leakWOSecret2} {
		if strings.Contains(stateFile, s) {
			t.Errorf("the state file holds the secret %q", s)
		}
		if strings.Contains(planJSON, s) {
			t.Errorf("the saved plan holds the secret %q", s)
		}
	}
}

// An API error that quotes secrets the account holds for other webhooks
// (which the list call has just returned to the provider), not only those of
// the failing request, must not carry them into a diagnostic or a log line
// either.
func TestE2E_secretsOfOtherWebhooksNeverLeak(t *testing.T) {
	t.Parallel()
	acctest.RequireCLI(t, acctest.FeatEphemeralVariables, acctest.FeatWriteOnly)
	m, url := acctest.ServeMock(t, mock.Options{APIKey: "leak-api-key", APISecret: leakAPISecret})
	w, logPath := newLeakWorkspace(t, url)
	w.Write("leak.auto.tfvars", leakVars(leakWOSecret, 1))
	w.Apply()

	// A new webhook without a secret, whose add is refused with a message
	// quoting the account's stored secrets.
	w.Write("extra.tf", `
resource "sendblue_webhook" "extra" {
  url  = "https://hooks.example.com/leak/extra"
  type = "call_log"
}
`)
	m.FailNext(1000, mock.Fault{Methods: []string{http.MethodPost}, Status: 400, Body: fmt.Sprintf(
		`{"status":"ERROR","message":"conflicts with the account's configuration: secret %s, global %s, write-only %s"}`,
		leakHookSecret, leakGlobalSecret, leakWOSecret)})
	out := w.ApplyFails()
	if !acctest.ErrRe(`HTTP 400: conflicts with the account's configuration`).MatchString(out) {
		t.Fatalf("terraform apply failed without the API's error:\n%s", out)
	}
	logText := readTraceLog(t, logPath)
	for _, s := range []string{leakHookSecret, leakWOSecret, leakGlobalSecret} {
		if i := strings.Index(out, s); i >= 0 {
			t.Errorf("terraform's output holds the secret %q: …%s…", s, excerpt(out, i))
		}
		if i := strings.Index(logText, s); i >= 0 {
			t.Errorf("the TRACE log holds the secret %q: …%s…", s, excerpt(logText, i))
		}
	}
}

// excerpt returns the text around s[i].
func excerpt(s string, i int) string {
	return s[max(0, i-120):min(len(s), i+60)]
}
