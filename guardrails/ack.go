package guardrails

import (
	"strings"
	"unicode"
)

// MaxAckWords bounds a model-written acknowledgement in guided mode: English
// words, or Chinese characters counted two to a word.
const MaxAckWords = 12

// ackWordsEN is the closed vocabulary of an English acknowledgement: thanks,
// understanding, sympathy, and the words that join them. It holds no
// first-person singular, no verb of being and no word that can carry a
// claim, a promise or a name, so that no sentence built from it describes
// the speaker or asserts anything beyond "your answer was heard".
var ackWordsEN = wordSet{}

func init() {
	for _, w := range strings.Fields(`
		thank thanks you your so much very for that this the a and all of to
		sharing feedback answer answers response input thoughts comment comments
		got it okay ok alright right great good fine noted understood
		appreciate appreciated really helpful helps us lot
		oh ah sorry hear glad makes sense course sure perfect fair enough
		wonderful lovely yes no problem well understand see`) {
		ackWordsEN[w] = true
	}
}

// ackCharsZH is the closed character set of a Chinese acknowledgement (both
// scripts): thanks, understanding, sympathy. 我 is allowed only inside 我们.
const ackCharsZH = "好的谢謝您你明白了收到感分享反馈饋嗯哦噢这這样樣清楚非常很多理解抱歉遗遺憾听聽意见見宝寶贵貴回答我们們行没沒问問题題知道记記下"

// AckAllowed reports whether text may be spoken as a model-written
// acknowledgement in a campaign of language lang ("en" or "zh"): one short
// sentence, in the campaign's language, from a closed vocabulary (no
// self-description, no claim, no number, no question). The caller checks
// the full rail as well; reason says why a text is refused.
func AckAllowed(text, lang string) (ok bool, reason string) {
	t := strings.TrimSpace(text)
	if t == "" {
		return false, "empty"
	}
	body := strings.TrimRight(t, ".!。！ ")
	for _, r := range body {
		switch {
		case unicode.IsDigit(r):
			return false, "holds a number"
		case r == '?' || r == '？':
			return false, "is a question"
		case strings.ContainsRune(".!。！;；:：", r):
			return false, "more than one sentence"
		}
	}
	han, latin := 0, 0
	for _, r := range body {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.IsLetter(r):
			latin++
		}
	}
	switch {
	case lang == "zh" && latin > 0:
		return false, "not in the campaign's language"
	case lang != "zh" && han > 0:
		return false, "not in the campaign's language"
	case lang == "zh" && han == 0, lang != "zh" && latin == 0:
		return false, "no words"
	}
	if lang == "zh" {
		if han > 2*MaxAckWords {
			return false, "too long"
		}
		rest := strings.ReplaceAll(strings.ReplaceAll(body, "我们", ""), "我們", "")
		for _, r := range rest {
			if unicode.Is(unicode.Han, r) && !strings.ContainsRune(ackCharsZH, r) || r == '我' {
				return false, "outside the acknowledgement vocabulary"
			}
		}
		return true, ""
	}
	if len(strings.Fields(body)) > MaxAckWords {
		return false, "too long"
	}
	words := strings.Fields(Normalize(body))
	if len(words) > MaxAckWords {
		return false, "too long"
	}
	for _, w := range words {
		if !ackWordsEN[strings.ReplaceAll(w, "'", "")] {
			return false, "outside the acknowledgement vocabulary"
		}
	}
	return true, ""
}
