package carrier

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/agent/telephony/twilio"
	"candor/prompts"
)

func TestSummarizeCall(t *testing.T) {
	rec := &agent.CallRecord{ID: "c1", Number: "+12125550123", Outcome: agent.OutcomeNoAnswer, EndReason: agent.EndNotAnswered}
	busy := fmt.Errorf("%w: %w", agent.ErrNoAnswer, twilio.ErrBusy)
	tests := []struct {
		err  error
		want agent.Outcome
	}{
		{busy, agent.OutcomeBusy},
		{agent.ErrNoAnswer, agent.OutcomeNoAnswer},
		{errors.New("other"), agent.OutcomeNoAnswer},
	}
	for _, tc := range tests {
		s := Summarize(rec, tc.err)
		if s.Outcome != tc.want {
			t.Errorf("err %v: outcome %q, want %q", tc.err, s.Outcome, tc.want)
		}
		if strings.Contains(s.Number, "2125550123") || s.VoiceToVoiceMS == nil {
			t.Errorf("summary %+v: want a masked number and a non-nil latency list", s)
		}
	}
}

// TestPlaceRefusesDNC: a number on the do-not-call list is refused before the
// carrier is opened (the route here could not be opened at all).
func TestPlaceRefusesDNC(t *testing.T) {
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	st := agenttest.NewStore(&agenttest.Log{})
	if err := st.AddOptOut(t.Context(), agent.OptOut{Number: "+12125550123", Business: camp.Business.RegisteredName}); err != nil {
		t.Fatal(err)
	}
	broken := Route{Trunk: "lab"} // no trunk file
	_, err = Place(t.Context(), st, Call{Campaign: camp, Number: "+12125550123", Route: broken})
	if !errors.Is(err, ErrRefusedDNC) || strings.Contains(err.Error(), "2125550123") {
		t.Errorf("got %v, want ErrRefusedDNC with the number masked", err)
	}
	if _, err := Place(t.Context(), st, Call{Campaign: camp, Number: "+12125550124", Route: broken}); !errors.Is(err, ErrNoTrunkFile) {
		t.Errorf("a number not on the list: got %v, want the route's error", err)
	}
}
