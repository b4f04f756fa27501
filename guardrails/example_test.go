package guardrails_test

import (
	"fmt"
	"time"

	"candor/guardrails"
)

// Callee speech, as a recogniser emits it, is classified into the intent
// that decides the call's course; an opt-out ends the call at once.
func ExampleClassify() {
	for _, heard := range []string{
		"please stop calling me",
		"am i talking to a robot",
		"who is this",
		"yes it was fixed",
	} {
		fmt.Printf("%-25q %s\n", heard, guardrails.Classify(heard))
	}
	// Output:
	// "please stop calling me"  opt_out
	// "am i talking to a robot" ask_if_ai
	// "who is this"             ask_identity
	// "yes it was fixed"        none
}

// ClassifyLang takes the campaign's language; Chinese is read in simplified
// and traditional characters alike.
func ExampleClassifyLang() {
	fmt.Println(guardrails.ClassifyLang("不要再打了", "zh"))
	fmt.Println(guardrails.ClassifyLang("你是机器人吗", "zh"))
	// Output:
	// opt_out
	// ask_if_ai
}

// The output rail checks every sentence the agent is about to speak; a
// blocked sentence never reaches speech, and the category says why.
func ExampleRail_Check() {
	rail := guardrails.NewRail(guardrails.Policy{Business: "Brightwater Plumbing Services LLC"})
	for _, s := range []string{
		"Thank you for your feedback.",
		"I'm a real person, not a machine.",
		"We guarantee you will save money.",
		"I can't guarantee anything, but we will look into it.",
	} {
		d := rail.Check(s)
		fmt.Printf("%s %q: %s\n", d.Verdict, d.Category, s)
	}
	// Output:
	// allow "": Thank you for your feedback.
	// block "claims_human": I'm a real person, not a machine.
	// block "guaranteed_outcome": We guarantee you will save money.
	// allow "": I can't guarantee anything, but we will look into it.
}

// A disclosure must name the business, say that the caller is an AI and
// state the callback number; each missing part is its own error.
func ExampleValidateDisclosure() {
	ok := "Hello, this is an automated assistant calling for Acme Water. Call us back at 555 0100."
	fmt.Println(guardrails.ValidateDisclosure(ok, "en", "Acme Water", "555 0100"))
	fmt.Println(guardrails.ValidateDisclosure("Hi, this is Sam from Acme Water.", "en", "Acme Water", ""))
	// Output:
	// <nil>
	// disclosure does not say the caller is an AI or automated system
}

// Calls are placed only inside the callee's local calling window; outside
// it, Allowed says when the window next opens.
func ExampleWindowPolicy_Allowed() {
	p := guardrails.DefaultWindowPolicy()
	at := time.Date(2025, 7, 1, 11, 0, 0, 0, time.UTC) // 07:00 in New York
	ok, next := p.Allowed(at, []string{"America/New_York"})
	fmt.Println(ok, next.In(time.UTC).Format(time.RFC3339))
	ok, _ = p.Allowed(at.Add(2*time.Hour), []string{"America/New_York"})
	fmt.Println(ok)
	// Output:
	// false 2025-07-01T12:00:00Z
	// true
}

// Caps bound how often one business calls one number; a refused attempt
// names the cap and the earliest moment another is allowed.
func ExampleCapPolicy_Check() {
	caps := guardrails.CapPolicy{PerDay: 2, Per30Days: 5, MinGap: time.Hour}
	t0 := time.Date(2025, 7, 1, 14, 0, 0, 0, time.UTC)
	previous := []time.Time{t0, t0.Add(2 * time.Hour)}
	ok, next, reason := caps.Check(t0.Add(3*time.Hour), previous)
	fmt.Println(ok, reason, next.Format(time.RFC3339))
	// Output:
	// false cap_24h 2025-07-02T14:00:00Z
}
