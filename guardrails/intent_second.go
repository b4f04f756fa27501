// The second reader: an older clause reader (narrative, past attitudes,
// refused offers, fillers, short declines, extra ask_if_ai and identity forms)
// kept beside the clause classifier in intent_clause.go. It is asked only when
// the first reader hears no intent, and its ending verdicts are always weak.

package guardrails

import (
	"strings"
	"unicode/utf8"
)

// flagsNorm collects the intents of already normalized text.
func secondFlagsNorm(norm, lang string) secondIntentFlags {
	var f secondIntentFlags
	if norm == "" {
		return f
	}
	zh := strings.HasPrefix(lang, "zh") || strings.HasPrefix(lang, "cmn") || hasHan(norm)
	if hasLatin(norm) {
		f.en(strings.Fields(norm))
	}
	if zh {
		f.zh(hanOnly(norm))
	}
	return f
}

// intentFlags collects every intent an utterance expresses.
type secondIntentFlags struct {
	optOut, refusal, callback, askAI, askID bool
	weakOpt, weakRef                        bool
} // weakOpt and weakRef mark an opt-out or refusal read only from
// indirect or hedged wording: the agent confirms it before acting.

func (f secondIntentFlags) best() Intent {
	switch {
	case f.optOut:
		return IntentOptOut
	case f.refusal:
		return IntentRefusal
	case f.callback:
		return IntentCallback
	case f.askAI:
		return IntentAskIfAI
	case f.askID:
		return IntentAskIdentity
	}
	return IntentNone
}

// en applies the English rules to normalized words.
func (f *secondIntentFlags) en(w []string) {
	w = secondDropFillers(w)
	cs := secondClauses(w)
	f.enClauses(cs)
	if !f.optOut && len(cs) > 1 && secondOptOutEN(w) {
		f.merge(secondIntentFlags{optOut: true, weakOpt: true})
	}
}

var ()

// optOutEN: the callee asks that calls stop, to be removed, or revokes consent.
func secondOptOutEN(w []string) bool {
	for i, t := range w {
		switch {
		case t == "dnc" || t == "unsubscribe" || t == "optout":
			if scanBack(w, i, 6).positive() {
				return true
			}
		case t == "opt" && anyIn(w, i+1, i+2, wsOut) >= 0:
			if scanBack(w, i, 6).positive() {
				return true
			}
		case t == "call" && (at(w, i-1) == "not" || at(w, i-1) == "no") && dncNouns[at(w, i+1)]:
			return true
		case t == "harassment" || t == "harassing":
			if scanBack(w, i, 6).positive() {
				return true
			}
		case t == "enough" && anyIn(w, i+1, i+3, callNouns) >= 0:
			return true
		case (t == "off" || (t == "out" && at(w, i+1) == "of")) && anyIn(w, i+1, i+4, listWords) >= 0 && !ownListEN(w, i):
			if b := scanBack(w, i, 6); b.positive() && !nonAddressedThird(b.subj) {
				return true
			}
		case stopVerbs[t]:
			if secondStopRequest(w, i) && (i == len(w)-1 || anyIn(w, i+1, i+2, stopObjs) >= 0) {
				return true
			}
		case removeStrong[t]:
			if removeRequest(w, i) && anyIn(w, i+1, i+3, meObjs) >= 0 {
				return true
			}
		case removeWeak[t]:
			if removeRequest(w, i) && anyIn(w, i+1, i+3, meObjs) >= 0 && anyIn(w, i+2, i+6, offWords) >= 0 {
				return true
			}
		case forgetVerbs[t]:
			if removeRequest(w, i) && at(w, i+1) == "my" && numberObjs[at(w, i+2)] {
				return true
			}
		case removedForms[t]:
			passive := passiveAux[at(w, i-1)] || (meObjs[at(w, i-1)] && anyIn(w, i-3, i-2, wsHaveGet) >= 0)
			if passive && !(needsOff[t] && anyIn(w, i+1, i+3, offWords) < 0) {
				if b := scanBack(w, i, 8); b.positive() {
					return true
				}
			}
		case revokeVerbs[t]:
			if anyIn(w, i+1, i+3, consentNouns) >= 0 && scanBack(w, i, 6).positive() {
				return true
			}
		case consentNouns[t] && t != "subscription":
			if scanBack(w, i, 8).neg%2 == 1 {
				return true
			}
		case t == "agreed" || t == "agree":
			if at(w, i+1) == "to" && anyIn(w, i+2, i+4, wsThisTheseCalls) >= 0 && scanBack(w, i, 6).neg%2 == 1 {
				return true
			}
		case t == "leave":
			if personalObj[at(w, i+1)] && (at(w, i+2) == "alone" || at(w, i+2) == "be") && scanBack(w, i, 6).positive() {
				return true
			}
		case callVerbs[t]:
			b := scanBack(w, i, 8)
			if !b.negated() || !b.addressed() {
				continue
			}
			next := at(w, i+1)
			if t == "bother" || t == "harass" || t == "disturb" {
				if personalObj[next] {
					return true
				}
				continue
			}
			if !thirdObj[next] || (next == "this" && numberObjs[at(w, i+2)]) {
				return true
			}
		case calledForms[t]:
			if t == "bothered" && at(w, i-2) == "not" && (at(w, i-3) == "can" || at(w, i-3) == "could") {
				continue
			}
			if passiveAux[at(w, i-1)] && scanBack(w, i, 8).negated() {
				return true
			}
		case t == "calls" || t == "texts" || t == "messages" || t == "robocalls" || t == "contact":
			if (at(w, i-1) == "no" || seq(w, i-2, "no", "more")) && !wsHadHaveGot[at(w, i-2)] {
				return true
			}
			if b := scanBack(w, i, 8); b.negated() && b.want {
				return true
			}
		}
	}
	return false
}

// stopRequest reports whether "stop" at w[i] asks the caller to stop.
func secondStopRequest(w []string, i int) bool {
	if sayVerbs[at(w, i-1)] && scanBack(w, i-1, 6).positive() {
		return true
	}
	b := scanBack(w, i, 8)
	if !b.positive() || b.decl || nonAddressed[b.subj] {
		return false
	}
	if b.subj == "" && b.modal && b.stopAt >= 0 && !callNouns[w[b.stopAt]] {
		return false
	}
	return true
}

var (
	secondTimeWords = set("later tomorrow tonight afternoon evening morning noon lunch dinner weekend week month " + "monday tuesday wednesday thursday friday saturday sunday hour hours minute minutes day days " + "after around sometime soon back again another other oclock pm am")
)

// refusalCallbackEN finds refusals (the callee declines the call) and callback
// requests (not now, later).
func secondRefusalCallbackEN(w []string) (refusal, callback bool) {
	for i, t := range w {
		switch {
		case t == "interested":
			if scanBack(w, i, 6).negated() {
				refusal = true
			}
		case t == "uninterested" || t == "disinterested":
			refusal = true
		case t == "interest":
			if at(w, i-1) == "no" {
				refusal = true
			}
		case t == "thanks" || (t == "thank" && at(w, i+1) == "you"):
			if at(w, i-1) == "no" {
				refusal = true
			}
		case t == "no" && at(w, i-1) == "but" && (at(w, i-2) == "thanks" || at(w, i-2) == "you"):
			refusal = true
		case t == "rather" || t == "prefer":
			if at(w, i+1) == "not" && !questionSkip[at(w, i+2)] {
				refusal = true
			}
		case t == "want" || t == "need" || t == "wish":
			b := scanBack(w, i, 5)
			if !b.negated() || b.subj == "you" {
				continue
			}
			next := at(w, i+1)
			switch {
			case next == "":
				refusal = true
			case next == "to" && (refuseTalk[at(w, i+2)] || at(w, i+2) == ""):
				refusal = true
			case refuseObj[next]:
				refusal = true
			}
		case t == "time":
			if kind := secondNoTime(w, i); kind == 1 {
				refusal = true
			} else if kind == 2 {
				callback = true
			}
			if (at(w, i-1) == "another" || at(w, i-1) == "other") || (wsGoodGreatBest[at(w, i-1)] && at(w, i-3) == "not") || (at(w, i-1) == "bad" && (i == 1 || at(w, i-2) == "a" && wsIsItThis[at(w, i-3)])) {
				callback = true
			}
		case t == "pass":
			b := scanBack(w, i, 5)
			end := i == len(w)-1 || wsThanksThankFor[at(w, i+1)] || (at(w, i+1) == "on" && wsThisThatThe[at(w, i+2)] && at(w, i+2) != "it")
			if end && b.positive() && (b.subj == "i" || b.subj == "we" || (b.stopAt < 0 && !b.modal)) {
				refusal = true
			}
		case t == "decline" || t == "refuse":
			if b := scanBack(w, i, 5); b.positive() && (b.subj == "i" || b.subj == "we" || b.stopAt < 0) {
				refusal = true
			}
		case t == "count" && seq(w, i+1, "me", "out"):
			refusal = true
		case t == "way" && at(w, i-1) == "no" && at(w, i+1) != "to" && i-1 == 0:
			refusal = true
		case (t == "go" && at(w, i+1) == "away") || (t == "get" && at(w, i+1) == "lost") || (t == "screw" && at(w, i+1) == "you"):
			if b := scanBack(w, i, 5); b.positive() && (b.subj == "" || b.subj == "you") && !b.modal {
				refusal = true
			}
		case t == "off" && wsFuckFPiss[at(w, i-1)]:
			refusal = true
		case (t == "hang" || t == "hanging") && at(w, i+1) == "up":
			if b := scanBack(w, i, 6); b.positive() && (b.subj == "i" || b.subj == "" || b.subj == "you") {
				refusal = true
			}
		case t == "bother":
			if b := scanBack(w, i, 4); b.negated() && b.subj == "" && (i == len(w)-1 || wsPleaseThanksThank[at(w, i+1)]) {
				refusal = true
			}
		case refuseDo[t] || t == "participate" || t == "participating":
			b := scanBack(w, i, 5)
			if b.negated() && !nonAddressedThird(b.subj) && (refuseDoObj[at(w, i+1)] || t == "participate" || t == "participating") {
				refusal = true
			}
		case t == "talk" || t == "talking" || t == "speak" || t == "speaking":
			b := scanBack(w, i, 5)
			if !b.negated() {
				continue
			}
			if k := negIndex(w, i); k > 0 && (w[k-1] == "can" || w[k-1] == "could") || at(w, i+1) == "right" || at(w, i+1) == "now" {
				callback = true
			} else if at(w, i+1) == "to" && (talkTo[at(w, i+2)] || wsAAnThe[at(w, i+2)] && talkTo[at(w, i+3)]) {
				refusal = true
			}
		case t == "unable" && (at(w, i+2) == "talk" || at(w, i+2) == "speak"):
			callback = true
		case cbVerbs[t]:
			if secondCallbackVerb(w, i) {
				callback = true
			}
		case t == "get" && seq(w, i+1, "back", "to"):
			if scanBack(w, i, 6).positive() {
				callback = true
			}
		case t == "later":
			prev := at(w, i-1)
			if i == 0 || wsMaybePerhapsTalk.Has(prev) {
				callback = true
			}
		case t == "now":
			if at(w, i-1) == "not" || (at(w, i-1) == "right" && at(w, i-2) == "not") {
				callback = true
			}
		case t == "busy":
			if pastAux[at(w, i-1)] || pastAux[at(w, i-2)] {
				continue
			}
			if b := scanBack(w, i, 6); b.positive() && (b.subj == "i" || b.subj == "we" || b.stopAt < 0) {
				callback = true
			}
		case t == "driving" && wsAmAreCurrently[at(w, i-1)]:
			callback = true
		case (t == "meeting" && at(w, i-1) == "a" && at(w, i-2) == "in") || (t == "middle" && seq(w, i-2, "in", "the") && at(w, i+1) == "of") || (t == "work" && at(w, i-1) == "at" && wsAmAreCurrently2[at(w, i-2)]):
			callback = true
		case t == "convenient":
			if scanBack(w, i, 5).negated() {
				callback = true
			}
		case t == "inconvenient":
			callback = true
		}
	}
	return refusal, callback
}

// noTime classifies "i don't have time": 0 not found, 1 refusal (for this, or no
// time qualifier), 2 callback (right now, today).
func secondNoTime(w []string, i int) int {
	neg := false
	if k := i - 1; at(w, k) == "no" || (wsTheAnyMuch[at(w, k)] && at(w, k-1) == "no") {
		if at(w, k) != "no" {
			k--
		}
		neg = set("have got has")[at(w, k-1)] || (k == 0 && (i == len(w)-1 || set("for now right today to")[at(w, i+1)]))
	}
	if !neg {
		b := scanBack(w, i, 6)
		neg = b.negated() && anyIn(w, i-4, i-1, wsHaveGot) >= 0
	}
	if !neg {
		return 0
	}
	if anyIn(w, i+1, i+2, wsFor) >= 0 && anyIn(w, i+2, i+3, wsThisThatThese) >= 0 {
		return 1
	}
	if at(w, i+1) == "to" && at(w, i+2) != "" && !refuseTalk[at(w, i+2)] && !secondParticipation[at(w, i+2)] {
		return 0
	}
	for _, x := range w {
		if temporal[x] {
			return 2
		}
	}
	return 1
}

// callbackVerb reports "call me back", "call me later", "try again tomorrow".
func secondCallbackVerb(w []string, i int) bool {
	b := scanBack(w, i, 6)
	if !b.positive() || b.decl {
		return false
	}
	next := at(w, i+1)
	if thirdObj[next] {
		return false
	}
	if b.subj == "i" || b.subj == "we" {
		return next == "you" && at(w, i+2) == "back"
	}
	if nonAddressed[b.subj] {
		return false
	}
	if w[i] == "try" && next != "me" && next != "again" && next != "back" && next != "later" {
		return false
	}
	return anyIn(w, i+1, i+4, secondTimeWords) >= 0 || anyIn(w, i+1, i+4, wsAtInOn) >= 0 && anyIn(w, i+2, i+5, secondTimeWords) >= 0
}

var ()

// askAIEN: the callee asks whether they talk to a machine or a person.
func secondAskAIEN(w []string) bool {
	for i, t := range w {
		frame := false
		switch {
		case t == "are" && at(w, i+1) == "you":
			frame = at(w, i+2) != "for"
		case t == "is" && thingSubj[at(w, i+1)], (t == "this" || t == "that") && at(w, i+1) == "is" && i == 0:
			frame = true
		case t == "you" && at(w, i+1) == "are" && (i == 0 || at(w, i-1) == "so" || claimAsk[at(w, i-1)]):
			frame = true
		case (t == "am" && at(w, i+1) == "i") || t == "what" && seq(w, i+1, "am", "i"):
			frame = set("talking speaking chatting")[at(w, i+2)]
		case (t == "sound" || t == "sounds") && at(w, i+1) == "like":
			frame = true
		case (t == "talk" || t == "speak") && (at(w, i+1) == "to" || at(w, i+1) == "with"):
			k := i + 2
			for aiSkip[at(w, k)] {
				k++
			}
			if realWords[at(w, k)] {
				k++
			}
			if humanWords[at(w, k)] || at(w, k) == "operator" {
				return true
			}
		case humanWords[t] && at(w, i+1) == "or" && (aiNouns[at(w, i+2)] || aiSkip[at(w, i+2)] && aiNouns[at(w, i+3)]):
			return true
		}
		if !frame {
			continue
		}
		k := i + 2
		for n := 0; n < 5 && aiSkip[at(w, k)]; n++ {
			k++
		}
		x := at(w, k)
		switch {
		case aiNouns[x], humanWords[x], x == "alive":
			return true
		case realWords[x] && (humanWords[at(w, k+1)] || at(w, k+1) == "" || at(w, k+1) == "or" || at(w, k+1) == "someone"):
			return true
		}
	}
	return false
}

var ()

// askIdentityEN: the callee asks who is calling, on whose behalf, or how they got the number.
func secondAskIdentityEN(w []string) bool {
	for i, t := range w {
		switch {
		case t == "who":
			if wsIsAreAm[at(w, i+1)] && anyIn(w, i+2, i+4, idFrameObj) >= 0 {
				return true
			}
		case t == "where":
			if anyIn(w, i+1, i+6, whereObj) >= 0 && anyIn(w, i+1, i+4, wsYouThis) >= 0 {
				return true
			}
		case t == "how":
			if k := anyIn(w, i+1, i+6, getVerbs); k >= 0 && anyIn(w, k+1, k+3, wsNumberDetailsInfo) >= 0 {
				return true
			}
		case orgNouns[t]:
			if anyIn(w, i-3, i-1, wsWhatWhich) >= 0 || (at(w, i-1) == "your" && at(w, i-2) == "of" && at(w, i-3) == "name") {
				return true
			}
		case t == "name" && at(w, i-1) == "your" && (seq(w, i-3, "what", "is") || i == 1):
			return true
		case t == "what" && seq(w, i+1, "is", "this") && anyIn(w, i+3, i+5, secondWsAboutRegardingConcerning) >= 0:
			return true
		case t == "what" && seq(w, i+1, "is", "the", "call") && at(w, i+4) != "":
			return true
		case t == "what" && seq(w, i+1, "do", "you", "want"):
			return true
		case t == "why" && anyIn(w, i+1, i+4, wsCallingCall) >= 0:
			return true
		case scamWords[t]:
			if anyIn(w, i-3, i-1, wsIsAreThis) >= 0 {
				return true
			}
		}
	}
	return false
}

// Small word sets used by single rules.
var (
	secondWsAboutRegardingConcerning = set("about regarding concerning for re")
)

var (
	secondContrastWords = set("but though although however except whereas")
	secondThirdSubjects = set("they he she someone somebody everyone people nobody it")
	secondNpStarts      = set("my the our his her their a an this that")
	secondSelfWords     = set("me us i we my our myself mine")
	secondNarrVerbs     = set("said says told tells mentioned promised asked took taken put came come went had did was were got gave made called rang phoned left stopped fixed")
	secondClauseLeads   = set("and so then well also oh yes yeah no okay ok right honestly actually")
	secondSurveyTargets = set("this it that survey surveys call calls calling questions question any anything these those talking answering doing participating you your feedback one now today phone poll polls")
) // surveyTargets are what a refusal of the call itself names.

// clauses splits normalized words at contrast words. The contrast word
// starts the next clause.
func secondClauses(w []string) [][]string {
	var out [][]string
	start := 0
	for i, t := range w {
		if secondContrastWords[t] && i > start {
			out = append(out, w[start:i])
			start = i
		}
	}
	return append(out, w[start:])
}

// narrative reports a clause told about a third party that does not have
// the callee as its object.
func secondNarrative(c []string) bool {
	k := 0
	for k < len(c) && (secondClauseLeads[c[k]] || secondContrastWords[c[k]]) {
		k++
	}
	if k >= len(c) {
		return false
	}
	subjEnd := k + 1
	switch {
	case secondThirdSubjects[c[k]]:
	case secondNpStarts[c[k]] && k+1 < len(c) && !secondSelfWords[c[k+1]] && !pronouns[c[k+1]]:
		subjEnd = k + 2
	default:
		return false
	}
	past := false
	for j := subjEnd; j < len(c); j++ {
		t := c[j]
		if secondSelfWords[t] {
			return false
		}
		if sayVerbs[t] || t == "says" || t == "mentioned" || t == "promised" {
			return true
		}
		if modals[t] && !pastAux[t] || t == "not" && at(c, j+1) == "to" {
			return false
		}
		if secondNarrVerbs[t] && !passiveAux[at(c, j-1)] && at(c, j-1) != "to" {
			past = true
		}
	}
	return past
}

// pastAttitude reports "used to", "was not ... at first", "back then".
func secondPastAttitude(c []string) bool {
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
func secondOfferRefusal(c []string) bool {
	for i, t := range c {
		if t != "interested" || at(c, i+1) != "in" {
			continue
		}
		for j := i + 2; j < len(c) && j <= i+4; j++ {
			if (c[j] == "that" || c[j] == "this" || c[j] == "these" || c[j] == "those") && at(c, j+1) != "" && !secondSurveyTargets[at(c, j+1)] && at(c, j+1) != "thanks" {
				continue
			}
			if secondSurveyTargets[c[j]] {
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
func secondWeakEnding(c []string) (optOut, refusal bool) {
	n := len(c)
	for i, t := range c {
		switch {
		case (t == "how" || t == "way") && i+1 < n:
			for j := i + 1; j < n && j <= i+5; j++ {
				x := c[j]
				if x == "stop" && anyIn(c, j+1, j+3, set("getting receiving these this them the calls it being")) >= 0 || (x == "off" && anyIn(c, j+1, j+4, listWords) >= 0) || x == "unsubscribe" || (x == "opt" && at(c, j+1) == "out") || (removedForms[x] && at(c, j-1) == "get" || removedForms[x] && at(c, j-1) == "be") {
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
		case t == "not" && i == 0 && at(c, 1) == "today" && n <= 4:
			refusal = true
		case (t == "not" || t == "never") && secondVolitionRefusal(c, i):
			refusal = true
		case t == "interest" && scanBack(c, i, 4).neg%2 == 1:
			refusal = true
		case t == "skip" && anyIn(c, i+1, i+3, set("survey surveys call this it questions all")) >= 0 && at(c, i+2) != "question":
			refusal = true
		case n <= 5 && secondShortDecline(c, i):
			refusal = true
		case (t == "removed" || t == "deleted" || t == "erased" || t == "unlisted") && anyIn(c, i-4, i-1, set("want need like wanted")) >= 0 && anyIn(c, i-3, i-1, set("me my us our number")) >= 0:
			optOut = true
		case t == "if" && at(c, i+1) == "you" && anyIn(c, i+2, i+4, set("not never stopped")) >= 0 && anyIn(c, i+2, i+6, callVerbs) >= 0 && anyIn(c, 0, i-1, set("appreciate prefer rather grateful like better happier")) >= 0:
			optOut = true
		case t == "not" && at(c, i+1) == "to" && at(c, i+2) == "be" && (calledForms[at(c, i+3)] || at(c, i+3) == "used" || at(c, i+3) == "dialled" || at(c, i+3) == "dialed"):
			optOut = true
		case t == "no" && (at(c, i+1) == "further" || at(c, i+1) == "other") && callNouns[at(c, i+2)]:
			optOut = true
		case t == "stop" && anyIn(c, i+1, i+1, set("bugging pestering hassling badgering nagging chasing")) >= 0:
			optOut = true
		}
	}
	return optOut, refusal
}

// enClauses reads the English words clause by clause into f.
func (f *secondIntentFlags) enClauses(cs [][]string) {
	for _, c := range cs {
		var g secondIntentFlags
		g.optOut = secondOptOutEN(c)
		if !g.optOut {
			g.refusal, g.callback = secondRefusalCallbackEN(c)
			g.askAI = secondAskAIEN(c) || secondAskAIMoreEN(c)
			g.askID = secondAskIdentityEN(c) || secondAskIdentityMoreEN(c)
		}
		if secondNarrative(c) {
			g.optOut, g.refusal, g.callback = false, false, false
		}
		if g.refusal && (secondPastAttitude(c) || secondOfferRefusal(c)) {
			g.refusal = false
		}
		if !g.optOut && !secondNarrative(c) && !secondPastAttitude(c) {
			o, r := secondWeakEnding(c)
			switch {
			case o:
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
func (f *secondIntentFlags) merge(g secondIntentFlags) {
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
	secondAnyoneWords = set("anyone anybody someone somebody")
	secondSayAgain    = set("again repeat catch")
)

// askAIMoreEN: "is anyone real there", "is there a human i can talk to",
// "a human being", "an actual person".
func secondAskAIMoreEN(w []string) bool {
	for i, t := range w {
		switch {
		case secondAiFrame(w, i):
			for k := i + 1; k < len(w) && k <= i+7; k++ {
				x := w[k]
				if aiNouns[x] || humanWords[x] || (realWords[at(w, k-1)] && (x == "agent" || x == "operator" || x == "call")) {
					return true
				}
				if x == "about" || x == "for" || x == "from" || x == "calling" && k > i+2 {
					break
				}
			}
		case (t == "put" || t == "get" || t == "transfer" || t == "connect") && anyIn(w, i+1, i+4, humanWords) >= 0:
			return true
		case t == "who" && at(w, i+1) == "you" && (at(w, i+2) == "are" || at(w, i+2) == "were" || at(w, i+2) == "work"):
		case secondAnyoneWords[t] && (realWords[at(w, i+1)] || humanWords[at(w, i+1)] || at(w, i+1) == "alive"):
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
func secondAskIdentityMoreEN(w []string) bool {
	for i, t := range w {
		switch {
		case t == "who" && at(w, i+1) == "you" && (at(w, i+2) == "are" || at(w, i+2) == "were" || at(w, i+2) == "work" || at(w, i+2) == "represent"):
			return true
		case t == "who" && (at(w, i+1) == "did" || at(w, i+1) == "do") && at(w, i+2) == "you" && (at(w, i+3) == "say" || at(w, i+3) == "represent" || at(w, i+3) == "work"):
			return true
		case t == "who" && (at(w, i+1) == "was" || at(w, i+1) == "is") && at(w, i+2) == "this" && i+3 >= len(w):
			return true
		case (t == "name" || orgNouns[t]) && (anyIn(w, i+1, i+3, secondSayAgain) >= 0 || anyIn(w, i-4, i-1, secondSayAgain) >= 0):
			return true
		case t == "name" && at(w, i+1) == "of" && anyIn(w, i+2, i+4, orgNouns) >= 0:
			return true
		}
	}
	return false
}

var (
	secondVolitionWords = set("want wanna wish like care willing going gonna planning plan intend intending prepared up keen about")
	secondParticipation = set("answer answering do doing take taking participate participating talk talking continue continuing " + "go going carry this that it any survey surveys questions question one part help")
)

// volitionRefusal reads "i'm not willing to do that", "i don't feel like
// answering", "not going to answer", "i'm not up for it": a negated will
// to take part, said by the callee.
func secondVolitionRefusal(c []string, i int) bool {
	b := scanBack(c, i, 4)
	if b.subj != "" && b.subj != "i" && b.subj != "we" {
		return false
	}
	for j := i + 1; j < len(c) && j <= i+3; j++ {
		t := c[j]
		if t == "feel" && at(c, j+1) == "like" {
			j++
			t = "like"
		}
		if !secondVolitionWords[t] {
			continue
		}
		for k := j + 1; k < len(c) && k <= j+3; k++ {
			if secondParticipation[c[k]] {
				return true
			}
			if c[k] != "to" && c[k] != "for" && c[k] != "in" && c[k] != "on" && c[k] != "with" {
				break
			}
		}
	}
	return false
}

// shortDecline reads a short utterance that only declines: "not for me",
// "not happening", "i'm all set thanks", "no goodbye", "leave it".
func secondShortDecline(c []string, i int) bool {
	t := c[i]
	switch {
	case t == "not" && (at(c, i+1) == "for" && at(c, i+2) == "me" || at(c, i+1) == "happening"):
		return true
	case t == "set" && at(c, i-1) == "all" && at(c, i-2) == "am":
		return true
	case (t == "goodbye" || t == "bye") && c[0] == "no":
		return true
	case t == "leave" && at(c, i+1) == "it" && i+2 >= len(c):
		return true
	}
	return false
}

// aiFrame reports a yes/no question frame about the call or the speaker at
// w[i]: "is this", "is it", "is a", "are you", "am i", "is there".
func secondAiFrame(w []string, i int) bool {
	t, n := w[i], at(w, i+1)
	switch {
	case t == "is" && (n == "this" || n == "it" || n == "that" || n == "a" || n == "there"):
		return i == 0 || at(w, i-1) == "so" || at(w, i-1) == "wait" || at(w, i-1) == "hang" || at(w, i-1) == "on" || at(w, i-1) == "ok" || at(w, i-1) == "okay" || at(w, i-1) == "um" || at(w, i-1) == "uh"
	case t == "are" && n == "you":
		return true
	case t == "am" && n == "i":
		return true
	}
	return false
}

// dropFillers removes spoken fillers the recogniser writes out ("you know",
// "i mean", a "like" between two function words) so the rules see the
// sentence. "do you know", "if you know" and "i like" keep their words.
func secondDropFillers(w []string) []string {
	var out []string
	for i := 0; i < len(w); i++ {
		t := w[i]
		prev := at(w, i-1)
		if t == "you" && at(w, i+1) == "know" && !set("do does did if would dont not i").Has(prev) && i+2 < len(w) {
			if out == nil {
				out = append([]string(nil), w[:i]...)
			}
			i++
			continue
		}
		if t == "like" && secondFillerLike(prev, at(w, i+1)) {
			if out == nil {
				out = append([]string(nil), w[:i]...)
			}
			continue
		}
		if out != nil {
			out = append(out, t)
		}
	}
	if out == nil {
		return w
	}
	return out
}

// fillerLike reports a "like" that only fills: between a copula, a pronoun
// or a determiner and what follows ("is like this", "i am like all set").
func secondFillerLike(prev, next string) bool {
	if prev == "" || next == "" {
		return false
	}
	return set("is am are was im um uh so just").Has(prev) && !set("to that it me").Has(next)
}

var (
	secondZhContrast      = []string{"但是", "不过", "可是", "只是", "然而", "但"}
	secondZhThird         = []string{"他们", "她们", "他", "她", "朋友", "师傅", "家人", "老婆", "老公", "妻子", "丈夫", "同事", "邻居", "别人", "有人", "孩子", "儿子", "女儿", "妈", "爸"}
	secondZhSay           = []string{"说", "告诉", "讲", "提到", "答应"}
	secondZhPast          = []string{"以前", "上次", "之前", "当时", "那时", "那天", "那次", "曾经", "原来", "本来"}
	secondZhSurveyTargets = []string{ // zhSurveyTargets are what a refusal of the call itself names.
		"这", "那个", "调查", "问卷", "电话", "你们", "回答", "访问", "回访", "聊", "打", "推销", "这种", "这些", "任何"}
	secondZhHowStop   = []string{"怎么", "如何", "怎样", "有什么办法", "有没有办法"}
	secondZhStopWords = []string{"不再", "不要再", "别再", "停止", "取消", "退订", "不接到", "不被"}
)

// zhClauses splits Han-only text at contrast words (the word starts the
// next clause). 但 inside 但愿/不但 is not split.
func secondZhClauses(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); {
		split := 0
		for _, c := range secondZhContrast {
			if i > start && strings.HasPrefix(s[i:], c) && !(c == "但" && (strings.HasPrefix(s[i:], "但愿") || strings.HasSuffix(s[:i], "不"))) {
				split = len(c)
				break
			}
		}
		if split > 0 {
			out = append(out, s[start:i])
			start = i
			i += split
			continue
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return append(out, s[start:])
}

// zhNarrative reports a clause that says what a third party said.
func secondZhNarrative(c string) bool {
	for _, t := range secondZhThird {
		i := strings.Index(c, t)
		if i < 0 || i > 9 {
			continue
		}
		if hasAny(c[i+len(t):], secondZhSay) {
			return true
		}
	}
	return false
}

// zhOfferRefusal reports 对X没兴趣 where X is not the call or the survey.
func secondZhOfferRefusal(c string) bool {
	i := strings.Index(c, "对")
	if i < 0 {
		return false
	}
	rest := c[i+len("对"):]
	j := -1
	for _, k := range []string{"没兴趣", "不感兴趣", "没有兴趣", "没什么兴趣", "不太感兴趣"} {
		if x := strings.Index(rest, k); x > 0 && (j < 0 || x < j) {
			j = x
		}
	}
	if j <= 0 {
		return false
	}
	obj := rest[:j]
	return !hasAny(obj, secondZhSurveyTargets)
}

// zhWeakEnding finds indirect opt-outs and casual refusals.
func secondZhWeakEnding(c string) (optOut, refusal bool) {
	for _, h := range secondZhHowStop {
		if i := strings.Index(c, h); i >= 0 {
			rest := c[i+len(h):]
			if hasAny(rest, secondZhStopWords) && hasAny(rest, []string{"电话", "打", "联系", "骚扰", "这种", "这些", "号码"}) {
				optOut = true
			}
		}
	}
	if hasAny(c, []string{"不希望再被", "不想再被", "不愿意再被", "不想再接", "不希望再接", "不要再来", "不想再收到"}) {
		optOut = true
	}
	if hasAny(c, []string{"浪费我", "浪费时间", "没心情", "别问", "不要问", "没空理", "懒得", "不用麻烦", "没什么好说"}) || c == "挂了" {
		refusal = true
	}
	if secondZhNegPart(c) {
		refusal = true
	}
	for _, n := range []string{"不想再", "不要再", "不愿意再", "不希望再"} {
		if i := strings.Index(c, n); i >= 0 && hasAny(head(c, i+len(n), 2), []string{"接", "拨", "收"}) {
			optOut = true
		}
	}
	if strings.Contains(c, "别再拨") || strings.Contains(c, "不要再拨") {
		optOut = true
	}
	return optOut, refusal
}

// zhClauseFlags reads Chinese text clause by clause into f.
func (f *secondIntentFlags) zhClauses(s string) {
	s = railFold(s)
	s = strings.ReplaceAll(s, "不用谢", "谢谢")
	for _, c := range secondZhClauses(s) {
		var g secondIntentFlags
		g.optOut = secondOptOutZH(c)
		if !g.optOut {
			g.refusal, g.callback = secondRefusalCallbackZH(c)
			g.askAI = secondAskAIZH(c) || hasAny(c, []string{"有没有真人", "有真人吗", "真人接", "是真的人", "有人工吗", "活人吗"})
			g.askID = secondAskIdentityZH(c)
		}
		narr := secondZhNarrative(c)
		past := hasAny(c, secondZhPast)
		if narr {
			g.refusal, g.callback = false, false
		}
		if past {
			g.refusal, g.callback = false, false
		}
		if g.refusal && secondZhOfferRefusal(c) {
			g.refusal = false
		}
		if !g.optOut && !narr && !past {
			o, r := secondZhWeakEnding(c)
			switch {
			case o:
				g.weakOpt = !g.refusal
				g.optOut = true
			case r && !g.refusal:
				g.refusal, g.weakRef = true, true
			}
		}
		f.merge(g)
	}
}

var (
	secondZhNegators = []string{"不想", "不愿意", "不愿", "不要", "拒绝", "不"}
	secondZhPartVerb = []string{"回答", "参与", "参加", "接受", "配合", "说", "做", "聊", "讲", "答"}
)

// zhNegPart reads a negated will to take part: 我不想说, 这个我不回答, 不接受调查.
// The verb must follow the negator at once (or after 再/去), so 不太记得 and
// 不好说 are not read.
func secondZhNegPart(c string) bool {
	for _, n := range secondZhNegators {
		found := false
		forEach(c, n, func(i int) bool {
			rest := c[i+len(n):]
			rest = strings.TrimPrefix(rest, "再")
			rest = strings.TrimPrefix(rest, "去")
			for _, v := range secondZhPartVerb {
				if strings.HasPrefix(rest, v) && !strings.HasPrefix(rest, "说过") && !strings.HasPrefix(rest, "做饭") {
					found = true
					return true
				}
			}
			return false
		})
		if found {
			return true
		}
	}
	return false
}

// zh applies the Chinese rules to a normalized string without spaces.
func (f *secondIntentFlags) zh(s string) {
	if !hasHan(s) {
		return
	}
	f.zhClauses(s)
	if !f.optOut && secondOptOutZH(railFold(s)) {
		f.merge(secondIntentFlags{optOut: true, weakOpt: true})
	}
}

var (
	secondZhStopNeg = []string{ // zhStopNeg start a prohibition: 别再打了, 不要给我打电话, 停止拨打.
		"别", "不要", "不用", "甭", "勿", "不许", "不准", "禁止", "停止", "不想再", "不希望", "不能再", "不可以", "少"}
	secondZhCall = []string{ // zhBridge may stand between the prohibition and the calling verb.
		// zhCall are the calling verbs; 打 alone needs zhDaOK after it (打折 is a discount).
		"打电话", "打扰", "骚扰", "联系", "来电", "致电", "拨打", "烦我", "烦了", "发短信", "发信息", "呼叫", "推销", "call"}
) // zhBieCompound are characters that make 别 part of a word (特别, 区别).

// optOutZH: 别再打了, 不要再给我打电话, 把我的号码删掉, 拉黑, 退订.
func secondOptOutZH(s string) bool {
	for _, neg := range secondZhStopNeg {
		if forEach(s, neg, func(i int) bool {
			if neg == "别" && strings.ContainsRune(zhBieCompound, runeBefore(s, i)) {
				return false
			}
			if neg == "少" && !strings.HasPrefix(s[i:], "少打") && !strings.HasPrefix(s[i:], "少来") {
				return false
			}
			j := i + len(neg)
			for n := 0; n < 6; n++ {
				if secondZhCallAt(s, j) {
					return true
				}
				r := runeAt(s, j)
				if r == 0 || !strings.ContainsRune(zhBridge, r) {
					break
				}
				j += len(string(r))
			}
			return secondZhCallAt(s, j)
		}) {
			return true
		}
	}
	if hasAny(s, []string{"删", "去掉", "移除", "拿掉", "注销", "撤掉", "划掉"}) && hasAny(s, []string{"号码", "电话", "手机", "信息", "资料", "我的", "名单", "联系方式", "记录"}) && !hasAny(s, []string{"不要删", "别删", "不用删", "不删", "别去掉", "不要去掉", "不要移除"}) {
		return true
	}
	for _, p := range []string{"黑名单", "拉黑", "免打扰", "勿扰", "退订", "取消订阅", "骚扰"} {
		if forEach(s, p, func(i int) bool {
			return !zhNegated(s, i, 2) || strings.HasPrefix(tail(s, i, 2), "别") || strings.HasPrefix(tail(s, i, 2), "不要")
		}) {
			return true
		}
	}
	for _, v := range []string{"撤回", "撤销", "收回", "取消"} {
		if forEach(s, v, func(i int) bool {
			return hasAny(head(s, i+len(v), 5), []string{"同意", "授权", "许可"})
		}) {
			return true
		}
	}
	if forEach(s, "接到", func(i int) bool {
		return zhWantNeg(s, i) && hasAny(head(s, i, 8), []string{"电话", "来电", "短信"})
	}) || forEach(s, "收到", func(i int) bool {
		return zhWantNeg(s, i) && hasAny(head(s, i, 8), []string{"电话", "来电", "短信"})
	}) {
		return true
	}
	return forEach(s, "再打", func(i int) bool {
		return hasAny(head(s, i, 6), []string{"就", "的话"})
	})
}

// zhCallAt reports a calling verb at byte offset j.
func secondZhCallAt(s string, j int) bool {
	rest := s[j:]
	for _, c := range secondZhCall {
		if strings.HasPrefix(rest, c) {
			return true
		}
	}
	if strings.HasPrefix(rest, "打") {
		next := runeAt(s, j+len("打"))
		return next == 0 || strings.ContainsRune(zhDaOK, next)
	}
	if strings.HasPrefix(rest, "烦") {
		return runeAt(s, j+len("烦")) == 0
	}
	return false
}

var (
	secondZhTime = []string{"晚点", "晚一点", "晚些", "等会", "等一会", "等一下", "等下", "一会", "过会", "稍后", "改天", "明天", "后天", "下午", "晚上", "上午", "中午", "早上", "下周", "下个星期", "下星期", "下礼拜", "下次", "回头", "过几天", "过两天", "周末", "以后再", "有空的时候", "方便的时候", "其他时间", "别的时间", "另外的时间", "下班后", "下班以后", "明早", "今晚"}
	secondZhBusy = []string{"不方便", "在忙", "正忙", "很忙", "忙着", "有点忙", "在开车", "开车呢", "在开会", "开会呢", "没空", "上班呢", "在上班", "在外面", "正在吃饭", "在吃饭", "没时间说", "不太方便"}
)

// refusalCallbackZH finds refusals (不用了谢谢, 不感兴趣) and callbacks (晚点再打, 我现在不方便).
func secondRefusalCallbackZH(s string) (refusal, callback bool) {
	if hasAny(s, []string{"不感兴趣", "没兴趣", "没有兴趣", "没什么兴趣", "不太感兴趣", "不怎么感兴趣", "兴趣不大"}) {
		refusal = true
	}
	for _, p := range []string{"不用", "不需要", "不要", "不必", "用不着"} {
		if forEach(s, p, func(i int) bool {
			rest := s[i+len(p):]
			return rest == "" || strings.HasPrefix(rest, "了") || strings.HasPrefix(rest, "谢") || strings.HasPrefix(rest, "啊") || strings.HasPrefix(rest, "呢") || strings.HasPrefix(rest, "哦") || strings.HasPrefix(rest, "吧") || strings.HasPrefix(rest, "啦") || strings.HasPrefix(rest, "你们") || strings.HasPrefix(rest, "这个") || strings.HasPrefix(rest, "这些") || strings.HasPrefix(rest, "的")
		}) {
			refusal = true
		}
	}
	if hasAny(s, []string{"算了", "不考虑", "拒绝", "不参加", "不想参加", "不想聊", "不想听", "不想做", "不做调查", "不做问卷", "别说了", "不要说了", "不用说了", "不想说了", "我挂了", "先挂了", "挂了啊", "挂了哈", "不买", "不办", "不了谢谢", "没需要", "没有需要"}) {
		refusal = true
	}
	if strings.HasSuffix(s, "不了") {
		refusal = true
	}
	if forEach(s, "没时间", func(i int) bool {
		return true
	}) || strings.Contains(s, "没有时间") {
		if hasAny(s, []string{"现在", "这会", "目前", "今天", "暂时", "这两天", "最近"}) {
			callback = true
		} else {
			refusal = true
		}
	}
	for _, t := range secondZhTime {
		if forEach(s, t, func(i int) bool {
			return hasAny(head(s, i+len(t), 6), zhTimeThen) || i+len(t) == len(s)
		}) {
			callback = true
			break
		}
	}
	for _, b := range secondZhBusy {
		if forEach(s, b, func(i int) bool {
			before := tail(s, i, 2)
			return !strings.HasSuffix(before, "不") && !strings.HasSuffix(before, "不是") && !strings.HasSuffix(before, "没")
		}) {
			callback = true
			break
		}
	}
	if hasAny(s, []string{"回电", "回个电话", "打回来", "回拨"}) && !zhNegated(s, strings.Index(s, "回"), 3) {
		callback = true
	}
	return refusal, callback
}

var ()

// askAIZH: 你是机器人吗, 你是真人吗, 是人工还是机器, 转人工.
func secondAskAIZH(s string) bool {
	if hasAny(s, []string{"转人工", "要人工", "找人工", "人工服务", "真人服务", "人工客服", "换人工", "找真人", "找个真人"}) {
		return true
	}
	for _, n := range zhAINouns {
		if forEach(s, n, func(i int) bool {
			before := tail(s, i, 5)
			if strings.Contains(before, "是") || strings.Contains(before, "跟") || strings.Contains(before, "和") || strings.Contains(before, "在跟") {
				return true
			}
			after := head(s, i+len(n), 3)
			return strings.Contains(after, "吗") || strings.Contains(after, "么") || strings.Contains(after, "还是")
		}) {
			return true
		}
	}
	return hasAny(s, []string{"是人吗", "是个人吗", "是不是人", "是人还是"})
}

// askIdentityZH: 你是哪里, 你们是哪个公司, 你怎么有我的号码.
func secondAskIdentityZH(s string) bool {
	if hasAny(s, []string{"你是谁", "您是谁", "是谁啊", "你哪位", "您哪位", "是哪位", "哪位啊", "谁啊", "你是哪", "您是哪", "你们是哪", "哪里打来", "哪打来", "谁打的", "谁打来", "这是哪", "这是什么公司", "干什么的", "做什么的", "干嘛的", "干啥的", "什么事", "啥事", "你叫什么", "您贵姓", "哪个单位", "什么单位"}) {
		return true
	}
	for _, q := range []string{"哪个", "哪家", "什么", "啥"} {
		if forEach(s, q, func(i int) bool {
			return hasAny(head(s, i+len(q), 4), []string{"公司", "单位", "机构", "平台", "银行", "部门", "组织"})
		}) {
			return true
		}
	}
	if hasAny(s, []string{"号码", "电话", "手机号", "信息", "资料"}) && hasAny(s, []string{"怎么有", "怎么知道", "怎么拿到", "怎么得到", "怎么弄到", "怎么搞到", "哪里拿", "哪里来", "哪来", "哪里得", "哪儿来", "哪弄", "谁给"}) {
		return true
	}
	return false
}

// secondOpinion is the second reader's verdict on normalized text. Every
// ending verdict it gives is weak: it is consulted only where the clause reader
// heard nothing, so the agent confirms before it ends the call.
func secondOpinion(norm, lang string) IntentResult {
	f := secondFlagsNorm(norm, lang)
	r := IntentResult{Intent: f.best()}
	switch r.Intent {
	case IntentOptOut, IntentRefusal:
		r.Weak = true
	case IntentCallback:
		// A callback ends the call with no question asked, and the clause
		// reader (which sees stories and reported speech) heard none.
		r.Intent = IntentNone
	}
	return r
}
