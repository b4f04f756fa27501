package guardrails

import (
	"strings"
)

// Policy is what a campaign adds to the built-in output rules.
type Policy struct {
	// Business is the registered name of the business placing the calls; naming it
	// (or a word of it, such as "bank" for "First City Bank") is not impersonation.
	Business string
	// ApprovedFacts are the only factual claims (numbers, rankings, superlatives)
	// about the business the agent may make.
	ApprovedFacts []string
	// BannedPhrases are blocked in agent speech on top of the built-in rules.
	BannedPhrases []string
}

// Rail checks agent sentences before they are spoken. It is safe for concurrent
// use; all state is computed by NewRail.
type Rail struct {
	business    map[string]bool // words of the business name
	businessZH  string          // the business name, normalized, for Chinese checks
	facts       []fact          // approved facts, normalized
	bannedEN    [][]string      // banned phrases as words
	bannedZH    []string        // banned phrases with Chinese characters
	bannedNorms []string        // banned phrases, normalized, for Rule
}

type fact struct {
	norm  string          // normalized, spaces removed for Chinese matching
	words map[string]bool // words, with numeric claims in canonical form
}

// NewRail precomputes a policy's phrases.
func NewRail(p Policy) *Rail {
	r := &Rail{business: make(map[string]bool)}
	bn := Normalize(p.Business)
	for _, w := range strings.Fields(bn) {
		r.business[w] = true
	}
	r.businessZH = hanOnly(bn)
	for _, f := range p.ApprovedFacts {
		n := Normalize(f)
		if n == "" {
			continue
		}
		fw := strings.Fields(n)
		words := make(map[string]bool, len(fw))
		for i, x := range fw {
			words[x] = true
			if k := numericKey(fw, i); k != "" {
				words[k] = true
			}
		}
		r.facts = append(r.facts, fact{norm: hanOnly(n), words: words})
	}
	for _, b := range p.BannedPhrases {
		n := Normalize(b)
		if n == "" {
			continue
		}
		r.bannedNorms = append(r.bannedNorms, n)
		if hasHan(n) {
			r.bannedZH = append(r.bannedZH, hanOnly(n))
		} else {
			r.bannedEN = append(r.bannedEN, strings.Fields(n))
		}
	}
	return r
}

var allow = Decision{Verdict: Allow}

func block(c Category, rule string) Decision {
	return Decision{Verdict: Block, Category: c, Rule: rule}
}

// Check decides whether one agent sentence may be spoken. A negated or
// qualified sentence ("I can't guarantee anything", "we are not the bank") is
// allowed.
func (r *Rail) Check(sentence string) Decision {
	norm := Normalize(sentence)
	if norm == "" {
		return allow
	}
	if d := r.checkBanned(norm); d.Verdict == Block {
		return d
	}
	if hasLatin(norm) {
		if d := r.checkEN(strings.Fields(norm)); d.Verdict == Block {
			return d
		}
	}
	if hasHan(norm) {
		if d := r.checkZH(hanOnly(norm)); d.Verdict == Block {
			return d
		}
	}
	return allow
}

func (r *Rail) checkBanned(norm string) Decision {
	if len(r.bannedEN) > 0 {
		w := strings.Fields(norm)
		for k, b := range r.bannedEN {
			for i := range w {
				if seq(w, i, b...) {
					return block(CategoryUnapprovedClaim, "banned phrase: "+strings.Join(r.bannedEN[k], " "))
				}
			}
		}
	}
	if len(r.bannedZH) > 0 {
		s := hanOnly(norm)
		for _, b := range r.bannedZH {
			if strings.Contains(s, b) {
				return block(CategoryUnapprovedClaim, "banned phrase: "+b)
			}
		}
	}
	return allow
}

// railPatterns are the English claim rules, in order of severity.
var railPatterns = func() patternIndex {
	ix := make(patternIndex)
	add := func(c Category, srcs ...string) {
		for _, s := range srcs {
			ix.add(compilePattern(s, c))
		}
	}
	human := "person|human|humans|people|man|woman|guy|lady|being"
	adj := "real|live|actual|genuine|living|regular|normal|flesh|human?"
	machine := "robot|machine|bot|ai|computer|recording|program|automated|artificial|chatbot|robocall|recorded|automatic|virtual|assistant|tape"
	add(CategoryClaimsHuman,
		"i|we am|are just|really|actually|definitely|certainly|totally|truly|absolutely|100%|a|an? a|an? "+adj+" "+adj+" "+human,
		"i|we am|are not|never a|an? "+machine,
		"this|it|that is not|never a|an? "+machine,
		"this|that is a|an? real|live|actual "+human,
		"you are talking|speaking|chatting to|with a|an? real|live|actual? "+human,
		"you are talking|speaking|chatting to|with a|an? real|live|actual|human? person|human|someone|somebody",
		"not talking|speaking to|with a|an? "+machine,
		"as a|an? fellow|real? human|person",
	)
	outcome := "save|saves|saving|savings|return|returns|profit|profits|income|earn|earnings|result|results|approval|approved|" +
		"money|lower|reduce|cheaper|win|rate|rates|loan|credit|cure|success|successful|payout|interest|satisfaction|double|triple|increase|gain|gains"
	add(CategoryGuaranteedOutcome,
		"guarantee|guaranteed|guarantees|guaranteeing * "+outcome,
		"guaranteed $",
		outcome+" guaranteed|guarantee",
		"definitely|certainly|surely|absolutely|undoubtedly * "+outcome,
		"will|would|can be|get? sure|certain to? "+outcome,
		"promise|promises|promised * "+outcome,
		"promise|promises|promised * will|would be? "+outcome,
		"risk free|less",
		"riskfree|riskless",
		"no|zero|without risk|risks",
		"no|without|zero any? chance|risk of losing|loss",
		"can not lose",
		"nothing to lose",
		"100%|100 safe|sure|certain|guaranteed|secure|success|successful|risk|percent",
		"percent safe|sure|certain|guaranteed|secure|success|successful",
		"double|triple your money|investment|savings",
	)
	add(CategoryPrize,
		"you have|has won|win",
		"you won",
		"you are a|our|the lucky? winner",
		"lucky winner|winners",
		"prize|prizes|sweepstakes|lottery|jackpot|raffle",
		"free gift|gifts|vacation|cruise|trip|holiday",
		"claim your reward|gift|prize|winnings",
		"been selected|chosen to receive|win",
		"congratulations you",
	)
	add(CategoryThreat,
		"arrest|arrested|warrant|jail|prison|lawsuit|prosecute|prosecuted|prosecution|deport|deported|garnish|garnished",
		"sue|suing",
		"legal|court action|actions|consequences|proceedings",
		"take you to court",
		"consequences",
		"or else",
		"you will|would regret",
		"report you to",
		"we know where you live",
		"send someone to your|you",
		"your credit will|would be ruined|damaged|destroyed|affected",
	)
	add(CategoryFalseUrgency,
		"act|decide|buy|order|sign|register|respond|call|enroll|apply now|fast|quickly|immediately|today|tonight",
		"sign up now|today|immediately",
		"expires|expire|expiring|ends|ending today|tonight|soon|at|in|tomorrow|midnight",
		"last chance|day|opportunity",
		"limited time|offer",
		"today|tonight only",
		"only today|tonight",
		"hurry",
		"before it is too late",
		"do not miss out|this|it",
		"now or never",
		"while supplies last",
		"running out of time",
		"time is running out",
		"will not last",
		"only a few|couple|handful spots|places|left|remaining",
	)
	return ix
}()

// railOrder is the order in which categories win when several match.
var railOrder = []Category{CategoryClaimsHuman, CategoryImpersonation, CategoryThreat, CategoryGuaranteedOutcome,
	CategoryPrize, CategoryFalseUrgency, CategoryUnapprovedClaim}

// railNegStop are words that negate a claim right after them ("nothing is guaranteed").
var railNegStop = set("nothing none nobody no without neither nor hardly")

// railNegated reports whether the claim starting at w[i] is negated or qualified.
func railNegated(w []string, i int) bool {
	b := scanBack(w, i, 7)
	if b.neg%2 == 1 {
		return true
	}
	if b.stopAt >= 0 && railNegStop[w[b.stopAt]] {
		return true
	}
	return false
}

func (r *Rail) checkEN(w []string) Decision {
	var found [8]string // rule per category index in railOrder
	hit := false
	for i, t := range w {
		for _, p := range railPatterns[t] {
			if !p.match(w, i) {
				continue
			}
			if p.cat != CategoryClaimsHuman && railNegated(w, i) {
				continue
			}
			if p.cat == CategoryClaimsHuman && railNegated(w, i) && !strings.Contains(p.src, "not") {
				continue
			}
			if k := catIndex(p.cat); found[k] == "" {
				found[k] = p.src
				hit = true
			}
		}
		if k := catIndex(CategoryImpersonation); found[k] == "" {
			if rule := r.impersonationEN(w, i); rule != "" {
				found[k] = rule
				hit = true
			}
		}
		if k := catIndex(CategoryUnapprovedClaim); found[k] == "" {
			if rule := r.unapprovedEN(w, i); rule != "" {
				found[k] = rule
				hit = true
			}
		}
	}
	if !hit {
		return allow
	}
	for k, c := range railOrder {
		if found[k] != "" {
			return block(c, found[k])
		}
	}
	return allow
}

func catIndex(c Category) int {
	for k, x := range railOrder {
		if x == c {
			return k
		}
	}
	return len(railOrder)
}

var (
	authorities = set("irs fbi police government medicare medicaid sheriff sheriffs court courts treasury customs " +
		"immigration ftc fcc dea cia bank ssa homeland")
	authorityFrame = set("am are is calling call behalf of on from with representing represent represents work working " +
		"for affiliated partnered partner official officer officers agent agents department the your a an local " +
		"federal state us national here at office i we this it just really actually")
	authorityAdvice = set("contact call visit ask tell notify report check reach phone email")
	endorseVerbs    = set("approved endorsed certified authorized authorised backed sponsored recommended licensed mandated")
)

// impersonationEN: claiming to be, or to be endorsed by, a government body, the
// police or a bank that is not the business.
func (r *Rail) impersonationEN(w []string, i int) string {
	t := w[i]
	auth := authorities[t] ||
		(t == "security" && at(w, i-1) == "social") || (t == "revenue" && at(w, i-1) == "internal")
	if !auth || r.business[t] {
		return ""
	}
	// "approved by the government", "government approved"
	if endorseVerbs[at(w, i+1)] || (at(w, i-1) == "by" && endorseVerbs[at(w, i-2)]) ||
		(at(w, i-1) == "the" && at(w, i-2) == "by" && endorseVerbs[at(w, i-3)]) {
		if !railNegated(w, i-3) && !railNegated(w, i) {
			return "endorsement by " + t
		}
		return ""
	}
	neg, subj, frame, names := 0, false, false, 0
	for j := i - 1; j >= 0 && i-j <= 9; j-- {
		x := w[j]
		switch {
		case x == "not" || x == "never" || x == "no":
			neg++
		case authorityAdvice[x]:
			return "" // "you may want to call your bank"
		case x == "i" || x == "we" || x == "this":
			subj = true
		case authorityFrame[x]:
			if x != "the" && x != "your" && x != "a" && x != "an" {
				frame = true
			}
		case !subj && !frame && names < 3:
			names++ // a name before the body: "first city bank"
		default:
			j = -1
		}
		if j < 0 {
			break
		}
	}
	if subj && frame && neg%2 == 0 {
		return "claims to be or represent " + t
	}
	return ""
}

var (
	superlatives = set("best leading cheapest lowest largest biggest fastest greatest unbeatable unmatched unrivaled " +
		"unrivalled finest top-rated toprated")
	superlativeNext = set("time way wishes regards number option day days moment thing place to")
	superlativePrev = set("our my your his her their its")
	placeWords      = set("country world industry market nation state city town area region business usa america uk china nation's")
	enumPrev        = set("question option press step item priority line choice")
	claimFrame      = set("we our us company firm team service services product products rates rate prices price is are were offer")
	factStop        = set("the a an of in and to for on at by is are we our you your with this that it be was were has have")
)

// unapprovedEN: superlatives, rankings and numeric claims about the business that
// no approved fact supports.
func (r *Rail) unapprovedEN(w []string, i int) string {
	t := w[i]
	switch {
	case superlatives[t] || (t == "most" && mostWords[at(w, i+1)]) ||
		((t == "top" || t == "highest" || t == "best") && at(w, i+1) == "rated"):
		if superlativeNext[at(w, i+1)] || superlativePrev[at(w, i-1)] {
			return "" // "the best time to call", "we will do our best"
		}
		inPlace := at(w, i+1) == "in" && (placeWords[at(w, i+2)] || placeWords[at(w, i+3)])
		framed := anyIn(w, i-6, i-1, claimFrame) >= 0 || r.businessNear(w, i)
		if (!inPlace && !framed) || railNegated(w, i) {
			return ""
		}
		if r.approved(w, i, i+1, t) {
			return ""
		}
		return "unsupported superlative: " + t
	case t == "#1" || ((t == "number" || t == "no") && (at(w, i+1) == "one" || at(w, i+1) == "1")):
		if enumPrev[at(w, i-1)] || (t == "no" && !r.businessNear(w, i) && anyIn(w, i-4, i-1, claimFrame) < 0) {
			return ""
		}
		if railNegated(w, i) || r.approved(w, i, i+2, "#1") {
			return ""
		}
		return "unsupported ranking: number one"
	}
	if k := numericKey(w, i); k != "" {
		if railNegated(w, i) || r.approved(w, i, i+2, k) {
			return ""
		}
		return "unsupported numeric claim: " + k
	}
	return ""
}

// businessNear reports whether a word of the business name appears within six words before w[i].
func (r *Rail) businessNear(w []string, i int) bool {
	for j := i - 1; j >= 0 && i-j <= 6; j-- {
		if r.business[w[j]] {
			return true
		}
	}
	return false
}

// approved reports whether an approved fact holds the claim key and shares a
// content word with the claim's neighbourhood (when it has one).
func (r *Rail) approved(w []string, i, end int, key string) bool {
	for _, f := range r.facts {
		has := f.words[key]
		if key == "#1" {
			has = f.words["#1"] || (f.words["number"] && (f.words["one"] || f.words["1"]))
		}
		if !has {
			continue
		}
		content, shared := 0, false
		for j := i - 4; j <= i+5 && j < len(w); j++ {
			if j < 0 || (j >= i && j < end) {
				continue
			}
			x := w[j]
			if len(x) < 3 || factStop[x] || x == key {
				continue
			}
			content++
			if f.words[x] {
				shared = true
				break
			}
		}
		if shared || content == 0 {
			return true
		}
	}
	return false
}

var (
	percentWords = set("percent percentage pct")
	multWords    = set("times x")
	moneyWords   = set("dollars dollar bucks pounds euros yuan")
	mostWords    = set("trusted reliable popular recommended affordable experienced")
	comparatives = set("more faster cheaper better less lower higher bigger")
	savingWords  = set("save saving savings off discount cut less")
	countNouns   = set("customers clients users members households homes businesses families stars star people subscribers")
)

// numericKey returns a canonical key for a numeric claim at w[i] ("30%", "3x",
// "$200", "5000 customers"), or "".
func numericKey(w []string, i int) string {
	t := w[i]
	if t == "" {
		return ""
	}
	switch {
	case strings.HasSuffix(t, "%") && len(t) > 1 && isDigit(rune(t[0])):
		return t
	case strings.HasPrefix(t, "$") && len(t) > 1 && isDigit(rune(t[1])):
		return t
	case strings.HasSuffix(t, "x") && len(t) > 1 && isDigit(rune(t[0])) && allDigits(t[:len(t)-1]):
		return t
	}
	if !allDigits(t) {
		return ""
	}
	next := at(w, i+1)
	switch {
	case percentWords[next] || (next == "per" && at(w, i+2) == "cent"):
		return t + "%"
	case multWords[next] && comparatives[at(w, i+2)]:
		return t + "x"
	case moneyWords[next] && anyIn(w, i-3, i-1, savingWords) >= 0:
		return "$" + t
	case countNouns[next]:
		return t + " " + next
	}
	return ""
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return false
		}
	}
	return true
}
