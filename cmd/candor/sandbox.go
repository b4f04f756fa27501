package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"candor/agent"
	"candor/agent/openai"
	"candor/agent/script"
	"candor/agent/store/sqlite"
	"candor/guardrails"
	"candor/prompts"
)

func runSandbox(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "sandbox", "--campaign FILE|NAME [flags]",
		"Talk to a campaign's agent in the terminal: you play the callee, each line you type is one\n"+
			"utterance. Guardrail decisions are shown inline. Type /dtmf 9 to press a key, /quit to hang up.\n"+
			"Sandbox calls are stored (marked sandbox) and never touch the do-not-call list.")
	campaign := fs.String("campaign", "service-followup-en", "campaign `NAME` or FILE")
	responder := fs.String("responder", "script", "`script` (the campaign flow) or openai (any OpenAI-compatible endpoint)")
	baseURL := fs.String("base-url", "", "OpenAI-compatible base `URL` (env OPENAI_BASE_URL); key from OPENAI_API_KEY")
	model := fs.String("model", "", "model name for --responder openai (env CANDOR_OPENAI_MODEL)")
	number := fs.String("number", "+14155550100", "the callee number recorded for the sandbox call")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	camp, err := resolveCampaign(*campaign)
	if err != nil {
		return errorf(e, "%v", err)
	}
	var newResp func(c *prompts.Campaign) (agent.Responder, error)
	var newJudge func(c *prompts.Campaign) (agent.Judge, error)
	var intent agent.IntentJudge
	switch *responder {
	case "script":
		newResp = func(c *prompts.Campaign) (agent.Responder, error) { return script.New(c), nil }
	case "openai":
		cfg := openai.ConfigFromEnv()
		if *baseURL != "" {
			cfg.BaseURL = *baseURL
		}
		if *model != "" {
			cfg.Model = *model
		}
		if err := cfg.Validate(); err != nil {
			return errorf(e, "sandbox: %v", err)
		}
		newResp, newJudge = llmResponder(cfg), llmJudge(cfg)
		if intent, err = llmIntent(cfg); err != nil {
			return errorf(e, "sandbox: %v", err)
		}
	default:
		return errorf(e, "sandbox: --responder must be script or openai, not %q", *responder)
	}
	db, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return errorf(e, "sandbox: %v", err)
	}
	defer db.Close()

	line := newTermLine(e.stdin, e.stdout)
	ctrl := &agent.Controller{
		Store: db, Dialer: line, Synth: agent.TextSynth{}, NewResponder: newResp, NewJudge: newJudge, IntentJudge: intent, Sandbox: true,
		NoInputTimeout: 10 * time.Minute,
		// Typing an answer to the confirmation question takes longer than saying it.
		ConfirmTimeout: time.Minute,
		Observe: func(o agent.Observation) {
			if o.Speaker == "guard" && o.Event != nil {
				fmt.Fprintln(e.stdout, describeEvent(*o.Event))
			}
		},
	}
	fmt.Fprintf(e.stdout, "sandbox call with %s (%s). You are the callee; /quit hangs up.\n", camp.Business.DisplayName, camp.Name)
	rec, err := ctrl.Call(ctx, agent.CallRequest{Campaign: camp, Number: *number, ContactRef: "sandbox"})
	if rec != nil {
		fmt.Fprintf(e.stdout, "-- call %s ended: %s (%s); %d turns, %d guardrail events; stored in %s\n",
			rec.ID, rec.Outcome, rec.EndReason, len(rec.Turns), len(rec.Events), e.db)
	}
	if err != nil {
		return errorf(e, "sandbox: %v", err)
	}
	return 0
}

func describeEvent(ev guardrails.Event) string {
	switch ev.Kind {
	case guardrails.EventBlocked:
		return fmt.Sprintf("   [guard] BLOCKED %s (%s): %q -> said the safe fallback instead", ev.Category, ev.Rule, ev.Text)
	case guardrails.EventIntent:
		return fmt.Sprintf("   [guard] callee intent: %s", ev.Intent)
	case guardrails.EventOptOut:
		return fmt.Sprintf("   [guard] %s recorded (sandbox: not written to the do-not-call list)", ev.Intent)
	case guardrails.EventDTMF:
		return fmt.Sprintf("   [guard] key %s: opt-out", ev.Text)
	case guardrails.EventDisclose:
		return "   [guard] disclosure played in full"
	case guardrails.EventConfirmAsked:
		return fmt.Sprintf("   [guard] weak %s: asking %q", ev.Intent, ev.Question)
	case guardrails.EventConfirmAnswered:
		return fmt.Sprintf("   [guard] confirmation answered (%s): %s", ev.Rule, ev.Intent)
	case guardrails.EventIntentReview:
		return fmt.Sprintf("   [guard] second opinion on intent: %s -> %s", ev.Rule, ev.Intent)
	case guardrails.EventProviderFailure:
		return fmt.Sprintf("   [guard] model failed (%s: %s) -> %s", ev.Rule, ev.Text, ev.Replacement)
	}
	return fmt.Sprintf("   [guard] %s", ev.Kind)
}

// termLine is a Line on the terminal: agent speech is printed, each typed
// line is one callee utterance. Input is handed to the agent once it has
// been quiet for a moment, so a piped script converses turn by turn.
type termLine struct {
	out    io.Writer
	quiet  time.Duration
	events chan agent.CalleeEvent
	once   sync.Once

	mu       sync.Mutex
	closed   bool
	playing  int
	lastPlay time.Time
}

func newTermLine(in io.Reader, out io.Writer) *termLine {
	l := &termLine{out: out, quiet: 150 * time.Millisecond, events: make(chan agent.CalleeEvent, 16)}
	lines := make(chan agent.CalleeEvent, 64)
	go l.read(in, lines)
	go l.dispatch(lines)
	return l
}

func (l *termLine) Dial(context.Context, string) (agent.Line, error) { return l, nil }

func (l *termLine) read(in io.Reader, lines chan<- agent.CalleeEvent) {
	defer close(lines)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		t := strings.TrimSpace(sc.Text())
		switch {
		case t == "":
			continue
		case t == "/quit" || t == "/hangup":
			lines <- agent.CalleeEvent{Kind: agent.CalleeHangup}
			return
		case strings.HasPrefix(t, "/dtmf"):
			lines <- agent.CalleeEvent{Kind: agent.CalleeDTMF, Text: strings.TrimSpace(strings.TrimPrefix(t, "/dtmf"))}
		default:
			lines <- agent.CalleeEvent{Kind: agent.CalleeSpeech, Text: t}
		}
	}
	lines <- agent.CalleeEvent{Kind: agent.CalleeHangup}
}

// dispatch hands each input line over once the agent has gone quiet.
func (l *termLine) dispatch(lines <-chan agent.CalleeEvent) {
	for ev := range lines {
		for {
			l.mu.Lock()
			closed := l.closed
			wait := l.lastPlay.IsZero() || l.playing > 0 || time.Since(l.lastPlay) < l.quiet
			l.mu.Unlock()
			if closed {
				return
			}
			if !wait {
				break
			}
			time.Sleep(l.quiet / 3)
		}
		now := time.Now()
		ev.At, ev.SpeechEnd = now, now
		l.mu.Lock()
		l.lastPlay = now // the agent's answer comes next: wait for it
		if !l.closed {
			select {
			case l.events <- ev:
			default:
			}
		}
		l.mu.Unlock()
	}
}

func (l *termLine) Play(ctx context.Context, s agent.Speech) (agent.Played, error) {
	start := time.Now()
	if ctx.Err() != nil {
		return agent.Played{Start: start}, nil
	}
	l.mu.Lock()
	l.playing++
	l.mu.Unlock()
	fmt.Fprintf(l.out, "agent> %s\n", s.Text)
	l.mu.Lock()
	l.playing--
	l.lastPlay = time.Now()
	l.mu.Unlock()
	return agent.Played{Start: start, Duration: s.Duration, Complete: true, Text: s.Text}, nil
}

func (l *termLine) Events() <-chan agent.CalleeEvent { return l.events }

func (l *termLine) Hangup(context.Context) error {
	l.once.Do(func() {
		l.mu.Lock()
		l.closed = true
		close(l.events)
		l.mu.Unlock()
	})
	return nil
}
