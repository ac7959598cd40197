package provider

import "testing"

func TestQuietUnseenFrameworkLogs(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want bool
	}{
		{"nothing set: nobody sees the logs", map[string]string{}, true},
		{"empty values count as unset", map[string]string{"TF_LOG": "", "TF_LOG_PROVIDER": ""}, true},
		{"TF_LOG", map[string]string{"TF_LOG": "TRACE"}, false},
		{"TF_LOG_PROVIDER", map[string]string{"TF_LOG_PROVIDER": "DEBUG"}, false},
		{"TF_LOG_SDK", map[string]string{"TF_LOG_SDK": "TRACE"}, false},
		{"the user's own framework level", map[string]string{"TF_LOG_SDK_FRAMEWORK": "TRACE"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range tc.env {
				env[k] = v
			}
			got := QuietUnseenFrameworkLogs(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
			if got != tc.want {
				t.Fatalf("QuietUnseenFrameworkLogs = %v, want %v", got, tc.want)
			}
			want := tc.env["TF_LOG_SDK_FRAMEWORK"]
			if tc.want {
				want = "off"
			}
			if env["TF_LOG_SDK_FRAMEWORK"] != want {
				t.Fatalf("TF_LOG_SDK_FRAMEWORK = %q, want %q", env["TF_LOG_SDK_FRAMEWORK"], want)
			}
		})
	}
}
