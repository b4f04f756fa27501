package sqlite

import (
	"testing"
	"time"

	"candor/agent/store/storetest"
)

func BenchmarkDNCLookupSQLite(b *testing.B) {
	n := storetest.BenchDNCSize(b)
	s, _ := openTest(b)
	t0 := time.Now()
	// One statement, one transaction: a recursive CTE generates the rows.
	if _, err := s.db.Exec(`WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < ? - 1)
		INSERT INTO dnc (business, number, reason, created_at) SELECT '*', '+1' || (2000000000 + i), 'registry', '2025-06-01T00:00:00Z' FROM g`, n); err != nil {
		b.Fatal(err)
	}
	if _, err := s.db.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d entries into SQLite in %v", n, time.Since(t0).Round(time.Millisecond))
	storetest.BenchLookups(b, n, s.IsOnDNC)
}

// BenchmarkPreDialCheck is the check before every dial (ClaimDial: lists,
// window, caps, attempt recorded in one transaction).
func BenchmarkPreDialCheck(b *testing.B) {
	s, _ := openTest(b)
	storetest.BenchClaims(b, s.ClaimDial)
}
