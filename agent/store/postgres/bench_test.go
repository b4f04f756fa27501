package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"candor/agent/store/storetest"
)

func BenchmarkDNCLookupPostgres(b *testing.B) {
	n := storetest.BenchDNCSize(b)
	p := benchPostgres(b)
	ctx := context.Background()
	t0 := time.Now()
	// Load without the index, then build it once.
	for _, q := range []string{
		`DROP INDEX dnc_active`,
		fmt.Sprintf(`INSERT INTO dnc (business, number, reason, created_at, seq)
			SELECT '*', '+1' || (2000000000 + g)::text, 'registry', now(), 0 FROM generate_series(0, %d) g`, n-1),
		`CREATE UNIQUE INDEX dnc_active ON dnc (business, number) WHERE removed_at IS NULL`,
		`VACUUM ANALYZE dnc`,
	} {
		if _, err := p.pool.Exec(ctx, q); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	b.Logf("loaded %d entries into Postgres in %v", n, time.Since(t0).Round(time.Millisecond))
	storetest.BenchLookups(b, n, p.IsOnDNC)
}

// BenchmarkPreDialCheck is the check before every dial (ClaimDial: lists,
// window, caps, attempt recorded in one transaction).
func BenchmarkPreDialCheck(b *testing.B) {
	storetest.BenchClaims(b, benchPostgres(b).ClaimDial)
}

// benchPostgres opens a private PostgreSQL server for a benchmark.
func benchPostgres(b *testing.B) *Store {
	b.Helper()
	p, err := Open(context.Background(), storetest.StartPostgres(b, "maintenance_work_mem=512MB"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(p.Close)
	return p
}
