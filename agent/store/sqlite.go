// Package store keeps candor's durable state: the do-not-call list (with an
// audit trail of removals), one evidence record per call with its transcript,
// guardrail events and survey answers, campaign contact lists and requested
// callbacks. SQLite (pure Go, modernc.org/sqlite) is the embedded default.
//
// Every write is committed (synchronous=FULL, write-ahead log) before the
// method returns, so an opt-out that AddOptOut accepted survives a crash.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"candor/agent"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// dsnParams are applied to every connection. _txlock=immediate makes each
// transaction take the write lock when it begins, so concurrent writers wait
// (busy_timeout) instead of failing on a lock upgrade.
const dsnParams = "_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate"

// SQLite is the store on one SQLite database file. It is safe for concurrent use.
type SQLite struct {
	db  *sql.DB
	now func() time.Time

	closeOnce sync.Once
	closeErr  error
}

var _ agent.Store = (*SQLite)(nil)

// OpenSQLite opens (creating it and its parent directories if needed) the
// database at path and brings its schema up to date.
func OpenSQLite(ctx context.Context, path string) (*SQLite, error) {
	if path == "" || strings.ContainsAny(path, "?#") || path == ":memory:" {
		return nil, fmt.Errorf("%w: database path %q (want a file path without ? or #)", ErrInvalid, path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create directory: %w", err)
		}
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
		return nil, fmt.Errorf("%w: %w", ErrMigration, err)
	}
	if err := migrate(ctx, db, sub, time.Now); err != nil {
		db.Close()
		return nil, err
	}
	return &SQLite{db: db, now: time.Now}, nil
}

// Close closes the database. It is idempotent.
func (s *SQLite) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.db.Close() })
	return s.closeErr
}

// migration is one numbered SQL file.
type migration struct {
	version int
	name    string
	sql     string
}

var migrationName = regexp.MustCompile(`^([0-9]{4})_[a-z0-9_]+\.sql$`)

// loadMigrations reads NNNN_name.sql files from fsys, in version order. The
// versions must run 1, 2, 3... without gaps or repeats.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMigration, err)
	}
	var ms []migration
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("%w: file %q is not named NNNN_name.sql", ErrMigration, e.Name())
		}
		v, _ := strconv.Atoi(m[1])
		text, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrMigration, err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(text)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("%w: %s: want version %04d (versions run 1, 2, 3... without gaps or repeats)", ErrMigration, m.name, i+1)
		}
	}
	return ms, nil
}

// migrate applies the migrations of fsys that the database lacks, each in its
// own transaction together with its schema_migrations row.
func migrate(ctx context.Context, db *sql.DB, fsys fs.FS, now func() time.Time) error {
	ms, err := loadMigrations(fsys)
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("%w: create schema_migrations: %w", ErrMigration, err)
	}
	var newest sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&newest); err != nil {
		return fmt.Errorf("%w: %w", ErrMigration, err)
	}
	if int(newest.Int64) > len(ms) {
		return fmt.Errorf("%w: database at version %d, this program knows %d", ErrSchemaTooNew, newest.Int64, len(ms))
	}
	for _, m := range ms {
		if err := applyMigration(ctx, db, m, now); err != nil {
			return err
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, m migration, now func() time.Time) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrMigration, m.name, err)
	}
	defer tx.Rollback()
	var done int
	// Checked inside the (immediate) transaction: two processes opening the
	// same new file apply each migration once.
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&done); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrMigration, m.name, err)
	}
	if done > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrMigration, m.name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, formatTime(now())); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrMigration, m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrMigration, m.name, err)
	}
	return nil
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

// closedErr maps database/sql's closed-pool error to ErrClosed.
func closedErr(err error) error {
	if err != nil && (errors.Is(err, sql.ErrConnDone) || strings.Contains(err.Error(), "sql: database is closed")) {
		return fmt.Errorf("%w: %w", ErrClosed, err)
	}
	return err
}
