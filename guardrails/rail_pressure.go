package guardrails

// English structural rules: pressure, consequences, rewards and factual claims.

var (
	railTimeWords = set("today tonight tomorrow midnight noon now soon monday tuesday wednesday thursday friday saturday " +
		"sunday weekend week month morning evening afternoon hour hours minutes minute days day end close")
	offerNouns = set("offer offers deal deals price prices pricing rate rates discount discounts promotion promo sale " +
		"window opportunity chance spot spots slot slots place places program enrollment enrolment registration " +
		"plan plans rebate bonus upgrade special availability appointment appointments seats seat openings stock " +
		"supply inventory units this it that invitation eligibility coupon voucher savings credit")
	expireVerbs = set("wraps winds expires expire expiring expired ends end ending closes close closing runs disappears disappear " +
		"goes stops lapses lapse vanishes finishes valid good available open lasts last")
	calleeActs = set("say decide act buy order sign register respond enroll enrol apply commit confirm pay book reserve " +
		"lock purchase subscribe join upgrade switch accept agree claim grab call answer choose move transfer")
	urgentTimes = set("now immediately today tonight quickly fast asap instantly straightaway")
	scarceNouns = set("left remaining available spots spot places slots seats units openings")
)

// urgencyEN: deadlines, scarcity and pressure to decide now.
func urgencyEN(w []string) string {
	for i, t := range w {
		switch {
		case (t == "wait" || t == "delay" || t == "hesitate") && (at(w, i-1) == "you" && (at(w, i-2) == "if" || at(w, i-3) == "if") || at(w, i-1) == "if"):
			for j := i + 1; j < len(w) && j-i <= 10; j++ {
				if x := w[j]; x == "gone" || x == "lose" || x == "miss" || x == "higher" || x == "expire" || x == "expires" || x == "disappear" ||
					x == "taken" || x == "over" || x == "late" || x == "lost" || x == "increase" || x == "up" && at(w, j-1) == "go" {
					return "waiting loses: " + x
				}
			}
		case (t == "go" || t == "goes" || t == "going" || t == "sell" || t == "fill" || t == "disappear" || t == "disappearing" || t == "book" || t == "booking") &&
			(at(w, i+1) == "fast" || at(w, i+1) == "quickly" || at(w, i+1) == "out" && at(w, i+2) == "fast") && offerNouns[at(w, i-1)]:
			return "scarcity: " + at(w, i-1) + " " + t + " fast"
		case t == "time" && at(w, i-1) == "one" && offerNouns[at(w, i+1)] || t == "lifetime" && at(w, i-3) == "once":
			return "one time offer"
		case scarceNouns[t] || t == "slot" || t == "appointment" || t == "appointments" || t == "date" || t == "dates" || t == "opening":
			if (isNumberWord(at(w, i-1)) || at(w, i-1) == "few" || at(w, i-1) == "last") && !negIn(w, i, 4) &&
				(anyIn(w, i+1, i+8, ws4) >= 0 && anyIn(w, i+1, i+8, ws5) >= 0 || anyIn(w, i-4, i-2, ws6) >= 0) &&
				anyIn(w, i-3, i+3, ws7) < 0 {
				return "scarcity: " + t
			}
		case t == "table" && at(w, i-1) == "the" && at(w, i-2) == "off" && timeAheadOf(w, 0, len(w)):
			return "deadline: off the table"
		case t == "last" && at(w, i-1) == "the" && at(w, i-2) == "be" && at(w, i-3) == "not" && at(w, i-4) == "do":
			return "pressure: do not be the last"
		case t == "hurry" || t == "quick" && at(w, i+1) == "before":
			if !negIn(w, i, 4) && at(w, i-1) != "no" {
				return "hurry"
			}
		case t == "last" || t == "final":
			if n := at(w, i+1); n == "chance" || n == "day" || n == "opportunity" || n == "call" && at(w, i+2) == "for" || n == "notice" || n == "warning" || n == "hours" {
				if !negIn(w, i, 4) && !(n == "day" && at(w, i-1) == "the" && at(w, i+2) == "of") {
					return "last " + n
				}
			}
			if rule := deadline(w, i); rule != "" {
				return rule
			}
		case t == "limited" && (offerNouns[at(w, i+1)] || at(w, i+1) == "time" || at(w, i+1) == "number" || at(w, i+1) == "supply" || at(w, i+1) == "quantities" || at(w, i+1) == "availability"):
			if !negIn(w, i, 4) {
				return "limited " + at(w, i+1)
			}
		case (t == "only" || t == "just") && (isNumberWord(at(w, i+1)) || at(w, i+1) == "a" && (at(w, i+2) == "few" || at(w, i+2) == "handful" || at(w, i+2) == "couple")) && scarcityAhead(w, i+1):
			return "scarcity"
		case scarceNouns[t] && (t == "left" || t == "remaining") && i > 0 && (isNumberWord(at(w, i-1)) || at(w, i-1) == "few" || offerNouns[at(w, i-1)]) && !negIn(w, i, 4) && at(w, i-2) != "questions" && at(w, i-1) != "questions":
			return "scarcity: " + t
		case (t == "selling" || t == "filling" || t == "going" || t == "running") && (at(w, i+1) == "out" || at(w, i+1) == "up" || at(w, i+1) == "fast" || at(w, i+1) == "quickly"):
			if t == "going" && at(w, i+1) == "up" && !offerNouns[at(w, i-2)] && !offerNouns[at(w, i-1)] {
				continue
			}
			if !negIn(w, i, 4) && !(at(w, i+1) == "up" && t == "filling" && at(w, i+2) == "the") {
				return "scarcity: " + t + " " + at(w, i+1)
			}
		case t == "almost" && (at(w, i+1) == "gone" || at(w, i+1) == "sold" || at(w, i+1) == "full"):
			return "scarcity: almost " + at(w, i+1)
		case expireVerbs[t]:
			if rule := deadline(w, i); rule != "" {
				return rule
			}
		case t == "until" || t == "before" || t == "by":
			if rule := untilDeadline(w, i); rule != "" {
				return rule
			}
		case calleeActs[t]:
			if rule := decideNow(w, i); rule != "" {
				return rule
			}
		case t == "wait" && (at(w, i-1) == "not" && (at(w, i-2) == "do" || at(w, i-2) == "can")) && at(w, i+1) != "for" && !(at(w, i-2) == "can" && at(w, i-3) == "i"):
			return "do not wait"
		case t == "miss" && at(w, i-1) == "not" && at(w, i-2) == "do" && (at(w, i+1) == "out" || at(w, i+1) == "this" || at(w, i+1) == "it"):
			return "do not miss out"
		case t == "never" && at(w, i-1) == "or" && at(w, i-2) == "now":
			return "now or never"
		case t == "late" && at(w, i-1) == "too" && (at(w, i-2) == "is" || at(w, i-2) == "be") && (at(w, i-3) == "it" || at(w, i-4) == "before"):
			return "too late"
		case t == "time" && (at(w, i+1) == "is" && (at(w, i+2) == "running" || at(w, i+2) == "short" || at(w, i+2) == "ticking") || at(w, i-1) == "of" && at(w, i-2) == "out" && at(w, i-3) == "running"):
			return "time running out"
		case (t == "supplies" || t == "stocks" || t == "stock") && at(w, i-1) == "while" && at(w, i+1) == "last":
			return "while supplies last"
		case t == "first" && isNumberWord(at(w, i+1)) && (at(w, i+2) == "callers" || at(w, i+2) == "customers" || at(w, i+2) == "people" || at(w, i+2) == "households" || at(w, i+2) == "applicants" || at(w, i+2) == "to"):
			return "first n"
		case (t == "today" || t == "tonight") && at(w, i+1) == "only" || t == "only" && (at(w, i+1) == "today" || at(w, i+1) == "tonight" || at(w, i+1) == "until" || at(w, i+1) == "for" && railTimeWords[at(w, i+3)] || at(w, i+1) == "this" && (at(w, i+2) == "week" || at(w, i+2) == "weekend")):
			if !negIn(w, i, 4) {
				return "only " + at(w, i+1)
			}
		case (t == "prices" || t == "price" || t == "rates" || t == "rate" || t == "cost" || t == "fees") && (at(w, i+1) == "go" || at(w, i+1) == "will" || at(w, i+1) == "are") &&
			(at(w, i+2) == "up" || at(w, i+3) == "up" || at(w, i+2) == "rising" || at(w, i+3) == "increase" || at(w, i+2) == "increase") && timeAhead(w, i, 6):
			return "price rise deadline"
		case t == "need" || t == "must" || t == "have" && at(w, i+1) == "to" || t == "got" && at(w, i+1) == "to":
			if rule := mustNow(w, i); rule != "" {
				return rule
			}
		}
	}
	return ""
}

func scarcityAhead(w []string, i int) bool {
	for j := i; j < len(w) && j-i <= 4; j++ {
		if scarceNouns[w[j]] || w[j] == "left" || w[j] == "remaining" || w[j] == "remain" {
			return !(at(w, j-1) == "questions" || at(w, j-2) == "questions" || at(w, j-1) == "minutes" || at(w, j-1) == "question")
		}
	}
	return false
}

func timeAhead(w []string, i, n int) bool {
	for j := i + 1; j < len(w) && j-i <= n; j++ {
		if railTimeWords[w[j]] && w[j] != "now" {
			return true
		}
	}
	return false
}

// deadline: "the offer ends friday", "this price is only good until tonight".
func deadline(w []string, i int) string {
	t := w[i]
	// the subject: an offer-like noun in the four words before
	subj := false
	for j := i - 1; j >= 0 && i-j <= 4; j-- {
		if offerNouns[w[j]] {
			subj = true
			break
		}
	}
	if subj && (t == "last" || t == "lasts") && at(w, i-1) == "not" && (at(w, i+1) == "" || at(w, i+1) == "long") {
		return "will not last"
	}
	if !subj || negIn(w, i, 4) || hedgedIn(w, i, 3) {
		return ""
	}
	if t == "valid" || t == "good" || t == "available" || t == "open" || t == "lasts" || t == "last" {
		n := at(w, i+1)
		if n == "until" || n == "till" || n == "through" || n == "for" && timeAheadOf(w, i+2, 3) || n == "only" && timeAheadOf(w, i+2, 3) || n == "today" || n == "tonight" {
			return "deadline: " + t + " " + n
		}
		if t == "last" && (n == "" || n == "long") && at(w, i-1) == "not" {
			return "will not last"
		}
		return ""
	}
	if t == "wraps" || t == "winds" {
		if n := at(w, i+1); n != "up" && n != "down" {
			return ""
		}
		t = "ends"
	}
	if t == "runs" || t == "goes" {
		if n := at(w, i+1); n != "out" && n != "away" {
			return ""
		}
	}
	if t == "closes" || t == "close" || t == "closing" || t == "ends" || t == "end" || t == "ending" || t == "expires" || t == "expire" ||
		t == "expiring" || t == "runs" || t == "goes" || t == "disappears" || t == "stops" || t == "lapses" || t == "vanishes" || t == "finishes" {
		if timeAheadOf(w, i+1, 5) || at(w, i+1) == "" || at(w, i+1) == "soon" {
			return "deadline: " + t
		}
	}
	return ""
}

func timeAheadOf(w []string, i, n int) bool {
	for j := i; j < len(w) && j-i < n; j++ {
		x := w[j]
		if railTimeWords[x] && x != "now" || x == "pm" || x == "am" || x == "oclock" || x == "soon" || x == "end" || x == "midnight" {
			return true
		}
		if isNumberWord(x) && j+1 < len(w) && (w[j+1] == "pm" || w[j+1] == "am" || w[j+1] == "days" || w[j+1] == "hours") {
			return true
		}
	}
	return false
}

// untilDeadline: "you have until friday to decide", "sign before midnight".
func untilDeadline(w []string, i int) string {
	if !timeAheadOf(w, i+1, 4) {
		return ""
	}
	if negIn(w, i, 6) || hedgedIn(w, i, 4) {
		return ""
	}
	// pressure on the callee before it: "you have until", "you must sign before", "offer only until"
	for j := i - 1; j >= 0 && i-j <= 6; j-- {
		x := w[j]
		if clauseStop[x] || x == "i" || x == "we" && at(w, j+1) != "need" || x == "call" && (at(w, j-1) == "we" || at(w, j-1) == "i") {
			return ""
		}
		if x == "have" && at(w, j-1) == "you" || x == "must" || x == "need" || x == "only" || x == "got" ||
			offerNouns[x] && j == i-1 || calleeActs[x] && (at(w, j-1) == "you" || at(w, j-1) == "to" || j == 0 || at(w, j-1) == "please") {
			return "deadline: " + w[i] + " " + at(w, i+1)
		}
	}
	return ""
}

// decideNow: "decide now", "sign up today", "you need to act right away".
func decideNow(w []string, i int) string {
	// the callee is the actor: imperative, "you", "please", or "need to"
	p := at(w, i-1)
	actor := i == 0 || p == "please" || p == "to" && at(w, i-2) == "you" || p == "you" || p == "just" && (i == 1 || at(w, i-2) == "you") || p == "to" && (at(w, i-2) == "need" || at(w, i-2) == "have" || at(w, i-2) == "got" || at(w, i-2) == "want" && at(w, i-3) == "you") || p == "must" || p == "should"
	if !actor || negIn(w, i, 5) || hedgedIn(w, i, 4) {
		return ""
	}
	if at(w, i-3) == "like" || at(w, i-2) == "like" || p == "to" && at(w, i-3) == "do" || at(w, i-2) == "can" || at(w, i-3) == "would" {
		return ""
	}
	for j := i + 1; j < len(w) && j-i <= 5; j++ {
		x := w[j]
		if urgentTimes[x] || x == "away" && at(w, j-1) == "right" || x == "next" && (isNumberWord(at(w, j+1)) || at(w, j+1) == "hour" || at(w, j+1) == "few" || at(w, j+1) == "minute") || x == "call" && at(w, j-1) == "this" && at(w, j-2) == "on" ||
			x == "hang" && at(w, j-2) == "before" || x == "have" && at(w, j-1) == "i" && at(w, j-2) == "while" {
			if x == "now" && (at(w, j+1) == "or" || at(w, j-1) == "for") {
				if at(w, j-1) == "for" {
					return ""
				}
			}
			return "decide now: " + w[i] + " " + x
		}
	}
	return ""
}

// mustNow: "you need to decide today", "you have to answer now".
func mustNow(w []string, i int) string {
	if at(w, i-1) == "i" && w[i] == "need" && (at(w, i+2) == "answer" || at(w, i+2) == "decision" || at(w, i+2) == "commitment" || at(w, i+2) == "yes") &&
		(urgentTimes[at(w, i+3)] || at(w, i+3) == "right" || at(w, i+3) == "by" || at(w, i+3) == "before") {
		return "must answer now"
	}
	if (at(w, i-1) == "we" || at(w, i-1) == "i") && w[i] == "need" && at(w, i+1) == "your" && (at(w, i+2) == "decision" || at(w, i+2) == "answer" ||
		at(w, i+2) == "signature" || at(w, i+2) == "payment" || at(w, i+2) == "commitment" || at(w, i+2) == "confirmation") &&
		(urgentTimes[at(w, i+3)] || at(w, i+3) == "right" || at(w, i+3) == "before" || at(w, i+3) == "by") {
		return "must answer now"
	}
	if at(w, i-1) != "you" && at(w, i-1) != "really" {
		return ""
	}
	if negIn(w, i, 4) {
		return ""
	}
	for j := i + 1; j < len(w) && j-i <= 6; j++ {
		if urgentTimes[w[j]] || w[j] == "away" && at(w, j-1) == "right" {
			if at(w, j-1) == "for" {
				return ""
			}
			return "must act now"
		}
	}
	return ""
}

// ---- consequences of not complying ----

var (
	harmStates = set("void voided invalid invalidated lapse lapsed lose losing forfeit suspended suspend cancelled canceled cancel closed close frozen freeze terminated terminate " +
		"disconnected disconnect cut shut blocked block revoked revoke locked lock penalized penalised fined charged " +
		"reported sued arrested seized garnished repossessed evicted flagged downgraded damaged ruined hurt " +
		"blacklisted deactivated deleted removed escalated referred lost forfeited impacted affected drop dropped " +
		"withheld stopped ended denied rejected collected prosecuted investigated audited jailed deported")
	harmNouns = set("meter supply warranty connection contract deposit vehicle property file account service services power electricity water gas heating internet line phone credit license " +
		"licence benefits card membership coverage policy insurance subscription plan payments warranty score " +
		"rating record pension visa status application loan mortgage car home house")
	penaltyNouns = set("lawyers legal attorney attorneys solicitors solicitor penalty penalties fine fines fee fees charge charges lawsuit warrant arrest jail prison court " +
		"collections collector collectors bailiff bailiffs police sheriff action proceedings prosecution audit " +
		"investigation consequences consequence trouble")
	threatWords = set("arrest arrested warrant jail prison lawsuit prosecute prosecuted prosecution deport deported " +
		"garnish garnished sue suing bailiff bailiffs repossess repossession evict eviction")
	conditionWords = set("if unless otherwise else or")
)

// threatEN: harm to the callee's account, service, credit or person, tied to
// not complying or stated as what will happen.
func threatEN(w []string) string {
	for i, t := range w {
		switch {
		case threatWords[t]:
			if negIn(w, i, 6) || at(w, i-1) == "if" {
				continue
			}
			return "threat: " + t
		case t == "else" && at(w, i-1) == "or":
			return "or else"
		case t == "regret" && (at(w, i-1) == "will" || at(w, i-1) == "would") && at(w, i-2) == "you":
			return "you will regret"
		case t == "know" && at(w, i-1) == "we" && at(w, i+1) == "where" && at(w, i+2) == "you":
			return "we know where you live"
		case harmStates[t]:
			if rule := harmTo(w, i); rule != "" {
				return rule
			}
		case penaltyNouns[t]:
			if rule := penaltyFor(w, i); rule != "" {
				return rule
			}
		case t == "send" || t == "sending" || t == "visit" || t == "come" || t == "coming" || t == "knock" || t == "show":
			if rule := visitThreat(w, i); rule != "" {
				return rule
			}
		case (t == "lead" || t == "leads" || t == "result" || t == "results") && (at(w, i+1) == "to" || at(w, i+1) == "in") && !negIn(w, i, 5) &&
			anyIn(w, i+2, i+6, ws8) >= 0:
			return "consequence: " + t + " " + at(w, i+1)
		case (t == "missed" || t == "late" || t == "negative" || t == "black") && (at(w, i+1) == "payment" || at(w, i+1) == "mark" || at(w, i+1) == "marker") && anyIn(w, i-8, i-1, ws9) >= 0 && !negIn(w, i, 8):
			return "consequence: credit record"
		case t == "report" && at(w, i+1) == "you" || t == "report" && at(w, i+1) == "this" && at(w, i+2) == "to":
			if !negIn(w, i, 5) {
				return "report you"
			}
		}
	}
	return ""
}

// condBefore reports a condition of non-compliance before w[i]: "if you do not",
// "unless you", "otherwise", "or".
func condBefore(w []string, i int) bool {
	// the condition may follow: "we will cancel your policy if you hang up"
	for j := i + 1; j < len(w) && j-i <= 8; j++ {
		if w[j] == "unless" || w[j] == "otherwise" {
			return true
		}
		if w[j] == "if" && at(w, j+1) == "you" {
			for k := j + 2; k < len(w) && k-j <= 5; k++ {
				if y := w[k]; y == "not" || y == "never" || y == "fail" || y == "ignore" || y == "refuse" || y == "hang" || y == "decline" || y == "miss" || y == "delay" || y == "wait" {
					return true
				}
			}
		}
	}
	for j := i - 1; j >= 0 && i-j <= 12; j-- {
		x := w[j]
		if x == "unless" || x == "otherwise" || x == "else" || x == "failure" || x == "failing" || x == "ignoring" || x == "ignore" && at(w, j-1) == "you" {
			return true
		}
		if x == "if" {
			// "if you do not pay", "if you ignore this", "if you hang up"
			for k := j + 1; k < i && k-j <= 6; k++ {
				y := w[k]
				if y == "not" || y == "never" || y == "fail" || y == "ignore" || y == "refuse" || y == "hang" || y == "decline" ||
					y == "miss" || y == "delay" || y == "wait" || y == "skip" || y == "late" || y == "stop" {
					return true
				}
			}
			return false
		}
	}
	return false
}

// harmTo: "your account will be suspended", "your credit could be affected".
func harmTo(w []string, i int) string {
	t := w[i]
	if negIn(w, i, 6) || negAfter(w, i, 1) {
		return ""
	}
	if at(w, i-1) == "be" && at(w, i-2) == "not" || at(w, i-1) == "nothing" {
		return ""
	}
	// the thing harmed, before (passive) or after (active: "we will cut your power")
	thing := ""
	for j := i - 1; j >= 0 && i-j <= 6; j-- {
		if harmNouns[w[j]] && (at(w, j-1) == "your" || at(w, j-2) == "your" || at(w, j-1) == "the") {
			thing = w[j]
			break
		}
		if w[j] == "you" && (at(w, j+1) == "will" || at(w, j+1) == "could" || at(w, j+1) == "may" || at(w, j+1) == "might" || at(w, j+1) == "would" || at(w, j+1) == "can" || at(w, j+1) == "are" || at(w, j+1) == "be") &&
			(t == "fined" || t == "charged" || t == "reported" || t == "sued" || t == "arrested" || t == "prosecuted" || t == "penalized" ||
				t == "penalised" || t == "investigated" || t == "audited" || t == "evicted" || t == "blacklisted" || t == "flagged" || t == "lose" ||
				t == "denied" || t == "dropped" || t == "jailed" || t == "deported" || t == "removed" && at(w, i+1) == "from" || t == "lost") {
			thing = "you"
			break
		}
		if clauseStop[w[j]] && w[j] != "or" {
			break
		}
	}
	if thing == "" {
		for j := i + 1; j < len(w) && j-i <= 3; j++ {
			if harmNouns[w[j]] && (at(w, j-1) == "your" || at(w, j-2) == "your") {
				thing = w[j]
			}
		}
		if thing != "" {
			// an actor doing it: "we will cut off your power"
			if !(at(w, i-1) == "will" || at(w, i-2) == "will" || at(w, i-1) == "to" || at(w, i-1) == "could" || at(w, i-1) == "may" || at(w, i-1) == "might") {
				thing = ""
			}
		}
	}
	if thing == "" {
		return ""
	}
	if (t == "removed" || t == "deleted") && thing != "you" && (at(w, i+1) == "" || at(w, i+1) == "from" && at(w, i+2) == "our") {
		return "" // "your number will be removed from our list"
	}
	if t == "close" || t == "closed" || t == "cancel" || t == "cancelled" || t == "canceled" || t == "ended" || t == "stopped" {
		// closing an account is harm only with pressure: a condition or a time
		if !condBefore(w, i) && !timeAheadOf(w, i+1, 4) {
			return ""
		}
	}
	if t == "affected" || t == "impacted" || t == "drop" || t == "dropped" || t == "lost" {
		if !condBefore(w, i) && !(at(w, i+1) == "negatively" || at(w, i-1) == "negatively" || at(w, i-1) == "seriously" || at(w, i-1) == "badly") {
			return ""
		}
	}
	return "harm to " + thing + ": " + t
}

// penaltyFor: "a late fee will be added if you do not", "legal action", "you will face charges".
func penaltyFor(w []string, i int) string {
	t := w[i]
	if negIn(w, i, 5) || at(w, i-1) == "no" {
		return ""
	}
	p := at(w, i-1)
	switch {
	case t == "action" || t == "proceedings":
		if p == "legal" || p == "court" || p == "enforcement" || p == "disciplinary" || p == "criminal" {
			return "threat: " + p + " " + t
		}
		return ""
	case t == "consequences" || t == "consequence" || t == "trouble":
		if p == "the" || p == "any" && negIn(w, i-1, 4) {
			return ""
		}
		if at(w, i-2) == "be" || at(w, i-2) == "face" || p == "face" || p == "serious" || p == "legal" || p == "severe" || p == "be" || condBefore(w, i) || p == "in" || p == "real" {
			return "threat: consequences"
		}
		return ""
	case t == "police" || t == "sheriff" || t == "court" || t == "collections" || t == "collector" || t == "collectors" || t == "bailiff" || t == "bailiffs":
		// "we will send this to collections", "we will contact the police"
		if anyIn(w, i-6, i-1, adviceVerbs) >= 0 || anyIn(w, i-6, i-1, ws10) >= 0 {
			return "" // "you may want to reach out to the police"
		}
		for j := i - 1; j >= 0 && i-j <= 9; j-- {
			x := w[j]
			if x == "will" || x == "have" || x == "forced" || x == "going" || x == "may" || x == "could" || x == "to" && at(w, j-1) == "referred" || x == "involve" {
				if negIn(w, j, 4) {
					return ""
				}
				if selfSubj[at(w, j-1)] || at(w, j-1) == "be" || at(w, j-2) == "account" || at(w, j-1) == "account" || condBefore(w, i) {
					return "threat: " + t
				}
				if at(w, j-1) == "you" || at(w, j-2) == "you" || anyIn(w, i-7, i-1, selfSubj) >= 0 {
					return "threat: " + t
				}
			}
		}
		return ""
	}
	// fees, fines, penalties: tied to non-compliance or imposed on you
	if t == "fine" && (p == "is" || p == "be" || p == "all" || p == "totally" || p == "perfectly" || p == "just" || p == "fine" || p == "was" || p == "are" ||
		p == "completely" || p == "absolutely" || p == "quite" || p == "really" || p == "thats" || p == "its" || p == "also" || p == "okay" || at(w, i+1) == "with" || at(w, i+1) == "too") {
		return "" // "that is fine"
	}
	if condBefore(w, i) || at(w, i+1) == "will" || at(w, i+1) == "of" && isNumberWord(at(w, i+2)) || p == "late" && at(w, i+1) != "" {
		if p == "late" || t == "penalty" || t == "penalties" || t == "fine" || t == "fines" || t == "warrant" || t == "lawsuit" ||
			t == "arrest" || t == "jail" || t == "prison" || condBefore(w, i) {
			return "threat: " + t
		}
	}
	if (t == "lawyers" || t == "legal" || t == "attorney" || t == "attorneys" || t == "solicitors" || t == "solicitor") && condBefore(w, i) {
		return "threat: " + t
	}
	if (t == "fine" || t == "fines" || t == "penalty" || t == "penalties" || t == "charges") && (at(w, i-2) == "face" || p == "face" || at(w, i-2) == "a" && at(w, i-3) == "face") {
		return "threat: face " + t
	}
	return ""
}

// visitThreat: "we will send someone to your home", "an officer will visit you".
func visitThreat(w []string, i int) string {
	t := w[i]
	if negIn(w, i, 5) {
		return ""
	}
	home := false
	for j := i + 1; j < len(w) && j-i <= 6; j++ {
		x := w[j]
		if x == "home" || x == "house" || x == "door" || x == "address" || x == "workplace" || x == "work" && at(w, j-1) == "your" || x == "you" && (t == "visit" || t == "send") && at(w, j-1) != "to" && t == "visit" {
			home = true
		}
	}
	if !home {
		return ""
	}
	// a visit is a threat when it follows a condition, or comes from an officer, or is "someone"
	if condBefore(w, i) {
		return "threat: visit"
	}
	for j := i - 4; j < i+4 && j < len(w); j++ {
		if j < 0 {
			continue
		}
		x := w[j]
		if x == "someone" || x == "somebody" || x == "officer" || x == "officers" || x == "agent" || x == "agents" || x == "collector" ||
			x == "bailiff" || x == "police" || x == "sheriff" || x == "people" || x == "team" && t == "send" || x == "knock" {
			if x == "team" && hasAny(joinWords(w), []string{"technician", "repair", "install"}) {
				continue
			}
			return "threat: visit"
		}
	}
	return ""
}

// ---- rewards and selection ----

var (
	rewardNouns = set("prize prizes gift gifts giftcard voucher vouchers reward rewards bonus bonuses cash jackpot " +
		"sweepstakes lottery raffle drawing draw giveaway trip vacation cruise holiday iphone ipad tv television " +
		"laptop tablet car winnings payout credit coupon coupons points cashback hamper")
	selectVerbs = set("selected chosen picked drawn qualified nominated entered")
	gainVerbs   = set("earned unlocked awarded got receive get gets getting claim collect earn won win wins winning enjoy redeem given awarded entitled " +
		"eligible qualify qualifies receiving")
)

// prizeEN: a reward or a selection offered to the callee.
func prizeEN(w []string) string {
	for i, t := range w {
		switch {
		case t == "won" && (at(w, i-1) == "you" || at(w, i-1) == "have" || at(w, i-1) == "has" || at(w, i-1) == "just") && !negIn(w, i, 4):
			if at(w, i-1) == "has" && at(w, i-2) != "number" && at(w, i-2) != "household" && at(w, i-2) != "name" && at(w, i-2) != "ticket" {
				continue
			}
			return "you won"
		case t == "winner" || t == "winners" || t == "winning" && at(w, i+1) != "":
			if !negIn(w, i, 4) && !hedgedIn(w, i, 3) {
				return "winner"
			}
		case t == "win" && (at(w, i-1) == "could" || at(w, i-1) == "to" && (at(w, i-2) == "chance" || at(w, i-2) == "entered") || at(w, i-1) == "will" || at(w, i-1) == "can" || at(w, i-1) == "might") && at(w, i+1) != "back":
			if at(w, i+1) == "win" || negIn(w, i, 5) {
				continue
			}
			return "you could win"
		case t == "lucky" && (at(w, i+1) == "winner" || at(w, i+1) == "customer" || at(w, i+1) == "household" || at(w, i+1) == "number" || at(w, i+1) == "one" || at(w, i+1) == "few" || at(w, i+1) == "day" && at(w, i-1) == "your" || at(w, i+1) == "customers" || at(w, i+1) == "draw"):
			return "lucky " + at(w, i+1)
		case t == "congratulations" || t == "congrats":
			if !negIn(w, i, 3) && (gainAhead(w, i+1, 8) || selectAhead(w, i+1, 8) || at(w, i+1) == "you") {
				return "congratulations"
			}
		case (t == "reward" || t == "rewards" || t == "bonus" || t == "voucher" || t == "hamper" || t == "cashback" || t == "giftcard") && anyIn(w, i-8, i-1, ws11) >= 0 && !negIn(w, i, 8):
			return "reward: " + t
		case selectVerbs[t]:
			if rule := selection(w, i); rule != "" {
				return rule
			}
		case rewardNouns[t]:
			if rule := reward(w, i); rule != "" {
				return rule
			}
		case t == "free" || t == "complimentary" || t == "bonus":
			if rule := freeThing(w, i); rule != "" {
				return rule
			}
		case t == "you" && at(w, i-1) == "thank" && at(w, i-2) == "a" && at(w, i-3) == "as" && !negIn(w, i, 6) ||
			t == "gift" && at(w, i-1) == "you" && at(w, i-2) == "thank":
			return "thank you gift"
		case t == "house" && at(w, i-1) == "the" && at(w, i-2) == "on":
			return "on the house"
		}
	}
	return ""
}

func gainAhead(w []string, i, n int) bool {
	for j := i; j < len(w) && j-i < n; j++ {
		if gainVerbs[w[j]] || rewardNouns[w[j]] {
			return true
		}
	}
	return false
}

func selectAhead(w []string, i, n int) bool {
	for j := i; j < len(w) && j-i < n; j++ {
		if selectVerbs[w[j]] {
			return true
		}
	}
	return false
}

// selection: "you have been selected to receive", "your number was picked".
func selection(w []string, i int) string {
	if negIn(w, i, 5) {
		return ""
	}
	subj := false
	for j := i - 1; j >= 0 && i-j <= 4; j-- {
		x := w[j]
		if x == "you" || x == "your" || x == "household" || x == "number" || x == "name" || x == "address" || x == "home" {
			subj = true
		}
	}
	if !subj {
		return ""
	}
	// the selection leads to something: a reward, an offer, a win
	for j := i + 1; j < len(w) && j-i <= 8; j++ {
		x := w[j]
		if gainVerbs[x] || rewardNouns[x] || x == "free" || x == "exclusive" || x == "special" || x == "offer" || x == "deal" ||
			x == "discount" || x == "upgrade" || x == "bonus" || x == "winner" || x == "win" || x == "lucky" || x == "complimentary" ||
			x == "vip" || x == "promotion" || x == "rebate" || x == "grant" {
			return "selected for a reward"
		}
		if x == "survey" || x == "feedback" || x == "questions" || x == "study" || x == "call" || x == "interview" {
			return ""
		}
	}
	if w[i] == "qualified" || w[i] == "entered" || at(w, i+1) == "" || at(w, i+1) == "as" || at(w, i+1) == "among" || at(w, i+1) == "from" || at(w, i+1) == "at" && at(w, i+2) == "random" && at(w, i+3) == "" {
		if w[i] == "qualified" && at(w, i+1) == "" {
			return "selected"
		}
		return "selected"
	}
	return ""
}

// reward: "you will receive a gift card", "claim your reward", "a $50 voucher".
func reward(w []string, i int) string {
	t := w[i]
	if negIn(w, i, 6) || hedgedIn(w, i, 2) {
		return ""
	}
	if t == "credit" && at(w, i-1) != "bonus" && at(w, i-1) != "free" && !isNumberWord(at(w, i-1)) {
		return ""
	}
	if (t == "draw" || t == "drawing" || t == "raffle") && anyIn(w, i-7, i-1, ws12) >= 0 && anyIn(w, i-7, i-1, ws13) >= 0 {
		return "reward: " + t
	}
	if t == "points" || t == "car" || t == "tv" || t == "television" || t == "holiday" || t == "trip" || t == "draw" || t == "drawing" ||
		t == "cash" || t == "laptop" || t == "tablet" || t == "payout" {
		// ordinary nouns: a reward only with a gain verb to the callee
		if !gainBefore(w, i) {
			return ""
		}
		return "reward: " + t
	}
	if t == "gift" && (at(w, i+1) == "to" || at(w, i-1) == "a" && at(w, i-2) == "as" && at(w, i+1) == "") {
		// "your feedback is a gift to us"
		return ""
	}
	if gainBefore(w, i) || at(w, i-1) == "your" || isNumberWord(at(w, i-1)) || t == "prize" || t == "prizes" || t == "sweepstakes" ||
		t == "lottery" || t == "jackpot" || t == "raffle" || t == "giveaway" || t == "winnings" {
		return "reward: " + t
	}
	return ""
}

func gainBefore(w []string, i int) bool {
	for j := i - 1; j >= 0 && i-j <= 9; j-- {
		if gainVerbs[w[j]] || w[j] == "send" && at(w, j+1) == "you" || w[j] == "give" && at(w, j+1) == "you" || w[j] == "offer" && at(w, j+1) == "you" {
			return true
		}
		if clauseStop[w[j]] {
			return false
		}
	}
	return false
}

// freeThing: "a free gift", "you get a free upgrade", "for free".
func freeThing(w []string, i int) string {
	t := w[i]
	if negIn(w, i, 5) {
		return ""
	}
	n := at(w, i+1)
	if t == "free" && (n == "to" || n == "of" || n == "time" || n == "minute" || n == "moment" || n == "call" || n == "number" || n == "line" || at(w, i-1) == "feel" || at(w, i-1) == "toll" || at(w, i-1) == "are" || at(w, i-1) == "is" || at(w, i-1) == "be" || n == "and" && at(w, i+2) == "clear") {
		return "" // "feel free to", "free of charge" handled below, "the call is free"
	}
	if rewardNouns[n] || rewardNouns[at(w, i+2)] || n == "upgrade" || n == "month" || n == "months" || n == "year" || n == "installation" || n == "service" || n == "estimate" || n == "inspection" || n == "trial" || n == "sample" || n == "samples" || n == "phone" || n == "product" || n == "products" {
		return t + " " + n
	}
	if gainBefore(w, i) && (n != "" || at(w, i-1) == "for") {
		return "free offer"
	}
	if t == "free" && at(w, i-1) == "for" && gainBefore(w, i-1) {
		return "for free"
	}
	return ""
}

// inline word sets, built once
var (
	ws4  = set("left remaining nothing then after until")
	ws5  = set("nothing left remaining")
	ws6  = set("only just")
	ws7  = set("questions question minutes")
	ws8  = set("visit action penalty penalties fine fines fee fees suspension disconnection termination closure cancellation charges collection collections arrest prosecution court legal loss late")
	ws9  = set("credit record file report")
	ws10 = set("want")
	ws11 = set("you your youre")
	ws12 = set("your you")
	ws13 = set("came won picked selected drawn entered pulled chosen")
)
