// Package acctest is the shared harness of the provider's acceptance and
// end-to-end tests: an in-process mock Sendblue account per test with the
// provider block that points at it (Env), the Terraform or OpenTofu CLI under
// test and the features it has (CLI, NeedsCLI, RequireCLI), a runner of that
// CLI in a working directory of its own, with the provider served in-process
// or built and installed through dev_overrides (Runner), checks of the state,
// the plan and the mock, and a proxy that misanswers requests in ways the
// mock's own faults cannot (FaultProxy).
//
// It knows nothing of the provider package, which imports it from its tests:
// where the harness needs the provider, the caller hands it in as a factory
// of provider servers.
package acctest
