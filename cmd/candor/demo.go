package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"text/tabwriter"
	"time"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/openai"
	"candor/agent/script"
	"candor/agent/store/sqlite"
	"candor/agent/telephony/loopback"
	"candor/guardrails"
	"candor/prompts"
)

// demoSummary is what `candor demo --json` prints.
type demoSummary struct {
	Campaign         string                  `json:"campaign"`
	Contacts         int                     `json:"contacts"`
	BadRows          int                     `json:"bad_rows"`
	Dialed           int                     `json:"dialed"`
	SkippedDNC       int                     `json:"skipped_dnc"`
	Completed        int                     `json:"completed"`
	OptOuts          int                     `json:"opt_outs"`
	Refusals         int                     `json:"refusals"`
	Callbacks        int                     `json:"callbacks"`
	HungUp           int                     `json:"hung_up"`
	NoAnswer         int                     `json:"no_answer"`
	Failed           int                     `json:"failed"`
	Incomplete       int                     `json:"incomplete"`
	DisclosuresFull  int                     `json:"disclosures_played"`
	ClaimsBlocked    int                     `json:"claims_blocked"`
	Interventions    map[string]int          `json:"interventions"`
	AnswersCollected int                     `json:"answers_collected"`
	Mode             string                  `json:"mode"`
	BargeIns         int                     `json:"barge_ins"`
	VoiceToVoiceMS   *percentiles            `json:"voice_to_voice_ms,omitempty"`
	StagesMS         map[string]*percentiles `json:"latency_stages_ms,omitempty"`
	latency          []agent.TurnLatency
	Database         string `json:"database"`
	ElapsedMS        int64  `json:"elapsed_ms"`
}

func runDemo(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "demo", "[flags]",
		"Run a simulated campaign: simulated callees (personas) on a loopback line, the script\n"+
			"responder, every guardrail on, results in the SQLite database. Run it twice: numbers that\n"+
			"opted out the first time are not dialled again.")
	campaign := fs.String("campaign", "service-followup-en", "campaign `NAME` (embedded example) or FILE")
	contactsFile := fs.String("contacts", "", "contact list `CSV` (default: the embedded demo list of 24 contacts)")
	concurrency := fs.Int("concurrency", 12, "calls at once")
	speed := fs.Float64("speed", 0, "simulated calls run this many times faster than real time (default 3 with audio, 40 with --text)")
	textOnly := fs.Bool("text", false, "carry text instead of audio (no speech synthesis or recognition)")
	stt := fs.String("stt", "offline", "speech recognition: `offline` (pocketsphinx, English) or openai (OPENAI_BASE_URL/--base-url, OPENAI_API_KEY)")
	tts := fs.String("tts", "offline", "agent speech: `offline` (espeak-ng) or openai")
	baseURL := fs.String("base-url", "", "OpenAI-compatible base `URL` for --stt/--tts openai")
	jsonOut := fs.Bool("json", false, "print a JSON summary on stdout instead of the table")
	region := fs.String("region", "US", "default region for numbers without a country code")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *speed == 0 {
		*speed = 3
		if *textOnly {
			*speed = 40
		}
	}
	if *concurrency < 1 || *speed <= 0 {
		return errorf(e, "demo: --concurrency must be >= 1 and --speed > 0")
	}
	camp, err := resolveCampaign(*campaign)
	if err != nil {
		return errorf(e, "%v", err)
	}
	csvData := contacts.DemoCSV
	if *contactsFile != "" {
		if csvData, err = os.ReadFile(*contactsFile); err != nil {
			return errorf(e, "demo: %v", err)
		}
	}
	parsed, err := contacts.Parse(bytes.NewReader(csvData), *region)
	if err != nil {
		return errorf(e, "demo: contacts: %v", err)
	}
	for _, b := range parsed.Bad {
		fmt.Fprintf(e.stderr, "contacts line %d skipped: %v\n", b.Line, b.Err)
	}
	db, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "demo: %v", err)
	}
	defer db.Close()

	var synth agent.Synthesizer = agent.TextSynth{}
	net := loopback.NewNetwork(camp, *speed)
	if !*textOnly {
		oc := openai.ConfigFromEnv()
		if *baseURL != "" {
			oc.BaseURL = *baseURL
		}
		v, err := newVoiceSet(camp, speechOptions{STT: *stt, TTS: *tts, OpenAI: oc})
		if err != nil {
			return errorf(e, "demo: %v\n(run `candor demo --text` for the text-only demo)", err)
		}
		net, synth = v.network(camp, *speed), v.synth()
	}
	for _, c := range parsed.Contacts {
		p := c.Fields["persona"]
		if p == "" {
			p = "cooperative"
		}
		if err := net.Add(c.Phone, p); err != nil {
			return errorf(e, "demo: contacts line %d: %v", c.Line, err)
		}
		if c.Name == contacts.DemoPreOptedName && *contactsFile == "" {
			err := db.AddOptOut(ctx, agent.OptOut{
				Number: c.Phone, Business: camp.Business.RegisteredName, Campaign: camp.Name,
				Reason: "manual", Utterance: "seeded by candor demo", At: time.Now(),
			})
			if err != nil {
				return errorf(e, "demo: seed do-not-call list: %v", err)
			}
		}
	}
	ctrl := &agent.Controller{
		Store: db, Dialer: net, Synth: synth,
		NewResponder: func(c *prompts.Campaign) (agent.Responder, error) { return script.New(c), nil },
		// Audio calls leave their recordings next to the database, where
		// `candor serve` finds them.
		Recordings: recordingsDir(e.db, *textOnly),
		// Simulated time runs faster: so does the wait for a silent callee.
		NoInputTimeout: time.Duration(float64(12*time.Second) / *speed),
	}
	llmCtrl, stopLLM := adversarialLLM(ctrl, camp)
	defer stopLLM()
	sum := demoSummary{Campaign: camp.Name, Contacts: len(parsed.Contacts), BadRows: len(parsed.Bad),
		Database: e.db, Interventions: map[string]int{}, Mode: "audio"}
	if *textOnly {
		sum.Mode = "text"
	}
	start := time.Now()
	prog := newProgress(e.stderr, len(parsed.Contacts))

	type result struct {
		rec *agent.CallRecord
		err error
	}
	jobs := make(chan contacts.Contact)
	results := make(chan result)
	var wg sync.WaitGroup
	for range *concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range jobs {
				cc := ctrl
				if c.Fields["persona"] == demoLLMPersona {
					cc = llmCtrl
				}
				rec, err := cc.Call(ctx, agent.CallRequest{Campaign: camp, Number: c.Phone, ContactRef: c.Name})
				results <- result{rec, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, c := range parsed.Contacts {
			select {
			case jobs <- c:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	failures := 0
	for r := range results {
		if r.err != nil && !errors.Is(r.err, agent.ErrOnDNC) {
			failures++
			fmt.Fprintf(e.stderr, "\ncall failed: %v\n", r.err)
		}
		if r.rec != nil {
			sum.add(r.rec)
		}
		prog.update(&sum)
	}
	prog.done(&sum)
	sum.ElapsedMS = time.Since(start).Milliseconds()
	sum.latencies()
	if ctx.Err() != nil {
		return errorf(e, "demo: interrupted")
	}
	if *jsonOut {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(sum); err != nil {
			return errorf(e, "demo: %v", err)
		}
	} else {
		printSummary(e.stdout, &sum)
	}
	if failures > 0 {
		return 1
	}
	return 0
}

func (s *demoSummary) add(rec *agent.CallRecord) {
	if rec.Outcome == agent.OutcomeSkippedDNC {
		s.SkippedDNC++
		return
	}
	s.Dialed++
	switch rec.Outcome {
	case agent.OutcomeCompleted:
		s.Completed++
	case agent.OutcomeOptOut:
		s.OptOuts++
	case agent.OutcomeRefused:
		s.Refusals++
	case agent.OutcomeCallback:
		s.Callbacks++
	case agent.OutcomeHungUp:
		s.HungUp++
	case agent.OutcomeNoAnswer:
		s.NoAnswer++
	case agent.OutcomeIncomplete:
		s.Incomplete++
	default:
		s.Failed++
	}
	if rec.DisclosureComplete {
		s.DisclosuresFull++
	}
	for _, ev := range rec.Events {
		switch ev.Kind {
		case guardrails.EventBlocked:
			s.ClaimsBlocked++
			s.Interventions[string(ev.Category)]++
		case guardrails.EventIntent:
			s.Interventions[string(ev.Intent)]++
		}
	}
	s.AnswersCollected += len(rec.Answers)
	s.BargeIns += rec.BargeIns
	s.latency = append(s.latency, rec.Latency...)
}

// percentiles summarises a set of latencies.
type percentiles struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
}

func percentilesOf(xs []float64) *percentiles {
	if len(xs) == 0 {
		return nil
	}
	sort.Float64s(xs)
	at := func(q float64) float64 { return xs[min(int(q*float64(len(xs))), len(xs)-1)] }
	return &percentiles{N: len(xs), P50: at(0.5), P95: at(0.95)}
}

// latencies fills the voice-to-voice figures (audio mode only: in text mode
// there is no audio to time).
func (s *demoSummary) latencies() {
	if s.Mode != "audio" || len(s.latency) == 0 {
		return
	}
	pick := func(f func(agent.TurnLatency) float64) *percentiles {
		xs := make([]float64, len(s.latency))
		for i, l := range s.latency {
			xs[i] = f(l)
		}
		return percentilesOf(xs)
	}
	s.VoiceToVoiceMS = pick(func(l agent.TurnLatency) float64 { return l.VoiceToVoice })
	s.StagesMS = map[string]*percentiles{
		"endpointing": pick(func(l agent.TurnLatency) float64 { return l.Endpointing }),
		"recognizer":  pick(func(l agent.TurnLatency) float64 { return l.Recognizer }),
		"responder":   pick(func(l agent.TurnLatency) float64 { return l.Responder }),
		"synthesizer": pick(func(l agent.TurnLatency) float64 { return l.Synthesizer }),
		"overhead":    pick(func(l agent.TurnLatency) float64 { return l.Overhead }),
	}
}

func printSummary(w io.Writer, s *demoSummary) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "campaign\t%s\n", s.Campaign)
	rows := []struct {
		k string
		v int
	}{
		{"contacts", s.Contacts}, {"dialed", s.Dialed}, {"skipped (do-not-call)", s.SkippedDNC},
		{"completed surveys", s.Completed}, {"opt-outs", s.OptOuts}, {"refusals", s.Refusals},
		{"callbacks requested", s.Callbacks}, {"hung up", s.HungUp}, {"no answer", s.NoAnswer},
		{"incomplete", s.Incomplete}, {"failed", s.Failed}, {"disclosures played in full", s.DisclosuresFull},
		{"claims blocked", s.ClaimsBlocked}, {"survey answers", s.AnswersCollected},
	}
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\n", r.k, r.v)
	}
	fmt.Fprintf(tw, "barge-ins\t%d\n", s.BargeIns)
	if v := s.VoiceToVoiceMS; v != nil {
		fmt.Fprintf(tw, "voice-to-voice (ms)\tp50 %.0f  p95 %.0f  (%d turns)\n", v.P50, v.P95, v.N)
		for _, k := range []string{"endpointing", "recognizer", "responder", "synthesizer", "overhead"} {
			if p := s.StagesMS[k]; p != nil {
				fmt.Fprintf(tw, "  %s\tp50 %.1f  p95 %.1f\n", k, p.P50, p.P95)
			}
		}
	}
	fmt.Fprintf(tw, "database\t%s\n", s.Database)
	tw.Flush()
}

// progress shows a live line on a terminal, or a line per 25% elsewhere.
type progress struct {
	w      io.Writer
	total  int
	n      int
	tty    bool
	start  time.Time
	marked int
}

func newProgress(w io.Writer, total int) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progress{w: w, total: total, tty: tty, start: time.Now()}
}

func (p *progress) line(s *demoSummary) string {
	return fmt.Sprintf("calls %d/%d  completed %d  opted out %d  refused %d  callbacks %d  skipped (dnc) %d  %.1fs",
		p.n, p.total, s.Completed, s.OptOuts, s.Refusals, s.Callbacks, s.SkippedDNC, time.Since(p.start).Seconds())
}

func (p *progress) update(s *demoSummary) {
	p.n++
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", p.line(s))
		return
	}
	if p.total > 0 && p.n*4/p.total > p.marked {
		p.marked = p.n * 4 / p.total
		fmt.Fprintln(p.w, p.line(s))
	}
}

func (p *progress) done(s *demoSummary) {
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s\n", p.line(s))
	}
}

// recordingsDir is the folder of call recordings next to the database ("" for text calls).
func recordingsDir(db string, textOnly bool) string {
	if textOnly {
		return ""
	}
	return filepath.Join(filepath.Dir(db), "recordings")
}
