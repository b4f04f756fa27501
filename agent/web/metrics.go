package web

import (
	"context"
	"net/http"
	"strings"

	"candor/agent/store"
)

// TokenChecker finds the owner of an API token (the store does).
type TokenChecker interface {
	UserByAPIToken(ctx context.Context, tokenHash string) (store.User, error)
}

// WithMetrics serves /metrics from m and everything else from app. On a
// loopback listener /metrics needs no credentials (only local processes can
// reach it); on any other address it needs an API token (Authorization:
// Bearer, as for /api), so counts never leak to the network unauthenticated.
func WithMetrics(app, m http.Handler, local bool, tokens TokenChecker) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" {
			app.ServeHTTP(w, r)
			return
		}
		if !local {
			tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			tok = strings.TrimSpace(tok)
			if !ok || tok == "" {
				w.Header().Set("WWW-Authenticate", `Bearer realm="candor"`)
				http.Error(w, "authentication required", http.StatusUnauthorized)
				return
			}
			if _, err := tokens.UserByAPIToken(r.Context(), TokenHash(tok)); err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="candor"`)
				http.Error(w, "authentication required", http.StatusUnauthorized)
				return
			}
		}
		m.ServeHTTP(w, r)
	})
}
