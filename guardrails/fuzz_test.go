package guardrails

import (
	"testing"
	"unicode/utf8"
)

func validIntent(i Intent) bool {
	switch i {
	case IntentNone, IntentOptOut, IntentRefusal, IntentCallback, IntentAskIfAI, IntentAskIdentity:
		return true
	}
	return false
}

func FuzzClassify(f *testing.F) {
	for _, c := range intentCases {
		f.Add(c.text, "")
	}
	f.Add("stop calling", "zh")
	f.Add("不要 um 再打", "en")
	f.Add("i i i don't don't", "")
	f.Add("\xff\xfe'''", "")
	f.Fuzz(func(t *testing.T, text, lang string) {
		got := ClassifyLang(text, lang)
		if !validIntent(got) {
			t.Fatalf("ClassifyLang(%q, %q) = %q, not an intent", text, lang, got)
		}
		norm := Normalize(text)
		if again := Normalize(norm); again != norm {
			t.Fatalf("Normalize not idempotent on %q: %q then %q", text, norm, again)
		}
		if utf8.ValidString(text) && !utf8.ValidString(norm) {
			t.Fatalf("Normalize(%q) = %q, not valid UTF-8", text, norm)
		}
		if on := ClassifyLang(norm, lang); on != got {
			t.Fatalf("ClassifyLang on normalized text: %q gives %q, raw %q gives %q", norm, on, text, got)
		}
	})
}

func FuzzRailCheck(f *testing.F) {
	for _, c := range railCases {
		f.Add(c.sentence)
	}
	f.Add("100% 100% #1 $5 5x 5 times cheaper")
	f.Add("百分之百分之三十%倍元")
	r := NewRail(testPolicy)
	f.Fuzz(func(t *testing.T, s string) {
		d := r.Check(s)
		switch d.Verdict {
		case Allow:
			if d.Category != CategoryNone || d.Rule != "" {
				t.Fatalf("Check(%q) allowed with category %q rule %q", s, d.Category, d.Rule)
			}
		case Block:
			if catIndex(d.Category) >= len(railOrder) || d.Rule == "" {
				t.Fatalf("Check(%q) blocked with category %q rule %q", s, d.Category, d.Rule)
			}
		default:
			t.Fatalf("Check(%q) verdict %q", s, d.Verdict)
		}
		if again := r.Check(Normalize(s)); again.Verdict != d.Verdict || again.Category != d.Category {
			t.Fatalf("Check(Normalize(%q)) = %v, Check = %v", s, again, d)
		}
	})
}
