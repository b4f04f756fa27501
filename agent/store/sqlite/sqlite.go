// Package sqlite is candor's embedded store on one SQLite file (pure Go,
// modernc.org/sqlite): the do-not-call list (with an audit trail of
// removals), one evidence record per call with its transcript, guardrail
// events and survey answers, campaign contact lists, the dial queue,
// requested callbacks, reviews and web users.
//
// Every write is committed (synchronous=FULL, write-ahead log) before the
// method returns, so an opt-out that AddOptOut accepted survives a crash.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"candor/agent"
	"candor/agent/store"
)

// dsnParams are applied to every connection. _txlock=immediate makes each
// transaction take the write lock when it begins, so concurrent writers wait
// (busy_timeout) instead of failing on a lock upgrade.
const dsnParams = "_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate"

// Store is the store on one SQLite database file. It is safe for concurrent use.
type Store struct {
	db  *sql.DB
	now func() time.Time

	closeOnce sync.Once
	closeErr  error
}

var (
	_ agent.Store = (*Store)(nil)
	_ store.Queue = (*Store)(nil)
)

// Open opens (creating it and its parent directories if needed) the
// database at path and brings its schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || strings.ContainsAny(path, "?#") || path == ":memory:" {
		return nil, fmt.Errorf("%w: database path %q (want a file path without ? or #)", store.ErrInvalid, path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create directory: %w", err)
		}
	}
	if err := private(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", path+"?"+dsnParams)
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	// Writers are serialised by SQLite anyway; a few connections let readers
	// run beside a writer (WAL) without an unbounded pool.
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", filepath.Base(path), err)
	}
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: %w", store.ErrMigration, err)
	}
	if err := migrate(ctx, db, sub, time.Now); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db, now: time.Now}, nil
}

// private creates the database file readable by its owner alone (SQLite
// gives the write-ahead log and shared-memory files the database file's
// mode) and takes group and other access from an existing one and its
// -wal and -shm files: they hold phone numbers and transcripts.
func private(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("store: create %s: %w", filepath.Base(path), err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(p)
		if err != nil || st.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err := os.Chmod(p, st.Mode().Perm()&0o700); err != nil {
			return fmt.Errorf("store: make %s private: %w", filepath.Base(p), err)
		}
	}
	return nil
}

// Close closes the database. It is idempotent.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.db.Close() })
	return s.closeErr
}

// timeLayout is RFC 3339 with a fixed nine-digit fraction, so that stored
// times sort as text.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// formatTime stores t in UTC; the zero time is stored as NULL.
func formatTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(timeLayout)
}

// parseTime reads what formatTime stored; NULL gives the zero time.
func parseTime(ns sql.NullString) (time.Time, error) {
	if !ns.Valid || ns.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, ns.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: stored time %q: %w", ns.String, err)
	}
	return t.UTC(), nil
}

// nullTime scans a nullable time column.
type nullTime struct{ t *time.Time }

func (n nullTime) Scan(v any) error {
	var ns sql.NullString
	if err := ns.Scan(v); err != nil {
		return err
	}
	t, err := parseTime(ns)
	if err != nil {
		return err
	}
	*n.t = t
	return nil
}

var _ sql.Scanner = nullTime{}

// boolInt stores a bool as 0 or 1.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// closedErr maps database/sql's closed-pool error to store.ErrClosed.
func closedErr(err error) error {
	if err != nil && (errors.Is(err, sql.ErrConnDone) || strings.Contains(err.Error(), "sql: database is closed")) {
		return fmt.Errorf("%w: %w", store.ErrClosed, err)
	}
	return err
}

// DefaultPath is where candor keeps its database when told nothing:
// $CANDOR_DB, else candor/candor.db under $XDG_DATA_HOME (default
// ~/.local/share), else candor.db in the working folder.
func DefaultPath() string {
	if d := os.Getenv("CANDOR_DB"); d != "" {
		return d
	}
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "candor.db"
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "candor", "candor.db")
}
