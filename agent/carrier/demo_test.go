package carrier

import (
	"bytes"
	"strings"
	"testing"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/agent/contacts"
	"candor/agent/report"
	"candor/prompts"
)

// TestRunDemo: the demo calls every contact but the seeded opt-out, and the
// model persona's calls go through the model's controller.
func TestRunDemo(t *testing.T) {
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := contacts.Parse(bytes.NewReader(contacts.DemoCSV), "US")
	if err != nil {
		t.Fatal(err)
	}
	car, err := New(Config{Campaign: camp, Text: true, Speed: 200})
	if err != nil {
		t.Fatal(err)
	}
	defer car.Close()
	st := agenttest.NewStore(&agenttest.Log{})
	sum := report.Demo{Interventions: map[string]int{}}
	var log strings.Builder
	modelCalls, stopped := 0, false
	failures, err := car.RunDemo(t.Context(), st, Demo{Campaign: camp, Contacts: parsed.Contacts, Concurrency: 8, SeedOptOut: true,
		Log: &log, ModelPersona: "adversarial", Model: func(ctrl *agent.Controller) (*agent.Controller, func()) {
			cp := *ctrl
			cp.Observe = func(agent.Observation) {}
			modelCalls++
			return &cp, func() { stopped = true }
		}}, &sum)
	if err != nil || failures != 0 {
		t.Fatalf("got %d failures, %v; want none (log %q)", failures, err, log.String())
	}
	if sum.SkippedDNC != 1 || sum.Dialed != len(parsed.Contacts)-1 {
		t.Errorf("got %d dialled, %d skipped; want all but the seeded opt-out dialled", sum.Dialed, sum.SkippedDNC)
	}
	if modelCalls != 1 || !stopped {
		t.Errorf("the model controller was made %d times (stopped %v), want once and stopped", modelCalls, stopped)
	}
}
