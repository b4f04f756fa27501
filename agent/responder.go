package agent

import (
	"fmt"
	"sync"

	"candor/prompts"
)

// The default responder is the campaign script. agent/script imports this
// package, so it registers itself here (as image formats and database drivers
// do in the standard library) instead of being imported.
var (
	defaultMu        sync.RWMutex
	defaultResponder func(c *prompts.Campaign) (Responder, error)
)

// RegisterDefaultResponder sets the responder of a Controller without
// NewResponder. agent/script calls it when it is imported.
func RegisterDefaultResponder(f func(c *prompts.Campaign) (Responder, error)) {
	defaultMu.Lock()
	defer defaultMu.Unlock()
	defaultResponder = f
}

// responder makes the responder of one call: NewResponder's, or the default.
func (c *Controller) responder(camp *prompts.Campaign) (Responder, error) {
	if c.NewResponder != nil {
		return c.NewResponder(camp)
	}
	defaultMu.RLock()
	f := defaultResponder
	defaultMu.RUnlock()
	if f == nil {
		return nil, fmt.Errorf("%w: a controller without NewResponder needs the default responder (import candor/agent/script)", ErrConfig)
	}
	return f(camp)
}
