package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// TestSchemaDescriptionsAreMarkdown checks that every description of the
// provider's schemas (provider, resources, data sources, list resources,
// nested attributes and blocks included) is Markdown and none is missing:
// the docs render them as Markdown.
func TestSchemaDescriptionsAreMarkdown(t *testing.T) {
	srv, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Fatalf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	schemas := map[string]*tfprotov6.Schema{"provider": resp.Provider}
	for kind, m := range map[string]map[string]*tfprotov6.Schema{
		"resource": resp.ResourceSchemas, "data source": resp.DataSourceSchemas, "list resource": resp.ListResourceSchemas,
	} {
		for name, s := range m {
			schemas[kind+" "+name] = s
		}
	}
	if len(schemas) < 5 {
		t.Fatalf("expected the provider, two resources, a data source and a list resource; got %d schemas", len(schemas))
	}
	checked := 0
	for name, s := range schemas {
		checked += checkMarkdownBlock(t, name, s.Block)
	}
	if checked < 40 {
		t.Fatalf("checked only %d descriptions; the walk misses parts of the schemas", checked)
	}
}

// checkMarkdownBlock checks the descriptions of b, its attributes and its
// nested blocks, and returns how many it checked.
func checkMarkdownBlock(t *testing.T, where string, b *tfprotov6.SchemaBlock) int {
	t.Helper()
	n := 1
	checkMarkdown(t, where, b.Description, b.DescriptionKind)
	n += checkMarkdownAttributes(t, where, b.Attributes)
	for _, nb := range b.BlockTypes {
		n += checkMarkdownBlock(t, where+"."+nb.TypeName, nb.Block)
	}
	return n
}

func checkMarkdownAttributes(t *testing.T, where string, attrs []*tfprotov6.SchemaAttribute) int {
	t.Helper()
	n := 0
	for _, a := range attrs {
		n++
		checkMarkdown(t, where+"."+a.Name, a.Description, a.DescriptionKind)
		if a.NestedType != nil {
			n += checkMarkdownAttributes(t, where+"."+a.Name, a.NestedType.Attributes)
		}
	}
	return n
}

func checkMarkdown(t *testing.T, where, desc string, kind tfprotov6.StringKind) {
	t.Helper()
	if desc == "" {
		t.Errorf("%s has no description", where)
		return
	}
	if strings.Contains(where, ".timeouts.") {
		return // set by terraform-plugin-framework-timeouts, which knows plain descriptions only
	}
	if kind != tfprotov6.StringKindMarkdown {
		t.Errorf("%s: description is %v, want Markdown (MarkdownDescription)", where, kind)
	}
}
