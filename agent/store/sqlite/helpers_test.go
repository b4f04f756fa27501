package sqlite

import (
	"context"
	"io/fs"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"candor/agent"
)

func mustSub(t testing.TB) fs.FS {
	t.Helper()
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// openTest opens a store in a fresh directory with a clock that advances one
// millisecond per reading.
func openTest(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "candor.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var mu sync.Mutex
	tick := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	s.now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		tick = tick.Add(time.Millisecond)
		return tick
	}
	return s, path
}

func testOptOut(business, number string) agent.OptOut {
	return agent.OptOut{Number: number, Business: business, Campaign: "survey-1", Reason: "opt_out",
		Utterance: "stop calling me", CallID: "call-1", At: time.Date(2025, 6, 1, 9, 30, 0, 123456789, time.UTC)}
}
