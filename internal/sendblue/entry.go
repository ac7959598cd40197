package sendblue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// Webhook is one entry of a type's list: a URL, optionally its own signing
// secret, optionally the Sendblue line numbers (E.164) it is limited to
// (receive only), and any fields of the entry object this version does not
// know, kept raw so that they are written back unchanged. On the wire it is a
// bare URL string when it has nothing but a URL, an object otherwise; both
// shapes are accepted when decoding.
type Webhook struct {
	URL             string
	Secret          string
	SendblueNumbers []string
	Extra           map[string]json.RawMessage
}

// IsBare reports whether w is only a URL.
func (w Webhook) IsBare() bool {
	return w.Secret == "" && len(w.SendblueNumbers) == 0 && len(w.Extra) == 0
}

// Equal reports whether two entries are the same (numbers compared as sets,
// unknown fields byte for byte).
func (w Webhook) Equal(o Webhook) bool {
	if w.URL != o.URL || w.Secret != o.Secret || !SameNumbers(w.SendblueNumbers, o.SendblueNumbers) || len(w.Extra) != len(o.Extra) {
		return false
	}
	for k, v := range w.Extra {
		if ov, ok := o.Extra[k]; !ok || !bytes.Equal(v, ov) {
			return false
		}
	}
	return true
}

// SameNumbers compares two lists of numbers as sets.
func SameNumbers(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	as, bs := slices.Clone(a), slices.Clone(b)
	slices.Sort(as)
	slices.Sort(bs)
	return slices.Equal(as, bs)
}

// Clone returns a deep copy.
func (w Webhook) Clone() Webhook {
	out := Webhook{URL: w.URL, Secret: w.Secret, SendblueNumbers: slices.Clone(w.SendblueNumbers)}
	if w.Extra != nil {
		out.Extra = make(map[string]json.RawMessage, len(w.Extra))
		for k, v := range w.Extra {
			out.Extra[k] = slices.Clone(v)
		}
	}
	return out
}

// MarshalJSON writes a bare string when there is only a URL.
func (w Webhook) MarshalJSON() ([]byte, error) {
	if w.IsBare() {
		return json.Marshal(w.URL)
	}
	m := make(map[string]any, 3+len(w.Extra))
	for k, v := range w.Extra {
		m[k] = v
	}
	m["url"] = w.URL
	if w.Secret != "" {
		m["secret"] = w.Secret
	}
	if len(w.SendblueNumbers) > 0 {
		m["sendblue_numbers"] = w.SendblueNumbers
	}
	return json.Marshal(m)
}

// UnmarshalJSON accepts a URL string or an object with url, optional secret
// and sendblue_numbers, and fields this version does not know.
func (w *Webhook) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*w = Webhook{URL: s}
		return nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil || raw == nil {
		return fmt.Errorf("webhook entry is neither a URL string nor an object")
	}
	out := Webhook{}
	u, ok := raw["url"]
	if !ok || json.Unmarshal(u, &out.URL) != nil {
		return fmt.Errorf("webhook object has no url string")
	}
	delete(raw, "url")
	if v, ok := raw["secret"]; ok {
		if !isNull(v) && json.Unmarshal(v, &out.Secret) != nil {
			return fmt.Errorf("webhook object's secret is not a string")
		}
		delete(raw, "secret")
	}
	if v, ok := raw["sendblue_numbers"]; ok {
		if !isNull(v) && json.Unmarshal(v, &out.SendblueNumbers) != nil {
			return fmt.Errorf("webhook object's sendblue_numbers is not an array of strings")
		}
		if len(out.SendblueNumbers) == 0 {
			out.SendblueNumbers = nil
		}
		delete(raw, "sendblue_numbers")
	}
	if len(raw) > 0 {
		out.Extra = raw
	}
	*w = out
	return nil
}

// Onto returns the entry to write when a caller wants w and the account
// holds listed under the same type and URL: w's modelled fields (URL,
// secret, sendblue_numbers) over listed's fields this version does not
// model, so that no write drops what it does not know. A field w carries in
// its own Extra wins over listed's. This is the one way every write path
// builds an entry from a listed one.
func (w Webhook) Onto(listed Webhook) Webhook {
	out := w.Clone()
	if len(listed.Extra) == 0 {
		return out
	}
	extra := listed.Clone().Extra
	maps.Copy(extra, out.Extra)
	out.Extra = extra
	return out
}

// listedFor returns the entry among listed (entries of one type and URL, in
// the account's order) whose unknown fields a write of w keeps: the first
// that has w's secret and sendblue_numbers, else the first. ok is false when
// listed is empty.
func listedFor(w Webhook, listed []Webhook) (Webhook, bool) {
	if len(listed) == 0 {
		return Webhook{}, false
	}
	if i := slices.IndexFunc(listed, func(l Webhook) bool {
		return l.Secret == w.Secret && SameNumbers(l.SendblueNumbers, w.SendblueNumbers)
	}); i >= 0 {
		return listed[i], true
	}
	return listed[0], true
}

// KeepEntryFields gives every entry of c the fields this version does not
// model of the entry from holds under the same type and URL (see Onto and
// listedFor), so that writing c back loses none of them, for entries c
// changes and entries it keeps alike. Entries from does not hold are left
// as they are.
func (c *Configuration) KeepEntryFields(from *Configuration) {
	if c == nil || from == nil {
		return
	}
	for t, ws := range c.Webhooks {
		listed := from.Get(t)
		if len(listed) == 0 {
			continue
		}
		byURL := make(map[string][]Webhook, len(listed))
		for _, l := range listed {
			byURL[l.URL] = append(byURL[l.URL], l)
		}
		for i, w := range ws {
			if l, ok := listedFor(w, byURL[w.URL]); ok {
				ws[i] = w.Onto(l)
			}
		}
	}
}
