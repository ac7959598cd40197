// Package suite holds the live acceptance tests: the provider against a real
// Sendblue account. They run only under make testacc-live (scripts/live), which
// sets SENDBLUE_LIVE_RUN_ID; under go test ./... and make test the package runs
// nothing. See package livetest for what they may touch.
package suite
