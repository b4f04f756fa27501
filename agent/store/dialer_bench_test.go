package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"candor/agent/store/storetest"
)

// The do-not-call lookup benchmarks load CANDOR_BENCH_DNC entries (any value
// that is not a number above 1: ten million) into the national-registry
// scope, then look up numbers of which half are on the list:
//
//	CANDOR_BENCH_DNC=1 go test -run '^$' -bench 'DNCLookup' -benchtime 20000x ./agent/store/

const benchDNCDefault = 10_000_000

func benchDNCSize(b *testing.B) int {
	b.Helper()
	v := os.Getenv("CANDOR_BENCH_DNC")
	if v == "" {
		b.Skip("set CANDOR_BENCH_DNC=1 to load 10 million do-not-call entries (or CANDOR_BENCH_DNC=N for N); loading takes minutes")
	}
	if n, err := strconv.Atoi(v); err == nil && n > 1 {
		return n
	}
	return benchDNCDefault
}

// dncNumber is the i-th number of the benchmark list: +12000000000 + i.
func dncNumber(i int) string { return "+1" + strconv.Itoa(2_000_000_000+i) }

// latencies records one duration per operation and reports p50 and p99.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	b.Helper()
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	b.ReportMetric(float64(l[len(l)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(l[len(l)*99/100].Nanoseconds()), "p99-ns")
}

// benchLookups looks up random numbers, half of them on the list of n.
func benchLookups(b *testing.B, n int, on func(ctx context.Context, business, number string) (bool, error)) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	lat := make(latencies, 0, 1<<16)
	hits, total := 0, 0
	b.ResetTimer()
	for b.Loop() {
		i := rng.IntN(2 * n)
		num := dncNumber(i)
		t0 := time.Now()
		got, err := on(ctx, "Acme", num)
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		if got != (i < n) {
			b.Fatalf("IsOnDNC(entry %d) = %v, want %v", i, got, i < n)
		}
		if got {
			hits++
		}
		total++
	}
	b.StopTimer()
	lat.report(b)
	b.ReportMetric(float64(hits)/float64(total), "hit-ratio")
}

func BenchmarkDNCLookupSQLite(b *testing.B) {
	n := benchDNCSize(b)
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
	benchLookups(b, n, s.IsOnDNC)
}

func BenchmarkDNCLookupPostgres(b *testing.B) {
	n := benchDNCSize(b)
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
	benchLookups(b, n, p.IsOnDNC)
}

// benchClaims runs ClaimDial per iteration on fresh numbers (every claim
// passes every check and records an attempt), reporting p50 and p99.
func benchClaims(b *testing.B, claim func(ctx context.Context, r ClaimRequest) (Claim, error)) {
	ctx := context.Background()
	lat := make(latencies, 0, 1<<16)
	i := 0
	b.ResetTimer()
	for b.Loop() {
		r := claimReq(fmt.Sprintf("+1212%07d", 2_000_000+i%8_000_000), inWindow)
		i++
		t0 := time.Now()
		c, err := claim(ctx, r)
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		if !c.OK {
			b.Fatalf("claim %d refused: %s", i, c.Reason)
		}
	}
	b.StopTimer()
	lat.report(b)
}

// BenchmarkPreDialCheck is the check before every dial (ClaimDial: lists,
// window, caps, attempt recorded in one transaction) on each store.
func BenchmarkPreDialCheck(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		s, _ := openTest(b)
		benchClaims(b, s.ClaimDial)
	})
	b.Run("postgres", func(b *testing.B) {
		p := benchPostgres(b)
		benchClaims(b, p.ClaimDial)
	})
}

// benchPostgres opens a private PostgreSQL server for a benchmark.
func benchPostgres(b *testing.B) *Postgres {
	b.Helper()
	p, err := OpenPostgres(context.Background(), storetest.StartPostgres(b, "maintenance_work_mem=512MB"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(p.Close)
	return p
}
