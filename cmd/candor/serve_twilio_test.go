package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"candor/agent/metrics"
	"candor/agent/store/sqlite"
	"candor/agent/telephony/twilio"
	"candor/agent/web"
)

func strp(s string) *string { return &s }

// TestServeTwilioRoutes: with a Twilio account, candor serve answers Twilio's
// status callbacks (signed) and media stream on the same server, and the web
// app still wants a login.
func TestServeTwilioRoutes(t *testing.T) {
	const token, public = "serve-test-token", "https://candor.example.com"
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "candor.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv, err := web.New(web.Config{Store: st, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	tw := &twilioFlags{sid: strp("AC0123456789abcdef0123456789abcdef"), token: strp(token), from: strp("+15005550006"),
		publicURL: strp(public), apiBase: strp("http://127.0.0.1:1")}
	if !tw.given() {
		t.Fatal("got no Twilio account from the flags, want one")
	}
	d, err := serveTwilio(tw, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Wait()
	var g metrics.Gauge
	h := withMetrics(withTwilio(srv, d), &metrics.Handler{Active: &g}, true, st)
	ts := httptest.NewServer(h)
	defer ts.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	status := url.Values{"CallSid": {"CA42"}, "CallStatus": {"completed"}}
	uri := twilio.StatusPath + "?call=unknown"
	tests := []struct {
		name, method, path string
		form               url.Values
		sig                string
		want               int
		wantLocation       string
	}{
		{"signed status callback, unknown call", "POST", uri, status, twilio.Signature(token, public+uri, status), http.StatusNoContent, ""},
		{"unsigned status callback", "POST", uri, status, "", http.StatusForbidden, ""},
		{"status callback signed with another token", "POST", uri, status, twilio.Signature("other", public+uri, status), http.StatusForbidden, ""},
		{"status callback by GET", "GET", uri, nil, "", http.StatusMethodNotAllowed, ""},
		{"media endpoint without a WebSocket upgrade", "GET", twilio.MediaPath, nil, "", http.StatusBadRequest, ""},
		{"web route needs a login", "GET", "/calls", nil, "", http.StatusSeeOther, "/login?next=%2Fcalls"},
		{"twilio-like web path needs a login", "GET", "/twilio/other", nil, "", http.StatusSeeOther, "/login"},
		{"metrics on loopback", "GET", "/metrics", nil, "", http.StatusOK, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body io.Reader
			if tc.form != nil {
				body = strings.NewReader(tc.form.Encode())
			}
			req, err := http.NewRequest(tc.method, ts.URL+tc.path, body)
			if err != nil {
				t.Fatal(err)
			}
			if tc.form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			if tc.sig != "" {
				req.Header.Set("X-Twilio-Signature", tc.sig)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("got %d, want %d", resp.StatusCode, tc.want)
			}
			if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, tc.wantLocation) {
				t.Errorf("got Location %q, want prefix %q", loc, tc.wantLocation)
			}
		})
	}
}

// TestServeTwilioConfig: a named account with parts missing is refused, naming them.
func TestServeTwilioConfig(t *testing.T) {
	tw := &twilioFlags{sid: strp("AC1"), token: strp(""), from: strp(""), publicURL: strp(""), apiBase: strp("")}
	_, err := serveTwilio(tw, slog.New(slog.DiscardHandler))
	if err == nil {
		t.Fatal("got no error for a Twilio account without token, From and public URL, want one")
	}
	for _, want := range []string{"auth token", "From", "public base URL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("got %q, want it to mention %q", err, want)
		}
	}
	if none := (&twilioFlags{sid: strp("")}); none.given() {
		t.Error("got a Twilio account without an account SID, want none")
	}
}
