package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"time"

	"candor/agent/store"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

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
		return nil, fmt.Errorf("%w: %w", store.ErrMigration, err)
	}
	var ms []migration
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("%w: file %q is not named NNNN_name.sql", store.ErrMigration, e.Name())
		}
		v, _ := strconv.Atoi(m[1])
		text, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("%w: %w", store.ErrMigration, err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(text)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("%w: %s: want version %04d (versions run 1, 2, 3... without gaps or repeats)", store.ErrMigration, m.name, i+1)
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
		return fmt.Errorf("%w: create schema_migrations: %w", store.ErrMigration, err)
	}
	var newest sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&newest); err != nil {
		return fmt.Errorf("%w: %w", store.ErrMigration, err)
	}
	if int(newest.Int64) > len(ms) {
		return fmt.Errorf("%w: database at version %d, this program knows %d", store.ErrSchemaTooNew, newest.Int64, len(ms))
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
		return fmt.Errorf("%w: %s: %w", store.ErrMigration, m.name, err)
	}
	defer tx.Rollback()
	var done int
	// Checked inside the (immediate) transaction: two processes opening the
	// same new file apply each migration once.
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&done); err != nil {
		return fmt.Errorf("%w: %s: %w", store.ErrMigration, m.name, err)
	}
	if done > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("%w: %s: %w", store.ErrMigration, m.name, err)
	}
	if step := goSteps[m.name]; step != nil {
		if err := step(ctx, tx, now()); err != nil {
			return fmt.Errorf("%w: %s: %w", store.ErrMigration, m.name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, formatTime(now())); err != nil {
		return fmt.Errorf("%w: %s: %w", store.ErrMigration, m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%w: %s: %w", store.ErrMigration, m.name, err)
	}
	return nil
}

// goSteps are the parts of migrations written in Go, run after the SQL file
// of that name in its transaction.
var goSteps = map[string]func(ctx context.Context, tx *sql.Tx, now time.Time) error{
	"0006_business_ids.sql": rekeyBusinesses,
}

// businessTables are the tables with a business column.
var businessTables = []string{"dnc", "dnc_removals", "consent", "attempts", "skipped", "callbacks", "calls"}

// rekeyBusinesses keys every row by store.BusinessKey of its business (see
// 0006_business_ids.sql).
func rekeyBusinesses(ctx context.Context, tx *sql.Tx, now time.Time) error {
	for _, table := range businessTables {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT business FROM `+table+` WHERE business <> ?`, store.AllBusinesses)
		if err != nil {
			return fmt.Errorf("rekey %s: %w", table, err)
		}
		var names []string
		for rows.Next() {
			var b string
			if err := rows.Scan(&b); err != nil {
				rows.Close()
				return fmt.Errorf("rekey %s: %w", table, err)
			}
			names = append(names, b)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("rekey %s: %w", table, err)
		}
		for _, b := range names {
			key := store.BusinessKey(b)
			if key == b {
				continue
			}
			if err := rekeyDuplicates(ctx, tx, table, b, key, now); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET business = ? WHERE business = ?`, key, b); err != nil {
				return fmt.Errorf("rekey %s: %w", table, err)
			}
		}
	}
	return nil
}

// rekeyDuplicates clears the way for rekeying table's rows of business b to
// key where a unique index would refuse them.
func rekeyDuplicates(ctx context.Context, tx *sql.Tx, table, b, key string, now time.Time) error {
	at := formatTime(now)
	switch table {
	case "dnc":
		reason := "merged into the entry of business id " + key
		if _, err := tx.ExecContext(ctx, `INSERT INTO dnc_removals (dnc_id, business, number, reason, removed_at)
			SELECT d.id, ?, d.number, ?, ? FROM dnc d WHERE d.business = ? AND d.removed_at IS NULL
			AND EXISTS (SELECT 1 FROM dnc k WHERE k.business = ? AND k.number = d.number AND k.removed_at IS NULL)`,
			b, reason, at, b, key); err != nil {
			return fmt.Errorf("rekey dnc: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE dnc SET removed_at = ?, removed_reason = ? WHERE business = ? AND removed_at IS NULL
			AND EXISTS (SELECT 1 FROM dnc k WHERE k.business = ? AND k.number = dnc.number AND k.removed_at IS NULL)`,
			at, reason, b, key); err != nil {
			return fmt.Errorf("rekey dnc: %w", err)
		}
	case "consent":
		if _, err := tx.ExecContext(ctx, `DELETE FROM consent WHERE business = ? AND EXISTS (SELECT 1 FROM consent k
			WHERE k.business = ? AND k.number = consent.number AND k.given_at = consent.given_at)`, b, key); err != nil {
			return fmt.Errorf("rekey consent: %w", err)
		}
	}
	return nil
}
