package agent

import (
	"context"
	"errors"
	"fmt"
	"time"

	"candor/guardrails"
	"candor/prompts"
)

// OutcomeVoicemail: an answering machine took the call (a message was left,
// or not, per the campaign; the end reason says which).
const OutcomeVoicemail Outcome = "voicemail"

// Machine detection events a line may send on Events. Lines that cannot hear
// machines never send them.
const (
	// CalleeMachine: the line heard an answering machine (a long uninterrupted
	// greeting right at answer). Text says how it was detected.
	CalleeMachine CalleeEventKind = iota + 100
	// CalleeBeep: the line heard a machine's beep (it has ended): recording
	// starts now.
	CalleeBeep
)

// machineAnswerer is implemented by lines that know at answer whether a
// machine picked up (Twilio's answering machine detection).
type machineAnswerer interface {
	AnsweredByMachine() bool
}

// greetingEnder is implemented by lines whose machine report can come after
// the machine's greeting (Twilio's DetectMessageEndpoint results): the
// message can start at once, there is no beep left to wait for.
type greetingEnder interface {
	MachineGreetingOver() bool
}

// Default waits for a machine's beep.
const (
	// DefaultBeepTimeout bounds the wait for a beep once a machine is known.
	DefaultBeepTimeout = 20 * time.Second
	// DefaultBeepAfterGreeting is how long to wait for a beep after the
	// machine's greeting ended; the message starts then without one.
	DefaultBeepAfterGreeting = 2 * time.Second
)

// answeredByMachine reports whether the line said at answer that a machine picked up.
func (s *Session) answeredByMachine() bool {
	m, ok := s.cfg.Line.(machineAnswerer)
	return ok && m.AnsweredByMachine()
}

// machineGreetingOver reports whether the line said the machine's greeting
// (and beep) is already over.
func (s *Session) machineGreetingOver() bool {
	g, ok := s.cfg.Line.(greetingEnder)
	return ok && g.MachineGreetingOver()
}

// machineHow names how a machine event detected the machine.
func machineHow(ev CalleeEvent) string {
	switch {
	case ev.Text != "":
		return ev.Text
	case ev.Kind == CalleeBeep:
		return "beep"
	}
	return "detected"
}

// voicemail handles a call a machine answered: no survey, no opt-out record.
// Per the campaign it hangs up, or waits for the beep (or the end of the
// greeting) and leaves the campaign's message in full as protected speech.
// how says what detected the machine; beepHeard is set when the beep is
// already over.
func (s *Session) voicemail(ctx context.Context, how string, beepHeard bool) error {
	vm := s.cfg.Campaign.Voicemail
	s.cfg.Observe(Observation{CallID: s.rec.ID, Speaker: "guard", Text: "answering machine: " + how})
	if vm.Action != prompts.VoicemailLeave || vm.Message == "" {
		s.end(OutcomeVoicemail, EndVoicemailHangup, "answering machine ("+how+"); campaign policy: hang up")
		return nil
	}
	if !beepHeard {
		if err := s.waitBeep(ctx); err != nil {
			if errors.Is(err, ErrHungUp) {
				s.end(OutcomeVoicemail, EndVoicemailHangup, "answering machine ("+how+") hung up before the message")
				return nil
			}
			return err
		}
	}
	played, _, err := s.speak(ctx, vm.Message, true, true, func(CalleeEvent) bool { return false })
	if played.Complete {
		s.event(guardrails.Event{Kind: guardrails.EventDisclose, Text: vm.Message})
		s.end(OutcomeVoicemail, EndVoicemailLeft, "answering machine ("+how+")")
		if errors.Is(err, ErrHungUp) {
			err = nil
		}
		return err
	}
	if errors.Is(err, ErrHungUp) {
		s.end(OutcomeVoicemail, EndVoicemailHangup, "answering machine ("+how+") hung up during the message")
		return nil
	}
	return err
}

// waitBeep waits for the machine's beep; after the end of its greeting, or
// at the latest after DefaultBeepTimeout, it stops waiting.
func (s *Session) waitBeep(ctx context.Context) error {
	limit := time.NewTimer(DefaultBeepTimeout)
	defer limit.Stop()
	var after <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-limit.C:
			return nil
		case <-after:
			return nil
		case ev, ok := <-s.cfg.Line.Events():
			if !ok {
				return ErrHungUp
			}
			switch ev.Kind {
			case CalleeHangup:
				return ErrHungUp
			case CalleeError:
				return fmt.Errorf("%w: %s", ErrLineFailed, ev.Text)
			case CalleeBeep:
				return nil
			case CalleeSpeech:
				// The greeting ended; a beep usually follows at once.
				if after == nil {
					t := time.NewTimer(DefaultBeepAfterGreeting)
					defer t.Stop()
					after = t.C
				}
			}
		}
	}
}
