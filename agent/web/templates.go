package web

import (
	"html/template"
	"strings"

	"candor/guardrails"
)

// funcs are the template helpers.
var funcs = template.FuncMap{
	"fmtTime": fmtTime,
	"eventLabel": func(e *guardrails.Event) string {
		switch e.Kind {
		case guardrails.EventBlocked:
			return "Blocked sentence"
		case guardrails.EventIntent:
			return "Callee intent: " + strings.ReplaceAll(string(e.Intent), "_", " ")
		case guardrails.EventOptOut:
			return "Opt-out recorded"
		case guardrails.EventDTMF:
			return "Key press acted upon"
		}
		return string(e.Kind)
	},
	"human": func(s string) string { return strings.ReplaceAll(s, "_", " ") },
}
