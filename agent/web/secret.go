package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"

	"golang.org/x/crypto/bcrypt"
)

// bcryptCost is the work factor of stored password hashes.
const bcryptCost = 12

// HashPassword returns the bcrypt hash of a password of 10 to 72 bytes.
func HashPassword(password string) (string, error) {
	return hashPassword(password, bcryptCost)
}

func hashPassword(password string, cost int) (string, error) {
	if len(password) < 10 || len(password) > 72 {
		return "", ErrWeakPassword
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return "", fmt.Errorf("web: hash password: %w", err)
	}
	return string(h), nil
}

// checkPassword reports whether password matches the bcrypt hash.
func checkPassword(hash, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// NewToken returns a fresh random secret (256 bits, URL-safe base64) and the
// hash under which it is stored. Only the hash is ever written down.
func NewToken() (token, hash string) {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, TokenHash(token)
}

// TokenHash is the stored form of a session or API token.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
