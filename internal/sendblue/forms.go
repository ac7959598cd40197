package sendblue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// SecretForms returns the distinct ways secret may be written in a message,
// a log line or an answer that echoes a request, the raw value first:
//   - JSON string escapes, as encoders write them: Go's (which also escapes
//     & < > as \u0026 \u003c \u003e), ones that do not escape HTML, ones that
//     write every non-ASCII character as \uXXXX (lower- or upper-case hex),
//     ones that escape "/" as "\/"; and each of those escaped once more, as a
//     JSON string quoted inside another JSON string is;
//   - URL encodings: query (url.QueryEscape, space as +) and path
//     (url.PathEscape), with upper- or lower-case hex.
//
// Masking matches each of them, so that a secret is hidden however an API,
// a proxy or a logger encoded it.
func SecretForms(secret string) []string {
	if secret == "" {
		return nil
	}
	if strings.IndexFunc(secret, func(r rune) bool { return !unreserved(r) }) < 0 {
		// No encoding rewrites it (the usual random secret): one form.
		return []string{secret}
	}
	seen := map[string]bool{}
	var out []string
	add := func(f string) {
		if f != "" && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	add(secret)
	var jsonForms []string
	for _, html := range []bool{true, false} {
		j := jsonEscape(secret, html)
		for _, f := range []string{j, asciiEscape(j, false), asciiEscape(j, true)} {
			jsonForms = append(jsonForms, f, strings.ReplaceAll(f, "/", `\/`))
		}
	}
	for _, f := range jsonForms {
		add(f)
	}
	for _, f := range jsonForms {
		if f != secret {
			add(jsonEscape(f, true))
			add(jsonEscape(f, false))
		}
	}
	for _, f := range []string{url.QueryEscape(secret), url.PathEscape(secret)} {
		add(f)
		add(lowerHexEscapes(f))
	}
	return out
}

// jsonEscape returns s as the inside of a JSON string, as encoding/json
// writes it, with or without its HTML escaping of & < >.
func jsonEscape(s string, html bool) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(html)
	if err := enc.Encode(s); err != nil {
		return s
	}
	b := bytes.TrimSpace(buf.Bytes())
	return string(b[1 : len(b)-1])
}

// asciiEscape replaces each non-ASCII character of a JSON string's inside
// with its \uXXXX escape (a surrogate pair beyond U+FFFF).
func asciiEscape(s string, upper bool) string {
	format := "\\u%04x"
	if upper {
		format = "\\u%04X"
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case r > 0xFFFF:
			r -= 0x10000
			fmt.Fprintf(&b, format+format, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		default:
			fmt.Fprintf(&b, format, r)
		}
	}
	return b.String()
}

// lowerHexEscapes writes the hex digits of each %XX escape in lower case.
func lowerHexEscapes(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = lowerHex(b[i+1]), lowerHex(b[i+2])
			i += 2
		}
	}
	return string(b)
}

func lowerHex(c byte) byte {
	if 'A' <= c && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

// unreserved reports whether r is written as itself by every encoding
// SecretForms knows: an ASCII letter or digit, or one of "-_.~".
func unreserved(r rune) bool {
	return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9') || strings.ContainsRune("-_.~", r)
}
