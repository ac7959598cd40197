package livetest

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// Shape describes a JSON answer without its values: objects by their keys
// (sorted) and the shape of each value, arrays by the set of their elements'
// shapes, and scalars by their JSON type. Two answers of the same shape differ
// only in values, so a shape may be printed and compared freely: it never
// holds a secret.
//
//	{"status":"OK","webhooks":{"receive":["https://a",{"url":"https://b","secret":"s"}]}}
//	→ {status:string,webhooks:{receive:[string|{secret:string,url:string}]}}
func Shape(body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return "empty"
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return "not JSON"
	}
	return shapeOf(v)
}

func shapeOf(v any) string {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ":" + shapeOf(x[k])
		}
		return "{" + strings.Join(parts, ",") + "}"
	case []any:
		var elems []string
		for _, e := range x {
			if s := shapeOf(e); !slices.Contains(elems, s) {
				elems = append(elems, s)
			}
		}
		slices.Sort(elems)
		return "[" + strings.Join(elems, "|") + "]"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "bool"
	default:
		return "null"
	}
}
