package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"candor/agent/store"
)

type fakeTokens struct{ hash string }

func (f fakeTokens) UserByAPIToken(_ context.Context, h string) (store.User, error) {
	if h == f.hash {
		return store.User{Name: "ops"}, nil
	}
	return store.User{}, errors.New("no such token")
}

func TestWithMetricsAuth(t *testing.T) {
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	m := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("candor_active_calls 0\n")) })
	tokens := fakeTokens{hash: TokenHash("good-token")}
	tests := []struct {
		name   string
		local  bool
		path   string
		auth   string
		status int
	}{
		{"loopback, no credentials", true, "/metrics", "", 200},
		{"network, no credentials", false, "/metrics", "", 401},
		{"network, bad token", false, "/metrics", "Bearer nope", 401},
		{"network, not bearer", false, "/metrics", "Basic Zm9vOmJhcg==", 401},
		{"network, good token", false, "/metrics", "Bearer good-token", 200},
		{"other paths go to the app", false, "/calls", "", http.StatusTeapot},
	}
	h := WithMetrics(app, m, false, tokens)
	hl := WithMetrics(app, m, true, tokens)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", tc.path, nil)
			if tc.auth != "" {
				r.Header.Set("Authorization", tc.auth)
			}
			w := httptest.NewRecorder()
			if tc.local {
				hl.ServeHTTP(w, r)
			} else {
				h.ServeHTTP(w, r)
			}
			if w.Code != tc.status {
				t.Errorf("got %d, want %d", w.Code, tc.status)
			}
		})
	}
}

func TestLoopback(t *testing.T) {
	tests := []struct {
		addr net.Addr
		want bool
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, true},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 8080}, true},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 8080}, false},
		{&net.TCPAddr{IP: net.IPv4(10, 0, 0, 2), Port: 8080}, false},
		{&net.UnixAddr{Name: "/tmp/x", Net: "unix"}, false},
	}
	for _, tc := range tests {
		if got := OnLoopback(tc.addr); got != tc.want {
			t.Errorf("OnLoopback(%v): got %v, want %v", tc.addr, got, tc.want)
		}
	}
}
