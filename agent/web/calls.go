package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"candor/agent"
	"candor/agent/phone"
	"candor/agent/report"
	"candor/agent/store"
	"candor/guardrails"
)

// callID is the shape of a call identifier (agent.NewCallID: hex).
var callID = regexp.MustCompile(`^[0-9a-f]{8,64}$`)

// ValidCallID reports whether id has the shape of a call identifier.
func ValidCallID(id string) bool { return callID.MatchString(id) }

// listForm is the call list's filter form, as submitted.
type listForm struct {
	Campaign, Outcome, OptOut, Intervention, Flagged, Reviewed, From, To string
	Sandbox, Kind                                                        string
}

// listData is the call list page's model.
type listData struct {
	Form      listForm
	Campaigns []string
	Outcomes  []agent.Outcome
	YesNo     []yesNo
	Calls     []listRow
	Error     string
	Kinds     []kindOption
	Page      pager
}

// yesNo is one yes/no/any filter.
type yesNo struct{ Name, Label, Value string }

type listRow struct {
	store.ReviewSummary
	Number  string
	Started string
	// Kinds are the call's guardrail events by kind.
	Kinds []kindCount
}

var outcomes = []agent.Outcome{agent.OutcomeCompleted, agent.OutcomeOptOut, agent.OutcomeRefused, agent.OutcomeCallback,
	agent.OutcomeHungUp, agent.OutcomeNoAnswer, agent.OutcomeBusy, agent.OutcomeFailed, agent.OutcomeSkippedDNC, agent.OutcomeIncomplete,
	agent.OutcomeVoicemail}

// parseFilter reads the list filter from query parameters.
func parseFilter(q url.Values) (store.ReviewFilter, listForm, error) {
	form := listForm{Campaign: q.Get("campaign"), Outcome: q.Get("outcome"), OptOut: q.Get("optout"),
		Intervention: q.Get("intervention"), Flagged: q.Get("flagged"), Reviewed: q.Get("reviewed"),
		From: q.Get("from"), To: q.Get("to")}
	var f store.ReviewFilter
	f.Campaign = form.Campaign
	if form.Outcome != "" {
		if !slices.Contains(outcomes, agent.Outcome(form.Outcome)) {
			return f, form, fmt.Errorf("unknown outcome %q", form.Outcome)
		}
		f.Outcome = agent.Outcome(form.Outcome)
	}
	for _, t := range []struct {
		name, v string
		dst     **bool
	}{{"optout", form.OptOut, &f.OptOut}, {"intervention", form.Intervention, &f.Intervention},
		{"flagged", form.Flagged, &f.Flagged}, {"reviewed", form.Reviewed, &f.Reviewed}} {
		switch t.v {
		case "":
		case "yes":
			b := true
			*t.dst = &b
		case "no":
			b := false
			*t.dst = &b
		default:
			return f, form, fmt.Errorf("%s must be yes or no, not %q", t.name, t.v)
		}
	}
	for _, d := range []struct {
		name, v string
		dst     *time.Time
		add     int
	}{{"from", form.From, &f.Since, 0}, {"to", form.To, &f.Until, 1}} {
		if d.v == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.v)
		if err != nil {
			return f, form, fmt.Errorf("%s: want a date like 2025-06-01, got %q", d.name, d.v)
		}
		*d.dst = t.AddDate(0, 0, d.add) // "to" includes its whole day
	}
	f.Limit = 500
	return f, form, nil
}

func (s *Server) callList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, form, page, ferr := parsePageFilter(r.URL.Query())
	d := listData{Form: form, Outcomes: outcomes, YesNo: []yesNo{{"optout", "Opt-out", form.OptOut},
		{"intervention", "Guardrail acted", form.Intervention}, {"flagged", "Flagged", form.Flagged}, {"reviewed", "Reviewed", form.Reviewed},
		{"sandbox", "Sandbox", form.Sandbox}}, Kinds: kindOptions}
	var err error
	if d.Campaigns, err = s.cfg.Store.Campaigns(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	status := http.StatusOK
	if ferr != nil {
		d.Error, status = ferr.Error(), http.StatusBadRequest
	} else {
		p, err := s.cfg.Store.CallPage(ctx, f)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, c := range p.Rows {
			// The list always masks: raw numbers are shown one call at a time.
			d.Calls = append(d.Calls, listRow{ReviewSummary: c.ReviewSummary, Number: phone.Mask(c.Number), Started: fmtTime(c.StartedAt),
				Kinds: eventKinds(c.Events)})
		}
		d.Page = newPager(r.URL.Query(), page, f.RowLimit(), p.Total, len(p.Rows))
	}
	s.render(w, r, status, "calls", "Calls", d)
}

func (s *Server) apiCalls(w http.ResponseWriter, r *http.Request) {
	f, _, page, err := parsePageFilter(r.URL.Query())
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, err.Error())
		return
	}
	// The API pages by apiPageSize: X-Total-Count says how many match, a
	// Link header (rel="next") where the next page is.
	f.Limit, f.Offset = apiPageSize, (page-1)*apiPageSize
	p, err := s.cfg.Store.CallPage(r.Context(), f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(p.Total))
	if pg := newPager(r.URL.Query(), page, apiPageSize, p.Total, len(p.Rows)); pg.Next != "" {
		w.Header().Set("Link", "<"+strings.Replace(pg.Next, "/calls", "/api/calls", 1)+`>; rel="next"`)
	}
	type row struct {
		ID            string        `json:"id"`
		Campaign      string        `json:"campaign"`
		Number        string        `json:"number"`
		Sandbox       bool          `json:"sandbox,omitempty"`
		StartedAt     time.Time     `json:"started_at"`
		Outcome       agent.Outcome `json:"outcome"`
		OptOut        bool          `json:"opt_out"`
		Blocked       int           `json:"blocked"`
		Interventions int           `json:"interventions"`
		Flagged       bool          `json:"flagged"`
		Reviewed      bool          `json:"reviewed"`
		// EventKinds counts the guardrail events by kind (the disclosure left out).
		EventKinds map[string]int `json:"event_kinds,omitempty"`
	}
	out := []row{}
	for _, c := range p.Rows {
		var kinds map[string]int
		for _, e := range c.Events {
			if e.Kind != guardrails.EventDisclose {
				if kinds == nil {
					kinds = map[string]int{}
				}
				kinds[string(e.Kind)]++
			}
		}
		out = append(out, row{c.ID, c.Campaign, phone.Mask(c.Number), c.Sandbox, c.StartedAt, c.Outcome, c.OptOut,
			c.Blocked, c.Interventions, c.Flagged, c.Reviewed, kinds})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	p := who(r)
	writeJSON(w, http.StatusOK, map[string]string{"name": p.User.Name, "role": string(p.User.Role)})
}

// item is one line of the transcript view: a turn or a guardrail event.
type item struct {
	Turn     *agent.Turn
	Event    *guardrails.Event
	Offset   string
	Seconds  float64
	Fallback bool // an agent line said in place of a blocked sentence
	// Answers are the survey answers recorded from this callee turn.
	Answers []answerView
	// LatencyMS is this agent turn's voice-to-voice time ("" when not timed).
	LatencyMS string
}

// callData is the call page's model.
type callData struct {
	Rec         *agent.CallRecord
	Number      string
	RawNumber   bool
	Started     string
	Items       []item
	Disclosure  string
	DisclosedOK bool
	Latency     latencyView
	Reviews     []store.Review
	Flagged     bool
	Reviewed    bool
	Blocked     int
	// Answers are the recorded survey answers; Kinds the guardrail events by kind.
	Answers    []answerView
	Unplaced   []answerView // answers whose turn was not found
	Kinds      []kindCount
	Audio      bool
	Wave       *waveform
	AudioError string
}

type latencyView struct {
	Values           []int64
	Median, P90, Max int64
	HasValues        bool
}

// loadCall reads a call by a validated id.
func (s *Server) loadCall(w http.ResponseWriter, r *http.Request) (*agent.CallRecord, bool) {
	id := r.PathValue("id")
	if !ValidCallID(id) {
		s.fail(w, r, http.StatusNotFound, "not found")
		return nil, false
	}
	rec, err := s.cfg.Store.Call(r.Context(), id)
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	return rec, true
}

// MaskName masks a callee's name as phone.Mask masks a number: each word
// keeps its first letter ("Maria Lopez" -> "M••• L•••"); "" stays "".
func MaskName(name string) string {
	words := strings.Fields(name)
	for i, w := range words {
		r := []rune(w)
		words[i] = string(r[0]) + "•••"
	}
	return strings.Join(words, " ")
}

// showNumber returns the number to show p, masked unless p is an admin; an
// admin's view of a raw number is audited first (no audit, no number). The
// callee's name (the contact reference) is shown raw exactly when the
// number is.
func (s *Server) showNumber(r *http.Request, rec *agent.CallRecord, action string) (string, bool, error) {
	p := who(r)
	if !p.admin() {
		return phone.Mask(rec.Number), false, nil
	}
	err := s.cfg.Store.Audit(r.Context(), store.AuditEntry{Actor: p.User.Name, Action: action, Subject: rec.ID,
		Detail: "campaign " + rec.Campaign})
	if err != nil {
		return "", false, err
	}
	return rec.Number, true, nil
}

// shownCall is a call loaded for a page or an export: its reviews and the
// number as this user may see it (raw: unmasked, and audited).
type shownCall struct {
	rec     *agent.CallRecord
	reviews []store.Review
	number  string
	raw     bool
}

// loadShownCall loads the call of the request with its reviews and its
// number as shown for action; on failure it has answered the request.
func (s *Server) loadShownCall(w http.ResponseWriter, r *http.Request, action string) (shownCall, bool) {
	rec, ok := s.loadCall(w, r)
	if !ok {
		return shownCall{}, false
	}
	reviews, err := s.cfg.Store.Reviews(r.Context(), rec.ID)
	if err != nil {
		s.serverError(w, r, err)
		return shownCall{}, false
	}
	number, raw, err := s.showNumber(r, rec, action)
	if err != nil {
		s.serverError(w, r, err)
		return shownCall{}, false
	}
	return shownCall{rec, reviews, number, raw}, true
}

func (s *Server) callPage(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadShownCall(w, r, "view_raw_number")
	if !ok {
		return
	}
	rec, reviews, number, raw := c.rec, c.reviews, c.number, c.raw
	d := callData{Rec: rec, Number: number, RawNumber: raw, Started: fmtTime(rec.StartedAt), Reviews: reviews}
	d.Flagged, d.Reviewed = store.ReviewState(reviews)
	d.Items, d.Blocked = transcript(rec)
	camp, _ := s.cfg.Campaign(rec.Campaign)
	d.Answers = answerViews(rec, camp)
	placeAnswers(d.Items, d.Answers)
	for _, a := range d.Answers {
		if a.Turn < 0 {
			d.Unplaced = append(d.Unplaced, a)
		}
	}
	d.Kinds = eventKinds(rec.Events)
	d.Disclosure, d.DisclosedOK = disclosureProof(rec)
	d.Latency = latencies(rec.LatenciesMS)
	d.Audio, d.Wave, d.AudioError = s.recording(rec.ID)
	s.render(w, r, http.StatusOK, "call", "Call "+rec.ID, d)
}

// transcript interleaves turns and guardrail events: an event recorded with
// Turn n happened before turn n was added (a blocked sentence comes right
// before the fallback said in its place; an intent right after the callee's
// words). Offsets run from the call's start.
func transcript(rec *agent.CallRecord) ([]item, int) {
	var items []item
	blocked := 0
	ev := 0
	events := slices.Clone(rec.Events)
	slices.SortStableFunc(events, func(a, b guardrails.Event) int { return a.Turn - b.Turn })
	addEvents := func(upto int, last bool) (fallback bool) {
		for ev < len(events) && (last || events[ev].Turn <= upto) {
			e := &events[ev]
			ev++
			if e.Kind == guardrails.EventDisclose {
				continue // shown as the disclosure proof
			}
			if e.Kind == guardrails.EventBlocked {
				blocked++
				fallback = true
			}
			items = append(items, item{Event: e})
		}
		return fallback
	}
	lat := turnLatencies(rec)
	for i := range rec.Turns {
		t := &rec.Turns[i]
		fb := addEvents(t.Index, false)
		it := item{Turn: t, Fallback: fb && t.Speaker == "agent"}
		if ms, ok := lat[t.Index]; ok && t.Speaker == "agent" {
			it.LatencyMS = fmt.Sprintf("%d ms", ms)
		}
		if !t.At.IsZero() && !rec.StartedAt.IsZero() {
			off := t.At.Sub(rec.StartedAt)
			it.Offset, it.Seconds = fmtOffset(off), off.Seconds()
		}
		items = append(items, it)
	}
	addEvents(0, true)
	return items, blocked
}

// placeAnswers puts each answer on the transcript item of its turn.
func placeAnswers(items []item, answers []answerView) {
	for _, a := range answers {
		if a.Turn < 0 {
			continue
		}
		for i := range items {
			if items[i].Turn != nil && items[i].Turn.Index == a.Turn {
				items[i].Answers = append(items[i].Answers, a)
				break
			}
		}
	}
}

// disclosureProof states, from the playout clock's record, whether the
// disclosure was played in full.
func disclosureProof(rec *agent.CallRecord) (string, bool) {
	off := func(t time.Time) string {
		if rec.StartedAt.IsZero() {
			return fmtTime(t)
		}
		return fmtOffset(t.Sub(rec.StartedAt))
	}
	switch {
	case rec.DisclosureComplete && !rec.DisclosureStart.IsZero():
		return fmt.Sprintf("Played in full from %s to %s (%s, %.1f s).", off(rec.DisclosureStart), off(rec.DisclosureEnd),
			fmtTime(rec.DisclosureStart), rec.DisclosureEnd.Sub(rec.DisclosureStart).Seconds()), true
	case rec.DisclosureComplete:
		return "Played in full (no timestamps recorded).", true
	case !rec.DisclosureStart.IsZero():
		end := "before the end"
		if !rec.DisclosureEnd.IsZero() {
			end = "at " + off(rec.DisclosureEnd)
		}
		return fmt.Sprintf("Cut short: started at %s, stopped %s.", off(rec.DisclosureStart), end), false
	case rec.AnsweredAt.IsZero():
		return "Not played: the call was not answered.", false
	default:
		return "Not played.", false
	}
}

func latencies(ms []int64) latencyView {
	ms = report.Timed(ms)
	if len(ms) == 0 {
		return latencyView{}
	}
	sorted := slices.Clone(ms)
	slices.Sort(sorted)
	pick := func(q float64) int64 { return sorted[int(q*float64(len(sorted)-1)+0.5)] }
	return latencyView{Values: ms, Median: pick(0.5), P90: pick(0.9), Max: sorted[len(sorted)-1], HasValues: true}
}

func (s *Server) review(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !ValidCallID(id) {
		s.fail(w, r, http.StatusNotFound, "not found")
		return
	}
	kind := store.ReviewKind(r.PostFormValue("action"))
	if !kind.Valid() {
		s.fail(w, r, http.StatusBadRequest, "unknown review action")
		return
	}
	_, err := s.cfg.Store.AddReview(r.Context(), store.Review{CallID: id, Kind: kind,
		Body: r.PostFormValue("comment"), Reviewer: who(r).User.Name})
	if err != nil {
		if errors.Is(err, store.ErrInvalid) {
			s.fail(w, r, http.StatusBadRequest, "a comment must not be empty or longer than 4000 bytes")
			return
		}
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/calls/"+id+"#review", http.StatusSeeOther)
}

// evidenceRecord is the exported evidence of one call.
type evidenceRecord struct {
	*agent.CallRecord
	NumberMasked bool           `json:"number_masked"` // the number and the contact's name
	Reviews      []reviewExport `json:"reviews"`
	ExportedBy   string         `json:"exported_by"`
	ExportedAt   time.Time      `json:"exported_at"`
	// RecordingLabel is the implicit AI-content label found in the call's
	// recording; absent when the call has no recording.
	RecordingLabel *recordingLabel `json:"recording_label,omitempty"`
}

// recordingLabel says whether a recording carries the implicit AI-content
// label (GB 45438-2025 s5.2) and what it says.
type recordingLabel struct {
	Standard  string `json:"standard"`
	Labelled  bool   `json:"labelled"`
	Text      string `json:"text,omitempty"`
	Provider  string `json:"provider,omitempty"`
	Business  string `json:"business,omitempty"`
	ContentID string `json:"content_id,omitempty"`
	Where     string `json:"where,omitempty"`
	Error     string `json:"error,omitempty"`
}

type reviewExport struct {
	Kind     store.ReviewKind `json:"kind"`
	Body     string           `json:"body,omitempty"`
	Reviewer string           `json:"reviewer"`
	At       time.Time        `json:"at"`
}

func (s *Server) evidence(w http.ResponseWriter, r *http.Request) {
	c, ok := s.loadShownCall(w, r, "export_evidence_raw_number")
	if !ok {
		return
	}
	rec, reviews, number, raw := c.rec, c.reviews, c.number, c.raw
	rec.Number = number
	if !raw && !rec.Sandbox {
		rec.ContactRef = MaskName(rec.ContactRef)
	}
	out := evidenceRecord{CallRecord: rec, NumberMasked: !raw, Reviews: []reviewExport{},
		ExportedBy: who(r).User.Name, ExportedAt: s.cfg.Now().UTC(), RecordingLabel: s.recordingLabel(rec.ID)}
	for _, rv := range reviews {
		out.Reviews = append(out.Reviews, reviewExport{rv.Kind, rv.Body, rv.Reviewer, rv.At})
	}
	if strings.HasSuffix(r.URL.Path, ".json") {
		w.Header().Set("Content-Disposition", `attachment; filename="call-`+rec.ID+`-evidence.json"`)
	}
	writeJSON(w, http.StatusOK, out)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func writeJSONError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// fmtOffset formats an offset from the call's start as m:ss.s.
func fmtOffset(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	m := int(d / time.Minute)
	sec := (d % time.Minute).Seconds()
	return fmt.Sprintf("%s%d:%04.1f", sign, m, sec)
}
