package acctest

import (
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
)

// The gate itself: a feature newer than the CLI skips with the message the
// summary script looks for; OpenTofu lacks what it lacks whatever its version.
func TestCLIGate(t *testing.T) {
	v := func(s string) *version.Version { return version.Must(version.NewVersion(s)) }
	tf157 := CLI{Flavor: FlavorTerraform, Version: v("1.5.7")}
	tf1159 := CLI{Flavor: FlavorTerraform, Version: v("1.15.9")}
	tofu := CLI{Flavor: FlavorOpenTofu, Version: v("1.12.6")}
	if got := GateMessage(tf1159, "TestX", []Feature{FeatWriteOnly, FeatIdentity, FeatListResources}); got != "" {
		t.Errorf("Terraform 1.15.9 is gated: %s", got)
	}
	got := GateMessage(tf157, "TestX/sub", []Feature{FeatRemovedBlock, FeatWriteOnly})
	want := "version-gated: TestX/sub needs `removed` blocks (Terraform 1.7.0 or later) and write-only attributes (`secret_wo`) (Terraform 1.11.0 or later); this CLI is Terraform 1.5.7"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := GateMessage(tofu, "TestX", []Feature{FeatWriteOnly}); got != "" {
		t.Errorf("OpenTofu 1.12.6 is gated for write-only: %s", got)
	}
	if got := GateMessage(tofu, "TestX", []Feature{FeatListResources}); !strings.HasPrefix(got, "version-gated: TestX needs list resources") || !strings.Contains(got, "OpenTofu does not have") {
		t.Errorf("OpenTofu is not gated for list resources: %q", got)
	}
	if got := GateMessage(CLI{Flavor: FlavorTerraform, Version: v("1.14.0-rc1")}, "TestX", []Feature{FeatListResources}); got != "" {
		t.Errorf("a 1.14 prerelease is gated: %s", got)
	}
	if h := tofu.ProviderHost(); h != "registry.opentofu.org" {
		t.Errorf("OpenTofu's host is %q", h)
	}
	if h := tf157.ProviderHost(); h != "registry.terraform.io" {
		t.Errorf("Terraform's host is %q", h)
	}
}
