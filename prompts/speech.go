package prompts

import (
	"fmt"
	"unicode"
)

// Speaking rates used to estimate how long a fixed text takes to say: those
// of candor's text-to-speech at its default rate (agent.SpeakingTime, 165
// words a minute and 4.5 Han characters a second, close to a calm, clear
// telephone voice). A digit is said on its own, as a word in English and as
// a character in Chinese (phone numbers are read digit by digit); each
// sentence end adds a short pause.
const (
	EnglishWordsPerSecond = 2.75 // words (runs of letters) per second: 165 a minute
	ChineseCharsPerSecond = 4.5  // Han characters per second
	SentencePauseSeconds  = 0.3  // pause at each sentence end
	DisclosureWarnSeconds = 15.0 // campaign validate warns above this
)

// SpokenSeconds estimates how long text takes to say in lang ("en" or
// "zh"): words at EnglishWordsPerSecond, Han characters at
// ChineseCharsPerSecond, digits one at a time at the rate of lang, and
// SentencePauseSeconds at each sentence end. Text in either script counts
// whatever the language (an English business name in a Chinese call).
func SpokenSeconds(text, lang string) float64 {
	digitRate := EnglishWordsPerSecond
	if lang == "zh" {
		digitRate = ChineseCharsPerSecond
	}
	var words, han, digits, pauses int
	inWord := false
	prevEnd := false
	for _, r := range text {
		isEnd := containsRune(sentenceEnds, r)
		switch {
		case unicode.Is(unicode.Han, r):
			han++
			inWord = false
		case unicode.IsDigit(r):
			digits++
			inWord = false
		case unicode.IsLetter(r) || (inWord && (r == '\'' || r == '’' || r == '-')):
			if !inWord {
				words++
			}
			inWord = true
		default:
			inWord = false
		}
		if isEnd && !prevEnd {
			pauses++
		}
		prevEnd = isEnd
	}
	return float64(words)/EnglishWordsPerSecond + float64(han)/ChineseCharsPerSecond +
		float64(digits)/digitRate + float64(pauses)*SentencePauseSeconds
}

func containsRune(s string, r rune) bool {
	for _, c := range s {
		if c == r {
			return true
		}
	}
	return false
}

// DisclosureSeconds estimates how long the rendered disclosure takes to say
// (SpokenSeconds in the campaign's language): the time before the callee
// can say a word.
func (c *Campaign) DisclosureSeconds() float64 {
	return SpokenSeconds(c.DisclosureText(), c.Language)
}

// DisclosureWarning returns a warning when the disclosure takes more than
// DisclosureWarnSeconds to say, or "". It is not a problem of the file:
// many callees hang up during a long disclosure, but it is lawful.
func (c *Campaign) DisclosureWarning() string {
	s := c.DisclosureSeconds()
	if s <= DisclosureWarnSeconds {
		return ""
	}
	return fmt.Sprintf("disclosure: about %.0f s of speech before the callee can speak (more than %.0f s; many callees hang up): keep what must come first (registered name, AI notice, opt-out, purpose, recording notice) and say the rest later",
		s, DisclosureWarnSeconds)
}
