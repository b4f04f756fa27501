package dialer

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/store/sqlite"
	"candor/prompts"
)

func TestPaceLimit(t *testing.T) {
	tests := []struct {
		answered, abandoned, want int
	}{
		{1000, 0, 8},
		{1000, 19, 8}, // 1.9%: full speed
		{1000, 20, 8}, // 2.0%: the slow-down starts (8 * 1.0)
		{1000, 25, 4}, // 2.5%: half
		{1000, 29, 1}, // 2.9%: at least one
		{1000, 30, 0}, // 3.0%: stop
		{1000, 45, 0}, // above the cap
		{10, 2, 8},    // 2 of 10 answered, but the floor of 100 makes it 2.0%
		{10, 3, 0},    // 3 abandoned: 3% even of the floor
		{0, 0, 8},     // nothing answered yet
		{200, 5, 4},   // 2.5%
	}
	for _, tt := range tests {
		got, _ := paceLimit(8, tt.answered, tt.abandoned, 100, 0.02, 0.03)
		if got != tt.want {
			t.Errorf("paceLimit(8, answered %d, abandoned %d) = %d, want %d", tt.answered, tt.abandoned, got, tt.want)
		}
	}
}

// pacedCaller answers every call; calls to numbers in abandon have the
// agent's first audio 3 s after the answer (abandoned), the others 0.5 s.
// Each call waits (in real time, briefly) for other calls to join, so that
// the runner's concurrency shows.
type pacedCaller struct {
	st      *sqlite.Store
	clock   *fakeClock
	abandon map[string]bool
	trunks  *TrunkLimits // checked during each call, when set
	trunk   string

	mu        sync.Mutex
	active    int
	peak      int
	order     []string
	overTrunk int
}

func (c *pacedCaller) Call(ctx context.Context, req agent.CallRequest) (*agent.CallRecord, error) {
	c.mu.Lock()
	c.active++
	c.peak = max(c.peak, c.active)
	c.order = append(c.order, req.Number)
	c.mu.Unlock()
	if c.trunks != nil && c.trunks.Active(c.trunk) > 2 {
		c.mu.Lock()
		c.overTrunk++
		c.mu.Unlock()
	}
	// Let other workers' calls start: concurrency is what is measured.
	select {
	case <-time.After(20 * time.Millisecond):
	case <-ctx.Done():
	}
	now := c.clock.Now()
	first := now.Add(500 * time.Millisecond)
	if c.abandon[req.Number] {
		first = now.Add(3 * time.Second)
	}
	rec := &agent.CallRecord{ID: agent.NewCallID(), Campaign: req.Campaign.Name, Business: req.Campaign.Business.RegisteredName,
		Number: req.Number, StartedAt: now, AnsweredAt: now, DisclosureStart: first, DisclosureComplete: true,
		EndedAt: now.Add(time.Minute), Outcome: agent.OutcomeCompleted}
	err := c.st.SaveCall(ctx, rec)
	c.mu.Lock()
	c.active--
	c.mu.Unlock()
	return rec, err
}

// pacedSetup opens a store with n New York contacts of campaign name and a
// fake clock on a Tuesday at 10:00 in New York.
// pacedLease is the lease of the paced runs: their fake clock jumps ahead
// with every idle worker's sleep while calls take real time, so on a loaded
// machine a default lease could end (and the call be taken over) in the
// middle of a call that lasts 20 ms of real time. Leases have their own
// tests (TestLongCallNotTakenOver).
const pacedLease = 30 * 24 * time.Hour

func pacedSetup(t *testing.T, name string, n int) (*sqlite.Store, *prompts.Campaign, *fakeClock, []string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pace.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	camp := &prompts.Campaign{Name: name, Business: prompts.Business{RegisteredName: "Acme Services LLC", DisplayName: "Acme"}}
	var cs []contacts.Contact
	var nums []string
	for i := range n {
		num := fmt.Sprintf("+1212555%04d", i)
		nums = append(nums, num)
		cs = append(cs, contacts.Contact{Line: i + 2, Phone: num, Name: fmt.Sprint("c", i)})
	}
	if _, err := st.ImportContacts(ctx, camp.Name, cs); err != nil {
		t.Fatal(err)
	}
	ny, _ := time.LoadLocation("America/New_York")
	return st, camp, &fakeClock{t: time.Date(2025, 11, 4, 10, 0, 0, 0, ny)}, nums
}

// seedCalls stores answered calls of camp at at, abandoned of them abandoned.
func seedCalls(t *testing.T, st *sqlite.Store, camp *prompts.Campaign, at time.Time, answered, abandoned int) {
	t.Helper()
	for i := range answered {
		first := at.Add(time.Second)
		if i < abandoned {
			first = at.Add(5 * time.Second)
		}
		rec := &agent.CallRecord{ID: agent.NewCallID(), Campaign: camp.Name, Business: camp.Business.RegisteredName,
			Number: fmt.Sprintf("+1415555%04d", i), StartedAt: at, AnsweredAt: at, DisclosureStart: first, EndedAt: at.Add(time.Minute),
			Outcome: agent.OutcomeCompleted}
		if err := st.SaveCall(context.Background(), rec); err != nil {
			t.Fatal(err)
		}
	}
}

// TestConcurrencyLimits: the campaign limit and a trunk limit bound the
// calls in flight, whatever the number of workers.
func TestConcurrencyLimits(t *testing.T) {
	tests := []struct {
		name         string
		workers, max int
		trunkLimit   int
		want         int
	}{
		{"campaign limit", 8, 3, 0, 3},
		{"trunk limit", 8, 0, 2, 2},
		{"trunk below campaign", 8, 5, 2, 2},
		{"workers below both", 2, 5, 4, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, camp, clock, _ := pacedSetup(t, "limits", 40)
			c := &pacedCaller{st: st, clock: clock}
			cfg := Config{Campaign: camp, Clock: clock, Workers: tt.workers, MaxConcurrentCampaign: tt.max}
			if tt.trunkLimit > 0 {
				tl, err := NewTrunkLimits(map[string]int{"sip-1": tt.trunkLimit})
				if err != nil {
					t.Fatal(err)
				}
				cfg.Trunk, cfg.Trunks = "sip-1", tl
			}
			r, err := New(cfg, st, c)
			if err != nil {
				t.Fatal(err)
			}
			stats, err := r.Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(c.order) != 40 || stats.Dialled != 40 {
				t.Errorf("%d calls placed (stats %d), want 40", len(c.order), stats.Dialled)
			}
			if c.peak > tt.want || stats.PeakConcurrent > tt.want {
				t.Errorf("peak %d calls in flight (runner saw %d), want at most %d", c.peak, stats.PeakConcurrent, tt.want)
			}
			// How close the calls come to the limit depends on scheduling; that
			// they overlap at all shows the limit is not a serial queue.
			if tt.want >= 2 && c.peak < 2 {
				t.Errorf("peak %d calls in flight, want calls to overlap under a limit of %d", c.peak, tt.want)
			}
		})
	}
}

// TestTrunkSharedByRunners: two campaigns in one process on one trunk
// limited to 2 never have more than 2 calls in flight together.
func TestTrunkSharedByRunners(t *testing.T) {
	tl, _ := NewTrunkLimits(map[string]int{"sip-1": 2})
	st, campA, clock, _ := pacedSetup(t, "a", 20)
	campB := &prompts.Campaign{Name: "b", Business: campA.Business}
	var cs []contacts.Contact
	for i := range 20 {
		cs = append(cs, contacts.Contact{Line: i + 2, Phone: fmt.Sprintf("+1212556%04d", i), Name: "b"})
	}
	if _, err := st.ImportContacts(context.Background(), "b", cs); err != nil {
		t.Fatal(err)
	}
	c := &pacedCaller{st: st, clock: clock, trunks: tl, trunk: "sip-1"}
	var wg sync.WaitGroup
	for _, camp := range []*prompts.Campaign{campA, campB} {
		r, err := New(Config{Campaign: camp, Clock: clock, Workers: 4, Trunk: "sip-1", Trunks: tl, Lease: pacedLease}, st, c)
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			if _, err := r.Run(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if len(c.order) != 40 || c.peak > 2 || c.overTrunk != 0 {
		t.Errorf("%d calls, peak %d in flight, %d calls saw the trunk over its limit; want 40, at most 2, 0", len(c.order), c.peak, c.overTrunk)
	}
}

// TestPacingSlowsDown: at 2.5% abandonment over the last 30 days the runner
// dials with half its concurrency; the same calls 31 days old do not count.
func TestPacingSlowsDown(t *testing.T) {
	for _, tt := range []struct {
		name string
		age  time.Duration
		want int
	}{
		{"recent abandonment", 10 * 24 * time.Hour, 2},
		{"abandonment older than 30 days", 31 * 24 * time.Hour, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st, camp, clock, _ := pacedSetup(t, "slow", 40)
			seedCalls(t, st, camp, clock.Now().Add(-tt.age), 1000, 25) // 2.5%, still 2.4% after the 40 calls
			c := &pacedCaller{st: st, clock: clock}
			r, err := New(Config{Campaign: camp, Clock: clock, Workers: 4, Lease: pacedLease}, st, c)
			if err != nil {
				t.Fatal(err)
			}
			stats, err := r.Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			// The pacing decision is the limit; how close the calls in flight
			// come to it depends on scheduling, but they never pass it.
			if len(c.order) != 40 || stats.Limit != tt.want || c.peak > tt.want {
				t.Errorf("%d calls, limit %d, peak %d in flight; want 40 calls, limit %d, peak at most that", len(c.order), stats.Limit, c.peak, tt.want)
			}
			t.Logf("abandonment %.4f, limit %d", stats.AbandonmentRate, stats.Limit)
		})
	}
}

// TestPacingStopsAtCap: every fourth call is abandoned; the runner stops
// dialling once abandoned calls reach 3% of max(answered, 100), and not
// before. The expected stop is computed from the call log, not the runner.
func TestPacingStopsAtCap(t *testing.T) {
	st, camp, clock, nums := pacedSetup(t, "stop", 40)
	abandon := map[string]bool{}
	for i, n := range nums {
		abandon[n] = i%4 == 3
	}
	seedCalls(t, st, camp, clock.Now().Add(-24*time.Hour), 50, 0)
	c := &pacedCaller{st: st, clock: clock, abandon: abandon}
	r, err := New(Config{Campaign: camp, Clock: clock, Workers: 1, Lease: pacedLease}, st, c)
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Run(context.Background())
	if !errors.Is(err, ErrAbandonmentCap) {
		t.Fatalf("Run: %v, want ErrAbandonmentCap", err)
	}
	// Replay: each call is allowed while abandoned/max(answered,100) < 3%.
	answered, abandoned, want := 50, 0, 0
	for _, n := range nums {
		if float64(abandoned)/float64(max(answered, 100)) >= 0.03 {
			break
		}
		want++
		answered++
		if abandon[n] {
			abandoned++
		}
	}
	if len(c.order) != want {
		t.Errorf("%d calls placed before stopping, want %d", len(c.order), want)
	}
	a, ab, err := st.Abandonment(context.Background(), camp.Name, clock.Now().Add(-AbandonmentPeriod))
	if err != nil {
		t.Fatal(err)
	}
	if ab != 3 || a != 50+want {
		t.Errorf("store counts %d answered, %d abandoned; want %d and 3", a, ab, 50+want)
	}
}

func TestNextMorning(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ now, want time.Time }{
		{time.Date(2025, 7, 1, 8, 0, 0, 0, ny), time.Date(2025, 7, 1, 10, 0, 0, 0, ny)},
		{time.Date(2025, 7, 1, 11, 0, 0, 0, ny), time.Date(2025, 7, 2, 10, 0, 0, 0, ny)},
	}
	for _, tc := range tests {
		if got := NextMorning(tc.now, "America/New_York"); !got.Equal(tc.want) {
			t.Errorf("NextMorning(%v): got %v, want %v", tc.now, got, tc.want)
		}
	}
	if off := NewOffsetClock(tests[0].want).Now().Sub(tests[0].want); off < 0 || off > time.Minute {
		t.Errorf("offset clock: got %v from the chosen moment, want about 0", off)
	}
}
