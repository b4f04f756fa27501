package report

import (
	"fmt"

	"candor/guardrails"
)

// GuardLine is the line a sandbox call shows, inline, for a guardrail event.
func GuardLine(ev guardrails.Event) string {
	switch ev.Kind {
	case guardrails.EventBlocked:
		return fmt.Sprintf("   [guard] BLOCKED %s (%s): %q -> said the safe fallback instead", ev.Category, ev.Rule, ev.Text)
	case guardrails.EventIntent:
		return fmt.Sprintf("   [guard] callee intent: %s", ev.Intent)
	case guardrails.EventOptOut:
		return fmt.Sprintf("   [guard] %s recorded (sandbox: not written to the do-not-call list)", ev.Intent)
	case guardrails.EventDTMF:
		return fmt.Sprintf("   [guard] key %s: opt-out", ev.Text)
	case guardrails.EventDisclose:
		return "   [guard] disclosure played in full"
	case guardrails.EventConfirmAsked:
		return fmt.Sprintf("   [guard] weak %s: asking %q", ev.Intent, ev.Question)
	case guardrails.EventConfirmAnswered:
		return fmt.Sprintf("   [guard] confirmation answered (%s): %s", ev.Rule, ev.Intent)
	case guardrails.EventIntentReview:
		return fmt.Sprintf("   [guard] second opinion on intent: %s -> %s", ev.Rule, ev.Intent)
	case guardrails.EventProviderFailure:
		return fmt.Sprintf("   [guard] model failed (%s: %s) -> %s", ev.Rule, ev.Text, ev.Replacement)
	}
	return fmt.Sprintf("   [guard] %s", ev.Kind)
}
