package guardrails

// IntentResult is a callee intent with its strength. Weak is set for an
// ending verdict (opt_out, refusal) that is indirect or hedged: the agent asks
// the campaign's confirmation question instead of ending the call at once.
type IntentResult struct {
	Intent Intent
	Weak   bool
}

// ClassifyResult classifies a callee utterance and reports how strong the
// verdict is. lang is a hint as for ClassifyLang.
func ClassifyResult(text, lang string) IntentResult {
	return IntentResult{Intent: classifyNorm(Normalize(text), lang)}
}
