package mock_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sendblue-api/terraform-provider-sendblue/internal/mock"
)

func TestRecorderNotesStatusAndBody(t *testing.T) {
	for _, tc := range []struct {
		name       string
		handler    http.HandlerFunc
		keepBody   bool
		wantStatus int
		wantBody   string
	}{
		{"no answer", func(http.ResponseWriter, *http.Request) {}, true, 0, ""},
		{"implicit 200", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`{"status":"OK"}`)) }, true, http.StatusOK, `{"status":"OK"}`},
		{"first status wins", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusTooManyRequests)
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte("slow down"))
		}, true, http.StatusTooManyRequests, "slow down"},
		{"body not kept", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("x")) }, false, http.StatusOK, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			under := httptest.NewRecorder()
			rec := &mock.Recorder{ResponseWriter: under}
			if tc.keepBody {
				rec.Body = &bytes.Buffer{}
			}
			tc.handler(rec, httptest.NewRequest(http.MethodGet, "/", nil))
			if rec.Status != tc.wantStatus {
				t.Errorf("Status = %d, want %d", rec.Status, tc.wantStatus)
			}
			if rec.Body != nil && rec.Body.String() != tc.wantBody {
				t.Errorf("Body = %q, want %q", rec.Body.String(), tc.wantBody)
			}
			if tc.wantStatus != 0 && under.Code != tc.wantStatus {
				t.Errorf("the writer beneath got %d, want %d", under.Code, tc.wantStatus)
			}
			if rec.Unwrap() != http.ResponseWriter(under) {
				t.Error("Unwrap does not return the writer beneath")
			}
		})
	}
}
