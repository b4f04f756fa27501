package store

import "candor/guardrails"

// PageFilter selects one page of the review list.
type PageFilter struct {
	ReviewFilter
	// Sandbox, when set, keeps only sandbox calls (true) or only real ones.
	Sandbox *bool
	// Kind, when set, keeps calls with a guardrail event of this kind.
	Kind guardrails.EventKind
	// Offset skips this many matching calls (newest first); Limit (the
	// filter's RowLimit) is the page's size.
	Offset int
}

// PageRow is one call of a page, with its guardrail events.
type PageRow struct {
	ReviewSummary
	Events []guardrails.Event
}

// CallPage is one page of the review list and how many calls match in all.
type CallPage struct {
	Rows  []PageRow
	Total int
}
