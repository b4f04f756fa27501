package carrier

import (
	"context"
	"fmt"
	"io"
	"time"

	"candor/agent"
	"candor/agent/report"
	"candor/agent/telephony/loopback"
	"candor/prompts"
)

// Sandbox is a sandbox call on a terminal: each line typed on In is one
// utterance of the callee; the agent's lines, and the guardrails' decisions
// inline, go to Out. It is stored marked sandbox and never touches the
// do-not-call list.
type Sandbox struct {
	Campaign *prompts.Campaign
	Number   string // the callee number recorded
	Database string // named when the call ends
	In       io.Reader
	Out      io.Writer
	// NewResponder, NewJudge and IntentJudge are the controller's (nil: its
	// defaults, the campaign script and no second opinions).
	NewResponder func(c *prompts.Campaign) (agent.Responder, error)
	NewJudge     func(c *prompts.Campaign) (agent.Judge, error)
	IntentJudge  agent.IntentJudge
}

// Call runs the sandbox call, storing it in st, until the callee hangs up
// (/quit) or the agent ends it; Out gets a line as it starts and one as it
// ends.
func (s Sandbox) Call(ctx context.Context, st agent.Store) (*agent.CallRecord, error) {
	ctrl := Connected(loopback.NewTerminal(s.In, s.Out), agent.TextSynth{}).Controller(st)
	ctrl.NewResponder, ctrl.NewJudge, ctrl.IntentJudge, ctrl.Sandbox, ctrl.NoInputTimeout = s.NewResponder, s.NewJudge, s.IntentJudge, true, 10*time.Minute
	// Typing an answer to the confirmation question takes longer than saying it.
	ctrl.ConfirmTimeout = time.Minute
	ctrl.Observe = func(o agent.Observation) {
		if o.Speaker == "guard" && o.Event != nil {
			fmt.Fprintln(s.Out, report.GuardLine(*o.Event))
		}
	}
	fmt.Fprintf(s.Out, "sandbox call with %s (%s). You are the callee; /quit hangs up.\n", s.Campaign.Business.DisplayName, s.Campaign.Name)
	rec, err := ctrl.Call(ctx, agent.CallRequest{Campaign: s.Campaign, Number: s.Number, ContactRef: "sandbox"})
	if rec != nil {
		fmt.Fprintf(s.Out, "-- call %s ended: %s (%s); %d turns, %d guardrail events; stored in %s\n",
			rec.ID, rec.Outcome, rec.EndReason, len(rec.Turns), len(rec.Events), s.Database)
	}
	return rec, err
}
