package store

import (
	"regexp"
	"time"
)

// Role is what a web user may do.
type Role string

// Roles. Admins see raw personal data (every view audited) and export the
// do-not-call list; designers work on campaigns; reviewers read calls with
// personal data masked.
const (
	RoleAdmin    Role = "admin"
	RoleDesigner Role = "designer"
	RoleReviewer Role = "reviewer"
)

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool {
	return r == RoleAdmin || r == RoleDesigner || r == RoleReviewer
}

// User is one web account.
type User struct {
	ID   int64
	Name string
	Role Role
	// PasswordHash is the bcrypt hash; it never leaves the server.
	PasswordHash string
	CreatedAt    time.Time
	Disabled     bool
}

// userName is what AddUser accepts as a name: short, no spaces or markup.
var userName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$`)

// ValidUserName reports whether name is acceptable as a user name.
func ValidUserName(name string) bool { return userName.MatchString(name) }

// WebSession is a logged-in browser session.
type WebSession struct {
	User      User
	CSRF      string
	ExpiresAt time.Time
}

// APIToken is one API token as an admin sees it: never the token itself
// (only its hash is stored, and that stays in the store).
type APIToken struct {
	ID         int64
	User       string
	Label      string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero: never used
	RevokedAt  time.Time // zero: live
}

// Revoked reports whether the token was revoked.
func (t APIToken) Revoked() bool { return !t.RevokedAt.IsZero() }
