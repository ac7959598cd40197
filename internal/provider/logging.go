package provider

import "os"

// logLevelVariables are the variables that make Terraform (or OpenTofu) show
// a provider's logs, or that set the framework's own log level.
var logLevelVariables = []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK"}

// QuietUnseenFrameworkLogs turns the plugin framework's own logger off when
// none of logLevelVariables is set, and reports whether it did. Terraform
// then drops every log line a provider writes, yet the framework still builds
// each of its trace lines (several per validator and plan modifier of every
// resource, on every plan): at 500 webhooks that was about 40 % of a plan.
// With any of the variables set nothing changes, so TF_LOG=TRACE shows the
// framework's lines as before. The provider's own log lines (tflog) are not
// affected. getenv and setenv are os.Getenv and os.Setenv outside tests.
func QuietUnseenFrameworkLogs(getenv func(string) string, setenv func(string, string) error) bool {
	for _, name := range logLevelVariables {
		if getenv(name) != "" {
			return false
		}
	}
	return setenv("TF_LOG_SDK_FRAMEWORK", "off") == nil
}

// QuietUnseenFrameworkLogsInProcess is QuietUnseenFrameworkLogs on this
// process's environment, for main before it serves the provider.
func QuietUnseenFrameworkLogsInProcess() bool {
	return QuietUnseenFrameworkLogs(os.Getenv, os.Setenv)
}
