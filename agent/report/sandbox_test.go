package report

import (
	"strings"
	"testing"

	"candor/guardrails"
)

func TestGuardLine(t *testing.T) {
	tests := []struct {
		ev   guardrails.Event
		want string
	}{
		{guardrails.Event{Kind: guardrails.EventDisclose}, "   [guard] disclosure played in full"},
		{guardrails.Event{Kind: guardrails.EventIntent, Intent: guardrails.IntentOptOut}, "   [guard] callee intent: " + string(guardrails.IntentOptOut)},
		{guardrails.Event{Kind: guardrails.EventDTMF, Text: "9"}, "   [guard] key 9: opt-out"},
		{guardrails.Event{Kind: guardrails.EventBlocked, Category: "claim", Rule: "r1", Text: "we are the best"}, `BLOCKED claim (r1): "we are the best" -> said the safe fallback instead`},
		{guardrails.Event{Kind: "other"}, "   [guard] other"},
	}
	for _, tc := range tests {
		if got := GuardLine(tc.ev); !strings.HasSuffix(got, tc.want) || !strings.HasPrefix(got, "   [guard] ") {
			t.Errorf("GuardLine(%+v) = %q, want it to end in %q", tc.ev, got, tc.want)
		}
	}
}
