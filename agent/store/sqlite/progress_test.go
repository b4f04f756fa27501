package sqlite

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"candor/agent/store"
)

// TestCampaignProgress: every job is counted once, by where it stands.
func TestCampaignProgress(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	for i, j := range []struct {
		state, result string
		due           time.Duration
		campaign      string
	}{
		{"pending", "", -time.Minute, "c"},
		{"pending", "", 0, "c"},
		{"pending", "waiting: window", time.Hour, "c"},
		{"pending", "retry: busy", time.Hour, "c"},
		{"running", "", -time.Minute, "c"},
		{"done", "completed", -time.Hour, "c"},
		{"done", "skipped: dnc", -time.Hour, "c"},
		{"done", "skipped: dnc", -time.Hour, "c"},
		{"done", "skipped: no_consent", -time.Hour, "c"},
		{"pending", "", 0, "other"},
	} {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO dial_jobs (campaign, number, due_at, state, result, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			j.campaign, fmt.Sprintf("+1415555%04d", i), formatTime(now.Add(j.due)), j.state, j.result, formatTime(now)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO attempts (business, campaign, number, at, outcome) VALUES ('B', 'c', '+14155550100', ?, 'completed')`,
		formatTime(now.Add(-10*time.Minute))); err != nil {
		t.Fatal(err)
	}
	got, err := s.CampaignProgress(ctx, "c", now)
	if err != nil {
		t.Fatal(err)
	}
	want := store.Progress{Total: 9, Queued: 2, Waiting: 1, Later: 1, InFlight: 1, Done: 1,
		Skipped: map[string]int{"dnc": 2, "no_consent": 1}, FirstAt: now.Add(-10 * time.Minute), LastAt: now}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("progress:\n got %+v\nwant %+v", got, want)
	}
	if got.Finished() != 4 {
		t.Errorf("finished: got %d, want 4", got.Finished())
	}
	empty, err := s.CampaignProgress(ctx, "none", now)
	if err != nil || empty.Total != 0 || !empty.FirstAt.IsZero() {
		t.Errorf("unknown campaign: got %+v, %v; want nothing", empty, err)
	}
}
