package provider

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Every resource and data source the provider serves is named in CHANGELOG.md
// (in the Unreleased section until it is released): a new one cannot ship
// without a line for the release notes.
func TestChangelogNamesEveryResourceAndDataSource(t *testing.T) {
	src, err := os.ReadFile("../../CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	changelog := string(src)
	ctx := context.Background()
	p := New("test")()
	var names []string
	for _, newResource := range p.Resources(ctx) {
		var resp resource.MetadataResponse
		newResource().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "sendblue"}, &resp)
		names = append(names, resp.TypeName)
	}
	for _, newDataSource := range p.DataSources(ctx) {
		var resp datasource.MetadataResponse
		newDataSource().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "sendblue"}, &resp)
		names = append(names, resp.TypeName)
	}
	if len(names) < 3 {
		t.Fatalf("found only %v", names)
	}
	for _, name := range names {
		if !strings.Contains(changelog, "`"+name+"`") {
			t.Errorf("CHANGELOG.md does not name `%s`: add it under ## [Unreleased]", name)
		}
	}
}
