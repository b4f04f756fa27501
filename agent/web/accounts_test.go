package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

var (
	newTokenRE = regexp.MustCompile(`id="new-token-value">([^<]+)<`)
	tokenRowRE = regexp.MustCompile(`data-token="(\d+)"`)
)

// TestAdminAccounts: an admin manages accounts and API tokens in the
// browser; a revoked token then gets 401; every action is audited.
func TestAdminAccounts(t *testing.T) {
	a := newTestApp(t)
	ada := a.login("ada", adminPW)
	rita := a.login("rita", reviewerPW)
	if code, _, _ := a.get(rita, "/admin"); code != http.StatusForbidden {
		t.Errorf("reviewer GET /admin: got %d, want 403", code)
	}
	_, page, _ := a.get(ada, "/admin")
	csrf := csrfOf(t, page)
	post := func(path string, form url.Values) (int, string) {
		t.Helper()
		form.Set("csrf", csrf)
		return a.post(ada, path, form)
	}

	code, page := post("/admin/tokens", url.Values{"user": {"rita"}, "label": {"ci export"}})
	m := newTokenRE.FindStringSubmatch(page)
	if code != http.StatusOK || m == nil {
		t.Fatalf("create token: got %d, want 200 showing the token once; %.500s", code, page)
	}
	tok := m[1]
	if code, body, _ := a.get(a.client(), "/api/me", "Authorization", "Bearer "+tok); code != http.StatusOK || !contains(body, `"rita"`) {
		t.Fatalf("new token GET /api/me: got %d %s, want 200 as rita", code, body)
	}
	_, page, _ = a.get(ada, "/admin")
	if contains(page, tok) {
		t.Errorf("the admin page shows the token again, want it shown once")
	}
	if !contains(page, "ci export") || contains(page, ">never<") {
		t.Errorf("token row: want its label and a last-used time; %.2000s", page)
	}
	id := tokenRowRE.FindStringSubmatch(page)
	if id == nil {
		t.Fatalf("no token row in the admin page")
	}
	if code, _ := post("/admin/tokens/"+id[1]+"/revoke", url.Values{}); code != http.StatusSeeOther {
		t.Errorf("revoke: got %d, want 303", code)
	}
	if code, _, _ := a.get(a.client(), "/api/me", "Authorization", "Bearer "+tok); code != http.StatusUnauthorized {
		t.Errorf("revoked token GET /api/me: got %d, want 401", code)
	}

	for _, tc := range []struct {
		name string
		path string
		form url.Values
		want int
	}{
		{"add a designer", "/admin/users", url.Values{"name": {"dora"}, "role": {"designer"}, "password": {"dora-password-1"}}, http.StatusSeeOther},
		{"add dora again", "/admin/users", url.Values{"name": {"dora"}, "role": {"designer"}, "password": {"dora-password-1"}}, http.StatusConflict},
		{"short password", "/admin/users", url.Values{"name": {"eve"}, "role": {"reviewer"}, "password": {"short"}}, http.StatusBadRequest},
		{"bad name", "/admin/users", url.Values{"name": {"<b>"}, "role": {"reviewer"}, "password": {"long-enough-pw"}}, http.StatusBadRequest},
		{"rita becomes designer", "/admin/users/rita", url.Values{"op": {"role"}, "role": {"designer"}}, http.StatusSeeOther},
		{"unknown role", "/admin/users/rita", url.Values{"op": {"role"}, "role": {"root"}}, http.StatusBadRequest},
		{"disable rita", "/admin/users/rita", url.Values{"op": {"disable"}}, http.StatusSeeOther},
		{"disable myself", "/admin/users/ada", url.Values{"op": {"disable"}}, http.StatusBadRequest},
		{"demote myself", "/admin/users/ada", url.Values{"op": {"role"}, "role": {"reviewer"}}, http.StatusBadRequest},
		{"disable a ghost", "/admin/users/ghost", url.Values{"op": {"disable"}}, http.StatusNotFound},
		{"revoke a ghost token", "/admin/tokens/999/revoke", url.Values{}, http.StatusNotFound},
	} {
		if code, body := post(tc.path, tc.form); code != tc.want {
			t.Errorf("%s: got %d, want %d; %.300s", tc.name, code, tc.want, body)
		}
	}
	if _, body := post("/admin/users/ada", url.Values{"op": {"disable"}}); !contains(body, "you cannot disable your own account") || contains(body, "store:") {
		t.Errorf("self-disable: want a plain error, got %.300s", body)
	}
	if code, _, _ := a.get(rita, "/calls"); code != http.StatusSeeOther {
		t.Errorf("disabled rita's session: got %d, want 303 to the login", code)
	}
	if code := a.tryLogin(a.client(), "rita", reviewerPW); code != http.StatusUnauthorized {
		t.Errorf("disabled rita logs in: got %d, want 401", code)
	}
	if u, _ := a.st.UserByName(context.Background(), "rita"); u.Role != "designer" || !u.Disabled {
		t.Errorf("rita: got %+v, want a disabled designer", u)
	}
	log, err := a.st.AuditLog(context.Background(), 50)
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]int{}
	for _, e := range log {
		if e.Actor == "ada" {
			actions[e.Action]++
		}
	}
	for _, want := range []string{"token_create", "token_revoke", "user_add", "user_role", "user_disable"} {
		if actions[want] != 1 {
			t.Errorf("audit log: got %d %s by ada, want 1 (log %v)", actions[want], want, actions)
		}
	}
}
