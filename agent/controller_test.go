package agent_test

import (
	"context"
	"errors"
	"testing"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/agent/telephony/loopback"
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

// TestControllerDefaultResponder: a controller without NewResponder runs
// the campaign script (registered by agent/script, which this test binary
// imports): a cooperative callee completes the survey, every answer recorded.
func TestControllerDefaultResponder(t *testing.T) {
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	net := loopback.NewNetwork(camp, 200)
	if err := net.Add("+12125550101", "cooperative"); err != nil {
		t.Fatal(err)
	}
	ctrl := &agent.Controller{Store: agenttest.NewStore(&agenttest.Log{}), Dialer: net, Synth: agent.TextSynth{}}
	rec, err := ctrl.Call(context.Background(), agent.CallRequest{Campaign: camp, Number: "+12125550101"})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Outcome != agent.OutcomeCompleted || len(rec.Answers) != len(camp.Survey) {
		t.Errorf("got %s with %d answers, want completed with %d (the script's)", rec.Outcome, len(rec.Answers), len(camp.Survey))
	}
}
