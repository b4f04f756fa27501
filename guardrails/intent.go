package guardrails

import "strings"

// Classify returns what a callee utterance asks of the agent. The language is
// detected: text with Chinese characters is read with the Chinese rules.
func Classify(text string) Intent {
	return ClassifyLang(text, "")
}

// ClassifyLang is Classify with a language hint ("en", "zh", "zh-TW", ...; ""
// detects). The hint never switches rules off: the English rules read the Latin
// words and the Chinese rules read the Chinese characters of every utterance, so
// a code-switched opt-out ("ok 别再打了") is still heard. When several intents
// match, the precedence is opt_out > refusal > callback > ask_if_ai > ask_identity.
func ClassifyLang(text, lang string) Intent {
	return classifyNorm(Normalize(text), lang)
}

// classifyNorm classifies already normalized text, clause by clause (intent_clause.go).
func classifyNorm(norm, lang string) Intent {
	return readIntent(norm, lang).Intent
}

// readIntent is the clause reader's verdict (intent_clause.go); where it hears
// nothing, the second reader's (intent_second.go), then the learned head's
// (model_combine.go), for opt-outs only. The head does not see negation scope, so it is not
// asked about an utterance with a negation or a bare one- or two-word answer.
// The second reader and the head only add weak ending verdicts: the agent
// confirms before it ends the call.
func readIntent(norm, lang string) IntentResult {
	r := analyze(norm, lang)
	if r.Intent == IntentNone {
		r = secondOpinion(norm, lang)
	}
	if r.Intent == IntentNone && modelMayRead(norm) {
		// Only the head's opt-outs are taken: a missed one harasses a callee,
		// while its refusals ("I'll pass it on") cost more than they find.
		if m := CombineIntent(r, norm, lang, ModelIntentThreshold); m.Intent == IntentOptOut {
			r = m
		}
	}
	if r.Intent == IntentNone && modelMayAsk(norm) {
		// A question about the caller costs one fixed answer when the head is
		// wrong, and the survey goes on: the head may add those.
		if in, p := ModelIntent(norm, lang); (in == IntentAskIfAI || in == IntentAskIdentity) && p >= ModelAskThreshold {
			r = IntentResult{Intent: in}
		}
	}
	return r
}

// ModelAskThreshold is the learned head's probability above which it may
// read a question about the caller the rules missed.
const ModelAskThreshold float32 = 0.6

// modelMayAsk reports whether the head may be asked whether an utterance
// questions the caller: three words or more (five Chinese characters).
func modelMayAsk(norm string) bool {
	if hasHan(norm) {
		return len([]rune(hanOnly(norm))) >= 5
	}
	return len(strings.Fields(norm)) >= 3
}

// modelMayRead reports whether the learned intent head may be asked about an
// utterance: three words or more (six Chinese characters), and no negation.
func modelMayRead(norm string) bool {
	if hasHan(norm) {
		return len([]rune(hanOnly(norm))) >= 6 && !negated(norm)
	}
	return len(strings.Fields(norm)) >= 3 && !negated(norm)
}

// negated reports whether an utterance holds a negation, whose scope the
// learned head does not see ("please don't remove me").
func negated(norm string) bool {
	if hasHan(norm) && strings.ContainsAny(hanOnly(norm), "不没别勿未非甭") {
		return true
	}
	for _, x := range strings.Fields(norm) {
		switch x {
		case "not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "without", "cannot":
			return true
		}
	}
	return false
}

func hasLatin(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

// intentFlags collects every intent an utterance expresses.
type intentFlags struct {
	optOut, refusal, callback, askAI, askID bool
}

func (f intentFlags) best() Intent {
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
func (f *intentFlags) en(w []string) {
	f.optOut = f.optOut || optOutEN(w)
	if f.optOut {
		return
	}
	ref, cb := refusalCallbackEN(w)
	f.refusal = f.refusal || ref
	f.callback = f.callback || cb
	f.askAI = f.askAI || askAIEN(w)
	f.askID = f.askID || askIdentityEN(w)
}

var (
	stopVerbs    = set("stop quit cease discontinue halt")
	stopObjs     = set("calling call calls ringing phoning contacting bothering harassing texting messaging dialing dialling sending emailing it this that these those now already please right with i we no just okay thanks thank")
	callNouns    = set("calls call calling phone this it these those harassment texts messages robocalls")
	callVerbs    = set("call ring phone contact text dial message email bother harass disturb calling ringing phoning contacting texting bothering")
	personalObj  = set("me us")
	thirdObj     = set("it that them him her this")
	calledForms  = set("called contacted bothered disturbed phoned texted harassed rung messaged emailed")
	removeStrong = set("remove delete erase wipe purge unlist")
	removeWeak   = set("take drop scratch strike cross get")
	forgetVerbs  = set("lose forget")
	meObjs       = set("me my us our number numbers name details info information data contact record records")
	numberObjs   = set("number numbers details info information data")
	offWords     = set("off out from")
	removedForms = set("removed deleted erased unlisted unsubscribed taken dropped scratched struck")
	needsOff     = set("taken dropped scratched struck")
	passiveAux   = set("be been being get getting got")
	revokeVerbs  = set("revoke revoking withdraw withdrawing rescind retract cancel cancelling canceling pull")
	consentNouns = set("consent consented permission authorization authorisation agreement subscription")
	dncNouns     = set("list lists registry register")
	sayVerbs     = set("said say saying told")
	nonAddressed = set("i we they he she someone somebody people everyone anyone nobody")
)

// optOutEN: the callee asks that calls stop, to be removed, or revokes consent.
func optOutEN(w []string) bool {
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
			return true // do not call list
		case t == "harassment" || t == "harassing":
			if scanBack(w, i, 6).positive() {
				return true
			}
		case t == "enough" && anyIn(w, i+1, i+3, callNouns) >= 0:
			return true // enough with the calls
		case (t == "off" || (t == "out" && at(w, i+1) == "of")) && anyIn(w, i+1, i+4, listWords) >= 0 && !ownListEN(w, i):
			// "i want off your list", "get me out of your system"
			if b := scanBack(w, i, 6); b.positive() && !nonAddressedThird(b.subj) {
				return true
			}
		case stopVerbs[t]:
			if stopRequest(w, i) && (i == len(w)-1 || anyIn(w, i+1, i+2, stopObjs) >= 0) {
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
			passive := passiveAux[at(w, i-1)] ||
				(meObjs[at(w, i-1)] && anyIn(w, i-3, i-2, wsHaveGet) >= 0)
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
			// "i do not consent", "you do not have my permission", "i never consented"
			if scanBack(w, i, 8).neg%2 == 1 {
				return true
			}
		case t == "agreed" || t == "agree":
			if at(w, i+1) == "to" && anyIn(w, i+2, i+4, wsThisTheseCalls) >= 0 &&
				scanBack(w, i, 6).neg%2 == 1 {
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
			if seq(w, i-2, "not", "be") && (at(w, i-3) == "can" || at(w, i-3) == "could") {
				continue // "i can't be bothered" declines, it does not opt out
			}
			if passiveAux[at(w, i-1)] && scanBack(w, i, 8).negated() {
				return true
			}
		case t == "calls" || t == "texts" || t == "messages" || t == "robocalls" || t == "contact":
			if (at(w, i-1) == "no" || seq(w, i-2, "no", "more")) && !wsHadHaveGot[at(w, i-2)] {
				return true // no calls please
			}
			if b := scanBack(w, i, 8); b.negated() && b.want {
				return true // i do not want any more calls
			}
		}
	}
	return false
}

// stopRequest reports whether "stop" at w[i] asks the caller to stop.
func stopRequest(w []string, i int) bool {
	if sayVerbs[at(w, i-1)] && scanBack(w, i-1, 6).positive() {
		return true // "i said stop"
	}
	b := scanBack(w, i, 8)
	if !b.positive() || b.decl || nonAddressed[b.subj] {
		return false
	}
	if b.subj == "" && b.modal && b.stopAt >= 0 && !callNouns[w[b.stopAt]] {
		return false // "the noise should stop"
	}
	return true
}

// removeRequest reports whether a removal verb at w[i] is asked of the caller.
func removeRequest(w []string, i int) bool {
	b := scanBack(w, i, 8)
	return b.positive() && !nonAddressed[b.subj]
}

var (
	refuseTalk   = set("talk speak chat participate take do continue hear listen deal buy join sign proceed discuss go")
	refuseObj    = set("it this that any anything your them one these those none nothing")
	questionSkip = set("say answer tell share disclose comment give")
	refuseDo     = set("do doing take taking answer answering accept accepting buy buying")
	refuseDoObj  = set("this that it surveys survey any anything nothing these those calls phone sales telemarketing")
	talkTo       = set("you robots robot machine machines bot bots telemarketer telemarketers salesperson salespeople stranger strangers computer")
	temporal     = set("now today tonight currently moment minute minutes present yet week busy")
	cbVerbs      = set("call ring phone try reach contact text catch")
	timeWords    = set("later tomorrow tonight afternoon evening morning noon lunch dinner weekend week month " +
		"monday tuesday wednesday thursday friday saturday sunday hour hours minute minutes day days " +
		"after around sometime soon back again another other oclock pm am")
)

// refusalCallbackEN finds refusals (the callee declines the call) and callback
// requests (not now, later).
func refusalCallbackEN(w []string) (refusal, callback bool) {
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
				continue // "i don't want you to stop" is not a refusal
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
			if kind := noTime(w, i); kind == 1 {
				refusal = true
			} else if kind == 2 {
				callback = true
			}
			if (at(w, i-1) == "another" || at(w, i-1) == "other") ||
				(wsGoodGreatBest[at(w, i-1)] && at(w, i-3) == "not") ||
				(at(w, i-1) == "bad" && (i == 1 || at(w, i-2) == "a" && wsIsItThis[at(w, i-3)])) {
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
				callback = true // i can't talk right now
			} else if at(w, i+1) == "to" && (talkTo[at(w, i+2)] || wsAAnThe[at(w, i+2)] && talkTo[at(w, i+3)]) {
				refusal = true
			}
		case t == "unable" && (at(w, i+2) == "talk" || at(w, i+2) == "speak"):
			callback = true
		case cbVerbs[t]:
			if callbackVerb(w, i) {
				callback = true
			}
		case t == "get" && seq(w, i+1, "back", "to"):
			if scanBack(w, i, 6).positive() {
				callback = true
			}
		case t == "later":
			prev := at(w, i-1)
			if next := at(w, i+1); next == "that" || next == "on" || next == "in" || next == "the" || next == "when" {
				continue // "later that day it leaked": a story
			}
			if i == 0 || wsMaybePerhapsTalk.Has(prev) {
				callback = true
			}
		case t == "now":
			if at(w, i-1) == "not" || (at(w, i-1) == "right" && at(w, i-2) == "not") {
				callback = true
			}
		case t == "busy":
			if b := scanBack(w, i, 6); b.positive() && (b.subj == "i" || b.subj == "we" || b.stopAt < 0) {
				callback = true
			}
		case t == "driving" && wsAmAreCurrently[at(w, i-1)]:
			callback = true
		case (t == "meeting" && at(w, i-1) == "a" && at(w, i-2) == "in") ||
			(t == "middle" && seq(w, i-2, "in", "the") && at(w, i+1) == "of") ||
			(t == "work" && at(w, i-1) == "at" && wsAmAreCurrently2[at(w, i-2)]):
			callback = true
		case t == "convenient":
			if scanBack(w, i, 5).negated() {
				callback = true
			}
		case t == "inconvenient":
			callback = true
		}
	}
	if !refusal && !callback && timePreferenceEN(w) {
		callback = true
	}
	return refusal, callback
}

var (
	cbTimeWords = set("morning mornings afternoon afternoons evening evenings tonight tomorrow weekend weekends noon " +
		"monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays saturdays sundays")
	cbSpanUnits = set("hour hours minute minutes min mins bit while")
	cbNumbers   = set("one two three four five six seven eight nine ten eleven twelve 1 2 3 4 5 6 7 8 9 10 11 12 noon lunch work dinner")
	cbPrefer    = set("better best works work good free fine call ring try phone reach back suits suit")
	// cbStory are words of a past event or a description: "later that day it
	// leaked", "the evening appointment helped", "the doctor said to call".
	cbStory = set("was were did had came went visited appointment visit said told helped started got been the that this")
)

// timePreferenceEN: the callee moves the call to another time ("after six is
// best", "weekends are better", "try in half an hour", "ring me next week",
// "maybe another day"), not a story about a time.
func timePreferenceEN(w []string) bool {
	when, prefer := false, false
	for i, t := range w {
		if cbStory[t] && !(t == "this" && at(w, i+1) == "time") && !(t == "that" && at(w, i+1) == "time") {
			return false
		}
		switch {
		case cbTimeWords[t]:
			when = true
		case (t == "after" || t == "before") && cbNumbers[at(w, i+1)]:
			when = true
		case t == "in" && (cbSpanUnits[at(w, i+1)] || cbSpanUnits[at(w, i+2)] || cbSpanUnits[at(w, i+3)]) &&
			(at(w, i+1) == "an" || at(w, i+1) == "a" || at(w, i+1) == "half" || cbNumbers[at(w, i+1)]):
			when = true
		case t == "next" && (at(w, i+1) == "week" || at(w, i+1) == "month" || cbTimeWords[at(w, i+1)]):
			when = true
		case t == "another" && (at(w, i+1) == "day" || at(w, i+1) == "time"), t == "better" && at(w, i+1) == "time" && at(w, i-1) == "a":
			when, prefer = true, true
		}
		if cbPrefer[t] {
			prefer = true
		}
	}
	return when && prefer
}

// Has reports membership (a method so call sites read naturally).
func (s wordSet) Has(w string) bool { return s[w] }

func nonAddressedThird(s string) bool {
	return s == "they" || s == "he" || s == "she" || s == "people" || s == "someone"
}

// negIndex returns the index of the nearest "not"/"never" before w[i] within 5 words, or -1.
func negIndex(w []string, i int) int {
	for j := i - 1; j >= 0 && i-j <= 5; j-- {
		if w[j] == "not" || w[j] == "never" {
			return j
		}
	}
	return -1
}

// noTime classifies "i don't have time": 0 not found, 1 refusal (for this, or no
// time qualifier), 2 callback (right now, today).
func noTime(w []string, i int) int {
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
	for _, x := range w {
		if temporal[x] {
			return 2
		}
	}
	return 1
}

// callbackVerb reports "call me back", "call me later", "try again tomorrow".
func callbackVerb(w []string, i int) bool {
	b := scanBack(w, i, 6)
	if !b.positive() || b.decl {
		return false
	}
	next := at(w, i+1)
	if thirdObj[next] {
		return false // "you could call it excellent"
	}
	if b.subj == "i" || b.subj == "we" {
		return next == "you" && at(w, i+2) == "back" // i will call you back
	}
	if nonAddressed[b.subj] {
		return false
	}
	if w[i] == "try" && next != "me" && next != "again" && next != "back" && next != "later" {
		return false
	}
	return anyIn(w, i+1, i+4, timeWords) >= 0 || anyIn(w, i+1, i+4, wsAtInOn) >= 0 && anyIn(w, i+2, i+5, timeWords) >= 0
}

var (
	aiNouns    = set("robot robots machine bot bots ai computer recording recorded automated automatic artificial robocall chatbot program software computerised computerized recorder")
	humanWords = set("person human humans people")
	realWords  = set("real live actual")
	claimAsk   = set("me that say admit confirm promise swear pretend prove")
	aiSkip     = set("a an the just some kind sort of even really like not actually talking speaking to with still")
)

// askAIEN: the callee asks whether they talk to a machine or a person.
func askAIEN(w []string) bool {
	for i, t := range w {
		frame := false
		switch {
		case t == "are" && at(w, i+1) == "you":
			frame = at(w, i+2) != "for"
		case t == "is" && thingSubj[at(w, i+1)], (t == "this" || t == "that") && at(w, i+1) == "is" && i == 0:
			frame = true
		case t == "you" && at(w, i+1) == "are" && (i == 0 || at(w, i-1) == "so" || claimAsk[at(w, i-1)]):
			// "you are a robot", "tell me you are a real person", "admit you are a machine"
			frame = true
		case (t == "am" && at(w, i+1) == "i") || t == "what" && seq(w, i+1, "am", "i"):
			frame = set("talking speaking chatting")[at(w, i+2)]
		case (t == "sound" || t == "sounds") && at(w, i+1) == "like":
			frame = true
		case (t == "talk" || t == "speak") && (at(w, i+1) == "to" || at(w, i+1) == "with"):
			// "let me talk to a real person"
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
			return true // "a real person or a machine"
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
		case x == "people" && at(w, k-1) == "you":
			// "who are you people" asks who, not what
		case aiNouns[x], humanWords[x], x == "alive":
			return true
		case realWords[x] && (humanWords[at(w, k+1)] || at(w, k+1) == "" || at(w, k+1) == "or" || at(w, k+1) == "someone"):
			return true
		}
	}
	return false
}

var (
	idFrameObj = set("this you calling speaking there i that line it my represent")
	whereObj   = set("calling from get got located based find found")
	getVerbs   = set("get got have find found obtain")
	orgNouns   = set("company organization organisation business firm agency outfit")
	scamWords  = set("scam scammer scammers legit legitimate fraud spam")
)

// askIdentityEN: the callee asks who is calling, on whose behalf, or how they got the number.
func askIdentityEN(w []string) bool {
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
		case t == "what" && seq(w, i+1, "is", "this") && anyIn(w, i+3, i+5, wsAboutRegardingConcerning) >= 0:
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
	wsOut                      = set("out")
	listWords                  = set("list lists database system records file files register registry roster directory")
	wsHaveGet                  = set("have get")
	wsThisTheseCalls           = set("this these calls call be being receive receiving any")
	wsHadHaveGot               = set("had have got get received")
	wsGoodGreatBest            = set("good great best convenient right")
	wsIsItThis                 = set("is it this")
	wsThanksThankFor           = set("thanks thank for")
	wsThisThatThe              = set("this that the your it")
	wsFuckFPiss                = set("fuck f piss bugger sod buzz")
	wsPleaseThanksThank        = set("please thanks thank okay")
	wsAAnThe                   = set("a an the")
	wsMaybePerhapsTalk         = set("maybe perhaps talk speak chat try call do it this me us")
	wsAmAreCurrently           = set("am are currently")
	wsAmAreCurrently2          = set("am are currently still")
	wsTheAnyMuch               = set("the any much")
	wsHaveGot                  = set("have got")
	wsFor                      = set("for")
	wsThisThatThese            = set("this that these you your it surveys")
	wsAtInOn                   = set("at in on next this")
	wsIsAreAm                  = set("is are am do does gave sent was")
	wsYouThis                  = set("you this")
	wsNumberDetailsInfo        = set("number details info information name data contact")
	wsWhatWhich                = set("what which")
	wsAboutRegardingConcerning = set("about bout regarding concerning for re")
	wsCallingCall              = set("calling call")
	wsIsAreThis                = set("is are this you")
)
