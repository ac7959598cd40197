package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/acctest"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// The provider against a hostile API (the mock's fault injection), many
// writers at once, and timeouts. The acceptance tests among them end by
// checking that Terraform's state and the mock account agree: every webhook
// in state is on the account exactly once, and the account holds nothing
// that is not in state.

// faultMatrixHCL is three webhooks: two of one type (batched into one add)
// and one of another.
const faultMatrixHCL = `
resource "sendblue_webhook" "a" {
  url    = "https://hooks.example.com/fm/a"
  secret = "fault-matrix-secret"
}
resource "sendblue_webhook" "b" {
  url = "https://hooks.example.com/fm/b"
}
resource "sendblue_webhook" "c" {
  url  = "https://hooks.example.com/fm/c"
  type = "outbound"
}
`

const htmlPage = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The upstream server did not answer.</p></body></html>"

// Every fault ends in success after
// retries, or in a diagnostic that says what happened and what to do; never
// a panic, never a webhook in state that is not on the server, never one on
// the server that a later plan cannot see.
func TestAccReliability_faultMatrix(t *testing.T) {
	post, get, del := []string{http.MethodPost}, []string{http.MethodGet}, []string{http.MethodDelete}
	slow := Options{Retry: acctest.FastRetry, Timeout: 300 * time.Millisecond}
	const forever = 1000
	// A fault queue returns how many faults it queued (forever counts as
	// one): the test checks that at least that many answers went wrong, so
	// that no case passes without meeting its faults.
	type queue func(m *mock.Server, p *acctest.FaultProxy) int
	type tc struct {
		opts    *Options // nil: the env's fast defaults
		apply   queue    // faults for the apply
		destroy queue    // faults for the destroy (success cases only)
		wantErr string   // "": the apply must succeed
		minTime time.Duration
	}
	cases := map[string]tc{
		"429 with Retry-After seconds": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 1, mock.Fault{Methods: post, Status: 429, RetryAfter: "1"})
			},
			minTime: time.Second, // the server's wait beats acctest.FastRetry's 20ms
		},
		"429 with retry-after-ms": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 3, mock.Fault{Methods: post, Status: 429, RetryAfterMs: "150"})
			},
			destroy: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 2, mock.Fault{Methods: del, Status: 429, RetryAfterMs: "100"})
			},
			minTime: 450 * time.Millisecond,
		},
		"burst of 500 502 503 504 on reads": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return failEachStatus(m, 2, get, 500, 502, 503, 504)
			},
		},
		"burst of 500 502 503 504 on writes": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return failEachStatus(m, 1, post, 500, 502, 503, 504)
			},
			destroy: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return failEachStatus(m, 1, del, 500, 502, 503, 504)
			},
		},
		"applied but answered 502": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 2, mock.Fault{Methods: post, Apply: true, Status: 502})
			},
			destroy: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 2, mock.Fault{Methods: del, Apply: true, Status: 502})
			},
		},
		"connection reset": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 1, mock.Fault{Methods: post, ResetConn: true})
			},
			destroy: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 1, mock.Fault{Methods: del, ResetConn: true})
			},
		},
		"applied then connection reset": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 2, mock.Fault{Methods: post, Apply: true, ResetConn: true})
			},
			destroy: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 2, mock.Fault{Methods: del, Apply: true, ResetConn: true})
			},
		},
		"connection closed mid-response after applying": {
			apply: func(_ *mock.Server, p *acctest.FaultProxy) int {
				return p.Add(1, acctest.ProxyFault{Method: http.MethodGet, Cut: true}) + p.Add(2, acctest.ProxyFault{Method: http.MethodPost, Cut: true})
			},
			destroy: func(_ *mock.Server, p *acctest.FaultProxy) int {
				return p.Add(1, acctest.ProxyFault{Method: http.MethodDelete, Cut: true})
			},
		},
		"response slower than the request timeout": {
			opts: &slow,
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 1, mock.Fault{Methods: get, Latency: 3 * time.Second}) +
					acctest.FailNext(m, 1, mock.Fault{Methods: post, Latency: 3 * time.Second})
			},
			destroy: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 1, mock.Fault{Methods: del, Latency: 3 * time.Second})
			},
		},
		// A malformed success answer to a write is not re-sent: the
		// provider lists the account to see whether it was applied.
		// (A malformed answer to a read fails at once: see below.)
		"malformed JSON": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 1, mock.Fault{Methods: post, Apply: true, Status: 200, Body: `{"status": OK}`})
			},
			destroy: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 1, mock.Fault{Methods: del, Apply: true, Status: 200, Body: `{"status"`})
			},
		},
		"empty answer": {
			apply: func(_ *mock.Server, p *acctest.FaultProxy) int {
				return p.Add(1, acctest.ProxyFault{Method: http.MethodPost, Empty: true}) +
					p.Add(1, acctest.ProxyFault{Method: http.MethodPost, Empty: true, Apply: true})
			},
			destroy: func(_ *mock.Server, p *acctest.FaultProxy) int {
				return p.Add(1, acctest.ProxyFault{Method: http.MethodDelete, Empty: true, Apply: true})
			},
		},
		"truncated JSON": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 2, mock.Fault{Methods: post, Apply: true, Truncate: true})
			},
		},
		"HTML error page": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 2, mock.Fault{Methods: get, Status: 502, ContentType: "text/html", Body: htmlPage}) +
					acctest.FailNext(m, 1, mock.Fault{Methods: post, Status: 502, ContentType: "text/html", Body: htmlPage}) +
					acctest.FailNext(m, 1, mock.Fault{Methods: post, Apply: true, Status: 502, ContentType: "text/html", Body: htmlPage})
			},
		},

		// Faults that do not go away end in a diagnostic saying what
		// happened and what to do.
		"503 on every add": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return min(1, acctest.FailNext(m, forever, mock.Fault{Methods: post, Status: 503}))
			},
			wantErr: `(?s)Could not create Sendblue webhook.*HTTP 503.*try again later.*terraform plan`,
		},
		"429 on every add": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return min(1, acctest.FailNext(m, forever, mock.Fault{Methods: post, Status: 429, RetryAfterMs: "1"}))
			},
			wantErr: `(?s)HTTP 429.*after 10 attempts.*try again later`,
		},
		"every add slower than the request timeout": {
			opts: &slow,
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return min(1, acctest.FailNext(m, forever, mock.Fault{Methods: post, Latency: 3 * time.Second}))
			},
			wantErr: `(?s)timed out after 300ms.*request_timeout = "300ms".*terraform plan`,
		},
		"every read answered with malformed JSON": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return min(1, acctest.FailNext(m, forever, mock.Fault{Methods: get, Status: 200, Body: `{"status":"OK","webhooks":[1,2`}))
			},
			wantErr: `(?s)malformed JSON answer.*check that the base URL points at the Sendblue API`,
		},
		// Malformed success answers to a read fail at once: the same server
		// gives the same answer. Once, and the next plan is right.
		"one read answered with malformed JSON": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 1, mock.Fault{Methods: get, Status: 200, Body: `{"status":"OK",,"webhooks":{}}`})
			},
			wantErr: `(?s)HTTP 200: malformed JSON answer.*check that the base URL points at the Sendblue API`,
		},
		"one read answered with truncated JSON": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return acctest.FailNext(m, 1, mock.Fault{Methods: get, Truncate: true})
			},
			wantErr: `(?s)HTTP 200: malformed JSON answer.*unexpected end of JSON input`,
		},
		"one read answered with nothing": {
			apply: func(_ *mock.Server, p *acctest.FaultProxy) int {
				return p.Add(1, acctest.ProxyFault{Method: http.MethodGet, Empty: true})
			},
			wantErr: `(?s)HTTP 200: empty answer.*check that the base URL points at the Sendblue API`,
		},
		"every read answered with an HTML page": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return min(1, acctest.FailNext(m, forever, mock.Fault{Methods: get, Status: 200, ContentType: "text/html", Body: htmlPage}))
			},
			wantErr: `(?s)non-JSON answer \(text/html, \d+ bytes\); check that the base URL points at the Sendblue API`,
		},
		"ERROR body inside HTTP 200": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				// A refused batch is re-sent one webhook at a time, so the
				// refusal must last to reach the user.
				return min(1, acctest.FailNext(m, forever, mock.Fault{Methods: post, ErrorInOK: true, Body: `{"status":"ERROR","message":"webhook limit reached"}`}))
			},
			wantErr: `(?s)Could not create Sendblue webhook.*HTTP 200: webhook limit reached`,
		},
		"HTML 403 page from a proxy": {
			apply: func(m *mock.Server, _ *acctest.FaultProxy) int {
				return min(1, acctest.FailNext(m, forever, mock.Fault{Status: 403, ContentType: "text/html", Body: "<html><body>Forbidden</body></html>"}))
			},
			wantErr: `(?s)refused the credentials.*HTTP 403.*non-JSON answer \(text/html.*Check api_key / api_secret`,
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var proxy *acctest.FaultProxy
			e := acctest.NewProxiedEnv(t, func(m *mock.Server) http.Handler {
				proxy = &acctest.FaultProxy{Next: m}
				return proxy
			})
			provider := factories()
			if c.opts != nil {
				provider = factories(*c.opts)
			}
			// faultsMet checks that at least want answers went wrong since
			// the last check.
			faultsMet := func(want *int) resource.TestCheckFunc {
				return func(*terraform.State) error {
					if got := proxy.TakeAbnormal(); got < *want {
						return fmt.Errorf("only %d answers were faulty, but %d faults were queued: the test did not exercise them", got, *want)
					}
					return nil
				}
			}
			cfg := e.Config(faultMatrixHCL)
			var started time.Time
			var applyFaults, destroyFaults int
			first := resource.TestStep{
				PreConfig: func() { proxy.TakeAbnormal(); started = time.Now(); applyFaults = c.apply(e.Mock, proxy) },
				Config:    cfg,
			}
			var steps []resource.TestStep
			checkDestroy := []resource.TestCheckFunc{e.ExpectTotal(0), e.NoPuts()}
			if c.wantErr == "" {
				first.Check = resource.ComposeAggregateTestCheckFunc(
					faultsMet(&applyFaults),
					e.MockMatchesState(),
					e.ExpectTotal(3),
					e.ExpectSecret("receive", "https://hooks.example.com/fm/a", "fault-matrix-secret"),
					func(*terraform.State) error {
						if d := time.Since(started); d < c.minTime {
							return fmt.Errorf("the apply took %s; the server asked for waits of at least %s", d, c.minTime)
						}
						return nil
					},
				)
				// The plan after apply, refreshed: empty, no drift.
				first.ConfigPlanChecks.PostApplyPostRefresh = []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), acctest.PlanAgreesWithMock{Env: e}}
				steps = append(steps, first)
				if c.destroy != nil {
					// (CheckDestroy runs only when the state is not empty
					// by then, so a Destroy step checks for itself.)
					steps = append(steps, resource.TestStep{
						PreConfig: func() { e.Mock.ClearFaults(); proxy.TakeAbnormal(); destroyFaults = c.destroy(e.Mock, proxy) },
						Config:    cfg,
						Destroy:   true,
						Check:     resource.ComposeAggregateTestCheckFunc(append(checkDestroy, faultsMet(&destroyFaults))...),
					})
				}
			} else {
				first.ExpectError = acctest.ErrRe(c.wantErr)
				steps = append(steps, first, resource.TestStep{
					// With the faults gone, the next plan sees exactly what
					// the account holds, and the apply completes the set.
					PreConfig: func() {
						if got := proxy.TakeAbnormal(); got < applyFaults {
							t.Errorf("only %d answers were faulty, but %d faults were queued", got, applyFaults)
						}
						e.Mock.ClearFaults()
					},
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply: []plancheck.PlanCheck{acctest.PlanAgreesWithMock{Env: e}},
					},
					Check: resource.ComposeAggregateTestCheckFunc(e.MockMatchesState(), e.ExpectTotal(3)),
				})
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: provider,
				Steps:                    steps,
				CheckDestroy:             resource.ComposeAggregateTestCheckFunc(checkDestroy...),
			})
		})
	}
}

// failEachStatus queues, for each status in turn, n answers with that status
// to the given methods, and returns how many faults it queued.
func failEachStatus(m *mock.Server, n int, methods []string, statuses ...int) int {
	queued := 0
	for _, s := range statuses {
		queued += acctest.FailNext(m, n, mock.Fault{Methods: methods, Status: s})
	}
	return queued
}

// chaosSeed returns the seed for a chaos run: CHAOS_SEED when set (to replay
// a failure), else a new one each run, logged either way.
func chaosSeed(t *testing.T) int64 {
	t.Helper()
	seed := time.Now().UnixNano()
	if v := os.Getenv("CHAOS_SEED"); v != "" {
		s, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("CHAOS_SEED=%q: %v", v, err)
		}
		seed = s
	}
	t.Logf("chaos seed %d (replay with CHAOS_SEED=%d)", seed, seed)
	return seed
}

// Writes whose answer is lost. One apply of 30 webhooks while a
// quarter of all calls fail with 429/500/503 and a tenth of adds and deletes
// are applied but answered 502, with the default retry policy; then a plan
// (empty) and a destroy (account empty) under the same faults. Each webhook
// ends on the account exactly once and state agrees.
func TestAccReliability_ambiguousWritesUnderChaos(t *testing.T) {
	e := acctest.NewEnv(t)
	e.Mock.SetChaos(mock.Chaos{Seed: chaosSeed(t), TransientRate: 0.25, AppliedFailRate: 0.1})
	const n = 30
	// count, not for_each: the state shim that step checks read does not
	// support for_each keys.
	cfg := e.Configf(`
locals {
  types = ["receive", "call_log", "line_blocked", "line_assigned", "outbound", "contact_created"]
}
resource "sendblue_webhook" "w" {
  count  = %d
  url    = "https://hooks.example.com/chaos/${count.index}"
  type   = local.types[count.index %% 6]
  secret = local.types[count.index %% 6] == "contact_created" ? null : "chaos-secret-${count.index}"
}
`, n)
	everyOnce := e.CheckMock(func(m *mock.Server) error {
		types := []string{"receive", "call_log", "line_blocked", "line_assigned", "outbound", "contact_created"}
		for i := range n {
			typ, url := types[i%6], fmt.Sprintf("https://hooks.example.com/chaos/%d", i)
			if c := m.Count(typ, url); c != 1 {
				return fmt.Errorf("%s %s is on the mock %d times, want 1", typ, url, c)
			}
		}
		return nil
	})
	start := time.Now()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(Options{}), // the default retry policy
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check:  resource.ComposeAggregateTestCheckFunc(everyOnce, e.ExpectTotal(n), e.MockMatchesState(), e.NoPuts()),
			},
			{
				Config:   cfg,
				PlanOnly: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), acctest.PlanAgreesWithMock{Env: e}},
				},
			},
			{
				// A Destroy step checks for itself: CheckDestroy runs only
				// when the state is not empty by then.
				Config:  cfg,
				Destroy: true,
				Check:   resource.ComposeAggregateTestCheckFunc(e.ExpectTotal(0), e.NoPuts()),
			},
		},
	})
	t.Logf("requests %v in %s", e.Mock.Requests(), time.Since(start).Round(time.Millisecond))
}

// Concurrent writes in one process: 20 webhooks in one apply at Terraform's default
// parallelism of 10, with some latency so that requests overlap. Each ends
// on the account once, through per-webhook adds and deletes only.
func TestAccReliability_twentyAtParallelismTen(t *testing.T) {
	e := acctest.NewEnv(t)
	e.Mock.SetLatency(5 * time.Millisecond)
	cfg := e.Config(`
resource "sendblue_webhook" "w" {
  count = 20
  url   = "https://hooks.example.com/par/${count.index}"
  type  = ["receive", "outbound", "call_log", "contact_created"][count.index % 4]
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			Check:  resource.ComposeAggregateTestCheckFunc(e.ExpectTotal(20), e.MockMatchesState(), e.NoPuts()),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), acctest.PlanAgreesWithMock{Env: e}},
			},
		}},
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(e.ExpectTotal(0), e.NoPuts()),
	})
}

// A resource's create timeout stops the retries of a permanently
// failing API promptly, with a diagnostic that names the timeout, and leaves
// state and account in agreement.
func TestAccReliability_createTimeoutStopsRetrying(t *testing.T) {
	e := acctest.NewEnv(t)
	cfg := e.Config(`
resource "sendblue_webhook" "a" {
  url = "https://hooks.example.com/timeout/a"
  timeouts = {
    create = "3s"
  }
}
`)
	var started time.Time
	var took time.Duration
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(Options{}), // the default policy: about a minute of retries
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					e.Mock.FailNext(100000, mock.Fault{Methods: []string{http.MethodPost}, Status: 503})
					started = time.Now()
				},
				Config:      cfg,
				ExpectError: acctest.ErrRe(`(?s)Could not create Sendblue webhook.*It stopped when timeouts.create = "3s" ran out.*may or may not have been applied.*saved as tainted`),
			},
			{
				PreConfig: func() {
					took = time.Since(started)
					e.Mock.ClearFaults()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					// The create ran out of time after an add that may have
					// landed: it was saved tainted.
					PreApply: []plancheck.PlanCheck{acctest.PlanAgreesWithMock{Env: e, Tainted: map[string]bool{"sendblue_webhook.a": true}}},
				},
				Check: resource.ComposeAggregateTestCheckFunc(e.MockMatchesState(), e.ExpectTotal(1)),
			},
		},
		CheckDestroy: e.ExpectTotal(0),
	})
	// The failed apply includes Terraform's own work (plan, refresh), whose
	// time depends on the machine's load (14.5s was seen on a busy 2-core
	// machine); the retries themselves must stop at 3s, not run the default
	// policy's budget of minutes. 40s tells the two apart with room for load.
	if took > 40*time.Second {
		t.Errorf("the failing apply with create = \"3s\" took %s", took)
	}
	t.Logf("failing apply with create = \"3s\" took %s", took.Round(time.Millisecond))
}

// ambiguousAPI answers every add as a write whose outcome is unknown (as a
// 503 after sending), and lists an empty account: the account layer keeps
// looking and trying again.
type ambiguousAPI struct{}

func (ambiguousAPI) List(context.Context) (*sendblue.Configuration, error) {
	return &sendblue.Configuration{}, nil
}

func (ambiguousAPI) Add(context.Context, sendblue.AddRequest) (*sendblue.Configuration, error) {
	return nil, &sendblue.APIError{Method: http.MethodPost, StatusCode: 503, Message: "unavailable", Transient: true, Ambiguous: true}
}

func (ambiguousAPI) Replace(context.Context, *sendblue.Configuration) (*sendblue.Configuration, error) {
	return nil, errors.New("not used")
}

func (ambiguousAPI) Delete(context.Context, sendblue.DeleteRequest) error {
	return errors.New("not used")
}

// When a resource's timeout runs out while its write waits to be
// tried again, the diagnostic says it ran out of time and how to raise the
// timeout, not that it was interrupted. (The deadline falls in the account
// layer's backoff every time here; TestAccReliability_createTimeoutStopsRetrying
// shows the same through Terraform.)
func TestReliability_timeoutDuringRetryIsReportedAsTimeout(t *testing.T) {
	acct := sendblue.NewAccount(ambiguousAPI{}, sendblue.AccountOptions{
		Retry:       sendblue.RetryPolicy{MaxAttempts: 100, WaitMin: time.Second, WaitMax: time.Second},
		BatchWindow: -1,
	})
	const runs = 40
	var wrong []string
	for i := range runs {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		url := fmt.Sprintf("https://hooks.example.com/deadline/%d", i)
		err := acct.Create(ctx, sendblue.TypeReceive, sendblue.Webhook{URL: url}, "")
		cancel()
		var diags diag.Diagnostics
		addAPIError(&diags, "create", aboutWebhook(sendblue.TypeReceive, url), err)
		if len(diags) != 1 {
			t.Fatalf("create %d: %d diagnostics for %v", i, len(diags), err)
		}
		if d := diags[0].Detail(); !strings.Contains(d, "ran out of time") {
			wrong = append(wrong, d)
		}
	}
	if len(wrong) > 0 {
		t.Errorf("%d of %d creates whose timeout ran out were not reported as a timeout; the first:\n%s", len(wrong), runs, wrong[0])
	}
}
