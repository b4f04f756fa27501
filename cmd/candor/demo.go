package main

import (
	"context"

	"candor/agent"
	"candor/agent/carrier"
	"candor/agent/openai"
	"candor/agent/store/sqlite"
)

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
	if *concurrency < 1 || *speed < 0 {
		return errorf(e, "demo: --concurrency must be >= 1 and --speed > 0")
	}
	camp, err := resolveCampaign(*campaign)
	if err != nil {
		return errorf(e, "%v", err)
	}
	oc := openai.ConfigFromEnv()
	if *baseURL != "" {
		oc.BaseURL = *baseURL
	}
	sum, failures, err := carrier.RunDemo(ctx, func(ctx context.Context) (carrier.DemoStore, error) { return sqlite.Open(ctx, e.db) },
		carrier.Demo{Campaign: camp, ContactsFile: *contactsFile, Region: *region, Concurrency: *concurrency, Speed: *speed, Text: *textOnly,
			Speech: carrier.Speech{STT: *stt, TTS: *tts, OpenAI: oc}, Database: e.db, Log: e.stderr, ModelPersona: demoLLMPersona,
			Model: func(ctrl *agent.Controller) (*agent.Controller, func()) { return adversarialLLM(ctrl, camp) }})
	if err != nil {
		return errorf(e, "demo: %v", err)
	}
	if ctx.Err() != nil {
		return errorf(e, "demo: interrupted")
	}
	if *jsonOut {
		if err := printJSON(e.stdout, sum); err != nil {
			return errorf(e, "demo: %v", err)
		}
	} else {
		sum.WriteTable(e.stdout)
	}
	if failures > 0 {
		return 1
	}
	return 0
}
