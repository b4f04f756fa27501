package guardrails

// English lexical classes and the small patterns that compose them. Each
// pattern names its classes; none lists whole sentences.

var (
	// selfData are the callee's contact details, the object of use, keep, delete.
	selfData = set("number numbers phone details info information data contact name records record")
	// selfPoss introduce them ("my number", "this number", "our details").
	selfPoss = set("my our this")
	// useVerbs are what the caller does with the callee's details.
	useVerbs = set("use using used keep keeping kept store storing stored share sharing shared sell selling sold hold holding have having call calling ring ringing dial dialing dialling")
	// removedPart are participles of removal ("i want my number deleted").
	removedPart = set("deleted removed erased scrubbed wiped purged expunged unlisted cleared taken struck dropped")
	// removeVerbs2 add to removeStrong the verbs of wiping a record.
	removeVerbs2 = set("scrub expunge clear")
	// fedUp are states of having had enough.
	fedUp = set("tired sick fed done finished annoyed")
	// callRefs are what "these", "your calls" refer to: the calls themselves.
	callRefs = set("calls call calling ringing phoning texts messages robocalls this these it them you people")
	// receiveVerbs are verbs of getting calls.
	receiveVerbs = set("getting get receiving receive these those calls")
	// howWords open a question about the way to do something.
	howWords = set("how what way possible")
	// hedges soften a request.
	hedges = set("maybe perhaps guess suppose probably possibly think wish prefer rather if kinda sorta hopefully")
	// askModals turn a request into a question ("can you stop", "could you not call").
	askModals = set("can could would will")
	// thirdSubj are third parties whose words or deeds are reported.
	thirdSubj = set("they he she someone somebody receptionist technician plumber engineer husband wife son daughter mother father mum mom dad neighbour neighbor friend office guy man woman lady agent staff team company everyone people")
	// sayWords report speech.
	sayWords = set("said says say told tells mentioned promised reckoned thought claimed asked wrote")
	// pastMarks mark a past attitude of the callee.
	pastMarks = set("used before originally initially")
	// pastVerbs are common past-tense verbs of narrative.
	pastVerbs = set("was were did had came went sent took crossed put came left got made fixed called rang phoned arrived showed finished")
	// addressedWords show the clause is about the callee and the caller.
	addressedWords = set("you your me us i")
	// offerNouns are what a refused upsell is about; callRefusalObjs are the call itself.
	callRefusalObjs = set("this that it survey surveys questions question questionnaire poll call calls talking anything any you calling these those feedback")
	// acceptWords agree to go on.
	acceptWords = set("sure go ahead fine okay yes yeah alright happy")
	// praiseWords and numbers make a clause a survey answer.
	praiseWords = set("great good fine excellent happy satisfied well okay quick friendly helpful nice perfect brilliant")
	ratingWords = set("one two three four five six seven eight nine ten 1 2 3 4 5 6 7 8 9 10 rating stars")
)

// fixWordsEN mends recogniser spellings Normalize leaves: dropped g ("callin"),
// "were" standing for "we're".
func fixWordsEN(w []string) []string {
	out := make([]string, 0, len(w)+2)
	for i, t := range w {
		if n := len(t); n > 3 && t[n-2:] == "in" && t[n-3] != 'a' && t[n-3] != 'e' && t[n-3] != 'i' && t[n-3] != 'o' && t[n-3] != 'u' {
			if x := t + "g"; callVerbs[x] || refuseTalk[x] || useVerbs[x] || receiveVerbs[x] || x == "talking" || x == "doing" {
				t = x
			}
		}
		if t == "were" && (i == 0 || !set("we they you")[w[i-1]]) && at(w, i+1) == "not" {
			out = append(out, "we", "are")
			continue
		}
		if t == "theyd" {
			out = append(out, "they", "would")
			continue
		}
		out = append(out, t)
	}
	return out
}

// cutReportedEN drops what a third party is reported to have said ("they said
// they would call me later"), and what the callee "almost said".
func cutReportedEN(w []string) []string {
	for i, t := range w {
		if !sayWords[t] {
			continue
		}
		if at(w, i-1) == "almost" || at(w, i-1) == "nearly" {
			return w[:i-1]
		}
		if t == "asked" || t == "told" {
			// "i asked you to stop", "i told you not to call": the callee's own request
			if at(w, i+1) == "you" || at(w, i+1) == "them" {
				if k := subjBefore(w, i); k == "i" || k == "we" {
					continue
				}
			}
		}
		if k := subjBefore(w, i); thirdSubj[k] || k == "" && thirdNounPhrase(w, i) {
			return w[:i]
		}
	}
	return w
}

// thirdNounPhrase: a noun phrase opened by "the" or a person noun stands before
// the verb w[i] within seven words, with no pronoun of the speaker or the
// listener between ("the front desk said", "the agent on the phone last time said").
func thirdNounPhrase(w []string, i int) bool {
	for j := i - 1; j >= 0 && i-j <= 7; j-- {
		if w[j] == "i" || w[j] == "we" || w[j] == "you" || w[j] == "me" || w[j] == "im" {
			return false
		}
		if thirdSubj[w[j]] || w[j] == "the" && j+1 < i {
			return true
		}
	}
	return false
}

// subjBefore returns the nearest pronoun or person noun within three words before w[i].
func subjBefore(w []string, i int) string {
	for j := i - 1; j >= 0 && i-j <= 3; j-- {
		if thirdSubj[w[j]] || w[j] == "i" || w[j] == "we" || w[j] == "you" {
			return w[j]
		}
	}
	return ""
}

// pastAttitudeEN: "i used to not be interested", "at first i was not interested".
func pastAttitudeEN(w []string) bool {
	for i, t := range w {
		switch {
		case t == "used" && at(w, i+1) == "to":
			return true
		case t == "first" && at(w, i-1) == "at":
			return true
		case t == "then" && at(w, i-1) == "back":
			return true
		case (t == "was" || t == "were") && anyIn(w, i+1, i+3, set("not interested busy")) >= 0:
			return true
		}
	}
	return false
}

// narrativeEN: a third party did something in the past and the callee asks
// nothing ("they took the old boiler off the list of jobs").
func narrativeEN(w []string) bool {
	third := false
	for i, t := range w {
		if addressedWords[t] && !(t == "i" && at(w, i+1) == "was") {
			return false
		}
		if thirdSubj[t] || t == "it" {
			third = true
		}
	}
	if !third {
		return false
	}
	for _, t := range w {
		if pastVerbs[t] {
			return true
		}
	}
	return false
}

// narrativeTimeEN: "later they sent the invoice", "i was busy so ...".
func narrativeTimeEN(w []string) bool {
	for i, t := range w {
		if t == "later" && (thirdSubj[at(w, i+1)] || at(w, i+1) == "it") && pastVerbs[at(w, i+2)] {
			return true
		}
		if t == "later" && pastVerbs[at(w, i-1)] {
			return true
		}
		if t == "busy" && (at(w, i-1) == "was" || at(w, i-1) == "were") {
			return true
		}
	}
	return false
}

// hedgedEN: the clause softens or conditions its request.
func hedgedEN(w []string) bool {
	for i, t := range w {
		switch {
		case hedges[t]:
			return true
		case t == "like" && at(w, i-1) == "would":
			return true
		case askModals[t] && (at(w, i+1) == "you" || at(w, i+1) == "i" || at(w, i+1) == "we"):
			return true
		case t == "you" && (at(w, i+1) == "can" || at(w, i+1) == "could" || at(w, i+1) == "should"):
			return true
		case t == "how" || (t == "is" && (at(w, i+1) == "there" || at(w, i+1) == "it")):
			return true
		case t == "not" && at(w, i+1) == "sure":
			return true
		}
	}
	return false
}

// optOutIndirectEN finds opt-outs said without a stop verb: about the callee's
// details (use, keep, delete), the list, being fed up with the calls, or how
// to make them stop. It reports whether the form is weak (indirect).
func optOutIndirectEN(w []string) (weak, ok bool) {
	neg := negatedClause(w)
	for i, t := range w {
		switch {
		case selfData[t] && selfPoss[at(w, i-1)]:
			// "don't use my number", "i don't want you using my number",
			// "i object to you using my data", "i want my number deleted"
			if k := anyIn(w, i+1, i+3, removedPart); k >= 0 && anyIn(w, i-5, i-1, set("want like need wish rather prefer get have")) >= 0 {
				return true, true
			}
			if anyIn(w, i-4, i-1, useVerbs) >= 0 || anyIn(w, i+1, i+3, useVerbs) >= 0 {
				if neg || anyIn(w, 0, i, set("object objection consent")) >= 0 {
					return !imperativeNeg(w), true
				}
			}
			// "this number shouldn't be on your list", "i don't want my number on your list"
			if neg && anyIn(w, i+1, i+5, listWords) >= 0 && anyIn(w, i+1, i+4, set("on in")) >= 0 {
				return true, true
			}
		case removeVerbs2[t]:
			if anyIn(w, i+1, i+3, selfData) >= 0 || at(w, i+1) == "me" {
				return false, true
			}
		case listWords[t] && (at(w, i-2) == "on" || at(w, i-1) == "on" || at(w, i-3) == "on"):
			// "i don't want to be on any list"
			if neg && anyIn(w, i-6, i-2, set("be being stay")) >= 0 && !declClause(w) {
				return true, true
			}
		case fedUp[t]:
			// "i'm tired of these calls", "sick of you people calling", "done with these calls"
			if anyIn(w, i+1, i+2, set("of with up")) >= 0 && anyIn(w, i+2, i+6, set("calls call calling ringing phoning texts messages robocalls")) >= 0 {
				return true, true
			}
		case stopVerbs[t] || t == "end" || t == "block":
			// "how do i stop getting these", "what do i have to do to stop these calls"
			if anyIn(w, 0, i-1, howWords) >= 0 && (anyIn(w, i+1, i+3, receiveVerbs) >= 0 || anyIn(w, i+1, i+3, callRefs) >= 0 && at(w, i+1) != "you") {
				return true, true
			}
		case t == "not" && (at(w, i+1) == "get" || at(w, i+1) == "getting" || at(w, i+1) == "receive") && anyIn(w, i+2, i+4, set("these calls call them this")) >= 0:
			// "is there a way to not get these calls"
			return true, true
		case t == "bother" || t == "bothering":
			// "don't bother calling again"
			if neg && anyIn(w, i+1, i+2, set("calling call ringing phoning")) >= 0 {
				return false, true
			}
		case (t == "calling" || t == "call" || t == "ring" || t == "ringing" || t == "rung" || t == "contacted" || t == "called"):
			// "you shouldn't be calling me", "i'd prefer this number not be rung",
			// "i'd prefer not to be contacted again"
			if neg && !declClause(w) && (at(w, i+1) == "me" || at(w, i+1) == "us" || at(w, i+1) == "here" || at(w, i+1) == "again" || at(w, i+1) == "anymore" || at(w, i+1) == "" || anyIn(w, i-4, i-1, set("number me us")) >= 0) {
				if anyIn(w, 0, i, set("should prefer rather like wish want")) >= 0 {
					return true, true
				}
			}
		case (t == "stopped" || t == "quit") && at(w, i-1) == "you" && anyIn(w, i+1, i+2, set("calling ringing phoning contacting")) >= 0 && anyIn(w, 0, i-1, set("if appreciate wish prefer rather")) >= 0:
			// "i would appreciate it if you stopped calling"
			return true, true
		case t == "enough" && anyIn(w, i+1, i+4, set("calls calling ringing")) >= 0:
			return false, true
		}
	}
	return false, false
}

// negatedClause reports a negator in the clause (not, never, no more).
func negatedClause(w []string) bool {
	for i, t := range w {
		if t == "not" || t == "never" || (t == "no" && (at(w, i+1) == "more" || at(w, i+1) == "longer")) {
			return true
		}
	}
	return false
}

// declClause reports a past statement of a third party ("they did not call").
func declClause(w []string) bool {
	for i, t := range w {
		if t == "not" && (at(w, i-1) == "did" || at(w, i-1) == "was" || at(w, i-1) == "were" || at(w, i-1) == "had") &&
			(thirdSubj[at(w, i-2)] || at(w, i-2) == "it") {
			return true
		}
	}
	return false
}

// imperativeNeg: the clause is a plain "do not ..." or "please do not ...".
func imperativeNeg(w []string) bool {
	for i, t := range w {
		if t == "do" && at(w, i+1) == "not" {
			return i == 0 || set("please okay so just now and look listen honestly then")[at(w, i-1)]
		}
	}
	return false
}

// farewellWords and declineWords make up a short leave-taking ("no, i've got
// to go", "thanks, but no", "sorry, not today", "goodbye").
var (
	farewellWords = set("goodbye bye byebye gotta go going hang up now")
	declineWords  = set("no nope nah not thanks thank you sorry but today for asking it its is a from me lets absolutely " +
		"i ive have got to said well um uh so okay ok just really us is am will honestly anyway mate afraid ill say")
)

// leaveTakingEN: the whole utterance is a farewell or a polite no with
// nothing else in it. It is weak: the agent confirms before it ends (a bare
// "no" is an answer, so it is not one).
func leaveTakingEN(w []string) bool {
	if len(w) == 0 || len(w) > 8 {
		return false
	}
	bye, no, polite := false, false, false
	for i, t := range w {
		switch {
		case t == "goodbye" || t == "bye" || t == "byebye":
			bye = true
		case (t == "go" || t == "going") && (at(w, i-1) == "to" || at(w, i-1) == "gotta" || at(w, i-1) == "got") && at(w, i+1) == "":
			bye = true // "i've got to go", "i'm going to go"
		case t == "hang" && at(w, i+1) == "up":
			bye = true
		case t == "no" || t == "nope" || t == "nah" || t == "not":
			no = true
		case t == "thanks" || t == "thank" || t == "sorry" || t == "today" || t == "asking" || t == "me" || t == "lets":
			polite = true
		case farewellWords[t] || declineWords[t] || t == "am" || t == "im":
		default:
			return false // anything else: an answer or a sentence of its own
		}
	}
	return bye || no && polite
}

// refusalExtraEN finds casual and blunt refusals the base rules miss. It
// reports whether the form is weak (hedged).
func refusalExtraEN(w []string) (weak, ok bool) {
	if leaveTakingEN(w) || declineTakingPartEN(w) {
		return true, true
	}
	n := len(w)
	for i, t := range w {
		switch {
		case t == "not" && seq(w, i+1, "for", "me"):
			return false, true
		case t == "pass" && at(w, i-1) == "hard":
			return false, true
		case t == "not" && seq(w, i+1, "a", "chance"):
			return false, true
		case t == "forget" && at(w, i+1) == "it" && (i == 0 || !thirdSubj[at(w, i-1)]) && at(w, i+2) == "":
			return false, true
		case t == "bothered" && seq(w, i-2, "not", "be"):
			return false, true // "i can't be bothered"
		case t == "mood" && negatedClause(w):
			return false, true
		case t == "not" && at(w, i+1) == "ever":
			return false, true
		case t == "thing" && at(w, i-1) == "my" && negatedClause(w):
			return true, true
		case t == "skip" && anyIn(w, i+1, i+3, set("it this survey surveys questions all whole")) >= 0 && !seq(w, i+1, "this", "question") && !seq(w, i+1, "that", "question"):
			return anyIn(w, 0, i, set("rather prefer like maybe")) >= 0, true
		case (t == "answer" || t == "answering" || t == "respond") && negatedClause(w) && anyIn(w, i+1, i+3, set("questions any anything your surveys survey these")) >= 0 && !declClause(w):
			return false, true
		case (t == "doing" || t == "do" || t == "take" || t == "taking" || t == "complete" || t == "participate") &&
			negatedClause(w) && anyIn(w, i+1, i+3, set("survey surveys questionnaire poll this it")) >= 0 && !declClause(w):
			// "i'm not doing your survey", "i don't think i want to do this", "can we not do this"
			return hedgedEN(w) || anyIn(w, 0, i, set("think sure can")) >= 0, true
		case t == "good" && n <= 4 && at(w, i-1) == "am" && at(w, i-2) == "i" && (i+1 == n || set("thanks thank")[at(w, i+1)]):
			return true, true // "i'm good thanks"
		}
	}
	return false, false
}

// upsellEN: the refusal names an offered product, not the call ("not
// interested in the warranty", "no thanks on the newsletter").
func upsellEN(w []string) bool {
	for i, t := range w {
		if (t == "needed" || t == "necessary" || t == "required") && anyIn(w, i-2, i-1, set("thanks thank")) >= 0 {
			return true // "no thanks needed"
		}
		if t == "else" && anyIn(w, i-2, i-1, set("anything nothing")) >= 0 {
			return true // "i don't need anything else" answers "anything else?"
		}
		if !(t == "interested" || t == "thanks" || t == "thank" || t == "need" || t == "want") {
			continue
		}
		k := i + 1
		if t == "thank" && at(w, k) == "you" {
			k++
		}
		if !set("in on to for")[at(w, k)] && !(t == "need" || t == "want") {
			continue
		}
		if t == "need" || t == "want" {
			k--
		}
		for j := k + 1; j < len(w) && j <= k+3; j++ {
			x := w[j]
			if wsAAnThe[x] || x == "your" || x == "any" && j < k+3 && !callRefusalObjs[at(w, j+1)] || x == "extended" || x == "annual" || x == "new" {
				continue
			}
			if x != "" && !callRefusalObjs[x] && !offerStop[x] && !pronouns[x] {
				return true
			}
			break
		}
	}
	return false
}

// offerStop are words after "interested in" that are not an offered product.
var offerStop = set("to me us now today more")

// acceptsEN: "sure go ahead", "happy to answer".
func acceptsEN(w []string) bool {
	for i, t := range w {
		if t == "go" && at(w, i+1) == "ahead" {
			return true
		}
		if t == "sure" && (i == 0 || at(w, i+1) == "") && !negatedClause(w) {
			return true
		}
		if t == "happy" && at(w, i+1) == "to" {
			return true
		}
		if t == "ask" && at(w, i+1) == "away" {
			return true
		}
	}
	return false
}

// answerEN: the clause holds a rating or praise.
func answerEN(w []string) bool {
	for _, t := range w {
		if ratingWords[t] {
			return true
		}
	}
	if negatedClause(w) {
		return false
	}
	for i, t := range w {
		if praiseWords[t] && anyIn(w, i-3, i-1, set("was were is went held did very really so")) >= 0 {
			return true
		}
	}
	return false
}

// askAIExtraEN: "is there a human on the line", "is anyone actually there",
// "you're a bot aren't you", "is this thing automated".
func askAIExtraEN(w []string) bool {
	for i, t := range w {
		switch {
		case t == "is" && at(w, i+1) == "there":
			k := i + 2
			for aiSkip[at(w, k)] || wsAAnThe[at(w, k)] || realWords[at(w, k)] {
				k++
			}
			if humanWords[at(w, k)] || at(w, k) == "someone" || at(w, k) == "anyone" || at(w, k) == "anybody" {
				return true
			}
		case (t == "anyone" || t == "anybody" || t == "someone" || t == "somebody") && (at(w, i-1) == "is" || at(w, i-1) == "there"):
			if anyIn(w, i+1, i+4, set("real actually really human live alive")) >= 0 || seq(w, i+1, "on", "the", "line") {
				return true
			}
		case t == "you" && at(w, i+1) == "are":
			if anyIn(w, i+2, i+5, aiNouns) >= 0 && !negatedClause(w[:i]) {
				return true
			}
		case t == "is" && (at(w, i+1) == "this" || at(w, i+1) == "it") && anyIn(w, i+2, i+4, set("automated automatic recorded recording robot bot machine ai prerecorded")) >= 0:
			return true
		case (t == "chatting" || t == "talking" || t == "speaking") && anyIn(w, i-3, i-1, set("am are")) >= 0:
			k := i + 1
			for n := 0; n < 4 && (aiSkip[at(w, k)] || at(w, k) == "with"); n++ {
				k++
			}
			if aiNouns[at(w, k)] || humanWords[at(w, k)] || at(w, k) == "artificial" {
				return true
			}
		case t == "real" && (at(w, i+1) == "" || at(w, i+1) == "or") && anyIn(w, i-3, i-1, set("you this are is")) >= 0:
			return true // "are you real"
		}
	}
	return false
}

// askIdentityExtraEN: "who did you say you were with", "can you repeat who
// you are", "what did you say your name was", "who is calling".
func askIdentityExtraEN(w []string) bool {
	for i, t := range w {
		switch {
		case t == "who":
			if at(w, i+1) == "is" && (at(w, i+2) == "calling" || at(w, i+2) == "this") {
				return true
			}
			for j := i + 1; j < len(w) && j <= i+5; j++ {
				if w[j] == "you" || w[j] == "ya" {
					v := at(w, j+1)
					if set("are were work represent with calling call be is from").Has(v) || (v == "" && j > i+1) {
						return true
					}
				}
			}
		case t == "name" && (at(w, i-1) == "your" || at(w, i-1) == "company" || at(w, i-1) == "the"):
			if anyIn(w, 0, i-1, set("what say repeat again catch tell was")) >= 0 || anyIn(w, i+1, i+3, set("again was is")) >= 0 {
				return true
			}
		case t == "where" && anyIn(w, i+1, i+6, set("number details info information")) >= 0:
			return true
		}
	}
	return false
}

// busyElsewhereEN: "i'm on another call", "i'm on the other line".
func busyElsewhereEN(w []string) bool {
	for i, t := range w {
		if t == "on" && (seq(w, i+1, "another", "call") || seq(w, i+1, "the", "other", "line") || seq(w, i+1, "another", "line")) && !negatedClause(w) {
			return true
		}
	}
	return false
}

var (
	partVerbs = set("give giving rate rating answer answering say saying add adding fill filling take taking participate " +
		"participating share sharing do doing continue continuing")
	partObjs = set("feedback answers answer anything survey surveys opinion opinions questions part any ratings rating " +
		"views thoughts more")
)

// declineTakingPartEN: a negated wish to take part ("i don't want to give any
// answers", "i'm not filling in any survey", "i have nothing to say", "i'd
// rather keep my opinions to myself"). Weak: the agent confirms.
func declineTakingPartEN(w []string) bool {
	for i, t := range w {
		if t == "nothing" && at(w, i+1) == "to" && (at(w, i+2) == "say" || at(w, i+2) == "add") && at(w, i+3) == "" {
			return true
		}
		if t == "opinions" && seq(w, i+1, "to", "myself") {
			return true
		}
		if !(t == "not" || t == "never" || t == "dont" || t == "wont") {
			continue
		}
		for j := i + 1; j < len(w) && j-i <= 5; j++ {
			if !partVerbs[w[j]] {
				continue
			}
			for k := j + 1; k < len(w) && k-j <= 4; k++ {
				if partObjs[w[k]] {
					return true
				}
				if w[k] == "that" || w[k] == "this" && (at(w, k+1) == "one" || at(w, k+1) == "question") || w[k] == "one" {
					return false // one question skipped, not the survey
				}
			}
			if j == len(w)-1 && w[j] != "do" && w[j] != "say" {
				return true // "i'm not taking part" ends there
			}
		}
	}
	return false
}
