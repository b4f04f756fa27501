package carrier

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"candor/agent"
	"candor/agent/telephony/twilio"
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
