package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"candor/agent/store"
)

func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path+"?"+dsnParams)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func versions(t *testing.T, db *sql.DB) []int {
	t.Helper()
	rows, err := db.Query(`SELECT version FROM schema_migrations ORDER BY applied_at, version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var vs []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	return vs
}

func TestOpenTwice(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nested", "dir", "candor.db")
	for i := range 2 {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open %d: %v", i+1, err)
		}
		if err := s.AddOptOut(ctx, testOptOut("B", "+14155550134")); err != nil {
			t.Fatalf("open %d: AddOptOut: %v", i+1, err)
		}
		if err := s.Close(); err != nil {
			t.Fatalf("close %d: %v", i+1, err)
		}
	}
	ms, err := loadMigrations(mustSub(t))
	if err != nil {
		t.Fatal(err)
	}
	want := make([]int, len(ms))
	for i := range want {
		want[i] = i + 1
	}
	if got := versions(t, rawDB(t, path)); !slices.Equal(got, want) {
		t.Errorf("schema_migrations after two opens: got %v, want %v", got, want)
	}
}

func TestPragmas(t *testing.T) {
	s, _ := openTest(t)
	// Several pooled connections at once: each must carry the pragmas.
	ctx := context.Background()
	var conns []*sql.Conn
	for range 3 {
		c, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		for _, p := range []struct{ pragma, want string }{
			{"journal_mode", "wal"}, {"synchronous", "2"}, {"foreign_keys", "1"}, {"busy_timeout", "5000"},
		} {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+p.pragma).Scan(&got); err != nil || got != p.want {
				t.Errorf("connection %d: PRAGMA %s: got %q (%v), want %q", i, p.pragma, got, err, p.want)
			}
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

func TestMigrationsApplyInOrder(t *testing.T) {
	ctx := context.Background()
	// Each migration depends on the one before it; listed out of order on purpose.
	fsys := fstest.MapFS{
		"0003_more.sql": {Data: []byte(`ALTER TABLE a ADD COLUMN note TEXT; UPDATE a SET note = 'three';`)},
		"0001_a.sql":    {Data: []byte(`CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT);`)},
		"0002_fill.sql": {Data: []byte(`INSERT INTO a (v) VALUES ('two'); INSERT INTO a (v) VALUES ('two again');`)},
	}
	db := rawDB(t, filepath.Join(t.TempDir(), "m.db"))
	tick := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { tick = tick.Add(time.Second); return tick }
	for i := range 2 {
		if err := migrate(ctx, db, fsys, clock); err != nil {
			t.Fatalf("migrate run %d: %v", i+1, err)
		}
	}
	if got, want := versions(t, db), []int{1, 2, 3}; !slices.Equal(got, want) {
		t.Errorf("applied: got %v, want %v", got, want)
	}
	var n int
	var note string
	if err := db.QueryRow(`SELECT count(*), max(note) FROM a`).Scan(&n, &note); err != nil {
		t.Fatal(err)
	}
	if n != 2 || note != "three" {
		t.Errorf("table a: got %d rows noted %q, want 2 rows noted \"three\" (each migration applied once, in order)", n, note)
	}

	// A program that knows fewer migrations refuses the newer database.
	delete(fsys, "0003_more.sql")
	if err := migrate(ctx, db, fsys, clock); !errors.Is(err, store.ErrSchemaTooNew) {
		t.Errorf("older program: got %v, want store.ErrSchemaTooNew", err)
	}
}

func TestFailedMigrationRollsBack(t *testing.T) {
	ctx := context.Background()
	fsys := fstest.MapFS{
		"0001_a.sql":   {Data: []byte(`CREATE TABLE a (id INTEGER);`)},
		"0002_bad.sql": {Data: []byte(`CREATE TABLE b (id INTEGER); THIS IS NOT SQL;`)},
	}
	db := rawDB(t, filepath.Join(t.TempDir(), "m.db"))
	if err := migrate(ctx, db, fsys, time.Now); !errors.Is(err, store.ErrMigration) {
		t.Fatalf("got %v, want store.ErrMigration", err)
	}
	if got := versions(t, db); !slices.Equal(got, []int{1}) {
		t.Errorf("applied: got %v, want [1]", got)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'b'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("table b: got %d (%v), want it rolled back", n, err)
	}
}

func TestLoadMigrationsRejects(t *testing.T) {
	tests := map[string]fstest.MapFS{
		"bad name": {"0001_a.sql": {}, "2_b.sql": {}},
		"gap":      {"0001_a.sql": {}, "0003_c.sql": {}},
		"repeat":   {"0001_a.sql": {}, "0001_b.sql": {}},
		"from two": {"0002_a.sql": {}},
	}
	for name, fsys := range tests {
		if _, err := loadMigrations(fsys); !errors.Is(err, store.ErrMigration) {
			t.Errorf("%s: got %v, want store.ErrMigration", name, err)
		}
	}
}

func TestOpenRejectsBadPath(t *testing.T) {
	for _, p := range []string{"", ":memory:", filepath.Join(t.TempDir(), "a?b.db")} {
		if s, err := Open(context.Background(), p); !errors.Is(err, store.ErrInvalid) {
			if s != nil {
				s.Close()
			}
			t.Errorf("Open(%q): got %v, want store.ErrInvalid", p, err)
		}
	}
}

// TestMigrationKeysBusinesses opens a database written before business ids
// (rows keyed by the registered name as typed) and checks that every row is
// then keyed by the id, so that an old opt-out still refuses the claim.
func TestMigrationKeysBusinesses(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old := fstest.MapFS{}
	ms, err := loadMigrations(mustSub(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.version < 6 {
			old[m.name] = &fstest.MapFile{Data: []byte(m.sql)}
		}
	}
	db := rawDB(t, path)
	if err := migrate(ctx, db, old, time.Now); err != nil {
		t.Fatal(err)
	}
	const reg, id = "Brightwater Plumbing Services LLC", "brightwater-plumbing-services-llc"
	const at = "2025-06-01T09:30:00.000000000Z"
	for _, q := range []string{
		`INSERT INTO dnc (business, number, reason, created_at) VALUES ('` + reg + `', '+12125550111', 'opt_out', '` + at + `')`,
		// The same number under the lower-case name: a duplicate once keyed.
		`INSERT INTO dnc (business, number, reason, created_at) VALUES ('brightwater plumbing services llc', '+12125550111', 'manual', '` + at + `')`,
		`INSERT INTO dnc (business, number, reason, created_at) VALUES ('` + reg + `', '+12125550112', 'opt_out', '` + at + `')`,
		`INSERT INTO dnc (business, number, reason, created_at) VALUES ('*', '+12125550113', 'registry', '` + at + `')`,
		`INSERT INTO consent (business, number, text, given_at, source, created_at) VALUES ('` + reg + `', '+12125550114', 'yes', '` + at + `', 'form', '` + at + `')`,
		`INSERT INTO consent (business, number, text, given_at, source, created_at) VALUES ('BRIGHTWATER PLUMBING SERVICES LLC', '+12125550114', 'yes', '` + at + `', 'form', '` + at + `')`,
		`INSERT INTO attempts (business, campaign, number, at) VALUES ('` + reg + `', 'c', '+12125550115', '` + at + `')`,
		`INSERT INTO skipped (business, campaign, number, reason, at) VALUES ('` + reg + `', 'c', '+12125550115', 'dnc', '` + at + `')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tt := range []struct {
		q    string
		want int
	}{
		{`SELECT count(*) FROM dnc WHERE business = '` + id + `' AND removed_at IS NULL`, 2},
		{`SELECT count(*) FROM dnc WHERE business NOT IN ('` + id + `', '*')`, 0},
		{`SELECT count(*) FROM dnc WHERE removed_at IS NOT NULL`, 1},
		{`SELECT count(*) FROM dnc_removals WHERE reason LIKE 'merged into%'`, 1},
		{`SELECT count(*) FROM dnc WHERE business = '*'`, 1},
		{`SELECT count(*) FROM consent WHERE business = '` + id + `'`, 1},
		{`SELECT count(*) FROM consent`, 1},
		{`SELECT count(*) FROM attempts WHERE business = '` + id + `'`, 1},
		{`SELECT count(*) FROM skipped WHERE business = '` + id + `'`, 1},
	} {
		var got int
		if err := s.db.QueryRowContext(ctx, tt.q).Scan(&got); err != nil || got != tt.want {
			t.Errorf("%s: got %d (%v), want %d", tt.q, got, err, tt.want)
		}
	}
	r := claimReq("+12125550112", inWindow)
	r.Business = id
	if c, err := s.ClaimDial(ctx, r); err != nil || c.OK || c.Reason != store.SkipDNC {
		t.Errorf("claim of an opt-out stored under the registered name: got %+v, %v; want refused %q", c, err, store.SkipDNC)
	}
}
