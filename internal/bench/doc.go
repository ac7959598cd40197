// Package bench holds the benchmarks of `make bench`: Terraform commands
// (plan, apply, destroy) over N = 10, 100 and 500 sendblue_webhook
// resources against the in-process mock API, each timed next to the same
// command over the floor provider (internal/benchfloor), alternating runs,
// with the ratio reported as a benchmark metric. The pass/fail targets of
// the provider's performance live in internal/provider/perf_test.go, not
// here: a benchmark only measures.
package bench
