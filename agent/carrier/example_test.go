package carrier_test

import (
	"context"
	"fmt"

	"candor/agent"
	"candor/agent/agenttest"
	"candor/agent/carrier"
	"candor/prompts"
)

// A campaign's calls to simulated callees: the loopback carrier (text, 200
// times faster than real time), one persona a number, the controller with
// the default responder (the campaign script).
func Example() {
	camp, err := prompts.Example("service-followup-en")
	if err != nil {
		fmt.Println(err)
		return
	}
	car, err := carrier.New(carrier.Config{Kind: carrier.Loopback, Campaign: camp, Text: true, Speed: 200})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer car.Close()
	callees := []struct{ number, persona string }{
		{"+12125550101", ""}, // the default persona: cooperative
		{"+12125550102", "opts_out_mid_survey"},
	}
	for _, c := range callees {
		if err := car.Add(c.number, c.persona); err != nil {
			fmt.Println(err)
			return
		}
	}
	st := agenttest.NewStore(&agenttest.Log{})
	ctrl := car.Controller(st)
	for _, c := range callees {
		rec, err := ctrl.Call(context.Background(), agent.CallRequest{Campaign: camp, Number: c.number})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %s, disclosure played in full: %v, opt-out recorded: %v\n",
			c.number, rec.Outcome, rec.DisclosureComplete, rec.OptOut)
	}
	// Output:
	// +12125550101: completed, disclosure played in full: true, opt-out recorded: false
	// +12125550102: opted_out, disclosure played in full: true, opt-out recorded: true
}
