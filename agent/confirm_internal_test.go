package agent

import (
	"testing"

	"candor/guardrails"
)

// How answers to "Would you like us to stop calling this number?" read,
// with the real rules.
func TestReadConfirm(t *testing.T) {
	tests := []struct {
		text, lang string
		want       confirmKind
		rule       string
	}{
		{"yes", "en", confirmYes, "yes"},
		{"Yeah, please.", "en", confirmYes, "yes"},
		{"um yes please do", "en", confirmYes, "yes"},
		{"that's right", "en", confirmYes, "yes"},
		{"sure, go ahead", "en", confirmYes, "yes"},
		{"please stop calling me", "en", confirmYes, "repeat"},
		{"no, just take me off your list", "en", confirmYes, "repeat"},
		{"no i am not interested", "en", confirmYes, "ending"},
		{"no", "en", confirmNo, "no"},
		{"No thanks, it's fine.", "en", confirmNo, "no"},
		{"no thank you carry on", "en", confirmNo, "no"},
		{"nope", "en", confirmNo, "no"},
		{"not really", "en", confirmNo, "no"},
		{"I don't", "en", confirmNo, "no"},
		{"sure but call me back tomorrow", "en", confirmOther, "other"},
		{"are you a robot", "en", confirmOther, "other"},
		{"what was that", "en", confirmUnclear, "unclear"},
		{"", "en", confirmUnclear, "unclear"},
		{"是的", "zh", confirmYes, "yes"},
		{"對的", "zh", confirmYes, "yes"},
		{"好，麻烦了", "zh", confirmYes, "yes"},
		{"没问题", "zh", confirmYes, "yes"},
		{"需要", "zh", confirmYes, "yes"},
		{"别再打了", "zh", confirmYes, "repeat"},
		{"不用了，谢谢", "zh", confirmNo, "no"},
		{"不需要", "zh", confirmNo, "no"},
		{"不", "zh", confirmNo, "no"},
		{"不是，继续吧", "zh", confirmNo, "no"},
		{"没有，你继续问吧", "zh", confirmNo, "no"},
		{"你说什么", "zh", confirmUnclear, "unclear"},
	}
	for _, tt := range tests {
		got, rule := readConfirm(tt.text, tt.lang, guardrails.ClassifyResult)
		if got != tt.want || rule != tt.rule {
			t.Errorf("readConfirm(%q): got %d (%s), want %d (%s)", tt.text, got, rule, tt.want, tt.rule)
		}
	}
}

func FuzzReadConfirm(f *testing.F) {
	for _, s := range []string{"yes", "no thanks", "不用了，谢谢", "no stop calling", "是的", "不", "", "   ", "no no no", "yes 不要"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, rule := readConfirm(text, "en", guardrails.ClassifyResult)
		if got < confirmUnclear || got > confirmOther || rule == "" {
			t.Fatalf("readConfirm(%q): got %d %q", text, got, rule)
		}
		// An opt-out in any words is never read as a no.
		if guardrails.ClassifyResult(text, "en").Intent == guardrails.IntentOptOut && got != confirmYes {
			t.Fatalf("readConfirm(%q): an opt-out read as %d", text, got)
		}
	})
}
