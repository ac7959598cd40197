package sendblue

import (
	"fmt"
	"testing"
)

func TestUncovered(t *testing.T) {
	t.Parallel()
	a := Webhook{URL: "https://a.example", Secret: "s1", SendblueNumbers: []string{"+2", "+1"}}
	b := Webhook{URL: "https://b.example"}
	c := &Configuration{Webhooks: map[WebhookType][]Webhook{
		TypeReceive:  {a, b, b},
		TypeOutbound: {b},
	}}
	same := &Configuration{Webhooks: map[WebhookType][]Webhook{
		TypeOutbound: {b},
		TypeReceive:  {b, {URL: a.URL, Secret: "s1", SendblueNumbers: []string{"+1", "+2"}}, b},
	}}
	if got := Uncovered(c, same); len(got) != 0 {
		t.Errorf("Uncovered(c, same) = %v, want none (numbers compare as a set, order does not matter)", got)
	}
	// Each shown configuration covers as many entries as it holds; the
	// most any one holds counts, not their sum.
	one := &Configuration{Webhooks: map[WebhookType][]Webhook{TypeReceive: {a, b}, TypeOutbound: {b}}}
	if got := fmt.Sprint(Uncovered(c, one, one)); got != "[receive https://b.example]" {
		t.Errorf("Uncovered(c, one, one) = %s, want the second b", got)
	}
	other := &Configuration{Webhooks: map[WebhookType][]Webhook{TypeReceive: {{URL: a.URL, Secret: "s2"}, b, b}}}
	if got := fmt.Sprint(Uncovered(c, other)); got != "[receive https://a.example outbound https://b.example]" {
		t.Errorf("Uncovered(c, other) = %s, want a (other secret) and outbound b, in type order", got)
	}
	if got := Uncovered(c); len(got) != 3 {
		t.Errorf("Uncovered(c) = %v, want each webhook once", got)
	}
}

func TestVerifyReplaced(t *testing.T) {
	t.Parallel()
	sent := &Configuration{GlobalSecret: "g1", Webhooks: map[WebhookType][]Webhook{
		TypeReceive: {{URL: "https://a.example", Secret: "s1"}, {URL: "https://b.example"}},
	}}
	if err := verifyReplaced(sent, newView(sent.Clone())); err != nil {
		t.Fatalf("same configuration: %v", err)
	}
	got := &Configuration{GlobalSecret: "g2", Webhooks: map[WebhookType][]Webhook{
		TypeOutbound: {{URL: "https://c.example"}},
		TypeReceive:  {{URL: "https://b.example"}, {URL: "https://a.example", Secret: "s2"}, {URL: "https://b.example"}},
	}}
	err := verifyReplaced(sent, newView(got))
	want := "sendblue: the API accepted the new webhook configuration but the account now differs from it: " +
		"receive https://a.example: the secret or sendblue_numbers differ from those sent; " +
		"receive https://b.example: sent 1 entries, the account has 2; " +
		"outbound https://c.example: sent 0 entries, the account has 1; " +
		"the global secret differs from the one sent"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}
