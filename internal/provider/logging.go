package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

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

// logFunc forwards the client's log lines to tflog. The context carries the
// masks set by maskSecrets, so nothing secret reaches the log.
func logFunc(ctx context.Context, level, msg string, fields map[string]any) {
	switch level {
	case "warn":
		tflog.Warn(ctx, msg, fields)
	case "debug":
		tflog.Debug(ctx, msg, fields)
	default:
		tflog.Trace(ctx, msg, fields)
	}
}

// secretFieldKeys are log field names whose values are always masked.
var secretFieldKeys = []string{"api_secret", "access_token", "secret", "secret_wo", "global_secret", "globalSecret", "sb-api-secret-key", "Authorization", "authorization"}

// maskSecrets returns ctx with every given non-empty secret masked in log
// messages and field values, and the secret-named fields masked whatever
// their value. Secrets are masked as whole values, as in error text (see
// sendblue.Redact): a short secret never garbles part of a word.
func maskSecrets(ctx context.Context, secrets ...string) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, secretFieldKeys...)
	if re := sendblue.SecretsRegexp(secrets...); re != nil {
		ctx = tflog.MaskMessageRegexes(ctx, re)
		ctx = tflog.MaskAllFieldValuesRegexes(ctx, re)
	}
	return ctx
}
