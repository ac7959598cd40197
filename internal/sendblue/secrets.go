package sendblue

import (
	"encoding/json"
	"strings"
)

// SecretsOf returns every secret the configurations hold: per-webhook,
// global, legacy, and any string under a key named like a secret or token
// anywhere in the unknown parts, so that all of them can be masked and
// redacted. Nil configurations hold none.
func SecretsOf(cs ...*Configuration) []string {
	var out []string
	for _, c := range cs {
		if c == nil {
			continue
		}
		out = append(out, c.GlobalSecret, c.LegacySecret)
		for _, ws := range c.Webhooks {
			for _, w := range ws {
				out = append(out, w.Secret)
				for k, v := range w.Extra {
					out = append(out, secretsIn(k, v)...)
				}
			}
		}
		for k, v := range c.Extra {
			out = append(out, secretsIn(k, v)...)
		}
	}
	return nonEmpty(out)
}

func nonEmpty(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// secretLike reports whether a JSON key names something secret.
func secretLike(key string) bool {
	k := strings.ToLower(key)
	for _, w := range []string{"secret", "token", "password", "signing", "key"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// secretsIn returns the strings under secret-like keys anywhere in raw (all
// strings of raw when key itself is secret-like).
func secretsIn(key string, raw json.RawMessage) []string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var out []string
	var walk func(k string, v any, inSecret bool)
	walk = func(k string, v any, inSecret bool) {
		inSecret = inSecret || secretLike(k)
		switch x := v.(type) {
		case string:
			if inSecret {
				out = append(out, x)
			}
		case []any:
			for _, e := range x {
				walk(k, e, inSecret)
			}
		case map[string]any:
			for kk, e := range x {
				walk(kk, e, inSecret)
			}
		}
	}
	walk(key, v, false)
	return out
}

// SecretsInJSON returns the strings under secret-like keys anywhere in a
// JSON document (an API answer), for redaction.
func SecretsInJSON(body []byte) []string {
	return nonEmpty(secretsIn("", body))
}
