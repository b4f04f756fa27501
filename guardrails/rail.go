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
	// AgentNames are the persona names the campaign declared for its AI agent;
	// any other name the agent gives itself implies a person on the line.
	AgentNames []string
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
	personas    wordSet         // declared agent names, normalized
	personasZH  []string        // declared agent names with Chinese characters
}

type fact struct {
	norm  string          // normalized, spaces removed for Chinese matching
	words map[string]bool // words, with numeric claims in canonical form
}

// NewRail precomputes a policy's phrases.
func NewRail(p Policy) *Rail {
	r := &Rail{business: make(map[string]bool), personas: make(wordSet)}
	for _, n := range p.AgentNames {
		for _, x := range strings.Fields(railFold(Normalize(n))) {
			if hasHan(x) {
				r.personasZH = append(r.personasZH, x)
			} else {
				r.personas[x] = true
			}
		}
	}
	bn := railFold(Normalize(p.Business))
	for _, w := range strings.Fields(bn) {
		r.business[w] = true
	}
	r.businessZH = hanOnly(bn)
	for _, f := range p.ApprovedFacts {
		n := railFold(Normalize(f))
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
	d := r.checkOne(sentence)
	if d.Verdict != Block {
		return d
	}
	// Several sentences in one text: a rule must match inside one of them
	// ("I'll speak a bit louder. Is this better?" holds no claim).
	parts := splitSentences(sentence)
	if len(parts) < 2 {
		return d
	}
	for _, p := range parts {
		if pd := r.checkOne(p); pd.Verdict == Block {
			return pd
		}
	}
	return allow
}

// splitSentences cuts text after each sentence terminator that has more text
// after it; it returns nil for a single sentence.
func splitSentences(text string) []string {
	var out []string
	start := 0
	for i, c := range text {
		switch c {
		case '.', '!', '?', ';', '。', '！', '？', '；':
			end := i + len(string(c))
			if c == '.' && end < len(text) && text[end] != ' ' {
				continue // 3.5, e.g.
			}
			if strings.TrimSpace(text[end:]) == "" {
				continue
			}
			if strings.TrimSpace(text[start:end]) != "" {
				out = append(out, text[start:end])
			}
			start = end
		}
	}
	if len(out) == 0 {
		return nil
	}
	return append(out, text[start:])
}

// checkOne is Check on one sentence.
func (r *Rail) checkOne(sentence string) Decision {
	plain := Normalize(sentence)
	norm := railFold(plain)
	if norm == "" {
		return allow
	}
	if d := r.checkBanned(norm); d.Verdict == Block {
		return d
	}
	var w []string // the English words, read once
	q := hasQuestionMark(sentence)
	latin := hasLatin(norm)
	if latin {
		w = railWords(strings.Fields(norm))
		if d := r.checkEN(w); d.Verdict == Block && !r.lift(d, norm, q) {
			return d
		}
		if d := r.signalEN(w); d.Verdict == Block && !r.lift(d, norm, q) {
			return d
		}
	}
	han := hasHan(norm)
	var hs string
	if han {
		hs = hanOnly(norm)
		if d := r.checkZH(hs); d.Verdict == Block && !r.lift(d, norm, q) {
			return d
		}
		if d := r.signalZH(hs); d.Verdict == Block && !r.lift(d, norm, q) {
			return d
		}
	}
	// The learned head may add a block the rules missed (model_combine.go),
	// except where the campaign's own context is what the sentence says: its
	// business named, or an approved fact repeated. The model knows neither.
	if r.ownContextWords(w, latin, hs, han) || effortIdiom(norm) {
		return allow
	}
	d := combineRailNorm(allow, plain, q, ModelRailThreshold)
	if d.Verdict == Block && d.Category == CategoryClaimsHuman && (latin && selfAIEN(w) || han && selfAIZH(hanOnly(norm))) {
		// the sentence says the speaker is an AI: the head, which reads
		// words, takes "robot" and "person" for a claim.
		return allow
	}
	return d
}

// ownContextWords reports whether a sentence names the campaign's business
// or repeats one of its approved facts, given its English words w and its
// Chinese characters hs, already split.
func (r *Rail) ownContextWords(w []string, latin bool, hs string, han bool) bool {
	if latin {
		for _, x := range w {
			if len(x) >= 3 && r.business[x] {
				return true
			}
		}
		if r.factSupports(w) || r.approvedNumber(w) {
			return true
		}
	}
	if han {
		if r.businessZH != "" && strings.Contains(hs, r.businessZH) || r.zhFactSupports(hs) {
			return true
		}
	}
	return false
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

// railOrder is the order in which categories win when several match.
var railOrder = []Category{CategoryClaimsHuman, CategoryImpersonation, CategoryThreat, CategoryPrize,
	CategoryGuaranteedOutcome, CategoryFalseUrgency, CategoryUnapprovedClaim}

func (r *Rail) checkEN(w []string) Decision {
	if rule := r.claimsHumanEN(w); rule != "" {
		return block(CategoryClaimsHuman, rule)
	}
	if rule := r.impersonationEN(w); rule != "" {
		return block(CategoryImpersonation, rule)
	}
	if rule := threatEN(w); rule != "" {
		return block(CategoryThreat, rule)
	}
	if rule := prizeEN(w); rule != "" {
		return block(CategoryPrize, rule)
	}
	if rule := guaranteeEN(w); rule != "" {
		return block(CategoryGuaranteedOutcome, rule)
	}
	if rule := urgencyEN(w); rule != "" {
		return block(CategoryFalseUrgency, rule)
	}
	if rule := r.unapprovedEN(w); rule != "" {
		return block(CategoryUnapprovedClaim, rule)
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
	superlatives = set("best leading cheapest lowest largest biggest fastest greatest unbeatable unmatched unrivaled " +
		"unrivalled finest top-rated toprated")
	superlativeNext = set("time way wishes regards number option day days moment thing place to")
	superlativePrev = set("our my your his her their its")
	placeWords      = set("country world industry market nation state city town area region business usa america uk china nation's")
	enumPrev        = set("question option press step item priority line choice")
	claimFrame      = set("we our us company firm team service services product products rates rate prices price is are were offer")
	factStop        = set("the a an of in and to for on at by is are we our you your with this that it be was were has have")
)

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

// approvedNumber reports whether the sentence's numeric claim ("12%", "$200",
// "5000 customers") is one of the campaign's approved facts, as the rules
// read it.
func (r *Rail) approvedNumber(w []string) bool {
	if len(r.facts) == 0 {
		return false
	}
	for i := range w {
		if k := numericKey(w, i); k != "" && r.approved(w, i, i+1, k) {
			return true
		}
	}
	return false
}
