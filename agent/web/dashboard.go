package web

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"

	"candor/agent"
	"candor/agent/store"
)

// barChart is the SVG model of a horizontal bar chart.
type barChart struct {
	Title  string
	Width  int
	Height int
	Bars   []bar
}

type bar struct {
	Label string
	Count int
	Pct   string
	Y     int
	TextY int
	W     string
}

// newBarChart lays out one bar per (label, count), scaled to the largest.
func newBarChart(title string, labels []string, counts []int) barChart {
	const rowH, labelW, barMax = 26, 170, 240
	c := barChart{Title: title, Width: labelW + barMax + 80, Height: rowH*len(labels) + 4}
	top, total := 0, 0
	for _, n := range counts {
		top = max(top, n)
		total += n
	}
	for i, l := range labels {
		b := bar{Label: l, Count: counts[i], Y: i*rowH + 2, TextY: i*rowH + 19}
		w := 0
		if top > 0 {
			w = counts[i] * barMax / top
		}
		b.W = strconv.Itoa(max(w, 1))
		if total > 0 {
			b.Pct = fmt.Sprintf("%.0f%%", 100*float64(counts[i])/float64(total))
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}

// campaignData is the dashboard's model.
type campaignData struct {
	Name        string
	Stats       store.Stats
	Answered    int
	OptOutRate  string
	RefusalRate string
	Outcomes    barChart
	Days        []store.DayCounts
	Questions   []barChart
	// Skipped counts the numbers the dialer did not dial, by reason.
	Skipped barChart
}

func rate(n, of int) string {
	if of == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
}

func (s *Server) campaignList(w http.ResponseWriter, r *http.Request) {
	cs, err := s.cfg.Store.Campaigns(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "campaigns", "Campaigns", cs)
}

func (s *Server) campaignPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	name := r.PathValue("name")
	st, err := s.cfg.Store.CampaignStats(ctx, name)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if st.Calls == 0 {
		s.fail(w, r, http.StatusNotFound, "no calls for this campaign")
		return
	}
	days, err := s.cfg.Store.DailyCounts(ctx, name)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	answers, err := s.cfg.Store.AnswerCounts(ctx, name)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := campaignData{Name: name, Stats: st, Days: days}
	for _, day := range days {
		d.Answered += day.Answered
	}
	d.OptOutRate = rate(st.OptOuts, d.Answered)
	d.RefusalRate = rate(st.ByOutcome[agent.OutcomeRefused], d.Answered)
	var labels []string
	var counts []int
	for _, o := range outcomes {
		if n := st.ByOutcome[o]; n > 0 {
			labels, counts = append(labels, string(o)), append(counts, n)
		}
	}
	d.Outcomes = newBarChart("Calls by outcome", labels, counts)
	d.Questions = s.questionCharts(name, answers)
	skipped, err := s.cfg.Store.SkippedByReason(ctx, name)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	reasons := make([]string, 0, len(skipped))
	for k := range skipped {
		reasons = append(reasons, k)
	}
	sort.Strings(reasons)
	var sc []int
	for _, k := range reasons {
		sc = append(sc, skipped[k])
	}
	d.Skipped = newBarChart("Numbers not dialled, by reason", reasons, sc)
	s.render(w, r, http.StatusOK, "campaign", "Campaign "+name, d)
}

// questionCharts makes one chart per survey question, in the campaign
// file's order when it is known, with the question's text as title.
func (s *Server) questionCharts(name string, answers []store.AnswerCount) []barChart {
	type q struct {
		labels []string
		counts []int
	}
	byQ := map[string]*q{}
	var order []string
	for _, a := range answers {
		if byQ[a.QuestionID] == nil {
			byQ[a.QuestionID] = &q{}
			order = append(order, a.QuestionID)
		}
		byQ[a.QuestionID].labels = append(byQ[a.QuestionID].labels, a.Value)
		byQ[a.QuestionID].counts = append(byQ[a.QuestionID].counts, a.Count)
	}
	titles := map[string]string{}
	if camp, err := s.cfg.Campaign(name); err == nil {
		var known []string
		for _, sq := range camp.Survey {
			titles[sq.ID] = sq.Text
			if byQ[sq.ID] != nil {
				known = append(known, sq.ID)
			}
		}
		for _, id := range order {
			if !slices.Contains(known, id) {
				known = append(known, id)
			}
		}
		order = known
	}
	var charts []barChart
	for _, id := range order {
		title := id
		if t := titles[id]; t != "" {
			title = id + ": " + t
		}
		charts = append(charts, newBarChart(title, byQ[id].labels, byQ[id].counts))
	}
	return charts
}
