// Package livetest runs the provider's acceptance tests against a real Sendblue
// account without touching anything the run did not create: every webhook it
// creates lives under a URL prefix unique to the run, on a reserved example
// domain that cannot receive deliveries; account-wide tests run only on an
// account declared disposable; a line's call forwarding is changed only when
// the caller names the line, and put back as it was found.
//
// The package holds what the runner (scripts/live, behind make testacc-live and
// make sweep-live) and the tests (internal/livetest/suite) share: the settings
// read from the environment, run ids and their URL prefix, the sweep, and a
// recorder that compares every answer of the real API with what the project's
// mock would have answered.
package livetest

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/provider"
	"github.com/sendblue-api/terraform-provider-sendblue/internal/sendblue"
)

// Environment variables of the live mode. The credentials, the base URL and
// the API version are the provider's own variables (provider.EnvAPIKey,
// provider.EnvAPISecret, provider.EnvAccessToken, provider.EnvBaseURL, provider.EnvAPIVersion), read by the
// provider under test too.
const (
	// EnvDisposable, set to 1, allows tests that replace or clear the whole
	// account's webhooks or change its global secret.
	EnvDisposable = "SENDBLUE_LIVE_ACCOUNT_IS_DISPOSABLE"
	// EnvLine names (E.164) the one line whose call forwarding the tests may
	// change; it is put back as found.
	EnvLine = "SENDBLUE_LIVE_LINE"
	// EnvRunID is set by the runner for the tests: the run's id. The tests run
	// only when it is set, so that go test ./... never reaches a real account.
	EnvRunID = "SENDBLUE_LIVE_RUN_ID"
	// EnvStateDir is where the runner notes what it must put back (a line's
	// forwarding) until it has; make sweep-live reads the notes an interrupted
	// run left. Default: the user's cache directory.
	EnvStateDir = "SENDBLUE_LIVE_STATE_DIR"
)

// Domain is the host of every webhook the live tests create: a subdomain of
// example.com, which is reserved (RFC 2606) and receives no deliveries.
const Domain = "sendblue-tf-live.example.com"

// runIDPattern is the shape of a run id: the UTC start time and 6 random hex
// digits, e.g. run-20261203t090100z-a1b2c3.
const runIDPattern = `run-[0-9]{8}t[0-9]{6}z-[0-9a-f]{6}`

var runIDRe = regexp.MustCompile(`^` + runIDPattern + `$`)

// SweepPattern matches the URL of a webhook created by any live run, this one
// or an earlier one; nothing else.
var SweepPattern = regexp.MustCompile(`^https://` + regexp.QuoteMeta(Domain) + `/` + runIDPattern + `/`)

// PatternText is SweepPattern for people: what make sweep-live looks for.
const PatternText = "https://" + Domain + "/run-<yyyymmdd>t<hhmmss>z-<6 hex>/..."

// NewRunID returns a fresh run id for the current time.
func NewRunID(now time.Time) (string, error) {
	var b [3]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return "run-" + strings.ToLower(now.UTC().Format("20060102t150405z")) + "-" + hex.EncodeToString(b[:]), nil
}

// Prefix is the URL prefix of every webhook of run id.
func Prefix(runID string) string { return "https://" + Domain + "/" + runID + "/" }

// Settings are the live mode's environment.
type Settings struct {
	BaseURL     string
	APIKey      string
	APISecret   string
	AccessToken string
	APIVersion  string
	Disposable  bool
	Line        string
	RunID       string
	StateDir    string
}

// ErrNoCredentials is why the live mode refuses to start.
var ErrNoCredentials = errors.New("no Sendblue credentials: set " + provider.EnvAPIKey + " and " + provider.EnvAPISecret +
	", or " + provider.EnvAccessToken + ". The live acceptance tests run against a real Sendblue account (" + provider.EnvBaseURL +
	", default " + sendblue.DefaultBaseURL + ") and create webhooks under https://" + Domain + "/<run-id>/ only")

// FromEnv reads the settings from getenv (os.Getenv in the runner). It fails
// without usable credentials, or with a run id of the wrong shape.
func FromEnv(getenv func(string) string) (Settings, error) {
	s := Settings{
		BaseURL:     strings.TrimSpace(getenv(provider.EnvBaseURL)),
		APIKey:      getenv(provider.EnvAPIKey),
		APISecret:   getenv(provider.EnvAPISecret),
		AccessToken: getenv(provider.EnvAccessToken),
		APIVersion:  getenv(provider.EnvAPIVersion),
		Disposable:  getenv(EnvDisposable) == "1",
		Line:        strings.TrimSpace(getenv(EnvLine)),
		RunID:       getenv(EnvRunID),
		StateDir:    getenv(EnvStateDir),
	}
	if s.BaseURL == "" {
		s.BaseURL = sendblue.DefaultBaseURL
	}
	switch {
	case s.AccessToken != "" && (s.APIKey != "" || s.APISecret != ""):
		return s, fmt.Errorf("both %s and %s/%s are set: set one way of authenticating", provider.EnvAccessToken, provider.EnvAPIKey, provider.EnvAPISecret)
	case s.AccessToken == "" && s.APIKey == "" && s.APISecret == "":
		return s, ErrNoCredentials
	case s.AccessToken == "" && s.APIKey == "":
		return s, fmt.Errorf("%s is set but %s is not: set both, or %s instead", provider.EnvAPISecret, provider.EnvAPIKey, provider.EnvAccessToken)
	case s.AccessToken == "" && s.APISecret == "":
		return s, fmt.Errorf("%s is set but %s is not: set both, or %s instead", provider.EnvAPIKey, provider.EnvAPISecret, provider.EnvAccessToken)
	}
	if s.RunID != "" && !runIDRe.MatchString(s.RunID) {
		return s, fmt.Errorf("%s %q is not a run id (%s)", EnvRunID, s.RunID, runIDPattern)
	}
	if s.StateDir == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			dir = os.TempDir()
		}
		s.StateDir = dir + string(os.PathSeparator) + "sendblue-tf-live"
	}
	return s, nil
}

// Auth names the way of authenticating, for the start-up lines.
func (s Settings) Auth() string {
	if s.AccessToken != "" {
		return "access token (" + provider.EnvAccessToken + ")"
	}
	return "API key and secret (" + provider.EnvAPIKey + ", " + provider.EnvAPISecret + ")"
}

// Client returns a client for the account; cfg's credentials and base URL are
// filled in from s.
func (s Settings) Client(cfg sendblue.Config) (*sendblue.Client, error) {
	cfg.BaseURL = s.BaseURL
	cfg.APIKey = s.APIKey
	cfg.APISecret = s.APISecret
	cfg.AccessToken = s.AccessToken
	cfg.APIVersion = s.APIVersion
	if cfg.UserAgent == "" {
		cfg.UserAgent = "terraform-provider-sendblue-live"
	}
	return sendblue.New(cfg)
}
