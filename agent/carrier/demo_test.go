package carrier

import (
	"context"
	"strings"
	"testing"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/prompts"
)

// demoStore is an agenttest store that can be closed.
type demoStore struct{ *agenttest.Store }

func (demoStore) Close() error { return nil }

// TestRunDemo: the demo calls every contact of the embedded list but the
// seeded opt-out, and the model persona's calls go through the model's
// controller.
func TestRunDemo(t *testing.T) {
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	st := demoStore{agenttest.NewStore(&agenttest.Log{})}
	var log strings.Builder
	modelCalls, stopped := 0, false
	sum, failures, err := RunDemo(t.Context(), func(context.Context) (DemoStore, error) { return st, nil }, Demo{Campaign: camp,
		Region: "US", Concurrency: 8, Speed: 200, Text: true, Log: &log, ModelPersona: "adversarial",
		Model: func(ctrl *agent.Controller) (*agent.Controller, func()) {
			modelCalls++
			cp := *ctrl
			return &cp, func() { stopped = true }
		}})
	if err != nil || failures != 0 {
		t.Fatalf("got %d failures, %v; want none (log %q)", failures, err, log.String())
	}
	if sum.SkippedDNC != 1 || sum.Dialed != sum.Contacts-1 || sum.Mode != "text" {
		t.Errorf("got %d of %d dialled, %d skipped, mode %s; want all but the seeded opt-out dialled, as text",
			sum.Dialed, sum.Contacts, sum.SkippedDNC, sum.Mode)
	}
	if modelCalls != 1 || !stopped {
		t.Errorf("the model controller was made %d times (stopped %v), want once and stopped", modelCalls, stopped)
	}
	if _, _, err := RunDemo(t.Context(), func(context.Context) (DemoStore, error) {
		t.Error("the store was opened for a contact file that cannot be read")
		return st, nil
	}, Demo{Campaign: camp, ContactsFile: "/nonexistent.csv", Text: true}); err == nil {
		t.Error("a missing contact file: got nil, want an error")
	}
}
