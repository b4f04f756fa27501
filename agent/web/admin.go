package web

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"candor/agent/store"
)

// Account is a new web account, its name checked and its password hashed,
// ready to add to the store.
type Account struct {
	Name string
	Role store.Role
	hash string
}

// NewAccount checks name (ErrUserName) and reads the account's password:
// the first line of passwordFile, or of stdin when passwordFile is "".
func NewAccount(name string, role store.Role, passwordFile string, stdin io.Reader) (Account, error) {
	if !store.ValidUserName(name) {
		return Account{}, ErrUserName
	}
	src := stdin
	if passwordFile != "" {
		f, err := os.Open(passwordFile)
		if err != nil {
			return Account{}, err
		}
		defer f.Close()
		src = f
	}
	hash, err := ReadPassword(src)
	if err != nil {
		return Account{}, err
	}
	return Account{Name: name, Role: role, hash: hash}, nil
}

// UserAdder adds web users (the store does).
type UserAdder interface {
	AddUser(ctx context.Context, name string, role store.Role, passwordHash string) (store.User, error)
}

// Add adds the account to st; store.ErrExists when the name is taken.
func (a Account) Add(ctx context.Context, st UserAdder) error {
	_, err := st.AddUser(ctx, a.Name, a.Role, a.hash)
	return err
}

// ReadPassword reads a new account's password from the first line of r (a
// file or stdin; the line end is not part of it) and returns its hash (see
// HashPassword).
func ReadPassword(r io.Reader) (hash string, err error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	return HashPassword(strings.TrimRight(line, "\r\n"))
}
