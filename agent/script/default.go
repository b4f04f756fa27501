package script

import (
	"candor/agent"
	"candor/prompts"
)

// The campaign script is the responder of every agent.Controller that names
// no other.
func init() {
	agent.RegisterDefaultResponder(func(c *prompts.Campaign) (agent.Responder, error) { return New(c), nil })
}
