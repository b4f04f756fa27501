package sqlite

import (
	"context"
	"errors"
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
