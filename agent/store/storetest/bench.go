package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"candor/agent/store"
)

// The do-not-call lookup benchmarks of both adapters load CANDOR_BENCH_DNC
// entries (any value that is not a number above 1: ten million) into the
// national-registry scope, then look up numbers of which half are on the list:
//
//	CANDOR_BENCH_DNC=1 go test -run '^$' -bench 'DNCLookup' -benchtime 20000x ./agent/store/...

const benchDNCDefault = 10_000_000

// BenchDNCSize is how many entries a lookup benchmark loads; it skips the
// benchmark, saying how to run it, when CANDOR_BENCH_DNC is unset.
func BenchDNCSize(b *testing.B) int {
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

// DNCNumber is the i-th number of the benchmark list: +12000000000 + i.
func DNCNumber(i int) string { return "+1" + strconv.Itoa(2_000_000_000+i) }

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

// BenchLookups looks up random numbers, half of them on the list of the n
// numbers DNCNumber(0...n-1), reporting p50, p99 and the hit ratio.
func BenchLookups(b *testing.B, n int, on func(ctx context.Context, business, number string) (bool, error)) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	lat := make(latencies, 0, 1<<16)
	hits, total := 0, 0
	b.ResetTimer()
	for b.Loop() {
		i := rng.IntN(2 * n)
		num := DNCNumber(i)
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

// BenchClaims runs ClaimDial per iteration on fresh numbers (every claim
// passes every check and records an attempt), reporting p50 and p99.
func BenchClaims(b *testing.B, claim func(ctx context.Context, r store.ClaimRequest) (store.Claim, error)) {
	ctx := context.Background()
	lat := make(latencies, 0, 1<<16)
	i := 0
	b.ResetTimer()
	for b.Loop() {
		r := ClaimRequest(fmt.Sprintf("+1212%07d", 2_000_000+i%8_000_000), InWindow)
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
