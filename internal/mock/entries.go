package mock

import (
	"bytes"
	"encoding/json"
)

// modelledEntryFields are the fields of an entry object the API documents.
var modelledEntryFields = map[string]bool{"url": true, "secret": true, "sendblue_numbers": true}

// mustEntryFields panics on seeded entries whose Extra holds a documented field or a
// value that is not JSON, so a typo in a test fails loudly.
func mustEntryFields(es []Entry) {
	if !entryFieldsValid(es) {
		panic("mock: an entry's Extra holds a modelled key, or a value that is not JSON")
	}
}

// entryFieldsValid reports whether every entry's Extra holds only undocumented fields
// with JSON values.
func entryFieldsValid(es []Entry) bool {
	for _, e := range es {
		for k, v := range e.Extra {
			if modelledEntryFields[k] || !json.Valid(v) {
				return false
			}
		}
	}
	return true
}

// splitEntryFields takes the fields named in known out of an entry object and returns
// the rest of the object (to be decoded strictly) and those fields, raw. With no known
// fields it returns the object as it is.
func splitEntryFields(obj []byte, known map[string]bool) ([]byte, map[string]json.RawMessage, error) {
	if len(known) == 0 {
		return obj, nil, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(obj, &fields); err != nil {
		return nil, nil, err
	}
	var extra map[string]json.RawMessage
	for k, v := range fields {
		if known[k] {
			if extra == nil {
				extra = map[string]json.RawMessage{}
			}
			extra[k] = json.RawMessage(bytes.TrimSpace(v))
			delete(fields, k)
		}
	}
	if extra == nil {
		return obj, nil, nil
	}
	rest, err := json.Marshal(fields)
	return rest, extra, err
}

// encodeEntry renders one entry of type t as generation g lists it: a bare URL
// string when it has nothing else (and always for contact_created on v2, unless
// v2ContactSecrets), an object with its other fields otherwise (v2 shows no
// sendblue_numbers).
func encodeEntry(g generation, t string, e Entry, v2ContactSecrets bool) any {
	if g == genV2 {
		e.SendblueNumbers = nil
		if t == contactCreated && !v2ContactSecrets {
			return e.URL
		}
	}
	obj := entryObject{URL: e.URL, Secret: e.Secret, Numbers: e.SendblueNumbers}
	switch {
	case obj.Secret == "" && len(obj.Numbers) == 0 && len(e.Extra) == 0:
		return e.URL
	case len(e.Extra) == 0:
		return obj
	}
	// The fields the mock does not model go beside the object's own, which
	// entryObject alone names (Extra never holds one of them: entryFieldsValid).
	m := copyExtra(e.Extra)
	if err := json.Unmarshal(marshal(obj), &m); err != nil {
		panic("mock: decoding an entry it encoded: " + err.Error())
	}
	return m
}
