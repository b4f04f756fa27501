package main

import (
	"context"
	"fmt"

	"candor/agent"
	"candor/agent/carrier"
	"candor/agent/openai"
	"candor/agent/store/sqlite"
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
	fmt.Fprintf(e.stdout, "sandbox call with %s (%s). You are the callee; /quit hangs up.\n", camp.Business.DisplayName, camp.Name)
	rec, err := carrier.Sandbox{Campaign: camp, Number: *number, In: e.stdin, Out: e.stdout,
		NewResponder: newResp, NewJudge: newJudge, IntentJudge: intent}.Call(ctx, db)
	if rec != nil {
		fmt.Fprintf(e.stdout, "-- call %s ended: %s (%s); %d turns, %d guardrail events; stored in %s\n",
			rec.ID, rec.Outcome, rec.EndReason, len(rec.Turns), len(rec.Events), e.db)
	}
	if err != nil {
		return errorf(e, "sandbox: %v", err)
	}
	return 0
}
