package livetest

import (
	"bytes"
	"context"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

func mockClient(t *testing.T, m *mock.Server) *sendblue.Client {
	t.Helper()
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	c, err := sendblue.New(sendblue.Config{BaseURL: srv.URL, APIKey: mock.DefaultAPIKey, APISecret: mock.DefaultAPISecret})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSweepDeletesOnlyMatches: the sweep names and deletes each webhook under
// the pattern (a URL held twice once), one call per type, and leaves the
// others and the global secret alone.
func TestSweepDeletesOnlyMatches(t *testing.T) {
	m := mock.New(mock.Options{})
	run := "https://" + Domain + "/run-20261201t000000z-abcdef/"
	m.SetState(mock.State{
		Webhooks: map[string][]mock.Entry{
			"receive":  {{URL: "https://keep.example/a", Secret: "s"}, {URL: run + "a"}, {URL: run + "a"}, {URL: "https://" + Domain + "/other/a"}},
			"call_log": {{URL: run + "b", Secret: "s2"}},
			"outbound": {{URL: "https://keep.example/b"}},
		},
		GlobalSecret: "g",
	})
	var out bytes.Buffer
	removed, err := Sweep(context.Background(), mockClient(t, m), SweepPattern.MatchString, &out)
	if err != nil {
		t.Fatal(err)
	}
	want := []sendblue.Ref{{Type: sendblue.TypeReceive, URL: run + "a"}, {Type: sendblue.TypeCallLog, URL: run + "b"}}
	if !reflect.DeepEqual(removed, want) {
		t.Fatalf("removed %v, want %v", removed, want)
	}
	if got, wantOut := out.String(), "  deleting receive "+run+"a\n  deleting call_log "+run+"b\n"; got != wantOut {
		t.Fatalf("output %q, want %q", got, wantOut)
	}
	wantState := mock.State{
		Webhooks: map[string][]mock.Entry{
			"receive":  {{URL: "https://keep.example/a", Secret: "s"}, {URL: "https://" + Domain + "/other/a"}},
			"outbound": {{URL: "https://keep.example/b"}},
		},
		GlobalSecret: "g",
	}
	if got := m.State(); !reflect.DeepEqual(got, wantState) {
		t.Fatalf("state after the sweep\n got  %+v\n want %+v", got, wantState)
	}
	if got := m.Requests(); got["DELETE"] != 2 || got["GET"] != 2 || len(got) != 2 {
		t.Fatalf("requests %v, want 2 lists and one delete per type", got)
	}

	out.Reset()
	removed, err = Sweep(context.Background(), mockClient(t, m), SweepPattern.MatchString, &out)
	if err != nil || len(removed) != 0 || out.Len() != 0 {
		t.Fatalf("second sweep: removed %v, err %v, output %q", removed, err, out.String())
	}
}
