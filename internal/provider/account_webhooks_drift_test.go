package provider

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

func TestResolveDuplicates(t *testing.T) {
	const url = "https://a.example/r1"
	ref := sendblue.Ref{Type: sendblue.TypeReceive, URL: url}
	extra := func(kv ...string) map[string]json.RawMessage {
		m := map[string]json.RawMessage{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = json.RawMessage(kv[i+1])
		}
		return m
	}
	bare := sendblue.Webhook{URL: url}
	s1 := sendblue.Webhook{URL: url, Secret: "dup-secret-1"}
	s2 := sendblue.Webhook{URL: url, Secret: "dup-secret-2"}
	nums := sendblue.Webhook{URL: url, SendblueNumbers: []string{"+15551230000"}}
	s1x := sendblue.Webhook{URL: url, Secret: "dup-secret-1", Extra: extra("extra", `"keepme"`)}
	s1y := sendblue.Webhook{URL: url, Secret: "dup-secret-1", Extra: extra("extra", `"other"`)}
	cases := []struct {
		name    string
		copies  []sendblue.Webhook
		want    sendblue.Webhook
		own     bool
		keep    sendblue.Webhook
		problem string
		how     string
	}{
		{name: "a bare copy never wins over one with a secret", copies: []sendblue.Webhook{bare, s1}, want: bare, keep: s1,
			how: "one copy has a secret, one copy has none"},
		{name: "different secrets, none configured", copies: []sendblue.Webhook{s1, s2, bare}, want: bare,
			problem: "hold 2 different secrets and the configuration sets none", how: "they hold 2 different secrets; one copy has no secret"},
		{name: "different secrets, one configured", copies: []sendblue.Webhook{s1, s2}, want: s2, own: true, keep: s2,
			how: "they hold 2 different secrets"},
		{name: "a managed secret removed keeps the bare copy", copies: []sendblue.Webhook{s1, bare}, want: bare, own: true, keep: bare,
			how: "one copy has a secret, one copy has none"},
		{name: "numbers decide", copies: []sendblue.Webhook{bare, nums}, want: nums, keep: nums, how: "they differ in sendblue_numbers"},
		{name: "fields of the matching copy", copies: []sendblue.Webhook{bare, s1x}, want: bare, keep: s1x,
			how: "one copy has a secret, one copy has none; they differ in field extra"},
		{name: "matching copies differ in a field", copies: []sendblue.Webhook{s1x, s1y}, want: bare,
			problem: "differ in field extra", how: "they differ in field extra"},
		{name: "identical", copies: []sendblue.Webhook{s1, s1}, want: bare, keep: s1, how: "the copies are identical"},
	}
	for _, tc := range cases {
		d := duplicate{ref: ref, copies: tc.copies}
		res := resolve(d, tc.want, tc.own)
		if tc.problem != "" {
			if !strings.Contains(res.problem, tc.problem) {
				t.Errorf("%s: problem %q, want one saying %q", tc.name, res.problem, tc.problem)
			}
		} else if res.problem != "" || !res.keep.Equal(tc.keep) {
			t.Errorf("%s: keeps %+v (problem %q), want %+v", tc.name, res.keep, res.problem, tc.keep)
		}
		how := howCopiesDiffer(d)
		if how != tc.how {
			t.Errorf("%s: says %q, want %q", tc.name, how, tc.how)
		}
		for _, msg := range []string{how, res.problem} {
			if strings.Contains(msg, "dup-secret") {
				t.Errorf("%s: a message shows a secret: %s", tc.name, msg)
			}
		}
	}
}

func TestDuplicatesIn(t *testing.T) {
	c := &sendblue.Configuration{Webhooks: map[sendblue.WebhookType][]sendblue.Webhook{
		sendblue.TypeReceive:  {{URL: "https://a"}, {URL: "https://b"}, {URL: "https://a", Secret: "s"}, {URL: "https://c"}, {URL: "https://b"}},
		sendblue.TypeOutbound: {{URL: "https://a"}},
		"future_type":         {{URL: "https://f"}, {URL: "https://f"}},
	}}
	got := duplicatesIn(c)
	if len(got) != 2 || got[0].ref.URL != "https://a" || len(got[0].copies) != 2 || got[0].copies[1].Secret != "s" ||
		got[1].ref.URL != "https://b" || len(got[1].copies) != 2 {
		t.Errorf("duplicates %+v", got)
	}
}
