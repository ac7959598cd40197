package mock

import (
	"bytes"
	"net/http"
)

// Recorder is an http.ResponseWriter in front of another that notes the
// status the handler answered with (0: none, as when a fault reset the
// connection) and, when Body is set, a copy of the body. Unwrap lets
// http.ResponseController reach the writer beneath, so that the mock's
// connection-reset fault can still hijack the connection through it.
type Recorder struct {
	http.ResponseWriter
	Status int
	Body   *bytes.Buffer
}

// WriteHeader notes the first status and passes it on.
func (r *Recorder) WriteHeader(status int) {
	if r.Status == 0 {
		r.Status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

// Write notes an implicit 200 and the body, and passes the body on.
func (r *Recorder) Write(b []byte) (int, error) {
	if r.Status == 0 {
		r.Status = http.StatusOK
	}
	if r.Body != nil {
		r.Body.Write(b)
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap returns the writer beneath.
func (r *Recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
