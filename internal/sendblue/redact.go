package sendblue

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// ShortSecretLen is the length from which a secret is masked wherever it
// appears; see Redact for how masking matches.
//
// A secret is replaced by "***" as a whole value, never in part. Where it is
// looked for depends on its length:
//   - a secret of ShortSecretLen characters or more is replaced wherever it
//     appears, even inside a longer string (a random secret of that length
//     does not occur in ordinary text by chance);
//   - a shorter secret is replaced only where it stands on its own: not
//     preceded or followed by a letter, digit or underscore. A secret "s" must
//     not turn "connection refused" into "connection refu***ed"; it is still
//     hidden in `"secret":"s"` or `secret=s`.
//
// So masking never alters part of an unrelated word. The price: a short
// secret glued to other letters in an API message (say "tokens" for the
// secret "s") is left as it is, and a short secret that is an ordinary word
// ("a") hides that word wherever it stands alone. Secrets that short are
// weak anyway; Sendblue's are long random strings.

// ShortSecretLen is the length from which a secret is masked wherever it
// appears, even inside a longer string (see above).
const ShortSecretLen = 8

const mask = "***"

// isWordByte reports whether b is an ASCII letter, digit or underscore: the
// characters regexp's \b treats as word characters.
func isWordByte(b byte) bool {
	return b == '_' || ('0' <= b && b <= '9') || ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z')
}

// SecretPattern returns the regular expression that matches secret as
// Redact does (see ShortSecretLen), in each form it may be written in (see
// SecretForms), for loggers that mask by regular expression. It returns ""
// for an empty secret.
func SecretPattern(secret string) string {
	if secret == "" {
		return ""
	}
	long := utf8.RuneCountInString(secret) >= ShortSecretLen
	forms := SecretForms(secret)
	parts := make([]string, len(forms))
	for i, f := range forms {
		parts[i] = formPattern(f, long)
	}
	return strings.Join(parts, "|")
}

// formPattern matches one written form of a secret: anywhere when the
// secret is long, else only where it stands on its own.
func formPattern(form string, long bool) string {
	p := regexp.QuoteMeta(form)
	if long {
		return p
	}
	// \b only where the form's own edge is a word character: a secret
	// that starts with "-" needs no boundary before it.
	if isWordByte(form[0]) {
		p = `\b` + p
	}
	if isWordByte(form[len(form)-1]) {
		p += `\b`
	}
	return p
}

// SecretsRegexp returns one regular expression matching every given secret
// as Redact does, in every form it may be written in, longest first, or nil
// when there is none.
func SecretsRegexp(secrets ...string) *regexp.Regexp {
	list := secretList(secrets)
	if len(list) == 0 {
		return nil
	}
	long := map[string]bool{}
	var forms []string
	for _, s := range list {
		l := utf8.RuneCountInString(s) >= ShortSecretLen
		for _, f := range SecretForms(s) {
			if _, seen := long[f]; !seen {
				forms = append(forms, f)
			}
			long[f] = long[f] || l
		}
	}
	sort.SliceStable(forms, func(i, j int) bool { return len(forms[i]) > len(forms[j]) })
	parts := make([]string, len(forms))
	for i, f := range forms {
		parts[i] = formPattern(f, long[f])
	}
	return regexp.MustCompile(strings.Join(parts, "|"))
}

// Redact replaces each occurrence of the given secrets in s, in any of their
// written forms (SecretForms), with "***" (whole values; short secrets only
// where they stand alone, see ShortSecretLen). Empty secrets are ignored.
func Redact(s string, secrets ...string) string {
	if s == "" {
		return s
	}
	re := SecretsRegexp(secrets...)
	if re == nil {
		return s
	}
	return re.ReplaceAllLiteralString(s, mask)
}

// secretList keeps the distinct non-empty secrets, longest first, so that a
// secret containing another is replaced whole.
func secretList(secrets []string) []string {
	seen := make(map[string]struct{}, len(secrets))
	var out []string
	for _, s := range secrets {
		if s == "" {
			continue
		}
		if _, ok := seen[s]; ok {
			continue
		}
		seen[s] = struct{}{}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// remember adds secrets to the client's redaction set.
func (c *Client) remember(secrets ...string) {
	c.knownMu.Lock()
	defer c.knownMu.Unlock()
	if c.known == nil {
		c.known = map[string]struct{}{}
	}
	for _, s := range secrets {
		if s != "" {
			c.known[s] = struct{}{}
		}
	}
}

// redactions returns what to redact from a call that sends secrets: those,
// the credentials, and every secret this client knows (nil when none).
func (c *Client) redactions(secrets []string) *regexp.Regexp {
	c.knownMu.Lock()
	all := append([]string{c.apiKey, c.apiSecret, c.token}, secrets...)
	for s := range c.known {
		all = append(all, s)
	}
	c.knownMu.Unlock()
	return SecretsRegexp(all...)
}

// learn adds the secrets found anywhere in an answer (strings under keys
// named like a secret or token, whatever the type or key around them) to the
// redaction set of the client and of this call.
func (st *call) learn(body []byte) {
	found := SecretsInJSON(body)
	if len(found) == 0 {
		return
	}
	st.c.remember(found...)
	st.redact = st.c.redactions(nil)
}

// clean replaces every known secret with "***" (whole values, see Redact)
// and then caps the length; in that order, so that the cap cannot leave
// part of a secret behind.
func (st *call) clean(s string) string {
	if st.redact != nil {
		s = st.redact.ReplaceAllLiteralString(s, mask)
	}
	return truncate(s, maxMessageLen)
}

// truncate cuts s to at most n runes, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
