package carrier

import (
	"bytes"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"candor/agent/contacts"
	"candor/agent/dialer"
	"candor/agent/store/sqlite"
	"candor/prompts"
)

// TestDialLocal: a run on one machine calls the imported contacts' simulated
// callees, counts them on Active and ends its progress line with the totals.
func TestDialLocal(t *testing.T) {
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	res, err := contacts.Parse(bytes.NewReader([]byte("phone,name,persona\n2125550101,Ann,cooperative\n2125550102,Bob,refuses\n")), "US")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ImportContacts(t.Context(), camp.Name, res.Contacts); err != nil {
		t.Fatal(err)
	}
	var progress strings.Builder
	active := &countingGauge{}
	d := Dial{Campaign: camp, Speed: 400, Progress: &progress, Active: active,
		Config: dialer.Config{Workers: 2, Clock: dialer.NewOffsetClock(dialer.NextMorning(time.Now(), "America/New_York"))}}
	r, err := d.Local(t.Context(), st)
	if err != nil {
		t.Fatal(err)
	}
	stats, err := r.Run(t.Context())
	if err != nil || r.Contacts != 2 || stats.Dialled != 2 {
		t.Fatalf("got %d of %d contacts dialled, %v; want both", stats.Dialled, r.Contacts, err)
	}
	if active.started.Load() != 2 || !strings.Contains(progress.String(), "dialled 2") {
		t.Errorf("got %d calls counted, progress %q; want 2 and the totals", active.started.Load(), progress.String())
	}
}

// countingGauge counts the calls started.
type countingGauge struct{ started atomic.Int32 }

func (g *countingGauge) Start() func() { g.started.Add(1); return func() {} }
