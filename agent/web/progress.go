package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"candor/agent/store"
)

// progressView is a campaign's progress bar: the page renders it and
// /campaigns/{name}/progress(/events) send it as JSON.
type progressView struct {
	Campaign string `json:"campaign"`
	Total    int    `json:"total"`
	Queued   int    `json:"queued"`
	InFlight int    `json:"in_flight"`
	Done     int    `json:"done"`
	Waiting  int    `json:"waiting"`
	Later    int    `json:"later"`
	Skipped  int    `json:"skipped"`
	// SkippedBy is Skipped by reason, largest first.
	SkippedBy []reasonCount `json:"skipped_by"`
	Segments  []segment     `json:"segments"`
	// ETA says when the jobs due now should be done, at the pace so far.
	ETA string `json:"eta"`
	// Workers: this server runs the campaign's workers (pause and resume apply).
	Workers bool `json:"workers"`
	Paused  bool `json:"paused"`
}

type reasonCount struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// segment is one part of the bar, in SVG units of a 1000-wide bar.
type segment struct {
	Class string `json:"class"`
	Label string `json:"label"`
	Count int    `json:"count"`
	X     int    `json:"x"`
	W     int    `json:"w"`
}

const barWidth = 1000

func newProgressView(name string, p store.Progress, now time.Time, w *Workers) progressView {
	v := progressView{Campaign: name, Total: p.Total, Queued: p.Queued, InFlight: p.InFlight, Done: p.Done,
		Waiting: p.Waiting, Later: p.Later}
	for _, k := range sortedKeys(p.Skipped) {
		v.Skipped += p.Skipped[k]
		v.SkippedBy = append(v.SkippedBy, reasonCount{k, p.Skipped[k]})
	}
	for i := 1; i < len(v.SkippedBy); i++ {
		for j := i; j > 0 && v.SkippedBy[j].Count > v.SkippedBy[j-1].Count; j-- {
			v.SkippedBy[j], v.SkippedBy[j-1] = v.SkippedBy[j-1], v.SkippedBy[j]
		}
	}
	if w != nil && w.Campaign() == name {
		v.Workers, v.Paused = true, w.Paused()
	}
	x := 0
	for _, s := range []segment{{Class: "p-done", Label: "done", Count: v.Done}, {Class: "p-skipped", Label: "skipped", Count: v.Skipped},
		{Class: "p-flight", Label: "in flight", Count: v.InFlight}, {Class: "p-queued", Label: "queued", Count: v.Queued},
		{Class: "p-waiting", Label: "waiting for a window", Count: v.Waiting}, {Class: "p-later", Label: "retry or callback later", Count: v.Later}} {
		if v.Total > 0 {
			s.W = s.Count * barWidth / v.Total
		}
		s.X = x
		x += s.W
		v.Segments = append(v.Segments, s)
	}
	// Rounding leaves the last non-empty segment short: give it the rest.
	for i := len(v.Segments) - 1; i >= 0 && v.Total > 0; i-- {
		if v.Segments[i].Count > 0 {
			v.Segments[i].W += barWidth - x
			break
		}
	}
	v.ETA = eta(p, v, now)
	return v
}

// eta says when the jobs due now (queued and in flight) should be done, at
// the pace of the jobs finished so far.
func eta(p store.Progress, v progressView, now time.Time) string {
	left := v.Queued + v.InFlight
	switch {
	case v.Total == 0:
		return "nothing queued"
	case left == 0 && v.Waiting+v.Later == 0:
		return "finished"
	case left == 0:
		return "nothing due now; the rest waits for its time"
	case v.Paused:
		return "paused"
	}
	fin := p.Finished()
	if fin == 0 || p.FirstAt.IsZero() || !p.LastAt.After(p.FirstAt) {
		return "not known yet"
	}
	per := p.LastAt.Sub(p.FirstAt) / time.Duration(fin)
	d := per * time.Duration(left)
	when := "about " + roughDuration(d)
	if v.Waiting+v.Later > 0 {
		when += fmt.Sprintf(" (then %d waiting for their time)", v.Waiting+v.Later)
	}
	return when
}

func roughDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", max(1, int(d.Seconds()+0.5)))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()+0.5))
	default:
		return fmt.Sprintf("%.1f h", d.Hours())
	}
}

func (s *Server) progress(r *http.Request, name string) (progressView, error) {
	now := s.cfg.Now()
	p, err := s.cfg.Store.CampaignProgress(r.Context(), name, now)
	if err != nil {
		return progressView{}, fmt.Errorf("progress of %s: %w", name, err)
	}
	return newProgressView(name, p, now, s.cfg.Workers), nil
}

func (s *Server) progressJSON(w http.ResponseWriter, r *http.Request) {
	v, err := s.progress(r, r.PathValue("name"))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// progressEvents streams a campaign's progress as Server-Sent Events
// ("event: progress", JSON data) whenever it changes, looking once a second.
func (s *Server) progressEvents(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	v, err := s.progress(r, name)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	last := ""
	send := func(v progressView) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if string(b) == last {
			return nil
		}
		last = string(b)
		if _, err := fmt.Fprintf(w, "retry: 2000\nevent: progress\ndata: %s\n\n", b); err != nil {
			return err
		}
		return rc.Flush()
	}
	if send(v) != nil {
		return
	}
	tick := time.NewTicker(s.progressTick())
	defer tick.Stop()
	pings := 0
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.ctx.Done():
			return
		case <-tick.C:
			v, err := s.progress(r, name)
			if err != nil {
				s.cfg.Logger.Warn("progress stream", "campaign", name, "err", err)
				return
			}
			if send(v) != nil {
				return
			}
			if pings++; pings%15 == 0 {
				if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
					return
				}
			}
		}
	}
}

func (s *Server) progressTick() time.Duration {
	if s.cfg.ProgressEvery > 0 {
		return s.cfg.ProgressEvery
	}
	return time.Second
}

// pauseCampaign pauses or resumes the server's own workers on a campaign
// (POST /campaigns/{name}/pause or /resume; admins; audited).
func (s *Server) pauseCampaign(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	ws := s.cfg.Workers
	if ws == nil || ws.Campaign() != name {
		s.fail(w, r, http.StatusNotFound, "this server runs no dialer workers for this campaign")
		return
	}
	pause := strings.HasSuffix(r.URL.Path, "/pause")
	action := "campaign_resume"
	if pause {
		action = "campaign_pause"
	}
	if ws.Paused() != pause {
		// Audited first: an action the log cannot hold is not taken.
		if err := s.cfg.Store.Audit(r.Context(), store.AuditEntry{Actor: who(r).User.Name, Action: action, Subject: name}); err != nil {
			s.serverError(w, r, err)
			return
		}
		ws.SetPaused(pause)
	}
	http.Redirect(w, r, "/campaigns/"+url.PathEscape(name), http.StatusSeeOther)
}
