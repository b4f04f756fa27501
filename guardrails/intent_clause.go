package guardrails

// Clause-level reading of English callee speech. The word rules in intent.go
// find triggers; this layer decides which clause a trigger belongs to and
// whether that clause speaks for the callee now:
//
//   - clauses split at contrast words (but, though, although, however,
//     except, whereas); each clause is read on its own;
//   - a clause told about a third party in the past ("they took it off the
//     list", "my neighbour said she would call later") is narrative: it asks
//     nothing of the caller unless the callee is its object ("my husband said
//     to stop calling us");
//   - a past attitude ("i used to be not interested", "i was not interested
//     at first") is not a refusal now;
//   - a refusal with a named object other than the call ("not interested in
//     a new water heater") declines an offer, not the survey;
//   - indirect requests (how do i stop these, is there a way to get off your
//     list) and casual refusals (no i am good, forget it, not in the mood)
//     are ending verdicts too, but weak ones: the agent confirms them.

var (
	contrastWords = set("but though although however except whereas")
	thirdSubjects = set("they he she someone somebody everyone people nobody it")
	npStarts      = set("my the our his her their a an this that")
	selfWords     = set("me us i we my our myself mine")
	narrVerbs     = set("said says told tells mentioned promised asked took taken put came come went had did was were got gave made called rang phoned left stopped fixed")
	clauseLeads   = set("and so then well also oh yes yeah no okay ok right honestly actually")
	pastMarks     = set("used was were before first back ago")
	// surveyTargets are what a refusal of the call itself names.
	surveyTargets = set("this it that survey surveys call calls calling questions question any anything these those talking answering doing participating you your feedback one now today phone poll polls")
)

// clauses splits normalized words at contrast words. The contrast word
// starts the next clause.
func clauses(w []string) [][]string {
	var out [][]string
	start := 0
	for i, t := range w {
		if contrastWords[t] && i > start {
			out = append(out, w[start:i])
			start = i
		}
	}
	return append(out, w[start:])
}

// narrative reports a clause told about a third party that does not have
// the callee as its object.
func narrative(c []string) bool {
	k := 0
	for k < len(c) && (clauseLeads[c[k]] || contrastWords[c[k]]) {
		k++
	}
	if k >= len(c) {
		return false
	}
	subjEnd := k + 1
	switch {
	case thirdSubjects[c[k]]:
	case npStarts[c[k]] && k+1 < len(c) && !selfWords[c[k+1]] && !pronouns[c[k+1]]:
		subjEnd = k + 2
	default:
		return false
	}
	past := false
	for _, t := range c[subjEnd:] {
		if selfWords[t] {
			return false
		}
		if narrVerbs[t] {
			past = true
		}
	}
	return past
}

// pastAttitude reports "used to", "was not ... at first", "back then".
func pastAttitude(c []string) bool {
	for i, t := range c {
		switch {
		case t == "used" && at(c, i+1) == "to":
			return true
		case (t == "was" || t == "were") && (at(c, i+1) == "not" || at(c, i+1) == "never" || at(c, i+2) == "not"):
			return true
		case t == "at" && at(c, i+1) == "first", t == "back" && at(c, i+1) == "then":
			return true
		}
	}
	return false
}

// offerRefusal reports "not interested in X" where X names something other
// than the call or the survey (an offer, a product).
func offerRefusal(c []string) bool {
	for i, t := range c {
		if t != "interested" || at(c, i+1) != "in" {
			continue
		}
		for j := i + 2; j < len(c) && j <= i+4; j++ {
			if surveyTargets[c[j]] {
				return false
			}
			if !wsAAnThe[c[j]] && c[j] != "any" && c[j] != "more" {
				return true
			}
		}
	}
	return false
}

// weakEnding finds indirect opt-outs and casual refusals.
func weakEnding(c []string) (optOut, refusal bool) {
	n := len(c)
	for i, t := range c {
		switch {
		case (t == "how" || t == "way") && i+1 < n:
			// how do i stop these / is there a way to get off your list
			for j := i + 1; j < n && j <= i+5; j++ {
				x := c[j]
				if x == "stop" && anyIn(c, j+1, j+3, set("getting receiving these this them the calls it being")) >= 0 ||
					(x == "off" && anyIn(c, j+1, j+4, listWords) >= 0) ||
					x == "unsubscribe" || (x == "opt" && at(c, j+1) == "out") ||
					(removedForms[x] && at(c, j-1) == "get" || removedForms[x] && at(c, j-1) == "be") {
					optOut = true
				}
			}
		case t == "hear" && at(c, i+1) == "from" && (at(c, i+2) == "you" || at(c, i+2) == "your"):
			if scanBack(c, i, 6).neg%2 == 1 {
				optOut = true
			}
		case t == "bothered" && at(c, i-1) == "be" && (at(c, i-2) == "not" && (at(c, i-3) == "can" || at(c, i-3) == "could")):
			refusal = true
		case t == "good" || t == "fine" || t == "okay":
			// "no i am good", "i am fine thanks": a short decline.
			if n <= 6 && at(c, i-1) == "am" && at(c, i-2) == "i" && (c[0] == "no" || anyIn(c, i+1, i+2, set("thanks thank")) >= 0) {
				refusal = true
			}
		case t == "forget" && (at(c, i+1) == "it" && i+2 >= n):
			refusal = true
		case t == "mood" && anyIn(c, i-3, i-1, set("not")) >= 0:
			refusal = true
		case (t == "waste" || t == "wasting") && at(c, i+1) == "my" && at(c, i+2) == "time":
			refusal = true
		case t == "done" && at(c, i-1) == "am" && (i+1 >= n || anyIn(c, i+1, i+2, set("here now thanks with")) >= 0):
			refusal = true
		case t == "not" && i == 0 && (at(c, 1) == "today" || at(c, 1) == "really") && n <= 4:
			refusal = true
		}
	}
	return optOut, refusal
}

// enClauses reads the English words clause by clause into f.
func (f *intentFlags) enClauses(cs [][]string) {
	for _, c := range cs {
		var g intentFlags
		g.optOut = optOutEN(c)
		if !g.optOut {
			g.refusal, g.callback = refusalCallbackEN(c)
			g.askAI = askAIEN(c) || askAIMoreEN(c)
			g.askID = askIdentityEN(c) || askIdentityMoreEN(c)
		}
		if narrative(c) {
			g.optOut, g.refusal, g.callback = false, false, false
		}
		if g.refusal && (pastAttitude(c) || offerRefusal(c)) {
			g.refusal = false
		}
		if !g.optOut && !narrative(c) && !pastAttitude(c) {
			o, r := weakEnding(c)
			switch {
			case o:
				// An indirect request alone is weak; beside a plain
				// refusal it is a second signal and stands.
				g.weakOpt = !g.refusal
				g.optOut = true
			case r && !g.refusal:
				g.refusal, g.weakRef = true, true
			}
		}
		f.merge(g)
	}
}

// merge adds g's intents to f; an intent is weak only when every clause
// that expressed it was weak.
func (f *intentFlags) merge(g intentFlags) {
	if g.optOut {
		f.weakOpt = (f.weakOpt || !f.optOut) && g.weakOpt
		f.optOut = true
	}
	if g.refusal {
		f.weakRef = (f.weakRef || !f.refusal) && g.weakRef
		f.refusal = true
	}
	f.callback = f.callback || g.callback
	f.askAI = f.askAI || g.askAI
	f.askID = f.askID || g.askID
}

var (
	anyoneWords = set("anyone anybody someone somebody")
	sayAgain    = set("again repeat catch")
)

// askAIMoreEN: "is anyone real there", "is there a human i can talk to",
// "a human being", "an actual person".
func askAIMoreEN(w []string) bool {
	for i, t := range w {
		switch {
		case anyoneWords[t] && (realWords[at(w, i+1)] || humanWords[at(w, i+1)] || at(w, i+1) == "alive"):
			return true
		case (t == "is" || t == "are") && at(w, i+1) == "there":
			k := i + 2
			for aiSkip[at(w, k)] || at(w, k) == "any" {
				k++
			}
			if realWords[at(w, k)] {
				k++
			}
			if humanWords[at(w, k)] || at(w, k) == "operator" || aiNouns[at(w, k)] {
				return true
			}
		}
	}
	return false
}

// askIdentityMoreEN: a request to repeat who is calling ("who did you say
// you were", "what was the company again", "can you repeat your name").
func askIdentityMoreEN(w []string) bool {
	for i, t := range w {
		switch {
		case t == "who" && (at(w, i+1) == "did" || at(w, i+1) == "do") && at(w, i+2) == "you" && (at(w, i+3) == "say" || at(w, i+3) == "represent" || at(w, i+3) == "work"):
			return true
		case t == "who" && (at(w, i+1) == "was" || at(w, i+1) == "is") && at(w, i+2) == "this" && i+3 >= len(w):
			return true
		case (t == "name" || orgNouns[t]) && (anyIn(w, i+1, i+3, sayAgain) >= 0 || anyIn(w, i-4, i-1, sayAgain) >= 0):
			return true
		case t == "name" && at(w, i+1) == "of" && anyIn(w, i+2, i+4, orgNouns) >= 0:
			return true
		}
	}
	return false
}
