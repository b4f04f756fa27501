package web

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"candor/agent/store"
)

func TestReadPassword(t *testing.T) {
	hash, err := ReadPassword(strings.NewReader("correct horse battery\r\nnext line"))
	if err != nil {
		t.Fatal(err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte("correct horse battery")) != nil {
		t.Error("the hash is not of the first line without its line end")
	}
	if _, err := ReadPassword(strings.NewReader("short\n")); err == nil {
		t.Error("a 5-byte password: got nil, want an error")
	}
}

func TestNewAccount(t *testing.T) {
	if _, err := NewAccount("-bad", store.RoleAdmin, "", strings.NewReader("long enough password\n")); !errors.Is(err, ErrUserName) {
		t.Errorf("a bad name: got %v, want ErrUserName", err)
	}
	file := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(file, []byte("from the file, long\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := NewAccount("ops", store.RoleAdmin, file, strings.NewReader("not this one"))
	if err != nil || a.Name != "ops" || bcrypt.CompareHashAndPassword([]byte(a.hash), []byte("from the file, long")) != nil {
		t.Errorf("got %+v, %v; want the file's password hashed", a, err)
	}
	if _, err := NewAccount("ops", store.RoleAdmin, filepath.Join(t.TempDir(), "none"), nil); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing password file: got %v, want ErrNotExist", err)
	}
}
