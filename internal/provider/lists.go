package provider

import (
	"strings"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// How descriptions and messages list values.

// codeList writes values as Markdown code, the last joined by conj ("or",
// "and"): `a`, `b` or `c`.
func codeList(values []string, conj string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = "`" + v + "`"
	}
	if len(quoted) < 2 {
		return strings.Join(quoted, "")
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " " + conj + " " + quoted[len(quoted)-1]
}

// typesCode lists the nine types as Markdown code, for descriptions:
// `receive`, `call_log`, ...
func typesCode() string {
	return "`" + strings.Join(sendblue.WebhookTypeStrings(), "`, `") + "`"
}

// typesPlain lists the nine types as plain text, for messages: receive,
// call_log, ...
func typesPlain() string {
	return strings.Join(sendblue.WebhookTypeStrings(), ", ")
}
