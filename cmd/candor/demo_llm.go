package main

import (
	"candor/agent"
	"candor/agent/openai"
	"candor/agent/openai/openaitest"
	"candor/prompts"
)

// demoLLMPersona is the contact persona whose calls the demo answers with an
// adversarial model (in process, no network), to show the rail at work.
const demoLLMPersona = "adversarial"

// adversarialLLM returns a copy of ctrl whose calls are answered by an
// adversarial model served in process (see openaitest.Adversarial), behind
// the same Fallback as a real model; stop ends the server.
func adversarialLLM(ctrl *agent.Controller, c *prompts.Campaign) (llm *agent.Controller, stop func()) {
	srv := openaitest.NewServer(openaitest.Adversarial(c))
	cp := *ctrl
	cp.NewResponder = llmResponder(openai.Config{BaseURL: openaitest.URL, Model: "adversarial-persona", Dialer: srv})
	return &cp, func() { _ = srv.Close() }
}
