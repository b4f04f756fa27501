package dialer

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"

	"candor/agent"
)

func TestCallEach(t *testing.T) {
	tests := []struct{ n, workers int }{{0, 3}, {1, 3}, {10, 3}, {5, 0}}
	for _, tc := range tests {
		var inFlight, most atomic.Int32
		seen := map[string]bool{}
		CallEach(context.Background(), tc.n, tc.workers, func(_ context.Context, i int) (*agent.CallRecord, error) {
			now := inFlight.Add(1)
			defer inFlight.Add(-1)
			for {
				m := most.Load()
				if now <= m || most.CompareAndSwap(m, now) {
					break
				}
			}
			return &agent.CallRecord{ID: strconv.Itoa(i)}, nil
		}, func(rec *agent.CallRecord, err error) {
			if err != nil || seen[rec.ID] {
				t.Errorf("n %d: got %v, %v twice or failed", tc.n, rec.ID, err)
			}
			seen[rec.ID] = true
		})
		if len(seen) != tc.n {
			t.Errorf("n %d, workers %d: got %d results, want %d", tc.n, tc.workers, len(seen), tc.n)
		}
		if limit := int32(max(tc.workers, 1)); most.Load() > limit {
			t.Errorf("n %d: got %d calls at once, want at most %d", tc.n, most.Load(), limit)
		}
	}
}

// TestCallEachCancelled: once the context ends no further call starts.
func TestCallEachCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	CallEach(ctx, 100, 1, func(context.Context, int) (*agent.CallRecord, error) {
		calls++
		cancel()
		return nil, ctx.Err()
	}, func(*agent.CallRecord, error) {})
	if calls > 2 {
		t.Errorf("got %d calls after the cancel, want at most 2 (one may already be handed out)", calls)
	}
}
