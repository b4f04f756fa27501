package loadtest

import (
	"context"
	"testing"
	"time"
)

func TestLinesReports(t *testing.T) {
	r := Lines(context.Background(), 4, 400*time.Millisecond)
	if r.Calls != 4 || r.Frames < 4 {
		t.Errorf("got %d calls and %d frames, want 4 calls that each sent frames", r.Calls, r.Frames)
	}
	if r.Max < r.P99 || r.P99 < r.P50 {
		t.Errorf("percentiles out of order: p50 %v p99 %v max %v", r.P50, r.P99, r.Max)
	}
}
