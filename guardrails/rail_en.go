package guardrails

// English structural rules of the output rail. Each detector looks for the
// shape of a misleading sentence (a speaker frame and what it claims, a
// commitment and the outcome it covers, an organisation and the frame that ties
// the agent to it) rather than for fixed phrases, and each is lifted by a
// negation or a hedge in its own clause.

// clauseStop words end the clause a negation or a frame is read in.
var clauseStop = set("but and so because however although though while yet then also plus or whereas")

// enNegators negate what follows them in the same clause.
var enNegators = set("not never no nothing none nobody noone without neither nor cannot hardly")

// enHedges qualify a claim about the future ("you may save", "i hope").
var enHedges = set("may might could possibly perhaps maybe hopefully hope usually typically often sometimes " +
	"depends depending if whether try trying aim aiming wish unless generally probably likely estimate")

// negIn reports an odd number of negators among the n words before w[i], read
// back to the start of the clause.
func negIn(w []string, i, n int) bool {
	neg := 0
	for j := i - 1; j >= 0 && i-j <= n; j-- {
		if clauseStop[w[j]] {
			break
		}
		if enNegators[w[j]] && !answerNo(w, j) && !inCondition(w, j) && !(w[j] == "not" && j+1 < i-1 && len(w[j+1]) > 4 && w[j+1][len(w[j+1])-3:] == "ing" && j == 0) {
			neg++
		}
	}
	return neg%2 == 1
}

// inCondition reports that w[j] sits in an "if"/"unless" clause opened in the
// four words before it ("if you do not pay"): its negation belongs to the
// condition, not to what follows.
func inCondition(w []string, j int) bool {
	for k := j - 1; k >= 0 && j-k <= 4; k-- {
		if w[k] == "if" || w[k] == "unless" {
			return true
		}
	}
	return false
}

// hedgedIn reports a hedge among the n words before w[i] in the same clause.
func hedgedIn(w []string, i, n int) bool {
	for j := i - 1; j >= 0 && i-j <= n; j-- {
		if clauseStop[w[j]] {
			return false
		}
		if enHedges[w[j]] {
			return true
		}
	}
	return false
}

// negAfter reports a negation in the n words after w[i] ("savings are not guaranteed").
func negAfter(w []string, i, n int) bool {
	for j := i + 1; j < len(w) && j-i <= n; j++ {
		if clauseStop[w[j]] {
			return false
		}
		if enNegators[w[j]] {
			return true
		}
	}
	return false
}

// railWords repairs what Normalize leaves ambiguous for the rail: "well" for
// "we'll" before a verb, and possessives of organisation heads
// ("governments program" reads "government program").
func railWords(w []string) []string {
	for i, t := range w {
		switch {
		case t == "well" && (i == 0 || at(w, i-1) != "as" && at(w, i-1) != "very" && at(w, i-1) != "pretty" || w[i-1] == "so" || w[i-1] == "then" || w[i-1] == "and" || w[i-1] == "otherwise" || w[i-1] == "or" || w[i-1] == "okay" || w[i-1] == "else") && wellVerbs[at(w, i+1)]:
			w = append(w[:i], append([]string{"we", "will"}, w[i+1:]...)...)
		case t == "at" && at(w, i+1) == "t":
			w = append(w[:i], append([]string{"att"}, w[i+2:]...)...)
		case len(t) > 3 && t[len(t)-1] == 's' && (orgHeads[t[:len(t)-1]] || brands[t[:len(t)-1]]) && t != "banks" && t != "courts" && t != "utilities":
			w[i] = t[:len(t)-1]
		}
	}
	return w
}

var wellVerbs = set("have be send need take call make get report contact visit come cut shut close cancel suspend freeze " +
	"definitely certainly guarantee give pass note remove let")

// ---- who the speaker claims to be ----

var (
	personNouns = set("kid child teenager student person human humans people man woman guy lady gal gentleman being individual fellow " +
		"mom mother dad father parent grandmother grandma grandfather grandpa wife husband girl boy")
	staffNouns = set("agent representative rep operator employee staffer staff worker colleague advisor adviser " +
		"specialist receptionist caller member consultant manager officer")
	realAdj      = set("real live actual genuine living breathing regular normal flesh human true")
	machineNouns = set("robocalls autodialers systems recordings robot robots bot bots machine machines ai computer computers recording recordings program " +
		"automated automation artificial chatbot robocall recorded automatic virtual tape script synthetic " +
		"software algorithm android autodialer autodialler voicebot")
	aiDisclosure = set("ai artificial virtual automated assistant bot robot chatbot digital computer synthetic " +
		"machine voicebot recorded software")
	selfSubj  = set("i we me myself")
	bodyNouns = set("teammate teammates colleague colleagues coworker coworkers boss kitchen place table street garage yard bedroom friends friend sister brother cousin uncle aunt baby kids children son daughter wife husband family mom mum dad mother father grandma grandmother " +
		"grandpa grandfather dog cat lunch breakfast dinner coffee tea desk car house home apartment flat weekend " +
		"vacation holiday commute hands eyes legs back birthday garden neighbour neighbor boss coworkers colleagues " +
		"cubicle hometown childhood")
	bodyVerbs = set("ate eat eating drink drank drinking sleep slept sleeping drove drive driving walked walk " +
		"sat sitting standing breathing grew raised born married live lived living moved commute commuted " +
		"cooked cook cooking visited travelled traveled tried loved laughed laugh laughing cried sipped hugged " +
		"working worked")
	bodyStates  = set("tired hungry sleepy exhausted thirsty sick sweaty cold freezing homesick lonely bored sore")
	humanGroups = set("here staff team line call office")
)

// firstNames are common given names; a persona name the campaign did not
// declare implies a person on the line.
var firstNames = set("james john robert michael william david richard joseph thomas charles christopher daniel " +
	"matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason " +
	"jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory " +
	"alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry peter zachary douglas " +
	"kyle noah ethan jeremy walter christian keith roger terry austin sean gerald carl harold dylan arthur lawrence " +
	"jordan jesse bryan billy bruce gabriel joe logan alan juan albert willie elijah wayne randy vincent mason roy " +
	"ralph bobby russell bradley philip eugene mary patricia jennifer linda elizabeth barbara susan jessica sarah " +
	"karen lisa nancy betty sandra margaret ashley kimberly emily donna michelle carol amanda melissa deborah " +
	"stephanie dorothy rebecca sharon laura cynthia amy kathleen angela shirley brenda emma anna pamela nicole " +
	"samantha katherine christine helen debra rachel carolyn janet maria catherine heather diane olivia julie joyce " +
	"victoria ruth virginia lauren kelly christina joan evelyn judith andrea hannah megan cheryl jacqueline martha " +
	"madison teresa gloria sara janice ann kathryn abigail sophia frances jean alice judy isabella julia grace amber " +
	"denise danielle marilyn beverly charlotte natalie theresa diana brittany doris kayla alexis lori marie tom tim " +
	"mike dave steve chris matt tony jim bob bill rick dan ben sam alex nick kate katie jenny jen liz beth sue meg " +
	"amelia mia ava ella chloe lily zoe lucy ellie harper aria riley nora hazel violet aurora penelope layla " +
	"liam oliver lucas leo owen luke jake max finn hugo oscar theo priya raj arjun wei li ming mei aisha omar ali " +
	"fatima carlos sofia lucia diego pedro ana rosa elena marco luca giulia hans claire sophie chloe maya nina " +
	"tina dana erin jill holly molly paige tara tanya vanessa wendy yvonne zach josh jon ken ron ted ray greg")

// personaIntro: "my name is X", "this is X from the billing team", "X here".
func personaIntro(w []string, declared wordSet) string {
	disclosed := hasDisclosure(w)
	for i := range w {
		name := ""
		switch {
		case seq(w, i, "my", "name", "is"), seq(w, i, "my", "names"):
			k := i + 3
			if w[i+1] == "names" {
				k = i + 2
			}
			name = at(w, k)
		case seq(w, i, "you", "can", "call", "me"):
			name = at(w, i+4)
		case seq(w, i, "this", "is") || seq(w, i, "i", "am") || seq(w, i, "it", "is"):
			n := at(w, i+2)
			if firstNames[n] {
				name = n
			}
		case firstNames[w[i]] && (at(w, i+1) == "here" || at(w, i+1) == "speaking" ||
			(at(w, i+1) == "from" && i <= 2) || (at(w, i+1) == "with" && i <= 2)):
			name = w[i]
		case (i == 0 || greetings[at(w, i-1)]) && !notNameWords[w[i]] && (at(w, i+1) == "from" || at(w, i+1) == "on" || at(w, i+1) == "at" || at(w, i+1) == "with" || at(w, i+1) == "here") &&
			anyIn(w, i+2, i+6, ws1) >= 0:
			name = w[i]
		}
		if name != "" && !seq(w, i, "you", "can", "call", "me") && anyIn(w, i+1, i+8, ws2) >= 0 {
			continue // "anna from our team can call you": someone else
		}
		if name == "" || declared[name] || aiDisclosure[name] || name == "the" || name == "a" || name == "an" ||
			name == "not" || name == "your" || name == "our" {
			continue
		}
		if disclosed || negIn(w, i+1, 3) {
			continue
		}
		return "persona name: " + name
	}
	return ""
}

var (
	greetings    = set("hi hello hey morning afternoon evening there yes okay so")
	notNameWords = set("i we you it this that they he she someone somebody everyone calling call the a an our my your " +
		"hi hello hey good thanks thank yes no okay so and but just only here there who what how why when where")
)

// hasDisclosure reports a positive statement that the speaker is an AI or automated.
func hasDisclosure(w []string) bool {
	for j, t := range w {
		if !aiDisclosure[t] {
			continue
		}
		if t == "assistant" && !(at(w, j-1) == "ai" || at(w, j-1) == "virtual" || at(w, j-1) == "digital" ||
			at(w, j-1) == "automated" || at(w, j-1) == "voice") {
			continue
		}
		if negIn(w, j, 4) {
			continue
		}
		return true
	}
	return false
}

// claimsHumanEN finds a speaker presented as a person.
func (r *Rail) claimsHumanEN(w []string) string {
	for i, t := range w {
		if bodyNouns[t] && !negIn(w, i, 4) && !(t == "back" && adverbBack(w, i)) {
			// "my wife uses it", "i just got back from lunch"
			if at(w, i-1) == "my" && !(at(w, i-2) == "on" && t == "desk") {
				return "speaker has a life: my " + t
			}
			for j := i - 1; j >= 0 && i-j <= 5; j-- {
				if w[j] == "you" || w[j] == "your" || clauseStop[w[j]] || w[j] == "after" || w[j] == "before" {
					break
				}
				if w[j] == "i" && at(w, j+1) != "will" && at(w, j+1) != "can" && at(w, j+1) != "would" {
					return "speaker has a life: " + t
				}
			}
		}
		if (at(w, i-1) == "a" || at(w, i-1) == "an") && at(w, i-2) == "as" && (personNouns[t] || t == "fellow" || t == "homeowner" ||
			t == "parent" || t == "resident" || t == "neighbour" || t == "neighbor" || at(w, i+1) == "myself") {
			return "speaker as a " + t
		}
		if (personNouns[t] || staffNouns[t]) && (realAdj[at(w, i-1)] || realAdj[at(w, i-2)] && at(w, i-1) != "from") && at(w, i+1) == "on" &&
			(at(w, i+3) == "line" || at(w, i+3) == "phone" || at(w, i+3) == "call" || at(w, i+3) == "other") && !negIn(w, i, 5) && !hedgedIn(w, i, 5) {
			return "a real " + t + " on the line"
		}
		if t == "blood" && at(w, i-1) == "and" && at(w, i-2) == "flesh" && !negIn(w, i-2, 5) {
			return "speaker is flesh and blood"
		}
		if personNouns[t] && (at(w, i+1) == "like" && (at(w, i+2) == "me" || at(w, i+2) == "myself") || at(w, i-1) == "like" && at(w, i-2) == "me") {
			return "speaker among people: " + t
		}
		if (t == "worked" || t == "been") && (at(w, i-1) == "have" && at(w, i-2) == "i" || at(w, i-1) == "i") && (at(w, i+1) == "here" || at(w, i+1) == "at" && at(w, i+2) != "" ||
			at(w, i+1) == "in" && at(w, i+2) == "this") && anyIn(w, i+1, i+6, ws3) >= 0 {
			return "speaker has a career"
		}
		if (t == "cold" || t == "flu" || t == "headache" || t == "fever" || t == "cough" || t == "baby") && (at(w, i-2) == "had" || at(w, i-2) == "have" || at(w, i-2) == "got") && at(w, i-3) == "i" {
			return "speaker has a body: " + t
		}
		switch {
		case personNouns[t] || (staffNouns[t] && realAdj[at(w, i-1)]):
			if t == "being" && at(w, i-1) != "human" {
				continue
			}
			if f := selfFrame(w, i); f >= 0 && !negIn(w, i, i-f+1) {
				// "a real person from our team will call you back": not the speaker
				return "speaker is a " + t
			}
			if t == "human" || t == "person" || t == "humans" || t == "people" {
				// "as a fellow human", "from one person to another", "no robots only humans"
				if at(w, i-1) == "fellow" || (at(w, i-2) == "as" && (at(w, i-1) == "a" || at(w, i-1) == "an")) ||
					(at(w, i-1) == "one" && at(w, i+1) == "to") || (at(w, i-1) == "only" && humanGroups[at(w, i+1)]) ||
					(at(w, i-1) == "real" && humanGroups[at(w, i+1)] && !negIn(w, i, 4)) {
					return "speaker is a " + t
				}
			}
		case machineNouns[t]:
			// "i am not a robot", "this is not automated", "no robots here", "nothing automated about this call"
			if rule := notMachine(w, i); rule != "" {
				return rule
			}
		case t == "real" && selfFrameAt(w, i) && !negIn(w, i, 3) && (at(w, i+1) == "" || at(w, i+1) == "person" ||
			at(w, i+1) == "i" || at(w, i+1) == "promise" || at(w, i+1) == "trust" || at(w, i+1) == "not"):
			return "speaker is real"
		case bodyStates[t] && selfFrameAt(w, i) && !negIn(w, i, 3):
			return "speaker has a body: " + t
		case bodyVerbs[t] && selfSubj[at(w, i-1)] || bodyVerbs[t] && selfSubj[at(w, i-2)] && bridgeBody[at(w, i-1)]:
			if t == "live" || t == "living" || t == "lived" {
				if n := at(w, i+1); n != "in" && n != "near" && n != "around" && n != "just" && n != "with" {
					continue
				}
			}
			if t == "drive" || t == "walk" || t == "eat" || t == "drink" || t == "cook" || t == "sleep" || t == "working" || t == "worked" || t == "tried" {
				if at(w, i-1) == "we" || at(w, i-2) == "we" {
					continue // "we drive to your home" is the service
				}
			}
			if !negIn(w, i, 4) && !hedgedIn(w, i, 2) {
				return "speaker lives a life: " + t
			}
		case bodyNouns[t] && at(w, i-1) == "my" && !negIn(w, i, 4) && !(at(w, i-2) == "on" && t == "desk"):
			return "speaker has a life: my " + t
		}
	}
	return personaIntro(w, r.personas)
}

var bridgeBody = set("just also always usually grew was am have had actually been really") //nolint

// selfFrame returns the index of the speaker frame ("i am", "this is", "you are
// talking to", "we are all") that presents w[i] as the speaker, or -1.
func selfFrame(w []string, i int) int {
	for j := i - 1; j >= 0 && i-j <= 7; j-- {
		t := w[j]
		if clauseStop[t] && t != "and" {
			return -1
		}
		switch {
		case (t == "am" || t == "was") && at(w, j-1) == "i":
			return j - 1
		case (t == "are" || t == "is") && (at(w, j-1) == "we" || at(w, j-1) == "this" || at(w, j-1) == "it"):
			if at(w, j-1) == "it" && at(w, j-2) != "" && at(w, j-2) != "yes" && at(w, j-2) != "no" && at(w, j-2) != "okay" {
				return -1
			}
			return j - 1
		case (t == "to" || t == "with") && (at(w, j-1) == "talking" || at(w, j-1) == "speaking" || at(w, j-1) == "chatting"):
			if at(w, j-2) == "are" || at(w, j-2) == "you" || at(w, j-3) == "you" || at(w, j-2) == "am" {
				// "would you like to speak with a person" is an offer, not a claim
				if at(w, j-3) == "like" || at(w, j-2) == "to" {
					return -1
				}
				return j - 1
			}
		case t == "me" && (at(w, j-1) == "trust" || at(w, j-1) == "believe"):
			return j
		case t == "from" || t == "will" || t == "can" || t == "could" || t == "would" || t == "should" || t == "want":
			return -1
		}
	}
	return -1
}

// selfFrameAt: the word right after "i am" (with adverbs between).
func selfFrameAt(w []string, i int) bool {
	for j := i - 1; j >= 0 && i-j <= 4; j-- {
		if w[j] == "am" && at(w, j-1) == "i" {
			return true
		}
		if !(w[j] == "so" || w[j] == "really" || w[j] == "very" || w[j] == "just" || w[j] == "totally" ||
			w[j] == "actually" || w[j] == "completely" || w[j] == "quite" || w[j] == "a" || w[j] == "bit" ||
			w[j] == "little" || w[j] == "honestly" || w[j] == "100%" || w[j] == "definitely" || w[j] == "getting" ||
			w[j] == "feeling" || w[j] == "kind" || w[j] == "of" || w[j] == "pretty") {
			return false
		}
	}
	return false
}

// notMachine: a denial that the speaker or the call is automated.
func notMachine(w []string, i int) string {
	t := w[i]
	// "nothing automated", "no robots here", "no machines on this line"
	p := at(w, i-1)
	if p == "nothing" || ((p == "no" || p == "zero") && at(w, i-2) != "or") {
		if n := at(w, i+1); n == "here" || n == "on" || n == "about" || n == "involved" || n == "in" || n == "at" || n == "" ||
			n == "just" || n == "only" || n == "i" || n == "this" || n == "we" || n == "all" {
			if at(w, i-2) != "is" || at(w, i-3) != "there" || n != "" {
				return "denies automation: " + p + " " + t
			}
		}
	}
	// "i am not a robot", "this call is not automated", "you are not talking to a machine"
	neg := -1
	for j := i - 1; j >= 0 && i-j <= 5; j-- {
		x := w[j]
		if x == "not" || x == "never" || x == "no" {
			neg = j
			break
		}
		if !(x == "a" || x == "an" || x == "some" || x == "any" || x == "kind" || x == "of" || x == "sort" ||
			x == "just" || x == "really" || x == "actually" || x == "the" || realAdj[x] || x == "talking" || x == "speaking" ||
			x == "to" || x == "with" || x == "chatting" || x == "dealing" || x == "voice" || x == "fully" || x == "one" || x == "those" || x == "these" || x == "like") {
			return ""
		}
	}
	if neg < 0 {
		return ""
	}
	// the subject before the negation: i am / this is / it is / this call is / you are / we are
	s := neg - 1
	if s >= 0 && (w[s] == "definitely" || w[s] == "certainly" || w[s] == "really" || w[s] == "actually" || w[s] == "absolutely" ||
		w[s] == "promise" || w[s] == "honestly") {
		s--
	}
	subjOK := false
	switch at(w, s) {
	case "am":
		subjOK = at(w, s-1) == "i"
	case "is", "are", "was":
		x := at(w, s-1)
		subjOK = x == "this" || x == "it" || x == "we" || x == "you" || x == "call" || x == "voice" || x == "that" || x == "line"
	}
	if !subjOK {
		return ""
	}
	// "i am not a robot i am an ai" is odd but a correct disclosure follows: allow it
	if hasDisclosure(w[i+1:]) {
		return ""
	}
	return "denies being a " + t
}

// inline word sets, built once
var (
	ws1 = set("team desk department office unit crew group squad line")
	ws2 = set("can will could would may might should")
	ws3 = set("years year months decades")
)

// adverbBack: "back" after a verb of coming or calling ("call back", "get
// back to you", "ring you back") is a direction, not the speaker's body.
func adverbBack(w []string, i int) bool {
	if at(w, i-1) == "my" {
		return false
	}
	for j := i - 1; j >= 0 && i-j <= 3; j-- {
		if backVerbs[w[j]] {
			return true
		}
	}
	return false
}

var backVerbs = set("call calls calling called ring phone get getting got come coming go going write text email report " +
	"be bring put give send sending")

// answerNo: "no" that answers a question ("no, i am not a person"): it is
// followed by a subject, so it negates nothing after it.
func answerNo(w []string, j int) bool {
	if w[j] != "no" {
		return false
	}
	switch at(w, j+1) {
	case "i", "we", "it", "this", "that", "thats", "you", "im", "they", "he", "she", "sorry", "no":
		return true
	}
	return false
}
