package guardrails

import (
	"errors"
	"fmt"
	"strings"
)

// Disclosure validation errors.
var (
	ErrDisclosureNoBusiness = errors.New("disclosure does not name the business")
	ErrDisclosureNoAI       = errors.New("disclosure does not say the caller is an AI or automated system")
	ErrDisclosureNoZhLabel  = errors.New("Chinese disclosure lacks a label with 人工智能 or AI plus 生成 or 合成")
	ErrDisclosureNoCallback = errors.New("disclosure does not state the callback number")
)

// aiNoticeEN are phrasings that tell an English-speaking callee they talk to an AI.
var aiNoticeEN = []string{
	"artificial intelligence", "an ai", " ai ", "ai assistant", "ai agent", "ai voice",
	"automated", "virtual assistant", "a robot", "not a person", "not a human", "computer-generated",
}

// ValidateDisclosure checks a rendered disclosure: it must name the business,
// state the callback number (when one is given), say the caller is an AI and, in
// Chinese, carry the AI-generated content label.
func ValidateDisclosure(text, lang, business, callback string) error {
	low := " " + strings.ToLower(text) + " "
	var errs []error
	if business == "" || !strings.Contains(low, strings.ToLower(business)) {
		errs = append(errs, fmt.Errorf("%w %q", ErrDisclosureNoBusiness, business))
	}
	if callback != "" && !strings.Contains(digitsOnly(text), digitsOnly(callback)) {
		errs = append(errs, fmt.Errorf("%w %q", ErrDisclosureNoCallback, callback))
	}
	switch lang {
	case "zh":
		if !hasZhAILabel(text) {
			errs = append(errs, ErrDisclosureNoZhLabel)
		}
	default:
		found := false
		for _, p := range aiNoticeEN {
			if strings.Contains(strings.Map(punctToSpace, low), p) {
				found = true
				break
			}
		}
		if !found {
			errs = append(errs, ErrDisclosureNoAI)
		}
	}
	return errors.Join(errs...)
}

// hasZhAILabel reports whether text holds 人工智能, or AI together with 生成 or 合成.
func hasZhAILabel(text string) bool {
	if strings.Contains(text, "人工智能") {
		return true
	}
	up := strings.ToUpper(text)
	return strings.Contains(up, "AI") && (strings.Contains(text, "生成") || strings.Contains(text, "合成"))
}

func punctToSpace(r rune) rune {
	switch r {
	case ',', '.', '!', '?', ';', ':', '"', '(', ')':
		return ' '
	}
	return r
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
