package agent_test

import (
	"context"
	"errors"
	"testing"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/prompts"
)

type busyErr struct{}

func (busyErr) Error() string          { return "486 Busy Here" }
func (busyErr) Outcome() agent.Outcome { return agent.OutcomeBusy }

type failingDialer struct{ err error }

func (d failingDialer) Dial(context.Context, string) (agent.Line, error) { return nil, d.err }

func TestControllerRecordsDialOutcomes(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want agent.Outcome
	}{
		{agent.ErrNoAnswer, agent.OutcomeNoAnswer},
		{busyErr{}, agent.OutcomeBusy},
		{errors.New("network unreachable"), agent.OutcomeFailed},
	} {
		log := &agenttest.Log{}
		st := agenttest.NewStore(log)
		c := &agent.Controller{Store: st, Dialer: failingDialer{tc.err}, Synth: agent.TextSynth{},
			NewResponder: func(*prompts.Campaign) (agent.Responder, error) { return &agenttest.Responder{}, nil }}
		rec, err := c.Call(context.Background(), agent.CallRequest{Campaign: testCampaign(), Number: number})
		if !errors.Is(err, tc.err) && err != tc.err {
			t.Errorf("%v: err = %v, want it passed on", tc.err, err)
		}
		if rec == nil || rec.Outcome != tc.want {
			t.Errorf("%v: outcome = %v, want %q", tc.err, rec, tc.want)
		}
		if st.Call(rec.ID) == nil {
			t.Errorf("%v: the attempt was not saved", tc.err)
		}
	}
}

func TestControllerNeverDialsListedNumber(t *testing.T) {
	log := &agenttest.Log{}
	st := agenttest.NewStore(log)
	camp := testCampaign()
	_ = st.AddOptOut(context.Background(), agent.OptOut{Number: number, Business: camp.Business.RegisteredName})
	dialed := false
	c := &agent.Controller{Store: st, Dialer: dialFunc(func() { dialed = true }), Synth: agent.TextSynth{},
		NewResponder: func(*prompts.Campaign) (agent.Responder, error) { return &agenttest.Responder{}, nil }}
	rec, err := c.Call(context.Background(), agent.CallRequest{Campaign: camp, Number: number})
	if !errors.Is(err, agent.ErrOnDNC) || dialed || rec.Outcome != agent.OutcomeSkippedDNC {
		t.Errorf("err %v, dialled %v, outcome %v; want ErrOnDNC, not dialled, skipped_dnc", err, dialed, rec.Outcome)
	}
}

type dialFunc func()

func (f dialFunc) Dial(context.Context, string) (agent.Line, error) {
	f()
	return nil, agent.ErrNoAnswer
}
