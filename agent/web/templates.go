package web

import (
	"html/template"
	"strings"

	"candor/agent/store"
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
		case guardrails.EventConfirmAsked:
			return "Confirmation question asked"
		case guardrails.EventConfirmAnswered:
			return "Confirmation question answered"
		case guardrails.EventIntentReview:
			return "Second opinion on the callee's intent"
		case guardrails.EventProviderFailure:
			if e.Replacement == "script" {
				return "Model failed: the campaign script took over"
			}
			return "Model failed: retried"
		}
		return string(e.Kind)
	},
	"human": func(s string) string { return strings.ReplaceAll(s, "_", " ") },
	"progressOf": func(p progressView, csrf string, u *store.User) progressBox {
		return progressBox{P: p, CSRF: csrf, Admin: u != nil && u.Role == store.RoleAdmin}
	},
}

// progressBox is the progress template's model: the bar, and whether the
// viewer may pause.
type progressBox struct {
	P     progressView
	CSRF  string
	Admin bool
}
