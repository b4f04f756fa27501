package carrier

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"candor/agent"
	"candor/agent/dialer"
	"candor/agent/phone"
	"candor/agent/telephony/twilio"
	"candor/prompts"
)

// Summary is what `candor call --json` prints of a call.
type Summary struct {
	CallID           string          `json:"call_id,omitempty"`
	Number           string          `json:"number"` // masked
	Outcome          agent.Outcome   `json:"outcome"`
	EndReason        agent.EndReason `json:"end_reason"`
	EndDetail        string          `json:"end_detail,omitempty"`
	DisclosurePlayed bool            `json:"disclosure_played"`
	OptOutRecorded   bool            `json:"opt_out_recorded"`
	Turns            int             `json:"turns"`
	VoiceToVoiceMS   []int64         `json:"voice_to_voice_ms"`
	AnsweredBy       string          `json:"answered_by,omitempty"`
}

// Summarize condenses a call record; a dial error refines the outcome
// (Twilio's busy signal).
func Summarize(rec *agent.CallRecord, err error) Summary {
	s := Summary{CallID: rec.ID, Number: phone.Mask(rec.Number), Outcome: rec.Outcome, EndReason: rec.EndReason,
		EndDetail: rec.EndDetail, DisclosurePlayed: rec.DisclosureComplete, OptOutRecorded: rec.OptOut,
		Turns: len(rec.Turns), VoiceToVoiceMS: rec.LatenciesMS}
	if s.VoiceToVoiceMS == nil {
		s.VoiceToVoiceMS = []int64{}
	}
	if rec.Outcome == agent.OutcomeNoAnswer && errors.Is(err, twilio.ErrBusy) {
		s.Outcome = agent.OutcomeBusy
	}
	return s
}

// WriteText prints the summary as two lines of text.
func (s Summary) WriteText(w io.Writer) {
	fmt.Fprintf(w, "call to %s: %s (%s)\n", s.Number, s.Outcome, s.EndReason)
	fmt.Fprintf(w, "disclosure played: %v, opt-out recorded: %v, turns: %d\n", s.DisclosurePlayed, s.OptOutRecorded, s.Turns)
}

// Call is one real call.
type Call struct {
	Campaign *prompts.Campaign
	// Number is the callee in E.164: the controller checks and records it.
	Number string
	// Target is what the carrier dials when it is not Number: a SIP URI
	// whose user part is the number, on a SIP trunk.
	Target string
	// Route is where the call goes out; its carrier is opened only once the
	// number is known not to be on the do-not-call list. Logger gets the
	// carrier's log.
	Route  Route
	Logger *slog.Logger
	// Active, when set, counts the call while it runs (the active-calls
	// gauge /metrics shows).
	Active interface{ Start() (done func()) }
}

// Place places the call c and stores it in st. A number on the business's
// do-not-call list is refused with ErrRefusedDNC before the carrier is even
// opened. The error is nil when the call reached an end (answered or not):
// the summary says how.
func Place(ctx context.Context, st agent.Store, c Call) (Summary, error) {
	business := c.Campaign.Business.Key()
	on, err := st.IsOnDNC(ctx, business, c.Number)
	if err != nil {
		return Summary{}, fmt.Errorf("do-not-call check failed, not dialling: %w", err)
	}
	if on {
		return Summary{}, fmt.Errorf("%s is on the do-not-call list of %s: %w", phone.Mask(c.Number), business, ErrRefusedDNC)
	}
	car, err := c.Route.Open(c.Campaign, c.Logger)
	if err != nil {
		return Summary{}, err
	}
	defer car.Close()
	ctrl := car.Controller(st)
	if c.Target != "" {
		ctrl.Dialer = car.DialTo(c.Target)
	}
	var caller dialer.Caller = ctrl
	if c.Active != nil {
		caller = dialer.Counted{Caller: ctrl, Active: c.Active}
	}
	rec, err := caller.Call(ctx, agent.CallRequest{Campaign: c.Campaign, Number: c.Number})
	if rec == nil || err != nil && !errors.Is(err, agent.ErrNoAnswer) && rec.EndReason == "" {
		return Summary{}, err
	}
	s := Summarize(rec, err)
	s.AnsweredBy = car.AnsweredBy()
	return s, nil
}
