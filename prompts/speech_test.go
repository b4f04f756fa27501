package prompts

import (
	"math"
	"strings"
	"testing"
)

func TestSpokenSeconds(t *testing.T) {
	for _, tc := range []struct {
		name, text, lang string
		want             float64
	}{
		{"empty", "", "en", 0},
		{"eleven words and a pause", "This is an automated call from an AI assistant for Acme.", "en", 11/EnglishWordsPerSecond + SentencePauseSeconds},
		{"contractions are one word", "We won't call, don't worry", "en", 5 / EnglishWordsPerSecond},
		{"digits one by one in English", "Call 555 0134", "en", 1/EnglishWordsPerSecond + 7/EnglishWordsPerSecond},
		{"nine Han characters and a pause", "您好，这里是回访电话。", "zh", 9/ChineseCharsPerSecond + SentencePauseSeconds},
		{"digits one by one in Chinese", "请拨打5550134", "zh", 3/ChineseCharsPerSecond + 7/ChineseCharsPerSecond},
		{"a Latin name in a Chinese text", "这是Acme的电话", "zh", 5/ChineseCharsPerSecond + 1/EnglishWordsPerSecond},
		{"an ellipsis is one pause", "Wait... what?!", "en", 2/EnglishWordsPerSecond + 2*SentencePauseSeconds},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SpokenSeconds(tc.text, tc.lang); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("SpokenSeconds(%q, %s): got %.3f, want %.3f", tc.text, tc.lang, got, tc.want)
			}
		})
	}
}

func TestDisclosureWarning(t *testing.T) {
	for _, tc := range []struct {
		name, lang, text string
		warn             bool
	}{
		{"short en", "en", strings.Repeat("word ", 41), false}, // 14.9 s
		{"long en", "en", strings.Repeat("word ", 42), true},   // 15.3 s
		{"short zh", "zh", strings.Repeat("字", 67), false},     // 14.9 s
		{"long zh", "zh", strings.Repeat("字", 68), true},       // 15.1 s
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &Campaign{Language: tc.lang, Disclosure: tc.text}
			got := c.DisclosureWarning()
			if (got != "") != tc.warn {
				t.Errorf("got warning %q (%.1f s), want warning %v", got, c.DisclosureSeconds(), tc.warn)
			}
			if tc.warn && !strings.Contains(got, "more than 15 s") {
				t.Errorf("got %q, want it to name the 15 s limit", got)
			}
		})
	}
}

// The embedded examples' disclosures are measured against the 12 s target
// of the issue; they do not meet it yet (the callback number and more are to
// move to the end of the call), so the test states their length and fails
// only when they grow.
func TestExampleDisclosureLength(t *testing.T) {
	for _, name := range Examples() {
		c, err := Example(name)
		if err != nil {
			t.Fatal(err)
		}
		s := c.DisclosureSeconds()
		t.Logf("%s: disclosure about %.1f s (target under 12 s, warning above %.0f s)", name, s, DisclosureWarnSeconds)
		if s > 40 {
			t.Errorf("%s: got a disclosure of %.1f s, want it no longer than today's (under 40 s)", name, s)
		}
	}
}
