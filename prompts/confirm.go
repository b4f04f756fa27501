package prompts

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Default confirmation questions, said after a weak opt-out or refusal when a
// campaign has no lines.confirm_opt_out of its own.
const (
	DefaultConfirmOptOutEN = "Would you like us to stop calling this number?"
	DefaultConfirmOptOutZH = "需要我们以后不再拨打这个号码吗？"
)

// DefaultConfirmOptOut returns the default confirmation question of lang.
func DefaultConfirmOptOut(lang string) string {
	if strings.HasPrefix(lang, "zh") {
		return DefaultConfirmOptOutZH
	}
	return DefaultConfirmOptOutEN
}

// ConfirmOptOut returns the campaign's confirmation question, or the default
// of its language when it has none (a campaign built in code).
func (c *Campaign) ConfirmOptOut() string {
	if c.Lines.ConfirmOptOut != "" {
		return c.Lines.ConfirmOptOut
	}
	return DefaultConfirmOptOut(c.Language)
}

// Words that start an English yes/no question (an auxiliary or modal verb).
var yesNoStartEN = map[string]bool{
	"would": true, "should": true, "shall": true, "do": true, "does": true, "did": true, "can": true,
	"could": true, "may": true, "will": true, "is": true, "are": true, "want": true, "wouldn't": true,
	"shouldn't": true, "don't": true,
}

// Words that start an English question answered with something else than yes or no.
var whStartEN = map[string]bool{
	"what": true, "which": true, "who": true, "whom": true, "whose": true, "when": true, "where": true,
	"why": true, "how": true,
}

// What a confirmation question must ask about: stopping the calls. "Yes" to
// it records an opt-out, so its meaning must be that one.
var (
	stopEN = []string{"stop", "no longer", "not call", "don't call", "never call", "remove", "opt out",
		"opt-out", "do-not-call", "do not call", "unsubscribe", " off "}
	stopZH = []string{"不再", "别再", "不要再", "停止", "移除", "退订", "免打扰", "不打", "不拨打"}
	// Chinese yes/no forms: the 吗 particle, or an A-not-A verb.
	aNotAZH = []string{"要不要", "需不需要", "是不是", "好不好", "可不可以", "愿不愿意", "想不想", "同不同意"}
	// Chinese question words and the alternative 还是: not a yes/no question.
	whZH = []string{"什么", "哪", "谁", "怎么", "为什么", "几", "多少", "还是"}
)

// tradZH folds the traditional forms of the characters the Chinese checks read.
var tradZH = strings.NewReplacer("嗎", "吗", "還", "还", "麼", "么", "甚么", "什么", "誰", "谁", "幾", "几",
	"為", "为", "撥", "拨", "別", "别", "訂", "订", "擾", "扰", "願", "愿", "開", "开")

// confirmOptOut checks lines.confirm_opt_out, or sets the language's default
// when it is absent. It must be one yes/no question in the campaign's
// language asking whether to stop calling: "yes" to it records an opt-out.
func (d *decoder) confirmOptOut(c *Campaign, langOK bool) {
	const p = "lines.confirm_opt_out"
	l := &c.Lines
	if _, present := d.pos[p]; !present || d.bad[p] {
		if !d.bad[p] && langOK {
			l.ConfirmOptOut = DefaultConfirmOptOut(c.Language)
		}
		return
	}
	if !d.require(p, l.ConfirmOptOut) {
		return
	}
	d.spoken(p, l.ConfirmOptOut)
	if !langOK {
		return // the language is reported on its own
	}
	if msg := CheckConfirmOptOut(l.ConfirmOptOut, c.Language); msg != "" {
		d.problem(p, msg, ErrConfirmOptOut)
	}
}

// CheckConfirmOptOut returns what is wrong with a confirmation question in
// lang ("en" or "zh"), or "" when it is one yes/no question asking whether to
// stop calling.
func CheckConfirmOptOut(text, lang string) string {
	t := strings.TrimSpace(text)
	han, latin := 0, 0
	for _, r := range t {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case r < unicode.MaxASCII && unicode.IsLetter(r):
			latin++
		}
	}
	example := fmt.Sprintf("%q", DefaultConfirmOptOut(lang))
	if lang == "zh" {
		t = tradZH.Replace(t)
		switch {
		case han == 0 || latin > han:
			return "is not in Chinese, the campaign's language; e.g. " + example
		case !strings.HasSuffix(t, "？") && !strings.HasSuffix(t, "?"):
			return "must be a yes/no question ending in ？; e.g. " + example
		}
		q := lastSentence(t)
		for _, w := range whZH {
			if strings.Contains(q, w) {
				return fmt.Sprintf("must be a yes/no question (answered 是 or 不), not one with %s; e.g. %s", w, example)
			}
		}
		body := strings.TrimRight(q, "？?")
		yesNo := strings.HasSuffix(body, "吗") || strings.HasSuffix(body, "吗。")
		for _, w := range aNotAZH {
			yesNo = yesNo || strings.Contains(q, w)
		}
		if !yesNo {
			return "must be a yes/no question (ending in 吗？, or with 要不要, 是不是...); e.g. " + example
		}
		if !containsAny(q, stopZH) {
			return "must ask whether to stop calling (不再拨打, 停止来电...), since yes records an opt-out; e.g. " + example
		}
		return ""
	}
	switch {
	case han > 0 || latin == 0:
		return "is not in English, the campaign's language; e.g. " + example
	case !strings.HasSuffix(t, "?"):
		return `must be a yes/no question ending in "?"; e.g. ` + example
	}
	q := strings.ToLower(lastSentence(t))
	q = strings.NewReplacer("’", "'", "‘", "'").Replace(q)
	words := strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '-' })
	if len(words) == 0 {
		return `must be a yes/no question; e.g. ` + example
	}
	first := words[0]
	if (first == "so" || first == "and" || first == "then" || first == "ok" || first == "okay") && len(words) > 1 {
		first = words[1]
	}
	switch {
	case whStartEN[first]:
		return fmt.Sprintf("must be a yes/no question, not one starting with %q; e.g. %s", first, example)
	case !yesNoStartEN[first]:
		return fmt.Sprintf("must be a yes/no question starting with a verb such as \"would\" or \"do\", not %q; e.g. %s", first, example)
	case strings.Contains(" "+strings.Join(words, " ")+" ", " or "):
		return "must be a yes/no question, not a choice between options (\"or\"); e.g. " + example
	case !containsAny(" "+strings.Join(words, " ")+" ", stopEN):
		return `must ask whether to stop calling ("stop calling", "remove this number"...), since yes records an opt-out; e.g. ` + example
	}
	return ""
}

// lastSentence returns the last sentence of t (the question after any lead-in).
func lastSentence(t string) string {
	body := strings.TrimRight(t, "?？ ")
	i := strings.LastIndexAny(body, ".!:;。！：；")
	if i < 0 {
		return t
	}
	_, size := utf8.DecodeRuneInString(body[i:])
	return strings.TrimSpace(t[i+size:])
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
