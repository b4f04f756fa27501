package main

import (
	"context"
	"fmt"
	"time"

	"candor/agent"
	"candor/agent/carrier"
	"candor/agent/openai"
	"candor/agent/report"
	"candor/agent/store/sqlite"
	"candor/agent/telephony/loopback"
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

	ctrl := carrier.Connected(loopback.NewTerminal(e.stdin, e.stdout), agent.TextSynth{}).Controller(db)
	ctrl.NewResponder, ctrl.NewJudge, ctrl.IntentJudge, ctrl.Sandbox, ctrl.NoInputTimeout = newResp, newJudge, intent, true, 10*time.Minute
	// Typing an answer to the confirmation question takes longer than saying it.
	ctrl.ConfirmTimeout = time.Minute
	ctrl.Observe = func(o agent.Observation) {
		if o.Speaker == "guard" && o.Event != nil {
			fmt.Fprintln(e.stdout, report.GuardLine(*o.Event))
		}
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
