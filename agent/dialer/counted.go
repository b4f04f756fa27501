package dialer

import (
	"context"

	"candor/agent"
)

// Counted is a Caller (an agent.Controller, usually) whose calls in progress
// are counted on Active (the active-calls gauge /metrics shows): give it to
// New in place of the controller.
type Counted struct {
	Caller Caller
	Active interface{ Start() (done func()) }
}

var _ Caller = Counted{}

// Call places the call, counted while it runs.
func (c Counted) Call(ctx context.Context, req agent.CallRequest) (*agent.CallRecord, error) {
	defer c.Active.Start()()
	return c.Caller.Call(ctx, req)
}
