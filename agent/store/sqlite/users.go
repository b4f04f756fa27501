package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"candor/agent/store"
)

// AddUser creates a user with a password hash made by the caller. It returns
// an error wrapping ErrExists when the name is taken and ErrInvalid for a bad
// name, role or empty hash.
func (s *Store) AddUser(ctx context.Context, name string, role store.Role, passwordHash string) (store.User, error) {
	if !store.ValidUserName(name) || !role.Valid() || passwordHash == "" {
		return store.User{}, fmt.Errorf("%w: user %q with role %q", store.ErrInvalid, name, role)
	}
	now := s.now()
	var id int64
	err := s.db.QueryRowContext(ctx, `INSERT INTO users (name, role, password_hash, created_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING RETURNING id`,
		name, string(role), passwordHash, formatTime(now)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return store.User{}, fmt.Errorf("%w: user %q", store.ErrExists, name)
	}
	if err != nil {
		return store.User{}, fmt.Errorf("store: add user: %w", closedErr(err))
	}
	return store.User{ID: id, Name: name, Role: role, PasswordHash: passwordHash, CreatedAt: now.UTC()}, nil
}

// SetPassword replaces a user's password hash and ends their sessions.
func (s *Store) SetPassword(ctx context.Context, name, passwordHash string) error {
	if passwordHash == "" {
		return fmt.Errorf("%w: empty password hash", store.ErrInvalid)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: set password: %w", closedErr(err))
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `UPDATE users SET password_hash = ? WHERE name = ? RETURNING id`, passwordHash, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: user %q", store.ErrNotFound, name)
	}
	if err != nil {
		return fmt.Errorf("store: set password: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
		return fmt.Errorf("store: set password: %w", err)
	}
	return tx.Commit()
}

const userColumns = `u.id, u.name, u.role, u.password_hash, u.created_at, u.disabled_at IS NOT NULL`

func scanUser(row interface{ Scan(...any) error }) (store.User, error) {
	var u store.User
	var role string
	err := row.Scan(&u.ID, &u.Name, &role, &u.PasswordHash, nullTime{&u.CreatedAt}, &u.Disabled)
	u.Role = store.Role(role)
	return u, err
}

// UserByName returns the user called name, or an error wrapping ErrNotFound.
func (s *Store) UserByName(ctx context.Context, name string) (store.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return store.User{}, fmt.Errorf("%w: user %q", store.ErrNotFound, name)
	}
	if err != nil {
		return store.User{}, fmt.Errorf("store: read user: %w", closedErr(err))
	}
	return u, nil
}

// ListUsers returns every user, by name.
func (s *Store) ListUsers(ctx context.Context) ([]store.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.name`)
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", closedErr(err))
	}
	defer rows.Close()
	var out []store.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CreateSession stores a session under the hash of its cookie token.
func (s *Store) CreateSession(ctx context.Context, tokenHash string, userID int64, csrf string, expires time.Time) error {
	if tokenHash == "" || csrf == "" {
		return fmt.Errorf("%w: a session needs a token hash and a CSRF token", store.ErrInvalid)
	}
	now := s.now()
	// Expired sessions are cleared on the way.
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, formatTime(now)); err != nil {
		return fmt.Errorf("store: create session: %w", closedErr(err))
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`, tokenHash, userID, csrf, formatTime(now), formatTime(expires))
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// SessionByHash returns the live session stored under tokenHash. It returns
// an error wrapping ErrNotFound for an unknown hash and ErrExpired for an
// expired session or a disabled user.
func (s *Store) SessionByHash(ctx context.Context, tokenHash string) (store.WebSession, error) {
	var ws store.WebSession
	var role string
	err := s.db.QueryRowContext(ctx, `SELECT u.id, u.name, u.role, u.password_hash, u.created_at, u.disabled_at IS NOT NULL,
		s.csrf, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, tokenHash).
		Scan(&ws.User.ID, &ws.User.Name, &role, &ws.User.PasswordHash, nullTime{&ws.User.CreatedAt}, &ws.User.Disabled,
			&ws.CSRF, nullTime{&ws.ExpiresAt})
	if errors.Is(err, sql.ErrNoRows) {
		return store.WebSession{}, fmt.Errorf("%w: session", store.ErrNotFound)
	}
	if err != nil {
		return store.WebSession{}, fmt.Errorf("store: read session: %w", closedErr(err))
	}
	ws.User.Role = store.Role(role)
	if ws.User.Disabled || !s.now().Before(ws.ExpiresAt) {
		return store.WebSession{}, fmt.Errorf("%w: session", store.ErrExpired)
	}
	return ws, nil
}

// DeleteSession ends a session (logout). Deleting an unknown one is not an error.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("store: delete session: %w", closedErr(err))
	}
	return nil
}

// AddAPIToken stores the hash of a new API token for the user called name.
func (s *Store) AddAPIToken(ctx context.Context, name, tokenHash, label string) error {
	if tokenHash == "" {
		return fmt.Errorf("%w: empty token hash", store.ErrInvalid)
	}
	label = strings.TrimSpace(label)
	res, err := s.db.ExecContext(ctx, `INSERT INTO api_tokens (user_id, token_hash, label, created_at)
		SELECT id, ?, ?, ? FROM users WHERE name = ?`, tokenHash, label, formatTime(s.now()), name)
	if err != nil {
		return fmt.Errorf("store: add API token: %w", closedErr(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: user %q", store.ErrNotFound, name)
	}
	return nil
}

// UserByAPIToken returns the owner of the live API token with tokenHash and
// notes its use. It returns an error wrapping ErrNotFound for an unknown hash
// and ErrExpired for a revoked token or a disabled user.
func (s *Store) UserByAPIToken(ctx context.Context, tokenHash string) (store.User, error) {
	var revoked bool
	var u store.User
	var role string
	err := s.db.QueryRowContext(ctx, `SELECT `+userColumns+`, t.revoked_at IS NOT NULL
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`, tokenHash).
		Scan(&u.ID, &u.Name, &role, &u.PasswordHash, nullTime{&u.CreatedAt}, &u.Disabled, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return store.User{}, fmt.Errorf("%w: API token", store.ErrNotFound)
	}
	if err != nil {
		return store.User{}, fmt.Errorf("store: read API token: %w", closedErr(err))
	}
	u.Role = store.Role(role)
	if revoked || u.Disabled {
		return store.User{}, fmt.Errorf("%w: API token", store.ErrExpired)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?`,
		formatTime(s.now()), tokenHash); err != nil {
		return store.User{}, fmt.Errorf("store: note API token use: %w", err)
	}
	return u, nil
}

// SetUserDisabled disables (ending their sessions; their API tokens stop
// working) or enables the user called name. Disabling the last enabled
// admin is refused with ErrInvalid: someone must be able to administer.
func (s *Store) SetUserDisabled(ctx context.Context, name string, disabled bool) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: disable user: %w", closedErr(err))
	}
	defer tx.Rollback()
	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: user %q", store.ErrNotFound, name)
	}
	if err != nil {
		return fmt.Errorf("store: disable user: %w", err)
	}
	if disabled && u.Role == store.RoleAdmin && !u.Disabled {
		if err := lastAdmin(ctx, tx, u.ID); err != nil {
			return err
		}
	}
	var at any
	if disabled {
		at = formatTime(s.now())
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled_at = CASE WHEN ? IS NULL THEN NULL ELSE coalesce(disabled_at, ?) END
		WHERE id = ?`, at, at, u.ID); err != nil {
		return fmt.Errorf("store: disable user: %w", err)
	}
	if disabled {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
			return fmt.Errorf("store: disable user: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: disable user: %w", err)
	}
	return nil
}

// lastAdmin fails with ErrInvalid when the user id is the only enabled admin.
func lastAdmin(ctx context.Context, tx *sql.Tx, id int64) error {
	var others int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> ?`, id).Scan(&others); err != nil {
		return fmt.Errorf("store: count admins: %w", err)
	}
	if others == 0 {
		return fmt.Errorf("%w: the last enabled admin cannot be disabled or lose the admin role", store.ErrInvalid)
	}
	return nil
}

// SetUserRole gives the user called name role (effective on their next
// request). Taking the admin role from the last enabled admin is refused
// with ErrInvalid.
func (s *Store) SetUserRole(ctx context.Context, name string, role store.Role) error {
	if !role.Valid() {
		return fmt.Errorf("%w: role %q", store.ErrInvalid, role)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: set role: %w", closedErr(err))
	}
	defer tx.Rollback()
	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: user %q", store.ErrNotFound, name)
	}
	if err != nil {
		return fmt.Errorf("store: set role: %w", err)
	}
	if u.Role == store.RoleAdmin && role != store.RoleAdmin && !u.Disabled {
		if err := lastAdmin(ctx, tx, u.ID); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ?`, string(role), u.ID); err != nil {
		return fmt.Errorf("store: set role: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: set role: %w", err)
	}
	return nil
}

// ListAPITokens returns every API token (live and revoked), newest first.
func (s *Store) ListAPITokens(ctx context.Context) ([]store.APIToken, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT t.id, u.name, t.label, t.created_at, t.last_used_at, t.revoked_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: list API tokens: %w", closedErr(err))
	}
	defer rows.Close()
	var out []store.APIToken
	for rows.Next() {
		var t store.APIToken
		if err := rows.Scan(&t.ID, &t.User, &t.Label, nullTime{&t.CreatedAt}, nullTime{&t.LastUsedAt}, nullTime{&t.RevokedAt}); err != nil {
			return nil, fmt.Errorf("store: list API tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes the API token id: from then on it authenticates
// nothing. Revoking a revoked token is not an error; an unknown id is
// ErrNotFound.
func (s *Store) RevokeAPIToken(ctx context.Context, id int64) (store.APIToken, error) {
	var t store.APIToken
	err := s.db.QueryRowContext(ctx, `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?
		RETURNING id, (SELECT name FROM users WHERE users.id = api_tokens.user_id), label, created_at, last_used_at, revoked_at`,
		formatTime(s.now()), id).Scan(&t.ID, &t.User, &t.Label, nullTime{&t.CreatedAt}, nullTime{&t.LastUsedAt}, nullTime{&t.RevokedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return store.APIToken{}, fmt.Errorf("%w: API token %d", store.ErrNotFound, id)
	}
	if err != nil {
		return store.APIToken{}, fmt.Errorf("store: revoke API token: %w", closedErr(err))
	}
	return t, nil
}
