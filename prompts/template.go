package prompts

import "strings"

// Placeholders are the names the disclosure template may use, as {{name}}.
var Placeholders = []string{
	"business", "registered_name", "purpose", "callback_number", "recording_notice", "opt_out_instruction",
}

// placeholderField maps a placeholder to the campaign field that fills it.
var placeholderField = map[string]string{
	"business":            "business.display_name",
	"registered_name":     "business.registered_name",
	"purpose":             "purpose",
	"callback_number":     "business.callback_number",
	"recording_notice":    "recording_notice",
	"opt_out_instruction": "opt_out_instruction",
}

// placeholder returns the value of one placeholder and whether it is known.
func (c *Campaign) placeholder(name string) (string, bool) {
	switch name {
	case "business":
		return c.Business.DisplayName, true
	case "registered_name":
		return c.Business.RegisteredName, true
	case "purpose":
		return c.Purpose, true
	case "callback_number":
		return c.Business.CallbackNumber, true
	case "recording_notice":
		return c.RecordingNotice, true
	case "opt_out_instruction":
		return c.OptOutInstruction, true
	}
	return "", false
}

// tmplPart is one piece of a template: literal text, or a placeholder whose
// name is the trimmed text between the braces.
type tmplPart struct {
	text        string
	placeholder bool
	name        string
	closed      bool // false for a "{{" without "}}"
}

// splitTemplate cuts a template into literal text and {{placeholders}}.
func splitTemplate(t string) []tmplPart {
	var parts []tmplPart
	for t != "" {
		i := strings.Index(t, "{{")
		if i < 0 {
			parts = append(parts, tmplPart{text: t})
			break
		}
		if i > 0 {
			parts = append(parts, tmplPart{text: t[:i]})
		}
		rest := t[i+2:]
		j := strings.Index(rest, "}}")
		if j < 0 {
			parts = append(parts, tmplPart{text: t[i:], placeholder: true, name: strings.TrimSpace(rest)})
			break
		}
		if k := strings.Index(rest[:j], "{{"); k >= 0 {
			// "{{" opened again before "}}": the first one is unterminated.
			parts = append(parts, tmplPart{text: t[i : i+2+k], placeholder: true, name: strings.TrimSpace(rest[:k])})
			t = rest[k:]
			continue
		}
		parts = append(parts, tmplPart{text: t[i : i+2+j+2], placeholder: true, name: strings.TrimSpace(rest[:j]), closed: true})
		t = rest[j+2:]
	}
	return parts
}

// DisclosureText renders the disclosure template: every known placeholder is
// replaced by its value; anything else is kept as written. The loader rejects
// templates with unknown placeholders, so for a loaded campaign the result is
// exactly what was validated.
func (c *Campaign) DisclosureText() string {
	var b strings.Builder
	for _, p := range splitTemplate(c.Disclosure) {
		if p.placeholder && p.closed {
			if v, ok := c.placeholder(p.name); ok {
				b.WriteString(v)
				continue
			}
		}
		b.WriteString(p.text)
	}
	return strings.TrimSpace(b.String())
}

// Question returns the survey question with the given id.
func (c *Campaign) Question(id string) (Question, bool) {
	for _, q := range c.Survey {
		if q.ID == id {
			return q, true
		}
	}
	return Question{}, false
}
