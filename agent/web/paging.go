package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"candor/agent/store"
	"candor/guardrails"
)

// listPageSize is how many calls a page of the list shows; apiPageSize a
// page of /api/calls.
const (
	listPageSize = 50
	apiPageSize  = 500
)

// kindOption is one choice of the list's "guardrail event" filter.
type kindOption struct{ Value, Label string }

var kindOptions = []kindOption{
	{string(guardrails.EventBlocked), "blocked sentence"},
	{string(guardrails.EventIntent), "callee intent"},
	{string(guardrails.EventOptOut), "opt-out"},
	{string(guardrails.EventDTMF), "key press"},
	{string(guardrails.EventConfirmAsked), "confirmation asked"},
	{string(guardrails.EventConfirmAnswered), "confirmation answered"},
	{string(guardrails.EventIntentReview), "intent second opinion"},
	{string(guardrails.EventProviderFailure), "model failure"},
}

// parsePageFilter reads the list's filters and page (1-based) from q.
func parsePageFilter(q url.Values) (store.PageFilter, listForm, int, error) {
	rf, form, err := parseFilter(q)
	form.Sandbox, form.Kind = q.Get("sandbox"), q.Get("kind")
	f := store.PageFilter{ReviewFilter: rf}
	f.Limit = listPageSize
	if err != nil {
		return f, form, 1, err
	}
	switch form.Sandbox {
	case "":
	case "yes", "no":
		b := form.Sandbox == "yes"
		f.Sandbox = &b
	default:
		return f, form, 1, fmt.Errorf("sandbox must be yes or no, not %q", form.Sandbox)
	}
	if form.Kind != "" {
		if !slices.ContainsFunc(kindOptions, func(o kindOption) bool { return o.Value == form.Kind }) {
			return f, form, 1, fmt.Errorf("unknown guardrail event kind %q", form.Kind)
		}
		f.Kind = guardrails.EventKind(form.Kind)
	}
	page := 1
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1_000_000 {
			return f, form, 1, fmt.Errorf("page must be a whole number from 1, not %q", v)
		}
		page = n
	}
	f.Offset = (page - 1) * listPageSize
	return f, form, page, nil
}

// pager is the list's paging: which calls this page shows and the links to
// the pages around it (keeping the filters).
type pager struct {
	Total, From, To int
	Prev, Next      string // "" when there is none
	Page, Pages     int
}

func newPager(q url.Values, page, size, total, shown int) pager {
	p := pager{Total: total, Page: page, Pages: max(1, (total+size-1)/size)}
	if shown > 0 {
		p.From = (page-1)*size + 1
		p.To = p.From + shown - 1
	}
	link := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			if k != "page" && len(vs) > 0 && vs[0] != "" {
				v.Set(k, vs[0])
			}
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return "/calls"
		}
		return "/calls?" + v.Encode()
	}
	if page > 1 {
		p.Prev = link(min(page-1, p.Pages))
	}
	if page < p.Pages {
		p.Next = link(page + 1)
	}
	return p
}
