package suite

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/livetest"
	sbprovider "github.com/sendblue-api/terraform-provider-sendblue/internal/provider"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// Forwarding numbers the tests set: 555-01xx numbers, reserved for fiction,
// so that a call forwarded during a test reaches nobody.
const (
	fictionalNumber1 = "+12025550142"
	fictionalNumber2 = "+12025550143"
	// unknownLine is a line no account has.
	unknownLine = "+12025550199"
)

// requireLine skips tests that change a line unless the caller named one.
func requireLine(t *testing.T) string {
	t.Helper()
	if settings.Line == "" {
		skip(t, "changes a line's call forwarding; runs only when "+livetest.EnvLine+" names a line (E.164) the tests may change")
	}
	return settings.Line
}

// requireTypes skips a test when this build of the provider lacks one of the
// resource or data source types it uses.
func requireTypes(t *testing.T, names ...string) {
	t.Helper()
	p := sbprovider.New("live")()
	have := map[string]bool{}
	ctx := context.Background()
	var meta provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &meta)
	for _, f := range p.Resources(ctx) {
		var r resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &r)
		have[r.TypeName] = true
	}
	for _, f := range p.DataSources(ctx) {
		var d datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: meta.TypeName}, &d)
		have[d.TypeName] = true
	}
	for _, n := range names {
		if !have[n] {
			skip(t, "this build of the provider has no "+n)
		}
	}
}

// forwarding reads a line's call forwarding.
func (l *live) forwarding(line string) string {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	f, err := l.client.GetCallForwarding(ctx, line)
	if err != nil {
		l.t.Fatalf("reading the call forwarding of line %s: %v", line, err)
	}
	return f.ForwardingNumber
}

// seedLines gives the recorder's mock the account's lines and the call
// forwarding of line, and returns that forwarding.
func (l *live) seedLines(line string) string {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	state, err := l.seeder.LineState(ctx)
	if err != nil {
		l.t.Fatalf("reading the line state: %v", err)
	}
	if !state.Has(line) {
		l.t.Fatalf("%s=%s: the account has no such line (it has %v)", livetest.EnvLine, line, state.Numbers())
	}
	f, err := l.seeder.GetCallForwarding(ctx, line)
	if err != nil {
		l.t.Fatalf("reading the call forwarding of line %s: %v", line, err)
	}
	found := f.ForwardingNumber
	if err := l.rec.SeedLines(state.Lines, map[string]string{line: found}); err != nil {
		l.t.Fatal(err)
	}
	return found
}

// takeLine clears the line's call forwarding (a sendblue_line_call_forwarding
// is created only on a line without one) and puts it back as found when the
// test ends.
func (l *live) takeLine(line string) {
	l.t.Helper()
	found := l.seedLines(line)
	l.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		var out bytes.Buffer
		if err := livetest.RestoreForwarding(ctx, l.client, line, found, &out); err != nil {
			l.t.Errorf("%v\n%s", err, out.String())
		}
	})
	if found != "" {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		if _, err := l.client.DeleteCallForwarding(ctx, line); err != nil {
			l.t.Fatalf("clearing the call forwarding of line %s: %v", line, err)
		}
	}
}

func (l *live) checkForwarding(line, want string) func(*terraformState) error {
	return func(*terraformState) error {
		if got := l.forwarding(line); got != want {
			return fmt.Errorf("line %s forwards to %s, want %s", line, livetest.Forwarding(got), livetest.Forwarding(want))
		}
		return nil
	}
}

// TestLiveLineCallForwarding sets, changes, imports and destroys the call
// forwarding of SENDBLUE_LIVE_LINE; the line is put back as found.
func TestLiveLineCallForwarding(t *testing.T) {
	line := requireLine(t)
	requireTypes(t, "sendblue_line_call_forwarding")
	l := newLive(t)
	l.takeLine(line)
	hcl := func(to string) string {
		return config(`
resource "sendblue_line_call_forwarding" "line" {
  sendblue_number   = %q
  forwarding_number = %q
}
`, line, to)
	}
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: l.factories(),
		CheckDestroy:             l.checkForwarding(line, ""),
		Steps: []tfresource.TestStep{
			{Config: hcl(fictionalNumber1), Check: l.checkForwarding(line, fictionalNumber1)},
			{Config: hcl(fictionalNumber2), Check: l.checkForwarding(line, fictionalNumber2)},
			{ResourceName: "sendblue_line_call_forwarding.line", ImportState: true, ImportStateId: line, ImportStateVerify: true},
		},
	})
}

// TestLiveLinesDataSource lists the account's lines and finds SENDBLUE_LIVE_LINE.
func TestLiveLinesDataSource(t *testing.T) {
	line := requireLine(t)
	requireTypes(t, "sendblue_lines")
	l := newLive(t)
	l.seedLines(line)
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: l.factories(),
		Steps: []tfresource.TestStep{{
			Config: config(`data "sendblue_lines" "all" {}`),
			Check: tfresource.ComposeAggregateTestCheckFunc(
				tfresource.TestCheckTypeSetElemAttr("data.sendblue_lines.all", "sendblue_numbers.*", line),
				tfresource.TestCheckTypeSetElemNestedAttrs("data.sendblue_lines.all", "lines.*", map[string]string{"sendblue_number": line}),
			),
		}},
	})
}

// TestLiveUnknownLine asks for the call forwarding of a line no account has:
// the client takes it as not found, and the recorder compares the answer with
// the mock's (a 404).
func TestLiveUnknownLine(t *testing.T) {
	l := newLive(t)
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	_, err := l.client.GetCallForwarding(ctx, unknownLine)
	if !sendblue.IsNotFound(err) {
		t.Fatalf("the call forwarding of a line the account does not have: %v, want a 404", err)
	}
}
