package provider

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// mockDo is a plan check that changes the mock, to act between plan and apply.
type mockDo func()

func (f mockDo) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	f()
}

const accountAddr = "sendblue_account_webhooks.all"

// importAccount is the import block that adopts the whole account into
// sendblue_account_webhooks.all.
const importAccount = `
import {
  to = sendblue_account_webhooks.all
  id = "account"
}
`

func TestAccAccountWebhooks_lifecycleAndImport(t *testing.T) {
	e := acctest.NewEnv(t)
	first := e.Config(`
resource "sendblue_account_webhooks" "all" {
  receive = {
    "https://hooks.example.com/in"   = { secret = "in-secret" }
    "https://hooks.example.com/in-2" = {}
  }
  call_log        = { "https://hooks.example.com/calls" = {} }
  line_blocked    = { "https://hooks.example.com/lines" = {} }
  line_assigned   = { "https://hooks.example.com/lines" = {} }
  outbound        = { "https://hooks.example.com/out" = { secret = "out-secret" } }
  contact_created = { "https://hooks.example.com/contacts" = {} }
  global_secret   = "global-one"
}
`)
	// Removes one receive webhook and every call_log one (both ways of
	// saying "none"), changes a secret, adds a contact_created URL, and
	// stops managing the global secret, which stays on the account.
	second := e.Config(`
resource "sendblue_account_webhooks" "all" {
  receive = {
    "https://hooks.example.com/in" = { secret = "in-secret-2" }
  }
  call_log     = {}
  line_blocked = { "https://hooks.example.com/lines" = {} }
  outbound     = { "https://hooks.example.com/out" = { secret = "out-secret" } }
  contact_created = {
    "https://hooks.example.com/contacts"   = {}
    "https://hooks.example.com/contacts-2" = {}
  }
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: first,
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectAttr(accountAddr, "id", acctest.Str("account")),
					acctest.ExpectAttr(accountAddr, "receive", knownvalue.MapExact(map[string]knownvalue.Check{
						"https://hooks.example.com/in":   acctest.HasAttrs(map[string]knownvalue.Check{"secret": acctest.Str("in-secret"), "sendblue_numbers": knownvalue.Null()}),
						"https://hooks.example.com/in-2": acctest.HasAttrs(map[string]knownvalue.Check{"secret": knownvalue.Null()}),
					})),
					acctest.ExpectAttr(accountAddr, "contact_created", knownvalue.MapSizeExact(1)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.ExpectState(mock.State{
						Webhooks: map[string][]mock.Entry{
							"receive":         {{URL: "https://hooks.example.com/in", Secret: "in-secret"}, {URL: "https://hooks.example.com/in-2"}},
							"call_log":        {{URL: "https://hooks.example.com/calls"}},
							"line_blocked":    {{URL: "https://hooks.example.com/lines"}},
							"line_assigned":   {{URL: "https://hooks.example.com/lines"}},
							"outbound":        {{URL: "https://hooks.example.com/out", Secret: "out-secret"}},
							"contact_created": {{URL: "https://hooks.example.com/contacts"}},
						},
						GlobalSecret: "global-one",
					}),
					e.ExpectCalls(map[string]int{"PUT": 1, "POST": 0, "DELETE": 0}),
					e.ResetCounters(),
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: second,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.ExpectAttr(accountAddr, "call_log", acctest.NoElements),
					acctest.ExpectAttr(accountAddr, "line_assigned", acctest.NoElements),
					// Left out of the configuration: kept, as on the account.
					acctest.ExpectAttr(accountAddr, "global_secret", acctest.Str("global-one")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.ExpectState(mock.State{
						Webhooks: map[string][]mock.Entry{
							"receive":         {{URL: "https://hooks.example.com/in", Secret: "in-secret-2"}},
							"line_blocked":    {{URL: "https://hooks.example.com/lines"}},
							"outbound":        {{URL: "https://hooks.example.com/out", Secret: "out-secret"}},
							"contact_created": {{URL: "https://hooks.example.com/contacts"}, {URL: "https://hooks.example.com/contacts-2"}},
						},
						GlobalSecret: "global-one",
					}),
					e.ExpectCalls(map[string]int{"PUT": 1, "POST": 0, "DELETE": 0}),
				),
			},
			{
				Config:            second,
				ResourceName:      accountAddr,
				ImportState:       true,
				ImportStateId:     "account",
				ImportStateVerify: true,
				// An import takes no secret: compared by importedWithoutSecrets.
				ImportStateVerifyIgnore: accountImportIgnore,
				ImportStateCheck:        importedWithoutSecrets,
			},
			{
				Config:        second,
				ResourceName:  accountAddr,
				ImportState:   true,
				ImportStateId: "receive:https://hooks.example.com/in",
				ExpectError:   acctest.ErrRe(`(?s)Invalid import ID.*must be "account"`),
			},
		},
		// Destroy removes every webhook of the account, and the global secret.
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			e.ExpectTotal(0),
			e.ExpectState(mock.State{Webhooks: map[string][]mock.Entry{}}),
		),
	})
}

// Webhooks added, removed or changed outside Terraform show as drift (the
// refreshed state holds each change), and the next apply puts the
// configuration back. A global secret the configuration does not set is no
// drift, and an apply keeps it.
func TestAccAccountWebhooks_outOfBandChangesAreDrift(t *testing.T) {
	e := acctest.NewEnv(t)
	cfg := e.Config(`
resource "sendblue_account_webhooks" "all" {
  receive  = { "https://hooks.example.com/in" = { secret = "in-secret" } }
  outbound = { "https://hooks.example.com/out" = {} }
}
`)
	want := mock.State{Webhooks: map[string][]mock.Entry{
		"receive":  {{URL: "https://hooks.example.com/in", Secret: "in-secret"}},
		"outbound": {{URL: "https://hooks.example.com/out"}},
	}}
	dashboard := func() {
		e.Mock.AddWebhook("call_log", "https://dashboard.example.com/calls", "")               // added
		e.Mock.RemoveWebhook("outbound", "https://hooks.example.com/out")                      // removed
		e.Mock.SetWebhookSecret("receive", "https://hooks.example.com/in", "dashboard-secret") // secret changed
		e.Mock.AddWebhook("receive", "https://hooks.example.com/in", "dashboard-secret")       // doubled
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg, Check: resource.ComposeAggregateTestCheckFunc(e.ExpectState(want), e.ResetCounters())},
			{
				PreConfig:          dashboard,
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionUpdate),
						expectBefore(accountAddr, map[string]any{
							"call_log": map[string]any{"https://dashboard.example.com/calls": map[string]any{"secret": nil, "sendblue_numbers": nil}},
							"outbound": map[string]any{},
							// The URL the dashboard doubled is one entry of
							// the map; the plan rewrites the configuration.
							"receive": map[string]any{
								"https://hooks.example.com/in": map[string]any{"secret": "dashboard-secret", "sendblue_numbers": nil},
							},
						}),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.ExpectState(want),
					e.ExpectCalls(map[string]int{"PUT": 1}),
				),
			},
			{
				PreConfig: func() {
					st := e.Mock.State()
					st.GlobalSecret = "dashboard-global"
					e.Mock.SetState(st)
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				PreConfig: func() { e.Mock.AddWebhook("line_blocked", "https://dashboard.example.com/lines", "") },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionUpdate)},
				},
				Check: e.ExpectState(mock.State{Webhooks: want.Webhooks, GlobalSecret: "dashboard-global"}),
			},
		},
	})
}

// expectBefore is a plan check on the refreshed state of addr: each given
// attribute must equal want's value.
func expectBefore(addr string, want map[string]any) plancheck.PlanCheck {
	return planCheckFunc(func(req plancheck.CheckPlanRequest) error {
		for _, rc := range req.Plan.ResourceChanges {
			if rc.Address != addr {
				continue
			}
			before, ok := rc.Change.Before.(map[string]any)
			if !ok {
				return fmt.Errorf("%s has no prior state in the plan", addr)
			}
			for k, v := range want {
				if !reflect.DeepEqual(before[k], v) {
					return fmt.Errorf("%s.%s before the change is %#v, want %#v", addr, k, before[k], v)
				}
			}
			return nil
		}
		return fmt.Errorf("%s is not in the plan", addr)
	})
}

// planCheckFunc adapts a function to plancheck.PlanCheck.
type planCheckFunc func(plancheck.CheckPlanRequest) error

func (f planCheckFunc) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f(req)
}

// Creating the resource on an account that already has other webhooks would
// remove them without the plan showing it: the plan fails and says to
// import. An account that holds exactly the configuration is fine.
func TestAccAccountWebhooks_createOverExistingWebhooks(t *testing.T) {
	e := acctest.NewEnv(t)
	e.Mock.AddWebhook("receive", "https://hooks.example.com/in", "")
	e.Mock.AddWebhook("line_assigned", "https://dashboard.example.com/assigned", "")
	e.Mock.AddWebhook("outbound", "https://hooks.example.com/out", "dashboard-secret")
	cfg := e.Config(`
resource "sendblue_account_webhooks" "all" {
  receive  = { "https://hooks.example.com/in" = {} }
  outbound = { "https://hooks.example.com/out" = {} }
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				// Refused at plan time, before anything is applied.
				Config:   cfg,
				PlanOnly: true,
				ExpectError: acctest.ErrRe(`(?s)already has webhooks that this resource would remove.*` +
					`line_assigned https://dashboard.example.com/assigned.*outbound https://hooks.example.com/out.*` +
					`import.*id = "account"`),
			},
			{
				Config: e.Config(`resource "terraform_data" "noop" {}`),
				Check: resource.ComposeAggregateTestCheckFunc(
					e.CheckMock(acctest.NoMutations),
					e.ExpectTotal(3),
					e.ExpectSecret("outbound", "https://hooks.example.com/out", "dashboard-secret"),
				),
			},
			{
				PreConfig: func() {
					e.Mock.RemoveWebhook("line_assigned", "https://dashboard.example.com/assigned")
					e.Mock.SetWebhookSecret("outbound", "https://hooks.example.com/out", "")
				},
				Config: cfg,
				Check:  e.ExpectTotal(2),
			},
		},
	})
}

// A webhook added between plan and apply is not in the plan the user
// approved, so the apply stops rather than remove it.
func TestAccAccountWebhooks_accountChangedSincePlan(t *testing.T) {
	e := acctest.NewEnv(t)
	cfg := func(url string) string {
		return e.Configf(`
resource "sendblue_account_webhooks" "all" {
  receive = { %q = {} }
}
`, url)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg("https://hooks.example.com/a")},
			{
				Config: cfg("https://hooks.example.com/b"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{mockDo(func() {
						e.Mock.AddWebhook("outbound", "https://late.example.com/out", "")
						e.Mock.ResetCounters()
					})},
				},
				ExpectError: acctest.ErrRe(`(?s)changed since the plan.*outbound https://late.example.com/out.*Nothing was changed`),
			},
			{
				// Nothing was written, and the account is what the failed
				// plan started from plus the late webhook: no changes.
				PreConfig: func() {
					if err := acctest.NoMutations(e.Mock); err != nil {
						t.Error(err)
					}
				},
				Config: e.Config(`
resource "sendblue_account_webhooks" "all" {
  receive  = { "https://hooks.example.com/a" = {} }
  outbound = { "https://late.example.com/out" = {} }
}
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// Every bad input fails at plan time with an error that names the attribute
// and what is allowed, and nothing reaches the API. One configuration holds
// every case, each in its own resource, and each error is matched to its
// resource in Terraform's output (the CLI keeps this to one run).
func TestAccAccountWebhooks_badInputFailsAtPlan(t *testing.T) {
	t.Parallel()
	longURL := "https://hooks.example.com/" + strings.Repeat("a", 2048)
	cases := map[string]struct{ body, want string }{
		"http_url":            {`receive = { "http://h.example.com/a" = {} }`, `(?s)The URL "http://h.example.com/a" in the keys of receive uses the scheme "http"; only https:// URLs are allowed`},
		"url_without_host":    {`call_log = { "https:///a" = {} }`, `(?s)The URL "https:///a" in the keys of call_log has no host`},
		"url_too_long":        {fmt.Sprintf(`outbound = { %q = {} }`, longURL), `(?s)in the keys of outbound is 2074 bytes long; at most 2048 bytes`},
		"contact_url":         {`contact_created = { "https://ok.example.com" = {}, "ftp://h.example.com/a" = {} }`, `(?s)The URL "ftp://h.example.com/a" in the keys of contact_created uses the scheme "ftp"; only https:// URLs are allowed`},
		"empty_url":           {`receive = { "" = { secret = "s" } }`, `(?s)Invalid webhook URL.*The URL "" in the keys of receive must not be empty`},
		"empty_secret":        {`receive = { "https://h.example.com/a" = { secret = "" } }`, `(?s)receive\["https://h.example.com/a"\]\.secret.*string length must be at least 1`},
		"numbers_on_outbound": {`outbound = { "https://h.example.com/a" = { sendblue_numbers = ["+15551230000"] } }`, `(?s)outbound\["https://h.example.com/a"\]\.sendblue_numbers.*receive webhooks only`},
		"number_not_e164":     {`receive = { "https://h.example.com/a" = { sendblue_numbers = ["555-1230"] } }`, `(?s)receive\["https://h.example.com/a"\]\.sendblue_numbers.*not an E.164 phone number`},
		"empty_global":        {`global_secret = ""`, `global_secret.*string length must be at least 1`},
	}
	e := acctest.NewEnv(t)
	cli := newTFCLI(t, e)
	var hcl strings.Builder
	for name, tc := range cases {
		fmt.Fprintf(&hcl, "resource \"sendblue_account_webhooks\" %q {\n  %s\n}\n", name, tc.body)
	}
	cli.Write("main.tf", hcl.String())
	cli.Init()
	out := cli.PlanFails()
	// One diagnostic per block, its white space collapsed as acctest.ErrRe does.
	var blocks []string
	for _, b := range strings.Split(out, "Error: ")[1:] {
		blocks = append(blocks, strings.Join(strings.Fields(b), " "))
	}
	for name, tc := range cases {
		re := acctest.ErrRe(`(?s)` + tc.want)
		found := false
		for _, b := range blocks {
			if strings.Contains(b, `in resource "sendblue_account_webhooks" "`+name+`":`) && re.MatchString(b) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no error matching %q for sendblue_account_webhooks.%s in:\n%s", name, tc.want, name, out)
		}
	}
	if err := acctest.NoMutations(e.Mock); err != nil {
		t.Error(err)
	}
}

// Both resources on one provider configuration are an
// error at plan, once, and nothing is written. (The CLI, to count how often
// Terraform prints it.)
func TestAccAccountWebhooks_mixingRefused(t *testing.T) {
	t.Parallel()
	e := acctest.NewEnv(t)
	cli := newTFCLI(t, e)
	cli.Init()

	cli.Write("main.tf", `
resource "sendblue_account_webhooks" "all" {
  receive = { "https://hooks.example.com/in" = {} }
}
`)
	if out := cli.Apply(); strings.Contains(out, "Warning") || strings.Contains(out, "Error") {
		t.Errorf("one resource alone warns:\n%s", out)
	}
	_, out := cli.Plan(tfexec.Destroy(true))
	if !strings.Contains(out, "Destroying sendblue_account_webhooks removes every webhook of the account") {
		t.Errorf("a destroy plan does not warn that every webhook goes:\n%s", out)
	}
	before := e.Mock.State()
	writes := e.Mock.MutatingRequests()

	cli.Write("more.tf", `
resource "sendblue_webhook" "a" {
  url  = "https://hooks.example.com/other"
  type = "outbound"
}
resource "sendblue_webhook" "b" {
  url  = "https://hooks.example.com/more"
  type = "outbound"
}
`)
	for _, cmd := range []struct {
		name string
		run  func() string
	}{{"plan", func() string { return cli.PlanFails() }}, {"apply", func() string { return cli.ApplyFails() }}} {
		out = cmd.run()
		if n := strings.Count(out, "Error: "+mixErrorSummary); n != 1 {
			t.Errorf("terraform %s: the mixing error appears %d times, want once:\n%s", cmd.name, n, out)
		}
		if !strings.Contains(strings.Join(strings.Fields(out), " "), "Use one or the other per account") {
			t.Errorf("the error does not say what to do:\n%s", out)
		}
	}
	if n := e.Mock.MutatingRequests(); n != writes {
		t.Errorf("a refused configuration wrote %d times", n-writes)
	}
	if got := e.Mock.State(); !reflect.DeepEqual(got, before) {
		t.Errorf("the account changed: %+v, was %+v", got, before)
	}
}

func TestMixTracker(t *testing.T) {
	var nilData *providerData
	var diags diag.Diagnostics
	nilData.notePlanned(plannedWebhook, &diags) // provider not configured: no panic, no warning
	if len(diags) != 0 {
		t.Fatalf("unconfigured provider warned: %v", diags)
	}

	d := &providerData{}
	steps := []struct {
		kind plannedKind
		warn bool
	}{
		{plannedWebhook, false},
		{plannedWebhook, false},
		{plannedAccountWebhooks, true}, // completes the pair
		{plannedAccountWebhooks, false},
		{plannedWebhook, false}, // once per provider process
	}
	for i, s := range steps {
		var diags diag.Diagnostics
		d.notePlanned(s.kind, &diags)
		if got := diags.ErrorsCount() == 1; got != s.warn || diags.WarningsCount() != 0 {
			t.Fatalf("step %d: diagnostics %v, want an error: %v", i, diags, s.warn)
		}
		if s.warn && diags[0].Summary() != mixErrorSummary {
			t.Fatalf("step %d: error %q", i, diags[0].Summary())
		}
	}
	if (&providerData{}).mix.note(plannedAccountWebhooks) {
		t.Error("one kind alone completes the pair")
	}
}

func TestUnseenEntries(t *testing.T) {
	cfg := func(ws map[sendblue.WebhookType][]sendblue.Webhook) *sendblue.Configuration {
		return &sendblue.Configuration{Webhooks: ws}
	}
	current := cfg(map[sendblue.WebhookType][]sendblue.Webhook{
		sendblue.TypeReceive:        {{URL: "https://a", Secret: "s"}, {URL: "https://a", Secret: "s"}, {URL: "https://b"}},
		sendblue.TypeOutbound:       {{URL: "https://o", Secret: "new"}},
		sendblue.TypeContactCreated: {{URL: "https://c"}},
		"future_type":               {{URL: "https://f"}},
	})
	cases := []struct {
		name  string
		shown []*sendblue.Configuration
		want  []string
	}{
		{"nothing shown", nil, []string{"receive https://a", "receive https://b", "outbound https://o", "contact_created https://c"}},
		{"everything shown", []*sendblue.Configuration{current}, nil},
		{
			"a duplicate, a changed secret and a URL only in the prior state",
			[]*sendblue.Configuration{
				cfg(map[sendblue.WebhookType][]sendblue.Webhook{
					sendblue.TypeReceive:        {{URL: "https://a", Secret: "s"}},
					sendblue.TypeOutbound:       {{URL: "https://o", Secret: "old"}},
					sendblue.TypeContactCreated: {{URL: "https://c"}},
				}),
				cfg(map[sendblue.WebhookType][]sendblue.Webhook{sendblue.TypeReceive: {{URL: "https://b"}}}),
			},
			[]string{"receive https://a", "outbound https://o"},
		},
		{
			"the same URL under another type does not count",
			[]*sendblue.Configuration{cfg(map[sendblue.WebhookType][]sendblue.Webhook{
				sendblue.TypeReceive:  {{URL: "https://a", Secret: "s"}, {URL: "https://a", Secret: "s"}, {URL: "https://b"}},
				sendblue.TypeCallLog:  {{URL: "https://o", Secret: "new"}},
				sendblue.TypeOutbound: nil,
			})},
			[]string{"outbound https://o", "contact_created https://c"},
		},
	}
	for _, tc := range cases {
		// An update counts the types the provider manages only; a create
		// counts every entry, the unknown type's too.
		if got := unseenEntries(current, false, tc.shown...); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
		want := append(slices.Clone(tc.want), "future_type https://f")
		if len(tc.shown) == 1 && tc.shown[0] == current {
			want = nil
		}
		if got := unseenEntries(current, true, tc.shown...); !slices.Equal(got, want) {
			t.Errorf("%s (create): got %q, want %q", tc.name, got, want)
		}
	}
}

func TestAddAPIErrorRedactsSecrets(t *testing.T) {
	var diags diag.Diagnostics
	err := fmt.Errorf("sendblue: PUT: HTTP 400: conflicts with secret hook-secret-long and hook-secret, global g-secret")
	addAPIError(&diags, "replace", aboutAccount, err, "hook-secret", "", "hook-secret-long", "g-secret")
	if len(diags) != 1 {
		t.Fatalf("diagnostics: %v", diags)
	}
	got := diags[0].Detail()
	for _, s := range []string{"hook-secret", "g-secret", "long"} {
		if strings.Contains(got, s) {
			t.Errorf("the error shows %q: %s", s, got)
		}
	}
	if !strings.Contains(got, "conflicts with secret *** and ***, global ***") {
		t.Errorf("the error lost its message: %s", got)
	}
}

// The API lists the same webhooks in another order; the
// plan is empty and nothing is sent.
func TestAccAccountWebhooks_orderDoesNotMatter(t *testing.T) {
	e := acctest.NewEnv(t)
	cfg := e.Config(`
resource "sendblue_account_webhooks" "all" {
  receive = {
    "https://hooks.example.com/a" = { secret = "sa" }
    "https://hooks.example.com/b" = {}
    "https://hooks.example.com/c" = { secret = "sc" }
  }
  outbound = {
    "https://hooks.example.com/o1" = {}
    "https://hooks.example.com/o2" = {}
  }
}
`)
	var reordered mock.State
	reorder := func() {
		st := e.Mock.State()
		for typ, es := range st.Webhooks {
			slices.Reverse(es)
			st.Webhooks[typ] = es
		}
		e.Mock.SetState(st)
		e.Mock.ResetCounters()
		reordered = e.Mock.State()
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: reorder,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					e.ExpectCalls(map[string]int{"PUT": 0, "POST": 0, "DELETE": 0}),
					e.CheckMock(func(m *mock.Server) error {
						if got := m.State(); !reflect.DeepEqual(got, reordered) {
							return fmt.Errorf("the account was rewritten: %+v, was %+v", got, reordered)
						}
						return nil
					}),
				),
			},
		},
	})
}

// Adopting an account with -generate-config-out keeps
// every signing secret. The generated configuration (secrets written as
// null) applies without a write, the secrets stay, and the next plan is
// empty; a later change made with that configuration keeps them too.
func TestAccAccountWebhooks_adoptionKeepsSecrets(t *testing.T) {
	t.Parallel()
	acctest.RequireCLI(t, acctest.FeatGeneratedMapKeys)
	e := acctest.NewEnv(t)
	seeded := mock.State{
		Webhooks: map[string][]mock.Entry{
			"receive":  {{URL: "https://hooks.example.com/in", Secret: "in-secret"}, {URL: "https://hooks.example.com/in-2"}},
			"outbound": {{URL: "https://hooks.example.com/out", Secret: "out-secret"}},
		},
		GlobalSecret: "account-global",
	}
	e.Mock.SetState(seeded)
	cli := adoptAccountWithGeneratedConfig(t, e)
	generated := cli.Read("generated.tf")
	if strings.Contains(generated, "in-secret") || strings.Contains(generated, "out-secret") || strings.Contains(generated, "account-global") {
		t.Fatalf("generated configuration holds a secret:\n%s", generated)
	}
	applyAdoption(t, cli, e, seeded, "1 imported, 0 added, 0 changed, 0 destroyed")

	// A change through the adopted configuration (one webhook more) keeps
	// the secrets it does not manage.
	cli.Remove("import.tf")
	cli.Edit("generated.tf", `"https://hooks.example.com/out" = {`, `"https://hooks.example.com/out-2" = {}
    "https://hooks.example.com/out" = {`)
	cli.Apply()
	if e.Mock.Count("outbound", "https://hooks.example.com/out-2") != 1 {
		t.Fatalf("the new webhook was not added; generated configuration:\n%s\naccount: %+v", cli.Read("generated.tf"), e.Mock.State())
	}
	for _, c := range []struct{ typ, url, secret string }{
		{"receive", "https://hooks.example.com/in", "in-secret"},
		{"outbound", "https://hooks.example.com/out", "out-secret"},
	} {
		for _, en := range e.Mock.State().Webhooks[c.typ] {
			if en.URL == c.url && en.Secret != c.secret {
				t.Errorf("%s %s lost its secret", c.typ, c.url)
			}
		}
	}
	if g := e.Mock.State().GlobalSecret; g != "account-global" {
		t.Errorf("global secret %q", g)
	}
	cli.PlanEmpty()
}

// accountImportIgnore leaves the entry sets and the global secret out of an
// ImportStateVerify of sendblue_account_webhooks: an import takes no secret
// (they stay on the account, unmanaged), so the imported entries differ
// from the configured ones by their secrets. importedWithoutSecrets checks
// the import instead.
var accountImportIgnore = append(sendblue.WebhookTypeStrings(), "global_secret", "timeouts")

// importedWithoutSecrets checks that an imported sendblue_account_webhooks
// holds its entries (with URLs) and no secret.
func importedWithoutSecrets(states []*terraform.InstanceState) error {
	for _, st := range states {
		urls := 0
		for k, v := range st.Attributes {
			if strings.HasSuffix(k, ".secret") || k == "global_secret" {
				return fmt.Errorf("the import took a secret into state: %s", k)
			}
			if strings.HasSuffix(k, ".%") && k != "timeouts.%" {
				n, err := strconv.Atoi(v)
				if err != nil {
					return fmt.Errorf("%s = %q", k, v)
				}
				urls += n
			}
		}
		if urls == 0 {
			return fmt.Errorf("the import holds no webhook: %v", st.Attributes)
		}
	}
	return nil
}
