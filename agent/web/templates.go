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
		case guardrails.EventProviderFailure:
			if e.Replacement == "script" {
				return "Model failed: the campaign script took over"
			}
			return "Model failed: retried"
		}
		return string(e.Kind)
	},
	"human": func(s string) string { return strings.ReplaceAll(s, "_", " ") },
}
