package prompts

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"candor/guardrails"
)

// Languages are the campaign languages candor supports.
var Languages = []string{"en", "zh"}

// AnswerTypes are the valid survey question types.
var AnswerTypes = []AnswerType{AnswerScale, AnswerYesNo, AnswerChoice, AnswerText}

// Default bounds of a scale question.
const (
	DefaultScaleMin = 1
	DefaultScaleMax = 5
)

// optionalPlaceholder names the placeholders filled by optional fields.
var optionalPlaceholder = map[string]bool{"recording_notice": true, "opt_out_instruction": true}

// posOf returns the line and column of a field's value or, when the field is
// absent, of the nearest enclosing value that is present.
func (d *decoder) posOf(path string) (int, int) {
	for {
		if n, ok := d.pos[path]; ok && n != nil {
			return n.Line, n.Column
		}
		if path == "" {
			return 1, 1
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			path = ""
		} else {
			path = path[:i]
		}
	}
}

// problem records a problem at the position of a field's value.
func (d *decoder) problem(path, msg string, err error) {
	line, col := d.posOf(path)
	d.add(line, col, path, msg, err)
}

// require reports a required field that is absent or empty.
func (d *decoder) require(path, value string) bool {
	if value != "" {
		return true
	}
	if d.bad[path] {
		return false // its wrong type is already reported
	}
	if _, present := d.pos[path]; present {
		d.problem(path, "must not be empty", nil)
	} else {
		d.problem(path, "required field is missing", nil)
	}
	return false
}

// spoken checks a text that is spoken verbatim: it must not hold a template
// placeholder, which would be read out literally.
func (d *decoder) spoken(path, value string) {
	if strings.Contains(value, "{{") {
		d.problem(path, "placeholders are only filled in the disclosure; this text is spoken verbatim", nil)
	}
}

// validate applies the rules that need the whole campaign and the defaults.
func (d *decoder) validate(c *Campaign, qs []questionSet) {
	b := c.Business
	d.require("business.display_name", b.DisplayName)
	d.require("business.registered_name", b.RegisteredName)
	if b.ID != "" && BusinessID(b.ID) != b.ID {
		msg := "use lower-case letters, digits and hyphens"
		if s := BusinessID(b.ID); s != "" {
			msg += fmt.Sprintf(" (%q)", s)
		}
		d.problem("business.id", fmt.Sprintf("%q is not a business id: %s", b.ID, msg), ErrBusinessID)
	}
	if d.require("business.callback_number", b.CallbackNumber) {
		if msg := checkPhone(b.CallbackNumber); msg != "" {
			d.problem("business.callback_number", msg, nil)
		}
	}
	d.require("purpose", c.Purpose)
	d.spoken("purpose", c.Purpose)
	d.spoken("recording_notice", c.RecordingNotice)
	d.spoken("opt_out_instruction", c.OptOutInstruction)
	langOK := false
	if d.require("language", c.Language) {
		langOK = c.Language == "en" || c.Language == "zh"
		if !langOK {
			d.problem("language", fmt.Sprintf("unsupported language %q; want %q or %q", c.Language, "en", "zh"), nil)
		}
	}
	if d.require("disclosure", c.Disclosure) {
		d.disclosure(c, langOK)
	}
	l := c.Lines
	for _, ln := range []struct{ name, value string }{
		{"identity", l.Identity}, {"ai_answer", l.AIAnswer}, {"opt_out_confirmation", l.OptOutConfirmation},
		{"refusal_close", l.RefusalClose}, {"callback_close", l.CallbackClose},
		{"safe_fallback", l.SafeFallback}, {"closing", l.Closing},
	} {
		p := "lines." + ln.name
		d.require(p, ln.value)
		d.spoken(p, ln.value)
	}
	d.confirmOptOut(c, langOK)
	d.survey(c, qs)
	d.voicemail(c, langOK)
}

// checkPhone returns a problem with a callback number, or "".
func checkPhone(s string) string {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '(', r == ')', r == '.':
		default:
			return fmt.Sprintf("%q is not a phone number: use digits, spaces and an optional leading +", s)
		}
	}
	if digits < 7 || digits > 15 {
		return fmt.Sprintf("a phone number has 7 to 15 digits, got %d", digits)
	}
	return ""
}

// disclosure checks the template and, when it is sound, the rendered text.
func (d *decoder) disclosure(c *Campaign, langOK bool) {
	ok := true
	for _, p := range splitTemplate(c.Disclosure) {
		if !p.placeholder {
			continue
		}
		if !p.closed {
			d.problem("disclosure", fmt.Sprintf("unterminated placeholder %q: missing }}", truncate(p.text, 30)), nil)
			ok = false
			continue
		}
		v, known := c.placeholder(p.name)
		switch {
		case !known:
			msg := fmt.Sprintf("unknown placeholder %s", p.text)
			if s := closest(p.name, Placeholders); s != "" {
				msg += fmt.Sprintf("; did you mean {{%s}}?", s)
			} else {
				msg += "; known placeholders are {{" + strings.Join(Placeholders, "}} {{") + "}}"
			}
			d.problem("disclosure", msg, nil)
			ok = false
		case v == "" && optionalPlaceholder[p.name] && !d.bad[placeholderField[p.name]]:
			// Required fields are reported missing on their own, and a field of
			// the wrong type has its own error.
			d.problem("disclosure", fmt.Sprintf("placeholder %s is used but %s is empty", p.text, placeholderField[p.name]), nil)
			ok = false
		}
	}
	if !ok {
		return
	}
	text := c.DisclosureText()
	lang := c.Language
	if !langOK {
		lang = "en"
	}
	err := guardrails.ValidateDisclosure(text, lang, c.Business.DisplayName, c.Business.CallbackNumber)
	for _, e := range flatten(err) {
		if errors.Is(e, guardrails.ErrDisclosureNoBusiness) && c.Business.DisplayName == "" {
			continue // already reported as a missing field
		}
		d.problem("disclosure", strings.TrimPrefix(e.Error(), "disclosure "), e)
	}
	if rn := c.Business.RegisteredName; rn != "" && !strings.Contains(strings.ToLower(text), strings.ToLower(rn)) {
		d.problem("disclosure", fmt.Sprintf("does not state the registered name of the business %q", rn), nil)
		return
	}
	if msg := optOutPlacement(c, text, lang); msg != "" {
		d.problem("disclosure", msg, ErrOptOutPlacement)
	}
}

// sentenceEnds are the characters that end a spoken sentence.
const sentenceEnds = ".!?。！？"

// optOutPlacement checks that the rendered disclosure text says the opt-out
// instruction directly after the identification sentence, the sentence that
// names the registered name (US 47 CFR 64.1200(b)(3): the opt-out follows
// the identification, within two seconds). The instruction may also end
// that sentence. It returns the problem, or "".
func optOutPlacement(c *Campaign, text, lang string) string {
	oi := strings.TrimSpace(c.OptOutInstruction)
	switch {
	case oi == "" && !usesPlaceholder(c.Disclosure, "opt_out_instruction"):
		return "has no opt-out instruction: set opt_out_instruction and say {{opt_out_instruction}} right after the sentence naming the business (US 64.1200(b)(3))"
	case oi == "":
		return "" // the empty placeholder is reported on its own
	case !HasOptOutInstruction(oi, lang):
		return fmt.Sprintf("opt_out_instruction %q does not tell the callee how to opt out (e.g. \"say stop calling or press 9\")", truncate(oi, 40))
	}
	low := strings.ToLower(text)
	name := strings.ToLower(c.Business.RegisteredName)
	at := strings.Index(low, name)
	inst := strings.Index(low, strings.ToLower(oi))
	if at < 0 {
		return "" // reported as a missing registered name
	}
	if inst < 0 {
		return "does not say the opt-out instruction: put {{opt_out_instruction}} right after the sentence naming the business (US 64.1200(b)(3))"
	}
	nameEnd := at + len(name)
	if inst < nameEnd {
		return "says the opt-out instruction before the business is identified: put it right after the sentence naming the business (US 64.1200(b)(3))"
	}
	// Between the name and the instruction only the end of the
	// identification sentence may come.
	between := low[nameEnd:inst]
	if n := sentencesIn(between); n > 1 {
		return fmt.Sprintf("the opt-out instruction comes %d sentence(s) after the identification; say it directly after the sentence naming the business (US 64.1200(b)(3), within 2 s)", n-1)
	}
	return ""
}

// usesPlaceholder reports whether the template uses the placeholder name.
func usesPlaceholder(template, name string) bool {
	for _, p := range splitTemplate(template) {
		if p.placeholder && p.closed && p.name == name {
			return true
		}
	}
	return false
}

// sentencesIn counts the sentence ends in s (a run of end marks, or an end
// mark inside a word such as "3.5", is not counted twice or at all).
func sentencesIn(s string) int {
	n := 0
	rs := []rune(s)
	for i, r := range rs {
		if !strings.ContainsRune(sentenceEnds, r) {
			continue
		}
		if i+1 < len(rs) && strings.ContainsRune(sentenceEnds, rs[i+1]) {
			continue // "?!" ends one sentence
		}
		if r < 0x3000 && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) && !strings.ContainsRune("\"')”’", rs[i+1]) {
			continue // "3.5", "e.g" : not an end
		}
		n++
	}
	return n
}

// flatten splits a joined error into its parts.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// survey checks the questions and applies the scale defaults.
func (d *decoder) survey(c *Campaign, qs []questionSet) {
	if len(c.Survey) == 0 {
		if _, present := d.pos["survey"]; present {
			d.problem("survey", "at least one question is required", nil)
		} else {
			d.problem("survey", "required field is missing (at least one question)", nil)
		}
		return
	}
	types := make([]string, len(AnswerTypes))
	for i, t := range AnswerTypes {
		types[i] = string(t)
	}
	firstID := make(map[string]int)
	for i := range c.Survey {
		q := &c.Survey[i]
		p := index("survey", i)
		if d.require(p+".id", q.ID) {
			if j, dup := firstID[q.ID]; dup {
				line, _ := d.posOf(index("survey", j) + ".id")
				d.problem(p+".id", fmt.Sprintf("duplicate question id %q (first used by survey[%d] on line %d)", q.ID, j, line), nil)
			} else {
				firstID[q.ID] = i
			}
		}
		if d.require(p+".text", q.Text) {
			d.spoken(p+".text", q.Text)
		}
		d.spoken(p+".reprompt", q.Reprompt)
		if !d.require(p+".type", string(q.Type)) {
			continue
		}
		switch q.Type {
		case AnswerChoice:
			if len(q.Choices) == 0 {
				d.problem(p+".choices", "a choice question needs a list of choices", nil)
			}
		case AnswerScale:
			set := qs[i]
			if !set.min {
				q.Min = DefaultScaleMin
			}
			if !set.max {
				q.Max = DefaultScaleMax
			}
			if q.Min >= q.Max {
				at := p + ".max"
				if !set.max {
					at = p + ".min"
				}
				d.problem(at, fmt.Sprintf("scale min (%d) must be less than max (%d)", q.Min, q.Max), nil)
			}
		case AnswerYesNo, AnswerText:
		default:
			msg := fmt.Sprintf("unknown question type %q", q.Type)
			if s := closest(string(q.Type), types); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else {
				msg += "; want one of " + strings.Join(types, ", ")
			}
			d.problem(p+".type", msg, nil)
		}
	}
}
