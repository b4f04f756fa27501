package guardrails

// How the learned heads join the rules: Rail.Check and the intent readers call
// these last, so the model can only add blocks and weak ending verdicts.

// Default thresholds, chosen on the held-out parts of the corpora
// (go test -v -run TestHeldOut ./guardrails/internal/modeltrain/) and of the
// rule-blind training corpus (testdata/rail/fresh.jsonl, every 5th line): the rail's
// keeps false blocks on held-out allowed sentences at or under 1%.
const (
	ModelRailThreshold   float32 = 0.8
	ModelIntentThreshold float32 = 0.6
)

// CombineRail adds the model to a rule decision: the rules' block always
// stands; an allowed sentence is blocked when the model's block probability is
// at least tau (Rule "model"). The model can only add blocks.
func CombineRail(rule Decision, text, lang string, tau float32) Decision {
	return combineRailNorm(rule, Normalize(text), hasQuestionMark(text), tau)
}

// combineRailNorm is CombineRail on text already normalized.
func combineRailNorm(rule Decision, norm string, question bool, tau float32) Decision {
	if rule.Verdict == Block {
		return rule
	}
	cat, p := modelRailNorm(norm, question)
	if cat != CategoryNone && p >= tau {
		return Decision{Verdict: Block, Category: cat, Rule: "model"}
	}
	return rule
}

// CombineIntent adds the model to a rule verdict: any intent the rules found
// stands (the model never turns an ending verdict into none); when the rules
// found none and the model says opt_out or refusal with probability at least
// tau, the result is that intent marked Weak, so the agent asks the campaign's
// confirmation question instead of ending the call. A false positive costs one
// question; a missed opt-out costs a harassed callee.
func CombineIntent(rule IntentResult, text, lang string, tau float32) IntentResult {
	if rule.Intent != IntentNone && rule.Intent != "" {
		return rule
	}
	in, p := ModelIntent(text, lang)
	if (in == IntentOptOut || in == IntentRefusal) && p >= tau {
		return IntentResult{Intent: in, Weak: true}
	}
	return rule
}
