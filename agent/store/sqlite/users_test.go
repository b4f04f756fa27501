package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"candor/agent/store"
)

func TestAddUser(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if _, err := s.AddUser(ctx, "alice", store.RoleAdmin, "hash-a"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, user string
		role       store.Role
		hash       string
		want       error
	}{
		{"duplicate", "alice", store.RoleReviewer, "h", store.ErrExists},
		{"bad role", "bob", store.Role("root"), "h", store.ErrInvalid},
		{"empty hash", "bob", store.RoleReviewer, "", store.ErrInvalid},
		{"space in name", "bo b", store.RoleReviewer, "h", store.ErrInvalid},
		{"markup in name", "<b>", store.RoleReviewer, "h", store.ErrInvalid},
		{"ok", "bob", store.RoleReviewer, "h", nil},
	}
	for _, tt := range tests {
		_, err := s.AddUser(ctx, tt.user, tt.role, tt.hash)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: AddUser: got %v, want %v", tt.name, err, tt.want)
		}
	}
	u, err := s.UserByName(ctx, "bob")
	if err != nil || u.Role != store.RoleReviewer || u.PasswordHash != "h" {
		t.Errorf("UserByName(bob): got %+v, %v, want reviewer with hash h", u, err)
	}
	if _, err := s.UserByName(ctx, "carol"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UserByName(carol): got %v, want store.ErrNotFound", err)
	}
	users, err := s.ListUsers(ctx)
	if err != nil || len(users) != 2 || users[0].Name != "alice" {
		t.Errorf("ListUsers: got %+v, %v, want alice and bob", users, err)
	}
}

func TestSessions(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	u, err := s.AddUser(ctx, "alice", store.RoleReviewer, "h")
	if err != nil {
		t.Fatal(err)
	}
	now := s.now()
	if err := s.CreateSession(ctx, "live", u.ID, "csrf-1", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, "old", u.ID, "csrf-2", now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	ws, err := s.SessionByHash(ctx, "live")
	if err != nil || ws.User.Name != "alice" || ws.CSRF != "csrf-1" {
		t.Errorf("SessionByHash(live): got %+v, %v, want alice with csrf-1", ws, err)
	}
	if _, err := s.SessionByHash(ctx, "old"); !errors.Is(err, store.ErrExpired) {
		t.Errorf("SessionByHash(old): got %v, want store.ErrExpired", err)
	}
	if _, err := s.SessionByHash(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SessionByHash(nope): got %v, want store.ErrNotFound", err)
	}
	if err := s.DeleteSession(ctx, "live"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByHash(ctx, "live"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after logout: got %v, want store.ErrNotFound", err)
	}
	// A new password ends every session.
	if err := s.CreateSession(ctx, "again", u.ID, "c", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(ctx, "alice", "h2"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByHash(ctx, "again"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after password change: got %v, want store.ErrNotFound", err)
	}
}

func TestAPITokens(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if _, err := s.AddUser(ctx, "bot", store.RoleReviewer, "h"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddAPIToken(ctx, "bot", "tok-hash", "ci"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddAPIToken(ctx, "ghost", "other", ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("AddAPIToken(ghost): got %v, want store.ErrNotFound", err)
	}
	u, err := s.UserByAPIToken(ctx, "tok-hash")
	if err != nil || u.Name != "bot" {
		t.Errorf("UserByAPIToken: got %+v, %v, want bot", u, err)
	}
	if _, err := s.UserByAPIToken(ctx, "wrong"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UserByAPIToken(wrong): got %v, want store.ErrNotFound", err)
	}
}

func TestRevokeAPIToken(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if _, err := s.AddUser(ctx, "bot", store.RoleReviewer, "h"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddAPIToken(ctx, "bot", "tok-hash", "ci"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UserByAPIToken(ctx, "tok-hash"); err != nil {
		t.Fatal(err)
	}
	toks, err := s.ListAPITokens(ctx)
	if err != nil || len(toks) != 1 || toks[0].User != "bot" || toks[0].Label != "ci" || toks[0].LastUsedAt.IsZero() || toks[0].Revoked() {
		t.Fatalf("ListAPITokens: got %+v, %v, want bot's live token, used once", toks, err)
	}
	got, err := s.RevokeAPIToken(ctx, toks[0].ID)
	if err != nil || !got.Revoked() || got.User != "bot" {
		t.Fatalf("RevokeAPIToken: got %+v, %v, want bot's token revoked", got, err)
	}
	if _, err := s.UserByAPIToken(ctx, "tok-hash"); !errors.Is(err, store.ErrExpired) {
		t.Errorf("revoked token: got %v, want store.ErrExpired", err)
	}
	if again, err := s.RevokeAPIToken(ctx, toks[0].ID); err != nil || !again.RevokedAt.Equal(got.RevokedAt) {
		t.Errorf("second revoke: got %+v, %v, want the first revocation kept", again, err)
	}
	if _, err := s.RevokeAPIToken(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoke unknown: got %v, want store.ErrNotFound", err)
	}
}

func TestDisableUserAndRole(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	for _, u := range []struct {
		name string
		role store.Role
	}{{"ada", store.RoleAdmin}, {"rita", store.RoleReviewer}} {
		if _, err := s.AddUser(ctx, u.name, u.role, "h"); err != nil {
			t.Fatal(err)
		}
	}
	rita, _ := s.UserByName(ctx, "rita")
	if err := s.CreateSession(ctx, "sess", rita.ID, "csrf", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.AddAPIToken(ctx, "rita", "rita-tok", ""); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		err  error
		want error
	}{
		{"disable rita", s.SetUserDisabled(ctx, "rita", true), nil},
		{"disable the last admin", s.SetUserDisabled(ctx, "ada", true), store.ErrInvalid},
		{"demote the last admin", s.SetUserRole(ctx, "ada", store.RoleReviewer), store.ErrInvalid},
		{"disable a ghost", s.SetUserDisabled(ctx, "ghost", true), store.ErrNotFound},
		{"bad role", s.SetUserRole(ctx, "rita", "root"), store.ErrInvalid},
	} {
		if !errors.Is(tc.err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, tc.err, tc.want)
		}
	}
	if _, err := s.SessionByHash(ctx, "sess"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("disabled user's session: got %v, want store.ErrNotFound (ended)", err)
	}
	if _, err := s.UserByAPIToken(ctx, "rita-tok"); !errors.Is(err, store.ErrExpired) {
		t.Errorf("disabled user's token: got %v, want store.ErrExpired", err)
	}
	if err := s.SetUserRole(ctx, "rita", store.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserDisabled(ctx, "rita", false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserRole(ctx, "ada", store.RoleDesigner); err != nil {
		t.Errorf("demote ada with rita an enabled admin: got %v, want nil", err)
	}
	if u, _ := s.UserByName(ctx, "rita"); u.Disabled || u.Role != store.RoleAdmin {
		t.Errorf("rita: got %+v, want an enabled admin", u)
	}
}

// The database and its WAL and shared-memory files are the owner's alone,
// whatever the umask, and an existing world-readable file is tightened.
func TestDatabaseFilesPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	path := filepath.Join(dir, "candor.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddUser(context.Background(), "ada", store.RoleAdmin, "h"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(p)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
			continue
		}
		if got := st.Mode().Perm(); got != 0o600 {
			t.Errorf("%s: got mode %o, want 600", filepath.Base(p), got)
		}
	}
	s.Close()
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("reopened 644 file: got mode %o, want 600", st.Mode().Perm())
	}
}
