package livetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// Note is what a run must put back, written down before the tests start and
// removed once it is put back, so that make sweep-live can finish the job of a
// run that was killed: the call forwarding of SENDBLUE_LIVE_LINE as found ("":
// none).
type Note struct {
	RunID      string `json:"run_id"`
	BaseURL    string `json:"base_url"`
	Line       string `json:"line"`
	Forwarding string `json:"forwarding"`
}

func notePath(dir, runID string) string { return filepath.Join(dir, runID+".json") }

// WriteNote saves n in dir.
func WriteNote(dir string, n Note) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	b, err := json.Marshal(n)
	if err != nil {
		return err
	}
	return os.WriteFile(notePath(dir, n.RunID), b, 0o600)
}

// RemoveNote deletes the note of runID.
func RemoveNote(dir, runID string) error {
	if err := os.Remove(notePath(dir, runID)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// Notes returns the notes in dir (none when it does not exist).
func Notes(dir string) ([]Note, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "run-*.json"))
	if err != nil {
		return nil, err
	}
	var out []Note
	for _, p := range paths {
		b, err := os.ReadFile(p) //nolint:gosec // a file of the live runs' own directory
		if err != nil {
			return nil, err
		}
		var n Note
		if err := json.Unmarshal(b, &n); err != nil || !runIDRe.MatchString(n.RunID) || notePath(dir, n.RunID) != p {
			return nil, fmt.Errorf("%s is not a note of a live run", p)
		}
		out = append(out, n)
	}
	return out, nil
}

// Forwarding names a forwarding number for people.
func Forwarding(number string) string {
	if number == "" {
		return "none"
	}
	return number
}

// RestoreForwarding puts a line's call forwarding back to want ("": none)
// when it is not that already, and checks by reading it again. It says on out
// what it found and did.
func RestoreForwarding(ctx context.Context, c *sendblue.Client, line, want string, out io.Writer) error {
	now, err := c.GetCallForwarding(ctx, line)
	if err != nil {
		return fmt.Errorf("reading the call forwarding of line %s: %w", line, err)
	}
	if now.ForwardingNumber == want {
		_, _ = fmt.Fprintf(out, "  line %s: call forwarding %s, as found\n", line, Forwarding(want))
		return nil
	}
	_, _ = fmt.Fprintf(out, "  line %s: putting the call forwarding back from %s to %s\n", line, Forwarding(now.ForwardingNumber), Forwarding(want))
	if want == "" {
		_, err = c.DeleteCallForwarding(ctx, line)
	} else {
		_, err = c.SetCallForwarding(ctx, line, want)
	}
	if err != nil {
		return fmt.Errorf("putting back the call forwarding of line %s: %w", line, err)
	}
	now, err = c.GetCallForwarding(ctx, line)
	if err != nil {
		return fmt.Errorf("reading the call forwarding of line %s again: %w", line, err)
	}
	if now.ForwardingNumber != want {
		return fmt.Errorf("line %s forwards to %s after putting back %s", line, Forwarding(now.ForwardingNumber), Forwarding(want))
	}
	return nil
}

// RestoreNotes puts back what the notes in dir for this base URL say (only
// run runID's, unless it is ""), and removes each note done. Notes of other
// base URLs are left alone.
func RestoreNotes(ctx context.Context, c *sendblue.Client, dir, baseURL, runID string, out io.Writer) (int, error) {
	notes, err := Notes(dir)
	if err != nil {
		return 0, err
	}
	done := 0
	for _, n := range notes {
		if strings.TrimRight(n.BaseURL, "/") != strings.TrimRight(baseURL, "/") || (runID != "" && n.RunID != runID) {
			continue
		}
		if runID == "" {
			_, _ = fmt.Fprintf(out, "  run %s left line %s to put back (call forwarding %s)\n", n.RunID, n.Line, Forwarding(n.Forwarding))
		}
		if err := RestoreForwarding(ctx, c, n.Line, n.Forwarding, out); err != nil {
			return done, err
		}
		if err := RemoveNote(dir, n.RunID); err != nil {
			return done, err
		}
		done++
	}
	return done, nil
}
