package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// Secrets holding characters that JSON or URL encoding rewrite (& < > " \)
// and non-ASCII letters.
const (
	encAPISecret    = `api&<key>"\secret`
	encHookSecret   = "Zq9&Rt5!xY"
	encGlobalSecret = "pässwörd-ü"
	encWOSecret     = `a<b>"c\d`
)

// An API that refuses every add with an error repeating the request (its
// API secret header URL-encoded, its JSON body as sent, where Go's encoder
// wrote & < > as \u0026 \u003c \u003e): no form of any secret reaches
// terraform's output or the TRACE log, and the masked message is shown.
func TestE2E_encodedSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	acctest.RequireCLI(t, acctest.FeatEphemeralVariables, acctest.FeatWriteOnly)
	m, url := acctest.ServeMock(t, mock.Options{APIKey: "leak-api-key", APISecret: encAPISecret})
	w, logPath := newLeakWorkspace(t, url)
	w.Write("leak.auto.tfvars", fmt.Sprintf("api_secret = %q\nhook_secret = %q\nhook_secret_wo = %q\nglobal_secret = %q\nwo_version = 1\n",
		encAPISecret, encHookSecret, encWOSecret, encGlobalSecret))
	m.FailNext(1000, mock.Fault{Methods: []string{http.MethodPost}, EchoRequest: true})
	out := w.ApplyFails()
	for _, want := range []string{"sb-api-secret-key=***", `"secret":"***"`, `"globalSecret":"***"`, "https://hooks.example.com/leak/plain"} {
		if !strings.Contains(out, want) {
			t.Errorf("the failed apply does not show the masked echo (%s):\n%s", want, out)
		}
	}
	logText := readTraceLog(t, logPath, "refused: ")
	for _, s := range []string{encAPISecret, encHookSecret, encGlobalSecret, encWOSecret} {
		for _, form := range sendblue.SecretForms(s) {
			if i := strings.Index(out, form); i >= 0 {
				t.Errorf("terraform's output holds %q, a form of the secret %q: …%s…", form, s, excerpt(out, i))
			}
			if i := strings.Index(logText, form); i >= 0 {
				t.Errorf("the TRACE log holds %q, a form of the secret %q: …%s…", form, s, excerpt(logText, i))
			}
		}
	}
}
