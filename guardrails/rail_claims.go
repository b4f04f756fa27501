package guardrails

// English structural rules: commitments, organisations, pressure, consequences
// and rewards.

// ---- what is promised ----

var (
	commitWords = set("certain guarantee guaranteed guarantees guaranteeing promise promised promises promising definitely " +
		"certainly surely undoubtedly assure assured assures ensure ensures warrant 100% absolutely positively " +
		"unquestionably")
	// agentActs are what the agent may commit to doing itself on the call.
	agentActs = set("note pass record log remove delete share forward tell let make put add write mention take keep " +
		"send call help answer ask stop end read flag respect update get look check note passing noting sharing " +
		"be try do follow transfer connect")
	outcomeWords = set("double doubled triples speed faster save saves saving savings money refund refunds refunded approve approved approval arrive arrives " +
		"arrival delivered delivery deliver fix fixed fixes repair repaired repairs replaced replace install installed " +
		"result results return returns profit income earn earnings lower lowered reduce reduced cut cheaper less win " +
		"rate rates loan credit cure cured success successful work works working payout paid pay payment interest " +
		"double triple increase gain gains qualify qualifies eligible accepted processed resolved solved back " +
		"done ready there time bill bills cost costs price discount benefit benefits coverage covered cover " +
		"compensation compensated reimbursed reimbursement credited score faster better improve improved grow " +
		"love satisfied happy pass passes passed drop drops down go up stay")
	futureWords = set("will would shall be get gets getting going receive see have by within tomorrow today tonight " +
		"next week monday tuesday wednesday thursday friday saturday sunday soon hours days minutes")
	riskNouns = set("risk risks chance loss losses")
)

// guaranteeEN: a commitment word that covers an outcome for the callee.
func guaranteeEN(w []string) string {
	for i, t := range w {
		switch {
		case commitWords[t]:
			if (t == "promise" || t == "promised" || t == "guarantee" || t == "assure" || t == "swear" || t == "guaranteed") && !negIn(w, i, 6) &&
				(at(w, i+1) == "nothing" || at(w, i+1) == "you" && (at(w, i+2) == "will" && at(w, i+3) == "not" || at(w, i+2) == "never") || at(w, i+1) == "not" && at(w, i+2) == "to" && t == "guaranteed" ||
					at(w, i+1) == "it" && at(w, i+2) == "will" && (at(w, i+3) == "not" || at(w, i+3) == "never")) {
				if anyIn(w, i+2, i+7, ws18) >= 0 {
					return "commitment that nothing goes wrong"
				}
			}
			if negIn(w, i, 6) || hedgedIn(w, i, 3) || negAfter(w, i, 2) && t != "100%" {
				continue
			}
			if (t == "absolutely" || t == "definitely" || t == "certainly" || t == "surely" || t == "positively") &&
				(i == 0 || at(w, i-1) == "yes" || at(w, i-1) == "oh" || at(w, i-1) == "okay") && commitInterjection(w, i) {
				continue // "absolutely i can help with that", "certainly"
			}
			if t == "certain" && (at(w, i-1) == "a" || at(w, i-1) == "for" || at(w, i+1) == "amount" || !(at(w, i-1) == "is" || at(w, i-1) == "am" || at(w, i-1) == "completely" || at(w, i-1) == "absolutely" || at(w, i-1) == "100%" || at(w, i-1) == "totally" || at(w, i-1) == "are")) {
				continue
			}
			if t == "guarantee" && at(w, i-1) == "no" {
				continue
			}
			if t == "assure" && at(w, i+1) == "you" && (at(w, i+2) == "that" || at(w, i+2) == "we" || at(w, i+2) == "i") && agentClause(w, i+2) {
				continue
			}
			if t == "ensure" || t == "ensures" {
				// "to ensure quality" is a purpose; "we ensure you get" is a promise
				if at(w, i-1) == "to" || at(w, i+1) != "you" && at(w, i+1) != "that" && at(w, i+1) != "your" {
					continue
				}
			}
			if t == "warrant" && at(w, i+1) != "that" {
				continue
			}
			if t == "promise" && (at(w, i+1) == "to" || at(w, i+1) == "i" || at(w, i+1) == "we") && agentClause(w, i+1) {
				continue // "i promise to keep it short", "i promise i will pass it on"
			}
			if (t == "definitely" || t == "certainly" || t == "absolutely" || t == "surely") && agentClause(w, i) {
				continue // "i will definitely pass that on"
			}
			if t == "100%" && (at(w, i+1) == "of" || at(w, i+1) == "confidential" || at(w, i+1) == "optional" || at(w, i+1) == "voluntary") {
				continue
			}
			if t == "guaranteed" || t == "guarantee" && at(w, i-1) != "i" && at(w, i-1) != "we" {
				// "guaranteed approval", "satisfaction guaranteed", "a money back guarantee"
				if outcomeWords[at(w, i+1)] || outcomeWords[at(w, i-1)] || at(w, i+1) == "" || at(w, i+1) == "to" ||
					at(w, i-1) == "back" || at(w, i-1) == "is" || at(w, i-1) == "are" || at(w, i-1) == "be" || at(w, i-1) == "get" {
					return "guarantee: " + at(w, i-1) + " " + t + " " + at(w, i+1)
				}
			}
			if at(w, i+1) == "" && (t == "promise" || t == "guarantee" || t == "guaranteed" || t == "100%") && outcomeNear(w, i, 8) && !agentClause(w, 0) {
				return "commitment: " + t
			}
			if outcomeAhead(w, i+1, 9) {
				return "commitment to an outcome: " + t
			}
			if t == "100%" || t == "guarantee" || t == "guarantees" || t == "promise" || t == "promised" || t == "assure" || t == "assured" {
				if at(w, i+1) != "" && !agentClause(w, i+1) {
					return "commitment: " + t
				}
			}
		case (t == "sure" || t == "certain" || t == "bound") && at(w, i+1) == "to" && outcomeAhead(w, i+2, 4) && !negIn(w, i, 5) && !hedgedIn(w, i, 3):
			return "commitment: " + t + " to"
		case t == "for" && at(w, i+1) == "sure" && !negIn(w, i, 6) && outcomeNear(w, i, 8) && !agentClause(w, maxInt(i-4, 0)):
			return "commitment: for sure"
		case t == "percent" && at(w, i-1) == "100" || t == "hundred" && at(w, i-1) == "one" && at(w, i+1) == "percent":
			if !negIn(w, i, 5) && at(w, i+1) != "of" && at(w, i+2) != "of" {
				return "commitment: 100 percent"
			}
		case riskNouns[t] && (at(w, i-1) == "no" || at(w, i-1) == "zero" || at(w, i-1) == "without") && !negIn(w, i-1, 5) &&
			at(w, i+1) != "to" && !(at(w, i+1) == "of" && at(w, i+2) == "being") && at(w, i-2) != "little":
			return "no risk"
		case t == "risk" && (at(w, i+1) == "free" || at(w, i+1) == "less") && !negIn(w, i, 4):
			return "risk free"
		case (t == "riskfree" || t == "riskless" || t == "foolproof" || t == "failsafe") && !negIn(w, i, 4):
			return t
		case t == "lose" && at(w, i-1) == "not" && at(w, i-2) == "can" && at(w, i+1) != "anything" && !hedgedIn(w, i-2, 3):
			return "cannot lose"
		case t == "lose" && at(w, i-1) == "to" && at(w, i-2) == "nothing":
			return "nothing to lose"
		case t == "never" && (at(w, i+1) == "fails" || at(w, i+1) == "fail"):
			return "never fails"
		case t == "word" && at(w, i-1) == "my" && at(w, i-2) == "have" && outcomeNear(w, i, 8):
			return "commitment: my word"
		case t == "always" && (at(w, i-1) == "we" || at(w, i-1) == "it" || at(w, i-1) == "this") && !negIn(w, i, 4):
			for j := i + 1; j < len(w) && j-i <= 5; j++ {
				if x := w[j]; x == "approved" || x == "save" || x == "saves" || x == "refund" || x == "works" || x == "fixed" || x == "lower" || x == "wins" || x == "win" || x == "pays" || x == "delivers" || x == "on" && at(w, j+1) == "time" {
					return "commitment: always " + x
				}
			}
		case (t == "trust" && at(w, i+1) == "me" || t == "swear" && at(w, i-1) == "i") && !negIn(w, i, 3) && (outcomeAhead(w, i+2, 10) || outcomeNear(w, i, 8)) && !agentClause(w, i+2):
			return "commitment: " + t
		case t == "count" && at(w, i+1) == "on" && (at(w, i+2) == "it" || at(w, i+2) == "that" || at(w, i+2) == "us") && !negIn(w, i, 4) && !hedgedIn(w, i, 3) && (outcomeNear(w, i, 10) || anyIn(w, 0, len(w)-1, ws19) >= 0) && !agentClause(w, i+3):
			return "commitment: count on it"
		case t == "will" && calleeOutcome(w, i):
			return "future outcome stated as fact"
		}
	}
	return ""
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// commitInterjection: "absolutely" as a yes, followed by the agent's own action.
func commitInterjection(w []string, i int) bool {
	n := at(w, i+1)
	return n == "" || n == "i" || n == "we" || n == "that" || n == "thank" || n == "thanks" || n == "let" || n == "you" && at(w, i+2) == "can"
}

// agentClause reports that the clause from w[i] has the agent (i, we) doing
// one of its own call actions: "i will pass it on", "to keep this short".
func agentClause(w []string, i int) bool {
	subj := false
	for j := i; j < len(w) && j-i <= 5; j++ {
		t := w[j]
		switch {
		case t == "i" || t == "we" || t == "to" && j == i:
			subj = true
		case t == "will" || t == "would" || t == "can" || t == "am" || t == "are" || t == "definitely" || t == "certainly" ||
			t == "absolutely" || t == "surely" || t == "personally" || t == "make" && at(w, j+1) == "sure" || t == "sure":
		case agentActs[t]:
			if !subj && j > 0 && (w[j-1] == "i" || w[j-1] == "we") {
				subj = true
			}
			if !subj {
				// "definitely pass it on" after "i will"
				for k := i - 1; k >= 0 && i-k <= 3; k-- {
					if w[k] == "i" || w[k] == "we" {
						subj = true
					}
				}
			}
			if !subj {
				return false
			}
			// the object must not be an outcome: "we will definitely get your refund"
			for k := j + 1; k < len(w) && k-j <= 4; k++ {
				if w[k] == "refund" || w[k] == "money" || w[k] == "approval" || w[k] == "approved" || w[k] == "fixed" ||
					w[k] == "repair" || w[k] == "savings" || w[k] == "discount" || w[k] == "loan" || w[k] == "credit" {
					return false
				}
			}
			return true
		default:
			return false
		}
	}
	return false
}

// outcomeAhead: an outcome or a future clause in the n words from w[i].
func outcomeAhead(w []string, i, n int) bool {
	for j := i; j < len(w) && j-i < n; j++ {
		if outcomeWords[w[j]] || futureWords[w[j]] || isNumberWord(w[j]) {
			return true
		}
	}
	return false
}

func outcomeNear(w []string, i, n int) bool {
	for j := i - n; j <= i+n && j < len(w); j++ {
		if j >= 0 && outcomeWords[w[j]] {
			return true
		}
	}
	return false
}

var (
	calleeThings = set("refund bill bills payment loan credit application claim order package delivery technician " +
		"repair savings rates rate premium premiums money check cheque rebate score approval engineer parts boiler " +
		"installation account balance")
	calleeGains = set("save saves receive get gets earn earns qualify qualifies win approved arrive arrives be " +
		"see pay drop go come fixed lower")
)

// calleeOutcome: "you will save", "your refund will arrive by friday".
func calleeOutcome(w []string, i int) bool {
	s := at(w, i-1)
	if !(s == "you" || calleeThings[s] || (calleeThings[at(w, i-2)] && s != "we" && s != "i")) {
		return false
	}
	if negIn(w, i, 5) || hedgedIn(w, i, 4) || at(w, i+1) == "not" || at(w, i+1) == "never" {
		return false
	}
	// under a denied commitment: "there is no way for me to promise that your refund will arrive"
	for j := i - 1; j >= 0 && i-j <= 12; j-- {
		x := w[j]
		if commitWords[x] || x == "certain" || x == "sure" || x == "say" || x == "confirm" || x == "know" || x == "tell" || x == "predict" {
			if negIn(w, j, 7) || hedgedIn(w, j, 4) {
				return false
			}
		}
	}
	n := at(w, i+1)
	if s == "you" {
		switch n {
		case "save", "earn", "qualify", "win", "receive", "never", "definitely", "certainly":
			return true
		case "get", "be", "see", "pay", "have":
			for j := i + 2; j < len(w) && j-i <= 5; j++ {
				if w[j] == "approved" || w[j] == "refund" || w[j] == "savings" || w[j] == "money" || w[j] == "less" ||
					w[j] == "lower" || w[j] == "results" || w[j] == "credit" || w[j] == "cash" || w[j] == "paid" ||
					w[j] == "reimbursed" || w[j] == "compensated" || w[j] == "refunded" || w[j] == "discount" {
					return true
				}
			}
		}
		return false
	}
	if calleeGains[n] || n == "definitely" || n == "certainly" || n == "be" {
		for j := i + 1; j < len(w) && j-i <= 6; j++ {
			if futureWords[w[j]] && w[j] != "be" && w[j] != "will" || outcomeWords[w[j]] && w[j] != "be" || isNumberWord(w[j]) {
				return true
			}
		}
	}
	return false
}

// ---- on whose behalf ----

var (
	// orgHeads name an organisation on their own (the bank, the police).
	orgHeads = set("bank banks police sheriff sheriffs government irs fbi cia dea ssa dmv medicare medicaid treasury " +
		"customs immigration authority authorities agency agencies bureau ministry commission council court courts " +
		"carrier carriers utility utilities telco telecom regulator regulators hmrc dwp nhs ftc fcc fda epa usps " +
		"fraud embassy consulate interpol bbb ombudsman administration federal municipality")
	// orgGeneric are heads that name an organisation only with a modifier (the tax office).
	orgGeneric = set("grid board office department dept company corporation corp inc ltd llc network provider store retailer " +
		"firm group institute association union board registry center centre service services division team " +
		"desk unit partner partners organization organisation foundation charity club supplier lender insurer")
	orgModifiers = set("tax revenue police federal state city county municipal national government social security " +
		"fraud immigration customs treasury postal electric electricity power water gas energy phone mobile wireless " +
		"cable internet broadband card credit debit insurance health medical hospital housing benefits pension " +
		"court public regional local utility telephone telecom council parking traffic motor licensing collections " +
		"debt lottery your")
	brands = set("visa mastercard amex paypal amazon apple microsoft google walmart target costco verizon att tmobile " +
		"sprint comcast xfinity netflix ebay fedex ups dhl chase citibank citi wellsfargo hsbc barclays natwest " +
		"lloyds santander vodafone facebook meta instagram whatsapp samsung spectrum geico allstate progressive " +
		"equifax experian transunion venmo zelle cashapp discover")
	ownWords  = set("our my this")
	orgFrames = set("from behalf representing represent represents with for of by partnered partner partners " +
		"affiliated associated contracted hired sent commissioned appointed authorized authorised approved endorsed " +
		"certified backed sponsored recommended licensed sanctioned accredited working work works part division " +
		"subsidiary official officially teamed alongside together")
	endorseAfter = set("approved endorsed certified backed sponsored recommended authorized authorised sanctioned " +
		"accredited licensed partnered affiliated")
	adviceVerbs = set("contact call visit ask tell notify report check reach phone email ring")
	nonFrame    = set("about regarding re concerning letter email message notice statement bill")
)

// orgAt reports whether w[i] heads an organisation noun phrase that is not the
// campaign's business; it returns the organisation's words.
func (r *Rail) orgAt(w []string, i int) (string, bool) {
	t := w[i]
	strong := orgHeads[t] || brands[t] || (t == "security" && at(w, i-1) == "social") ||
		(t == "america" && at(w, i-1) == "of" && at(w, i-2) == "bank")
	generic := orgGeneric[t]
	if (generic || t == "ministry" || t == "bureau") && at(w, i+1) == "of" && at(w, i+2) != "" && !ownWords[at(w, i+2)] && at(w, i+2) != "your" && at(w, i+2) != "the" && at(w, i+2) != "a" {
		// "the department of energy", "the office of fair trading"
		if !r.business[at(w, i+2)] {
			return t + " of " + at(w, i+2), true
		}
		return "", false
	}
	if !strong && !generic {
		return "", false
	}
	if t == "federal" && at(w, i+1) != "" && !orgGeneric[at(w, i+1)] && !orgHeads[at(w, i+1)] {
		return "", false
	}
	// modifiers before the head: "first city bank", "the tax office", "your electric company"
	mods := 0
	distinct := false // a modifier outside the business name
	orgish := false
	lo := i
	for j := i - 1; j >= 0 && i-j <= 3; j-- {
		x := w[j]
		if ownWords[x] {
			if r.business[t] || !strong || t == "team" || x != "your" {
				return "", false // "our company", "our network of technicians"
			}
		}
		if x == "the" || x == "a" || x == "an" || x == "your" || orgFrames[x] || selfSubj[x] || x == "am" || x == "is" ||
			x == "are" || x == "calling" || x == "to" || enNegators[x] || x == "you" {
			if x == "your" {
				orgish = orgish || strong
			}
			break
		}
		mods++
		lo = j
		if orgModifiers[x] || brands[x] || orgHeads[x] {
			orgish = true
		}
		if !r.business[x] {
			distinct = true
		}
	}
	if generic && !orgish {
		// "the office", "the billing team", "a company": not an organisation claim
		if !(mods > 0 && distinct && len(r.business) == 0 && t != "team" && t != "desk" && t != "unit" && t != "partner" && t != "partners" && t != "service" && t != "services" && t != "center" && t != "centre" && t != "division" && t != "group") {
			return "", false
		}
		// a proper-looking name before a generic head with no policy: "acme energy company"
		if mods < 1 {
			return "", false
		}
	}
	if r.business[t] && !distinct {
		return "", false
	}
	if distinct && r.business[t] && mods > 0 {
		// "chase bank" when the business is "first city bank"
		ok := false
		for j := lo; j < i; j++ {
			if r.business[w[j]] {
				ok = true
			}
		}
		if ok {
			return "", false
		}
	}
	if brands[t] && r.business[t] {
		return "", false
	}
	return joinWords(w[lo : i+1]), true
}

func joinWords(w []string) string {
	n := 0
	for _, x := range w {
		n += len(x) + 1
	}
	b := make([]byte, 0, n)
	for k, x := range w {
		if k > 0 {
			b = append(b, ' ')
		}
		b = append(b, x...)
	}
	return string(b)
}

// impersonationEN: the agent claims to be, to call for, or to be endorsed by an
// organisation that is not the business.
func (r *Rail) impersonationEN(w []string) string {
	if rule := r.namedFor(w); rule != "" {
		return rule
	}
	for i := range w {
		org, ok := r.orgAt(w, i)
		if !ok {
			continue
		}
		// endorsement after the organisation: "bank approved", "the government asked us to call"
		n := at(w, i+1)
		if (n == "has" || n == "have" || n == "is" || n == "are" || n == "officially") && endorseAfter[at(w, i+2)] && !negIn(w, i, 6) && at(w, i+3) != "" {
			return "endorsed by " + org
		}
		if endorseAfter[n] && !negIn(w, i, 6) && !hedgedIn(w, i, 3) {
			return "endorsed by " + org
		}
		if (n == "asked" || n == "sent" || n == "told" || n == "instructed" || n == "requested" || n == "wants" || n == "has") &&
			(at(w, i+2) == "us" || at(w, i+2) == "me" || at(w, i+3) == "us" || at(w, i+3) == "me") && !negIn(w, i, 6) {
			return "sent by " + org
		}
		if (n == "representative" || n == "agent" || n == "officer" || n == "official" || n == "employee" || n == "staff" ||
			n == "rep" || n == "investigator" || n == "inspector" || n == "partner" || n == "affiliate" || n == "team" ||
			n == "department" || n == "office" || n == "division") && frameBefore(w, i, 7) >= 0 && !negIn(w, i, 8) {
			return "claims to act for " + org
		}
		if f := frameBefore(w, i, 8); f >= 0 && !negIn(w, f+1, 6) {
			return "claims to act for " + org
		}
	}
	return ""
}

// namedFor: "on behalf of X", "calling from X", "partnered with X", "endorsed
// by X" where X is a name, not the business and not the agent's own team.
func (r *Rail) namedFor(w []string) string {
	for i := range w {
		k := -1
		switch {
		case seq(w, i, "on", "behalf", "of"):
			k = i + 3
		case (w[i] == "calling" || w[i] == "ringing" || w[i] == "phoning") && at(w, i+1) == "from" && !negIn(w, i, 4):
			k = i + 2
		case (w[i] == "partnered" || w[i] == "affiliated" || w[i] == "teamed") && at(w, i+1) == "with" || w[i] == "partnership" && at(w, i+1) == "with":
			k = i + 2
			if w[i] == "teamed" && at(w, i+1) == "up" {
				k = i + 3
			}
		case endorseAfter[w[i]] && at(w, i+1) == "by" && w[i] != "partnered" && w[i] != "affiliated":
			k = i + 2
		}
		if k < 0 || k >= len(w) || negIn(w, i, 6) || hedgedIn(w, i, 3) {
			continue
		}
		x := w[k]
		if ownWords[x] || x == "us" || x == "you" || x == "your" && !orgHeads[at(w, k+1)] && !orgModifiers[at(w, k+1)] || x == "a" || x == "an" || x == "the" && !orgish(at(w, k+1)) ||
			x == "someone" || x == "people" || x == "customers" || x == "the" || genericOwn[x] || x == "home" && at(w, k+1) == "" || x == "here" {
			continue
		}
		if r.business[x] || firstNames[x] && len(r.business) == 0 && at(w, k+1) == "" {
			continue
		}
		return "acts for a named organisation: " + x
	}
	return ""
}

var genericOwn = set("team company business office department service services client clients customer customers campaign " +
	"headquarters staff group firm store shop centre center branch brand manufacturer installer provider supplier work")

func orgish(x string) bool { return orgModifiers[x] || orgHeads[x] || brands[x] }

// frameBefore finds the frame tying the agent to the organisation at w[i]:
// "calling from", "on behalf of", "i am with", "this is", "approved by",
// "partnered with". It returns the frame's index or -1; a negation, a hedge, an
// advice verb or a topic word ("a letter from") between them lifts it.
func frameBefore(w []string, i, n int) int {
	for j := i - 1; j >= 0 && i-j <= n; j-- {
		t := w[j]
		if enNegators[t] || clauseStop[t] && t != "and" || nonFrame[t] || t == "if" || t == "whether" {
			return -1
		}
		if adviceVerbs[t] && t != "call" || t == "call" && at(w, j-1) != "we" && at(w, j-1) != "i" {
			return -1
		}
		switch t {
		case "from", "for":
			// a self frame before it: "i am calling from", "we are from", "this is john from"
			for k := j - 1; k >= 0 && j-k <= 5; k-- {
				x := w[k]
				if enNegators[x] || nonFrame[x] || clauseStop[x] || x == "about" {
					return -1
				}
				if x == "calling" || x == "call" || x == "ringing" || x == "reaching" || x == "contacting" || x == "phoning" || x == "out" && at(w, k-1) == "reaching" ||
					x == "line" || staffNouns[x] || x == "contractor" || x == "contractors" || x == "vendor" || x == "supplier" || x == "partner" ||
					x == "i" || x == "we" || x == "this" || x == "here" || x == "working" || x == "work" || x == "works" ||
					x == "speaking" || firstNames[x] {
					if t == "for" && !(x == "calling" || x == "working" || x == "work" || x == "works" || x == "ringing" || x == "phoning" || x == "out" || x == "line" ||
						staffNouns[x] || x == "contractor" || x == "contractors" || x == "vendor" || x == "supplier" || x == "partner") {
						return -1
					}
					return k
				}
			}
			if t == "from" && j == 0 {
				return j
			}
			return -1
		case "behalf", "representing", "represent", "represents", "partnered", "affiliated", "associated", "contracted",
			"hired", "commissioned", "appointed", "authorized", "authorised", "approved", "endorsed", "certified", "backed",
			"sponsored", "recommended", "licensed", "sanctioned", "accredited", "teamed", "partnering", "partnership",
			"alongside", "subsidiary", "division", "official", "officially", "deputized", "mandated", "regulated":
			if hedgedIn(w, j, 3) {
				return -1
			}
			if t == "regulated" || t == "licensed" || t == "mandated" {
				return j // a regulator's endorsement is still a claim about a third party
			}
			return j
		case "with":
			p := at(w, j-1)
			if p == "am" || p == "are" || p == "work" || p == "working" || p == "works" || p == "partner" || p == "partners" ||
				p == "together" || p == "closely" || p == "directly" || p == "here" || p == "calling" || p == "partnered" ||
				p == "affiliated" || p == "associated" || p == "teamed" || p == "officially" || staffNouns[p] || p == "hand" || firstNames[p] ||
				at(w, j-2) == "is" && at(w, j-3) == "this" || at(w, j-2) == "am" && at(w, j-3) == "i" {
				return j
			}
		case "is", "are", "am":
			p := at(w, j-1)
			if (p == "this" || p == "we" || p == "i" || p == "it") && j == i-1 || (p == "this" || p == "we" || p == "i") && i-j <= 5 {
				return j
			}
		case "part", "member", "members", "partner", "partners", "affiliate", "agent", "agents", "representative", "arm", "branch", "contractor":
			if at(w, j+1) == "of" {
				return j
			}
		case "by":
			p := at(w, j-1)
			if endorseAfter[p] || p == "sent" || p == "hired" || p == "contracted" || p == "commissioned" || p == "run" ||
				p == "operated" || p == "owned" || p == "funded" || p == "employed" || p == "asked" || p == "supported" ||
				p == "trusted" || p == "used" || p == "appointed" {
				if negIn(w, j, 6) {
					return -1
				}
				return j
			}
		}
	}
	return -1
}

// inline word sets, built once
var (
	ws18 = set("wrong break fail fails happen disappointed regret leak problems problem issues down")
	ws19 = set("will")
)
