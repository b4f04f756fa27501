package web

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"candor/agent"
	"candor/agent/report"
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

// tile is one figure of the dashboard; Title (shown on hover) says what it counts.
type tile struct {
	Value, Label, Title string
}

// campaignData is the dashboard's model: every figure comes from
// report.Compute, as in `candor report` and /metrics.
type campaignData struct {
	Name    string
	Sandbox bool
	// HasSandbox: the campaign has sandbox calls (shown apart).
	HasSandbox bool
	Figures    report.Campaign
	Tiles      []tile
	Outcomes   barChart
	Questions  []barChart
	// Skipped counts the numbers the dialer did not dial, by reason.
	Skipped barChart
	// Progress is the dial queue's progress bar (production campaigns).
	Progress progressView
	// PerDay, Latency: column charts; Guard: interventions by category and
	// events by kind.
	PerDay, Latency columnChart
	Guard, Events   barChart
}

// campaignsData is the campaign list's model: production campaigns, and
// those only tried in the sandbox (their figures live apart).
type campaignsData struct {
	Production, SandboxOnly []string
}

func (s *Server) campaignList(w http.ResponseWriter, r *http.Request) {
	prod, err := s.cfg.Store.ProductionCampaigns(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	all, err := s.cfg.Store.Campaigns(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := campaignsData{Production: prod}
	for _, c := range all {
		if !slices.Contains(prod, c) {
			d.SandboxOnly = append(d.SandboxOnly, c)
		}
	}
	s.render(w, r, http.StatusOK, "campaigns", "Campaigns", d)
}

// campaignTiles are the dashboard's figures, each with its definition.
func campaignTiles(c report.Campaign) []tile {
	ts := []tile{
		{strconv.Itoa(c.Calls), "calls", "Calls placed (numbers skipped at dial time are not calls: see the skipped chart). Sandbox calls are never counted."},
		{strconv.Itoa(c.Answered), "answered", "Calls placed that were answered (they have an answer time)."},
	}
	for _, r := range c.Rates {
		v := "—"
		if r.Of > 0 {
			v = report.Pct(r.Value)
		}
		ts = append(ts, tile{v, r.Label, fmt.Sprintf("%s (%d of %d)", r.Definition, r.Count, r.Of)})
	}
	if c.InProgress > 0 {
		ts = append(ts, tile{strconv.Itoa(c.InProgress), "in progress", "Calls running now; they are counted once they end."})
	}
	if c.Interrupted > 0 {
		ts = append(ts, tile{strconv.Itoa(c.Interrupted), "interrupted", "Calls a worker stopped during (killed, crashed or cut off from the store); they count as calls, with the outcome interrupted."})
	}
	ts = append(ts, tile{strconv.Itoa(c.DNCWritten), "put on do-not-call", "Calls that put the number on the do-not-call list: opt-outs, refusals and key presses."},
		tile{strconv.Itoa(c.Blocked), "sentences blocked", "Agent sentences the output rail replaced with the safe fallback line."})
	lat := tile{"—", "voice-to-voice p50", "No agent turn was timed (for example, every callee opted out during the disclosure)."}
	if c.Latency != nil {
		lat.Value = fmt.Sprintf("%.0f ms", c.Latency.P50)
		lat.Title = fmt.Sprintf("Median time from the callee's end of speech to the agent's first audio, over %d timed turns (95th percentile %.0f ms). Turns not timed are left out.", c.Latency.N, c.Latency.P95)
	}
	return append(ts, lat)
}

func (s *Server) campaignPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	name := r.PathValue("name")
	sandbox := r.URL.Query().Get("space") == "sandbox"
	facts, err := s.cfg.Store.CampaignFacts(ctx, name, sandbox)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	c := report.Compute(facts)
	d := campaignData{Name: name, Sandbox: sandbox, Figures: c, Tiles: campaignTiles(c)}
	if !sandbox {
		sb, err := s.cfg.Store.CampaignFacts(ctx, name, true)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		d.HasSandbox = len(sb.Calls) > 0
	}
	if !sandbox {
		if d.Progress, err = s.progress(r, name); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if c.Empty() && !d.HasSandbox && d.Progress.Total == 0 && !d.Progress.Workers {
		s.fail(w, r, http.StatusNotFound, "no calls for this campaign")
		return
	}
	var labels []string
	var counts []int
	for _, o := range outcomes {
		if n := c.ByOutcome[string(o)]; n > 0 {
			labels, counts = append(labels, string(o)), append(counts, n)
		}
	}
	for _, o := range sortedKeys(c.ByOutcome) {
		if !slices.Contains(outcomes, agent.Outcome(o)) {
			labels, counts = append(labels, o), append(counts, c.ByOutcome[o])
		}
	}
	d.Outcomes = newBarChart("Calls by outcome", labels, counts)
	d.PerDay = outcomesPerDay(c.Days)
	d.Latency = latencyHistogram(c.LatenciesMS)
	d.Guard = countChart("Blocked sentences by category", c.Interventions)
	d.Events = countChart("Guardrail events by kind", c.Events)
	d.Questions = s.questionCharts(name, c.Questions)
	reasons := sortedKeys(c.Skipped)
	var sc []int
	for _, k := range reasons {
		sc = append(sc, c.Skipped[k])
	}
	d.Skipped = newBarChart("Numbers not dialled, by reason", reasons, sc)
	title := "Campaign " + name
	if sandbox {
		title += " (sandbox)"
	}
	s.render(w, r, http.StatusOK, "campaign", title, d)
}

// countChart is a bar chart of m's counts, largest first, names humanised.
func countChart(title string, m map[string]int) barChart {
	keys := sortedKeys(m)
	sort.SliceStable(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] })
	var labels []string
	var counts []int
	for _, k := range keys {
		if m[k] > 0 {
			labels, counts = append(labels, strings.ReplaceAll(k, "_", " ")), append(counts, m[k])
		}
	}
	return newBarChart(title, labels, counts)
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// questionCharts makes one chart per survey question, in the campaign
// file's order when it is known, with the question's text as title.
func (s *Server) questionCharts(name string, qs []report.Question) []barChart {
	byQ := map[string]report.Question{}
	var order []string
	for _, q := range qs {
		byQ[q.ID] = q
		order = append(order, q.ID)
	}
	titles := map[string]string{}
	if camp, err := s.cfg.Campaign(name); err == nil {
		var known []string
		for _, sq := range camp.Survey {
			titles[sq.ID] = sq.Text
			if _, ok := byQ[sq.ID]; ok {
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
		var labels []string
		var counts []int
		for _, a := range byQ[id].Answers {
			labels, counts = append(labels, answerLabel(a.Value)), append(counts, a.Count)
		}
		charts = append(charts, newBarChart(title, labels, counts))
	}
	return charts
}
