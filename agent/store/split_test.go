package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/store"
)

// shared and local log what reaches each side of a Split.
type shared struct {
	log      *[]string
	failCall bool
}

func (s shared) IsOnDNC(context.Context, string, string) (bool, error) {
	*s.log = append(*s.log, "shared dnc check")
	return true, nil
}

func (s shared) AddOptOut(_ context.Context, o agent.OptOut) error {
	*s.log = append(*s.log, "shared opt-out "+o.Number+" "+o.At.Format(time.RFC3339))
	return nil
}

func (s shared) SaveCallback(_ context.Context, rec *agent.CallRecord) error {
	*s.log = append(*s.log, "shared callback "+rec.ID)
	if s.failCall {
		return errors.New("postgres down")
	}
	return nil
}

type local struct{ log *[]string }

func (l local) SaveCall(_ context.Context, rec *agent.CallRecord) error {
	*l.log = append(*l.log, "local call "+rec.ID)
	return nil
}

func TestSplit(t *testing.T) {
	end := time.Date(2025, 7, 1, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		rec     agent.CallRecord
		fail    bool
		want    []string
		wantErr bool
	}{
		{"completed", agent.CallRecord{ID: "c1", EndedAt: end}, false,
			[]string{"shared callback c1", "local call c1"}, false},
		{"opt-out without its time", agent.CallRecord{ID: "c2", Number: "+12125550101", OptOut: true, EndedAt: end}, false,
			[]string{"shared opt-out +12125550101 2025-07-01T15:00:00Z", "shared callback c2", "local call c2"}, false},
		{"sandbox opt-out", agent.CallRecord{ID: "c3", Number: "+12125550101", OptOut: true, Sandbox: true, EndedAt: end}, false,
			[]string{"shared callback c3", "local call c3"}, false},
		{"shared store down", agent.CallRecord{ID: "c4", EndedAt: end}, true,
			[]string{"shared callback c4"}, true},
	}
	for _, tc := range tests {
		var log []string
		s := store.Split{Shared: shared{&log, tc.fail}, Local: local{&log}}
		err := s.SaveCall(context.Background(), &tc.rec)
		if (err != nil) != tc.wantErr || len(log) != len(tc.want) {
			t.Errorf("%s: got %q, %v; want %q, error %v", tc.name, log, err, tc.want, tc.wantErr)
			continue
		}
		for i := range log {
			if log[i] != tc.want[i] {
				t.Errorf("%s: step %d: got %q, want %q", tc.name, i, log[i], tc.want[i])
			}
		}
	}
	var log []string
	if on, _ := (store.Split{Shared: shared{log: &log}, Local: local{&log}}).IsOnDNC(context.Background(), "Acme", "+1"); !on || log[0] != "shared dnc check" {
		t.Errorf("IsOnDNC: got %v, %q; want the shared list's answer", on, log)
	}
}
