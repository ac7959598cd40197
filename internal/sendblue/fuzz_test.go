package sendblue

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// FuzzDecodeConfiguration feeds the API's configuration object, as list and
// add answer it, to the decoder: entries as strings or objects, unknown
// keys, wrong types, huge or deeply nested input. Decoding never panics; a
// configuration that decodes survives a round trip through the encoder
// whole (unknown types and keys, the legacy secret, unknown fields of
// entries); and the same bytes inside a whole answer decode to the same configuration.
func FuzzDecodeConfiguration(f *testing.F) {
	for _, s := range []string{
		`{}`,
		`null`,
		`{"receive":["https://a.example/hook",{"url":"https://b.example/hook","secret":"s1"}],"globalSecret":"g1","secret":"legacy"}`,
		`{"contact_created":["https://c.example/hook",{"url":"https://d.example/hook","secret":"dropped"}]}`,
		`{"receive":null,"call_log":[],"outbound":[{"url":"https://o.example/x"}],"newKind":[1,2,3]}`,
		`{"receive":"https://not-a-list.example"}`,
		`{"receive":[42]}`,
		`{"receive":[{"secret":"no url"}]}`,
		`{"globalSecret":7}`,
		`{"receive":[{"url":"https://a.example","secret":null,"extra":true}]}`,
		`{"receive":["https://a.example","https://a.example"]}`,
		`{"receive":["\u00e9\ud83d\ude00"],"line_blocked":["https://x.example/\\\"q"]}`,
		`[1,2]`,
		`"string"`,
		``,
		// Larger inputs are in TestDecodeConfigurationHugeInputs: big
		// seeds slow the fuzzer down (it minimizes what it finds).
		`{"receive":[` + strings.Repeat(`"https://h.example/x",`, 50) + `{"url":"https://h.example/y","secret":"z"}]}`,
		`{"receive":` + strings.Repeat("[", 64) + strings.Repeat("]", 64) + `}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var c Configuration
		if err := json.Unmarshal(data, &c); err != nil {
			// An error names the problem, never the input's strings.
			if len(err.Error()) > 1000 {
				t.Fatalf("error message of %d bytes", len(err.Error()))
			}
			return
		}
		// The same object inside an answer decodes the same way.
		var r response
		if err := json.Unmarshal([]byte(`{"status":"OK","webhooks":`+string(data)+`}`), &r); err != nil {
			t.Fatalf("decodes alone but not inside an answer: %v", err)
		}
		if r.Webhooks != nil && !reflect.DeepEqual(normalize(*r.Webhooks), normalize(c)) {
			t.Fatalf("inside an answer:\n%#v\nalone:\n%#v", *r.Webhooks, c)
		}

		enc, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("cannot encode a decoded configuration: %v", err)
		}
		var again Configuration
		if err := json.Unmarshal(enc, &again); err != nil {
			t.Fatalf("cannot decode %s, the encoding of a decoded configuration: %v", enc, err)
		}
		if want, got := roundTripped(c), normalize(again); !reflect.DeepEqual(want, got) {
			t.Fatalf("round trip changed the configuration:\nbefore %#v\nafter  %#v\nvia %s", want, got, enc)
		}
		// Encoding is stable from then on.
		enc2, err := json.Marshal(again)
		if err != nil || string(enc2) != string(enc) {
			t.Fatalf("second encoding differs: %s vs %s (%v)", enc2, enc, err)
		}
		// The decoded view answers lookups consistently with the lists.
		v := newView(again.Clone())
		for _, typ := range again.SortedTypes() {
			for _, w := range again.Get(typ) {
				got, n, ok := v.Lookup(typ, w.URL)
				if !ok || n != again.Count(typ, w.URL) || !got.Equal(mustFind(t, &again, typ, w.URL)) {
					t.Fatalf("view lookup of %s %q: %v %d %v", typ, w.URL, got, n, ok)
				}
			}
		}
	})
}

// Huge answers decode (or fail cleanly) without a panic or a stack overflow:
// a hundred thousand entries, one 4 MB URL, nesting far beyond the JSON
// decoder's depth limit.
func TestDecodeConfigurationHugeInputs(t *testing.T) {
	many := `{"receive":[` + strings.Repeat(`"https://h.example/x",`, 100000) + `{"url":"https://h.example/y","secret":"z"}]}`
	var c Configuration
	if err := json.Unmarshal([]byte(many), &c); err != nil || len(c.Get(TypeReceive)) != 100001 {
		t.Fatalf("100001 entries: %d, %v", len(c.Get(TypeReceive)), err)
	}
	if v := newView(&c); v.cfg.Len() != 100001 {
		t.Fatalf("view of %d entries", v.cfg.Len())
	}
	long := `{"outbound":[{"url":"https://h.example/` + strings.Repeat("a", 4<<20) + `","secret":"s"}]}`
	if err := json.Unmarshal([]byte(long), &c); err != nil || len(c.Get(TypeOutbound)[0].URL) < 4<<20 {
		t.Fatalf("4 MB URL: %v", err)
	}
	for _, deep := range []string{
		`{"receive":` + strings.Repeat("[", 200000) + strings.Repeat("]", 200000) + `}`,
		`{"receive":[` + strings.Repeat(`{"url":`, 200000) + `"x"` + strings.Repeat("}", 200000) + `]}`,
		strings.Repeat(`{"receive":`, 200000),
	} {
		if err := json.Unmarshal([]byte(deep), &c); err == nil {
			t.Fatalf("nesting of %d bytes decoded", len(deep))
		} else if len(err.Error()) > 300 {
			t.Fatalf("error of %d bytes", len(err.Error()))
		}
	}
}

// normalize drops empty type lists, which decode from either an absent key
// or [], and compacts raw JSON (the encoder writes it compacted), so that
// equal configurations compare equal.
func normalize(c Configuration) Configuration {
	out := Configuration{GlobalSecret: c.GlobalSecret, LegacySecret: c.LegacySecret, Webhooks: map[WebhookType][]Webhook{}}
	for t, ws := range c.Webhooks {
		if len(ws) == 0 {
			continue
		}
		cp := make([]Webhook, len(ws))
		for i, w := range ws {
			cp[i] = w.Clone()
			cp[i].Extra = compactAll(w.Extra)
		}
		out.Webhooks[t] = cp
	}
	out.Extra = compactAll(c.Extra)
	return out
}

func compactAll(m map[string]json.RawMessage) map[string]json.RawMessage {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		var b bytes.Buffer
		if json.Compact(&b, v) != nil {
			out[k] = v
			continue
		}
		out[k] = b.Bytes()
	}
	return out
}

// roundTripped is what the encoder is expected to keep of c: everything,
// including the legacy secret, types this version does not know and keys it
// does not model.
func roundTripped(c Configuration) Configuration {
	return normalize(*c.Clone())
}

func mustFind(t *testing.T, c *Configuration, typ WebhookType, url string) Webhook {
	t.Helper()
	w, ok := c.Find(typ, url)
	if !ok {
		t.Fatalf("%s %q not found", typ, url)
	}
	return w
}
