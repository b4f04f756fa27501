package main

import (
	"candor/agent"
	"candor/agent/openai"
	"candor/agent/script"
	"candor/prompts"
)

// llmResponder makes a call's model responder for cfg: in guided mode (the
// default) the model chooses moves and the campaign's text is spoken; in
// free mode the model writes, railed per sentence. Either way the campaign
// script takes the call over when the model fails.
func llmResponder(cfg openai.Config) func(c *prompts.Campaign) (agent.Responder, error) {
	return func(c *prompts.Campaign) (agent.Responder, error) {
		if c.LLM.Guided() {
			planner, err := openai.NewPlanner(cfg, c)
			if err != nil {
				return nil, err
			}
			return script.Fallback(c, script.NewGuided(c, planner))
		}
		primary, err := openai.NewResponder(cfg, openai.CampaignPrompt(c))
		if err != nil {
			return nil, err
		}
		return script.Fallback(c, primary)
	}
}

// llmJudge makes the second-opinion judge of a campaign with a guard.judge
// block (none without one), on cfg's endpoint unless the block names another.
func llmJudge(cfg openai.Config) func(c *prompts.Campaign) (agent.Judge, error) {
	return func(c *prompts.Campaign) (agent.Judge, error) {
		j := c.Guard.Judge
		if j == nil {
			return nil, nil
		}
		jc := cfg
		jc.Model = j.Model
		if j.BaseURL != "" {
			jc.BaseURL = j.BaseURL
		}
		judge, err := openai.NewJudge(jc, openai.JudgePolicy(c))
		if err != nil {
			return nil, err
		}
		return judge, nil
	}
}

// llmIntent makes the second opinion on callee intent, on cfg's endpoint:
// it may turn none into a weak opt-out or refusal (confirmed by the
// campaign's question) and a weak one into none, never delaying a clear one.
func llmIntent(cfg openai.Config) (agent.IntentJudge, error) {
	return openai.NewIntentJudge(cfg)
}
