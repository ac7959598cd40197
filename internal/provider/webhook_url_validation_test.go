package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
)

// The URLs no server could be called at, or that would not read back from
// the API as written, with the reason each is refused.
var refusedURLs = map[string]struct{ url, want string }{
	"port out of range": {"https://t.example:99999/x", `has the port 99999; a port must be from 1 to 65535`},
	"port zero":         {"https://t.example:0/x", `has the port 0; a port must be from 1 to 65535`},
	"empty port":        {"https://t.example:/x", `has an empty port after the host`},
	"fragment":          {"https://t.example/hook#frag", `has a fragment \(#frag\), which is never sent to a server`},
	"upper-case scheme": {"HTTPS://t.example/Hook", `upper-case letters in its scheme or host.*write it as "https://t.example/Hook"`},
	"upper-case host":   {"https://T.Example/Hook", `upper-case letters in its scheme or host.*write it as "https://t.example/Hook"`},
	"both upper-case":   {"HTTPS://T.EXAMPLE/Hook", `write it as "https://t.example/Hook"`},
	"non-ASCII host":    {"https://bücher.example/hook", `"bücher.example" with characters outside ASCII.*"xn--bcher-kva.example"`},
	"empty host":        {"https:///hook", `has no host`},
	"control character": {"https://t.example/a\x01b", `must not contain control characters`},
	"opaque":            {"https:t.example/hook", `has no host`},
}

func TestCheckWebhookURL(t *testing.T) {
	for name, tc := range refusedURLs {
		t.Run(name, func(t *testing.T) {
			got := checkWebhookURL(tc.url)
			if got == "" || !acctest.ErrRe(tc.want).MatchString(got) {
				t.Errorf("checkWebhookURL(%q) = %q, want a match for %s", tc.url, got, tc.want)
			}
		})
	}
	for _, ok := range []string{
		"https://t.example/hook",
		"https://t.example:8443/hook",
		"https://t.example/hook?token=abc&x=1", // the API keeps a query as sent
		"https://xn--bcher-kva.example/Hook",   // the path keeps its case
		"https://[2001:db8::1]:443/hook",
	} {
		if got := checkWebhookURL(ok); got != "" {
			t.Errorf("checkWebhookURL(%q) = %q, want it accepted", ok, got)
		}
	}
	if got := withoutPassword("https://u:hunter2@t.example/x"); strings.Contains(got, "hunter2") {
		t.Errorf("withoutPassword kept the password: %s", got)
	}
}

func TestHCLPath(t *testing.T) {
	v := types.StringValue("+1")
	for _, tc := range []struct {
		p    path.Path
		want string
	}{
		{path.Root("sendblue_numbers").AtSetValue(v), "sendblue_numbers"},
		{path.Root("receive").AtSetValue(types.StringValue("x")).AtName("sendblue_numbers").AtSetValue(v), "receive.sendblue_numbers"},
		{path.Root("receive").AtMapKey("https://a.example/h").AtName("sendblue_numbers").AtSetValue(v), `receive["https://a.example/h"].sendblue_numbers`},
		{path.Root("receive").AtMapKey("+1"), "the keys of receive"},
		{path.Root("hooks").AtListIndex(2).AtName("url"), "hooks[2].url"},
	} {
		if got := hclPath(tc.p, v); got != tc.want {
			t.Errorf("hclPath(%s) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

// Each refused URL fails the plan with the attribute as written and the
// URL, and no request at all reaches the API.
func TestAccWebhook_urlRefusedAtPlan(t *testing.T) {
	for name, tc := range refusedURLs {
		t.Run(name, func(t *testing.T) {
			e := acctest.NewEnv(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config:      e.Config(fmt.Sprintf("resource \"sendblue_webhook\" \"bad\" {\n  url = %s\n}\n", hclString(tc.url))),
					PlanOnly:    true,
					ExpectError: acctest.ErrRe(`(?s)Invalid webhook URL.*The URL .* in url .*` + tc.want),
				}},
			})
			if n := e.Mock.Requests(); len(n) != 0 {
				t.Errorf("requests reached the API: %v", n)
			}
		})
	}
}

// A set element has no address in HCL: the error names the attribute as
// written and quotes the value.
func TestAccWebhook_numberErrorNamesTheAttribute(t *testing.T) {
	e := acctest.NewEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: e.Config(`resource "sendblue_webhook" "bad" {
  url              = "https://h.example.com/a"
  sendblue_numbers = [""]
}
`),
			PlanOnly:    true,
			ExpectError: acctest.ErrRe(`(?s)"" in sendblue_numbers is not an E.164 phone number`),
		}},
	})
	if n := e.Mock.Requests(); len(n) != 0 {
		t.Errorf("requests reached the API: %v", n)
	}
}

// hclString quotes s for HCL, whose escapes (\uNNNN) JSON's are.
func hclString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}
