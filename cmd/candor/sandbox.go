package main

import (
	"context"

	"candor/agent/carrier"
	"candor/agent/openai"
	"candor/agent/store/sqlite"
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
	sb := carrier.Sandbox{Campaign: camp, Number: *number, Database: e.db, In: e.stdin, Out: e.stdout}
	switch *responder {
	case "script": // the controller's default
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
		sb.NewResponder, sb.NewJudge = llmResponder(cfg), llmJudge(cfg)
		if sb.IntentJudge, err = llmIntent(cfg); err != nil {
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
	if _, err := sb.Call(ctx, db); err != nil {
		return errorf(e, "sandbox: %v", err)
	}
	return 0
}
