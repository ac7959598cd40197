// Command sendblue-mock serves the in-memory Sendblue webhook API mock in the
// foreground, for `make mock`, `make demo` and `make bench`.
//
// Configuration: MOCK_ADDR (default 127.0.0.1:8787; port 0 picks a free one) or -addr,
// MOCK_API_KEY / MOCK_API_SECRET (default mock.DefaultAPIKey / mock.DefaultAPISecret),
// MOCK_ACCESS_TOKEN (an account-wide bearer token it accepts too; none by default), and
// MOCK_API_VERSION ("current" or "v2" to serve that API generation only; both by default).
// On start it prints one line, "sendblue mock listening on http://HOST:PORT", to stdout
// and, when MOCK_URL_FILE is set, writes the base URL to that file, so scripts can find
// it. The account starts with no webhooks and no lines; seed lines (and their call
// forwarding) through the admin API on the same port, with the mock's key and secret:
//
//	curl -X PUT -H 'sb-api-key-id: mock-api-key' -H 'sb-api-secret-key: mock-api-secret' \
//	  -H 'Content-Type: application/json' http://127.0.0.1:8787/_mock/lines \
//	  -d '[{"sendblue_number":"+12125550101","assignment":"assigned","status":"ONLINE"}]'
//
// (see internal/mock/admin.go for every admin endpoint). Each request is logged to
// stderr (method, path, status; never headers or bodies). It binds to loopback only
// unless -allow-remote is given: it is a test server that accepts fake credentials.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

const defaultAddr = "127.0.0.1:8787"

func main() {
	logger := log.New(os.Stderr, "sendblue-mock: ", log.LstdFlags)
	if err := run(logger); err != nil {
		logger.Print(err)
		os.Exit(1)
	}
}

func run(logger *log.Logger) error {
	addrDefault := os.Getenv("MOCK_ADDR")
	if addrDefault == "" {
		addrDefault = defaultAddr
	}
	addr := flag.String("addr", addrDefault, "listen address (host:port; port 0 picks a free port); overrides MOCK_ADDR")
	allowRemote := flag.Bool("allow-remote", false, "allow binding to a non-loopback address (the mock accepts fake credentials)")
	flag.Parse()
	if flag.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(flag.Args(), " "))
	}

	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return fmt.Errorf("invalid listen address %q: %w", *addr, err)
	}
	if !*allowRemote && !isLoopbackHost(host) {
		return fmt.Errorf("refusing to listen on non-loopback address %q without -allow-remote", *addr)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	// "localhost" could resolve to something else: check what was actually bound.
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !*allowRemote && !tcp.IP.IsLoopback() {
		return fmt.Errorf("refusing to serve on non-loopback address %s without -allow-remote", tcp)
	}
	baseURL := "http://" + ln.Addr().String()

	opts := mock.Options{
		APIKey:    os.Getenv("MOCK_API_KEY"),
		APISecret: os.Getenv("MOCK_API_SECRET"),
		Only:      os.Getenv("MOCK_API_VERSION"),
	}
	switch opts.Only {
	case "", "current", "v2":
	default:
		return fmt.Errorf("MOCK_API_VERSION %q is not one of current, v2 (or unset for both)", opts.Only)
	}
	if tok := os.Getenv("MOCK_ACCESS_TOKEN"); tok != "" {
		opts.AccessTokens = []string{tok}
	}

	srv := &http.Server{
		Handler:           logRequests(logger, mock.New(opts)),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          logger,
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	// os.Stdout is unbuffered, so the line is out as soon as Fprintln returns.
	if _, err := fmt.Fprintln(os.Stdout, "sendblue mock listening on "+baseURL); err != nil {
		return err
	}
	if path := os.Getenv("MOCK_URL_FILE"); path != "" {
		if err := writeFileAtomic(path, baseURL+"\n"); err != nil {
			return fmt.Errorf("writing MOCK_URL_FILE: %w", err)
		}
	}

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	stop() // a second signal kills the process the usual way
	logger.Print("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	if i := strings.IndexByte(host, '%'); i >= 0 { // IPv6 zone
		host = host[:i]
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// writeFileAtomic writes via a temporary file and a rename, so a script polling for
// the file never reads it half-written.
func writeFileAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sendblue-mock-url-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// logRequests logs method, path, status and duration; never headers (credentials) or
// bodies (webhook secrets).
func logRequests(logger *log.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &mock.Recorder{ResponseWriter: w}
		defer func() {
			status := "no answer" // connection reset by a fault, or client gone
			if rec.Status != 0 {
				status = fmt.Sprint(rec.Status)
			}
			logger.Printf("%s %q %s %s", r.Method, r.URL.Path, status, time.Since(start).Round(time.Microsecond))
		}()
		next.ServeHTTP(rec, r)
	})
}
