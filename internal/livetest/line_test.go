package livetest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// TestRestoreNotes: a note of this base URL is put back and removed; one of
// another base URL, or of another run when one run is asked for, is left.
func TestRestoreNotes(t *testing.T) {
	m, base := acctest.ServeMock(t, mock.Options{})
	m.SetLines([]mock.Line{
		{SendblueNumber: "+12125550101", Assignment: "assigned", Status: "ONLINE", ForwardingNumber: "+12025550142"},
		{SendblueNumber: "+12125550102", Assignment: "assigned", Status: "ONLINE", ForwardingNumber: "+12025550143"},
	})
	c, err := sendblue.New(sendblue.Config{BaseURL: base, APIKey: mock.DefaultAPIKey, APISecret: mock.DefaultAPISecret})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, n := range []Note{
		{RunID: "run-20261201t000000z-aaaaaa", BaseURL: base, Line: "+12125550101", Forwarding: ""},
		{RunID: "run-20261201t000000z-bbbbbb", BaseURL: base + "/", Line: "+12125550102", Forwarding: "+16692138010"},
		{RunID: "run-20261201t000000z-cccccc", BaseURL: "https://api.sendblue.co", Line: "+12125550102", Forwarding: ""},
	} {
		if err := WriteNote(dir, n); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	n, err := RestoreNotes(context.Background(), c, dir, base, "run-20261201t000000z-aaaaaa", &out)
	if err != nil || n != 1 {
		t.Fatalf("restored %d, err %v", n, err)
	}
	if f, _ := m.Forwarding("+12125550101"); f != "" {
		t.Fatalf("line 1 forwards to %q", f)
	}
	if f, _ := m.Forwarding("+12125550102"); f != "+12025550143" {
		t.Fatalf("line 2 was changed for another run's note: %q", f)
	}
	n, err = RestoreNotes(context.Background(), c, dir, base, "", &out)
	if err != nil || n != 1 {
		t.Fatalf("restored %d, err %v", n, err)
	}
	if f, _ := m.Forwarding("+12125550102"); f != "+16692138010" {
		t.Fatalf("line 2 forwards to %q", f)
	}
	notes, err := Notes(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Note{{RunID: "run-20261201t000000z-cccccc", BaseURL: "https://api.sendblue.co", Line: "+12125550102"}}; !reflect.DeepEqual(notes, want) {
		t.Fatalf("notes left %+v, want %+v", notes, want)
	}
	if !strings.Contains(out.String(), "  line +12125550102: putting the call forwarding back from +12025550143 to +16692138010\n") {
		t.Fatalf("output:\n%s", out.String())
	}

	if err := os.WriteFile(filepath.Join(dir, "run-junk.json"), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Notes(dir); err == nil || !strings.Contains(err.Error(), "is not a note of a live run") {
		t.Fatalf("a malformed note: %v", err)
	}
}
