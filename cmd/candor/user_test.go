package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"candor/agent/store/sqlite"
	"candor/agent/web"
)

// TestAccountCommands: users are disabled and given roles, and tokens listed
// and revoked from the CLI; a revoked token then gets 401 from the web app,
// and the audit log names each change.
func TestAccountCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	cli := func(stdin string, args ...string) (int, string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		code := run(context.Background(), append([]string{"--db", db}, args...), strings.NewReader(stdin), &out, &errb)
		return code, out.String(), errb.String()
	}
	for _, u := range [][]string{{"admin", "ada"}, {"reviewer", "rita"}} {
		if code, _, errs := cli("a-good-password\n", "user", "add", "--role", u[0], u[1]); code != 0 {
			t.Fatalf("user add %s = %d: %s", u[1], code, errs)
		}
	}
	code, tok, errs := cli("", "token", "create", "--label", "ci", "rita")
	tok = strings.TrimSpace(tok)
	if code != 0 || tok == "" {
		t.Fatalf("token create = %d %q: %s", code, tok, errs)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv, err := web.New(web.Config{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()
	me := func() int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/me", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := me(); got != http.StatusOK {
		t.Fatalf("live token: got %d, want 200", got)
	}
	_, list, _ := cli("", "token", "list")
	if !strings.Contains(list, "rita") || !strings.Contains(list, "ci") || !strings.Contains(list, "live") || strings.Contains(list, "never") {
		t.Errorf("token list: got %q, want rita's live ci token, used once", list)
	}
	for _, tc := range []struct {
		args []string
		want int
		out  string
	}{
		{[]string{"token", "revoke", "1"}, 0, "revoked token 1 of rita"},
		{[]string{"token", "revoke", "1"}, 0, "revoked token 1 of rita"},
		{[]string{"token", "revoke", "7"}, 1, ""},
		{[]string{"token", "revoke", "x"}, 1, ""},
		{[]string{"user", "role", "rita", "designer"}, 0, "rita is now designer"},
		{[]string{"user", "role", "rita", "root"}, 1, ""},
		{[]string{"user", "disable", "rita"}, 0, "disabled rita"},
		{[]string{"user", "disable", "ada"}, 1, ""}, // the last admin
		{[]string{"user", "disable", "ghost"}, 1, ""},
		{[]string{"user", "enable", "rita"}, 0, "enabled rita"},
		{[]string{"user", "disable"}, 2, ""},
	} {
		code, out, errs := cli("", tc.args...)
		if code != tc.want || !strings.Contains(out, tc.out) {
			t.Errorf("%v: got %d %q (%s), want %d %q", tc.args, code, out, errs, tc.want, tc.out)
		}
	}
	if got := me(); got != http.StatusUnauthorized {
		t.Errorf("revoked token: got %d, want 401", got)
	}
	_, audit, _ := cli("", "audit")
	for _, want := range []string{"token_revoke", "user_role", "user_disable", "user_enable", "token_create", "user_add", "cli"} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit: got %q, want %q in it", audit, want)
		}
	}
}
