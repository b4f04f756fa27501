package guardrails

import "strings"

// English factual claims: numbers, prices, rankings, superlatives,
// comparisons, health, safety and efficacy, and "studies show". A claim is
// allowed when an approved fact of the campaign supports it.

var (
	numberWords = set("one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty " +
		"fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions billion half double " +
		"twice triple dozens")
	claimNouns = set("customers clients users members households homes businesses families stars star people " +
		"subscribers patients installations reviews years locations countries cities states awards partners " +
		"employees technicians")
	priceWords = set("costs cost price priced fee fees charge charges pay rate only just dollars dollar bucks cents " +
		"pounds euros yuan month monthly year yearly per")
	rankWords = set("ranked rated voted named award awarded winning")
	superl    = set("best leading cheapest lowest largest biggest fastest greatest unbeatable unmatched unrivaled " +
		"unrivalled finest toprated safest strongest smartest cleanest highest quickest most number")
	evidenceWords = set("studies study research researchers scientists doctors experts proven clinically tests " +
		"surveys data statistics science scientific")
	evidenceVerbs = set("show shows showed prove proves proved found find confirm confirms confirmed say says agree " +
		"agrees recommend recommends suggest suggests demonstrate demonstrates")
	healthWords = set("safe safer safest healthy healthier health cure cures heal heals treat treats prevent prevents " +
		"effective efficacy nontoxic toxic organic natural clinically proven hypoallergenic eco ecofriendly green " +
		"clean cleaner pollution emissions cancer disease allergies immune secure certified approved")
	comparWords = set("cheaper better faster more less lower higher stronger safer cleaner bigger quicker")
	claimSubj   = set("we our us it this they product products service services plan plans rates prices company " +
		"offer program installation panels system device treatment")
	benign = set("question questions minute minutes moment moments second seconds scale step steps time times " +
		"oclock pm am press option number digit out point points ten percent")
)

// isNumberWord reports a digit string or a number word.
func isNumberWord(t string) bool {
	if t == "" {
		return false
	}
	if numberWords[t] {
		return true
	}
	c := t[0]
	if c == '$' || c == '#' {
		return len(t) > 1
	}
	return c >= '0' && c <= '9'
}

// unapprovedEN finds a factual claim no approved fact supports.
func (r *Rail) unapprovedEN(w []string) string {
	for i, t := range w {
		key, rule := r.claimAt(w, i)
		if rule == "" {
			continue
		}
		if negIn(w, i, 5) && !strings.HasPrefix(rule, "terms") {
			continue
		}
		end := i + 1
		if key == "#1" && t != "#1" {
			end = i + 2
		}
		if r.approved(w, i, end, key) || r.factSupports(w) {
			continue
		}
		return rule
	}
	return ""
}

// claimAt classifies the claim at w[i]: its key (for matching facts) and a rule, or "".
func (r *Rail) claimAt(w []string, i int) (string, string) {
	t := w[i]
	if k := numericKey(w, i); k != "" {
		return k, "unsupported numeric claim: " + k
	}
	if isNumberWord(t) && (at(w, i+1) == "percent" || at(w, i+1) == "per" && at(w, i+2) == "cent") && !(t == "hundred" && at(w, i-1) == "one" && at(w, i+2) == "of") {
		return t + "%", "unsupported numeric claim: " + t + " percent"
	}
	if t == "out" && at(w, i+1) == "of" && isNumberWord(at(w, i-1)) && isNumberWord(at(w, i+2)) && claimNouns[at(w, i+3)] || t == "out" && at(w, i+1) == "of" && isNumberWord(at(w, i-1)) && (at(w, i+3) == "doctors" || at(w, i+3) == "dentists" || at(w, i+3) == "experts" || at(w, i+3) == "homeowners") {
		return "out of", "unsupported statistic: " + at(w, i-1) + " out of " + at(w, i+2)
	}
	if t == "half" && (at(w, i+1) == "what" || at(w, i+1) == "of" && at(w, i+2) == "what") {
		return t, "unsupported comparison: half what"
	}
	if (t == "most" || t == "majority" || t == "many" || t == "all" || t == "every" || t == "nearly") && (claimNouns[at(w, i+1)] || at(w, i+1) == "of" && (claimNouns[at(w, i+2)] || claimNouns[at(w, i+3)]) || claimNouns[at(w, i+2)] && at(w, i+1) == "our") &&
		anyIn(w, i+1, i+7, ws14) >= 0 {
		return t, "unsupported statistic: " + t + " customers"
	}
	if (t == "beat" || t == "beats") && (at(w, i+1) == "every" || at(w, i+1) == "all" || at(w, i+1) == "any" || at(w, i+1) == "the") && claimWindow(w, i) >= 0 {
		return t, "unsupported comparison: " + t
	}
	if (t == "pressure" && at(w, i-1) == "blood" || t == "cholesterol" || t == "arthritis" || t == "asthma" || t == "anxiety" || t == "sugar" && at(w, i-1) == "blood") &&
		anyIn(w, i-5, i-1, ws15) >= 0 {
		return t, "unsupported health claim: " + t
	}
	switch {
	case t == "#1" || (t == "number" || t == "no") && (at(w, i+1) == "one" || at(w, i+1) == "1") && !enumPrev[at(w, i-1)] &&
		(claimFrame[at(w, i-1)] || claimFrame[at(w, i-2)] || at(w, i-1) == "the" || at(w, i+2) == "in" || at(w, i+2) == "rated" || at(w, i+2) == "choice" || at(w, i+2) == "provider" || at(w, i+2) == "company" || at(w, i+2) == "brand"):
		return "#1", "unsupported ranking: number one"
	case superl[t] && t != "number" && t != "most" && t != "highest":
		if superlativeNext[at(w, i+1)] || superlativePrev[at(w, i-1)] && at(w, i+1) != "in" || at(w, i-1) == "at" ||
			at(w, i+1) == "regards" || at(w, i+1) == "for" && at(w, i+2) == "you" || at(w, i+1) == "way" || at(w, i+1) == "to" || at(w, i+1) == "if" ||
			at(w, i+1) == "number" || at(w, i+1) == "time" || at(w, i+1) == "times" || at(w, i+1) == "option" || at(w, i+1) == "we" || at(w, i+1) == "i" {
			return "", ""
		}
		if at(w, i-1) == "the" && (at(w, i+1) == "" || at(w, i+1) == "is" || at(w, i+1) == "thing") && claimWindow(w, i) < 0 {
			return "", ""
		}
		if t == "leading" && at(w, i+1) == "to" || t == "clean" {
			return "", ""
		}
		if claimWindow(w, i) >= 0 || at(w, i+1) == "in" || at(w, i+1) == "on" || at(w, i+1) == "around" || at(w, i+1) == "available" ||
			at(w, i+1) == "provider" || at(w, i+1) == "company" || at(w, i+1) == "deal" || at(w, i+1) == "price" || at(w, i+1) == "prices" || at(w, i+1) == "rates" {
			return t, "unsupported superlative: " + t
		}
	case t == "most" && (mostWords[at(w, i+1)] || at(w, i+1) == "popular" || at(w, i+1) == "efficient" || at(w, i+1) == "advanced" || at(w, i+1) == "reliable" || at(w, i+1) == "trusted") && at(w, i-1) != "the" || t == "most" && at(w, i-1) == "the" && mostWords[at(w, i+1)] && claimWindow(w, i) >= 0:
		return "most", "unsupported superlative: most " + at(w, i+1)
	case (t == "top" || t == "highest" || t == "best" || t == "five" || t == "5") && (at(w, i+1) == "rated" || at(w, i+1) == "ranked" || at(w, i+1) == "star" || at(w, i+1) == "stars" || at(w, i+1) == "reviewed"):
		if t == "five" || t == "5" {
			if at(w, i+1) != "star" && at(w, i+1) != "stars" {
				return "", ""
			}
		}
		return t, "unsupported ranking: " + t + " " + at(w, i+1)
	case rankWords[t] && (at(w, i+1) == "first" || at(w, i+1) == "best" || at(w, i+1) == "top" || at(w, i+1) == "1" || at(w, i+1) == "number" || at(w, i+1) == "the" && (at(w, i+2) == "best" || at(w, i+2) == "top" || at(w, i+2) == "number")):
		return t, "unsupported ranking: " + t
	case t == "award" && at(w, i+1) == "winning", t == "awardwinning":
		return "award", "unsupported ranking: award winning"
	case evidenceWords[t] && (evidenceVerbs[at(w, i+1)] || evidenceVerbs[at(w, i+2)]) || t == "proven" && (at(w, i+1) == "to" || at(w, i-1) == "clinically" || at(w, i-1) == "scientifically") || t == "according" && at(w, i+1) == "to" && (evidenceWords[at(w, i+2)] || evidenceWords[at(w, i+3)]):
		if hedgedIn(w, i, 3) && at(w, i-1) != "clinically" {
			return "", ""
		}
		return t, "unsupported evidence: " + t
	case comparWords[t] && (at(w, i+1) == "than" || at(w, i+2) == "than" && at(w, i+1) != "time"):
		if at(w, i+1) == "than" && (at(w, i+2) == "ever" || at(w, i+2) == "expected" || at(w, i+2) == "a" || at(w, i+2) == "one" || at(w, i+2) == "two" || at(w, i+2) == "that") {
			return "", ""
		}
		if claimWindow(w, i) < 0 && at(w, i-1) != "is" && at(w, i-1) != "are" && at(w, i-1) != "much" && at(w, i-1) != "far" && at(w, i-1) != "way" {
			return "", ""
		}
		return t, "unsupported comparison: " + t + " than"
	case (t == "twice" || t == "half" || t == "double") && (at(w, i+1) == "as" || at(w, i+1) == "the" && (at(w, i+2) == "price" || at(w, i+2) == "cost")):
		return t, "unsupported comparison: " + t
	case (t == "outperforms" || t == "outperform" || t == "beats" || t == "unbeatable" || t == "unmatched") && claimWindow(w, i) >= 0:
		return t, "unsupported comparison: " + t
	case healthWords[t]:
		return r.healthClaim(w, i)
	case (t == "fees" || t == "fee" || t == "charges" || t == "contract" || t == "contracts" || t == "costs" || t == "commitment") &&
		(at(w, i-1) == "hidden" || at(w, i-1) == "no" || at(w, i-1) == "zero" || at(w, i-2) == "no" && (at(w, i-1) == "monthly" || at(w, i-1) == "cancellation" || at(w, i-1) == "setup" || at(w, i-1) == "extra" || at(w, i-1) == "upfront" || at(w, i-1) == "annual")):
		if at(w, i+1) == "for" && (at(w, i+2) == "this" || at(w, i+2) == "the") && (at(w, i+3) == "survey" || at(w, i+3) == "call") || at(w, i+1) == "to" && at(w, i+2) == "you" && at(w, i+3) == "for" {
			return "", ""
		}
		return t, "terms claim: " + at(w, i-1) + " " + t
	case (t == "only" || t == "just") && isNumberWord(at(w, i+1)) && priceAhead(w, i+1):
		return at(w, i+1), "unsupported price: " + at(w, i+1)
	case (t == "costs" || t == "cost" || t == "priced" || t == "pay") && isNumberWord(at(w, i+1)) && !benign[at(w, i+2)] || (t == "costs" || t == "priced") && at(w, i+1) == "only":
		return at(w, i+1), "unsupported price"
	case (t == "over" || t == "more" && at(w, i+1) == "than" || t == "nearly" || t == "almost" || t == "thousands" || t == "millions" || t == "hundreds") && countAhead(w, i):
		return t, "unsupported count"
	case t == "save" || t == "saves" || t == "saving" || t == "cut" || t == "lower" || t == "reduce" || t == "reduces" || t == "slash":
		if isNumberWord(at(w, i+1)) && !benign[at(w, i+2)] || at(w, i+1) == "up" && at(w, i+2) == "to" || at(w, i+1) == "you" && (isNumberWord(at(w, i+2)) || at(w, i+2) == "up") {
			return t, "unsupported saving"
		}
		if (t == "save" || t == "saves") && (at(w, i-1) == "will" || at(w, i-1) == "you" || at(w, i-1) == "always") && !hedgedIn(w, i, 3) && (at(w, i+1) == "money" || at(w, i+1) == "you" && at(w, i+2) == "money" || at(w, i+1) == "on" || at(w, i+1) == "big" || at(w, i+1) == "hundreds" || at(w, i+1) == "thousands") {
			return t, "unsupported saving"
		}
	case t == "in" && at(w, i+1) == "business" && at(w, i+2) == "for" && isNumberWord(at(w, i+3)), t == "since" && isNumberWord(at(w, i+1)) && len(at(w, i+1)) == 4 && claimWindow(w, i) >= 0:
		return t, "unsupported history"
	}
	return "", ""
}

func priceAhead(w []string, i int) bool {
	t := w[i]
	if t[0] == '$' {
		return true
	}
	for j := i + 1; j < len(w) && j-i <= 3; j++ {
		if priceWords[w[j]] && w[j] != "only" && w[j] != "just" {
			return true
		}
		if benign[w[j]] {
			return false
		}
	}
	return false
}

func countAhead(w []string, i int) bool {
	for j := i + 1; j < len(w) && j-i <= 4; j++ {
		if claimNouns[w[j]] {
			return isNumberWord(w[j-1]) || w[i] == "thousands" || w[i] == "millions" || w[i] == "hundreds" || w[j-1] == "of" || isNumberWord(at(w, j-2))
		}
	}
	return false
}

// claimWindow returns the index of a word that makes the sentence a claim
// about the business or its product, or -1.
func claimWindow(w []string, i int) int {
	return anyIn(w, i-6, i-1, claimSubj)
}

// healthClaim: "it is completely safe", "clinically proven", "it cures", "eco friendly".
func (r *Rail) healthClaim(w []string, i int) (string, string) {
	t := w[i]
	p := at(w, i-1)
	switch t {
	case "safe", "safer", "safest", "secure":
		// "stay safe", "have a safe day", "your data is safe with us" (a claim), "is it safe to say"
		if p == "stay" || p == "a" || at(w, i+1) == "to" && (at(w, i+2) == "say" || at(w, i+2) == "assume") || at(w, i+1) == "day" || at(w, i+1) == "travels" || at(w, i+1) == "and" && at(w, i+2) == "sound" {
			return "", ""
		}
		if at(w, i+1) == "with" && at(w, i+2) == "us" && (at(w, i-2) == "answers" || at(w, i-2) == "information" || at(w, i-2) == "data" || at(w, i-2) == "details") {
			return "", "" // privacy of the survey answers is the campaign's own statement
		}
		if claimWindow(w, i) >= 0 || p == "completely" || p == "totally" || p == "perfectly" || p == "100%" || p == "entirely" || p == "absolutely" || p == "very" {
			return t, "unsupported safety claim: " + t
		}
	case "healthy", "healthier", "health":
		if t == "health" && (at(w, i+1) == "benefits" || at(w, i+1) == "risks" || at(w, i+1) == "problems" || at(w, i+1) == "issues") && claimWindow(w, i) >= 0 ||
			t != "health" && (p == "you" || at(w, i-2) == "you" || claimWindow(w, i) >= 0) && (p == "more" || p == "be" || p == "feel" || p == "keeps" || p == "makes" || at(w, i-2) == "makes" || at(w, i-2) == "keep" || p == "is" || p == "are") {
			return t, "unsupported health claim: " + t
		}
		if t == "health" && (p == "your" && (at(w, i-2) == "improve" || at(w, i-2) == "improves" || at(w, i-2) == "boost" || at(w, i-2) == "boosts" || at(w, i-2) == "protect" || at(w, i-2) == "protects" || at(w, i-2) == "benefit")) {
			return t, "unsupported health claim: improves health"
		}
	case "cure", "cures", "heal", "heals", "treat", "treats", "prevent", "prevents":
		if (claimWindow(w, i) >= 0 || p == "will" || p == "can") && (t != "treat" && t != "treats" || at(w, i+1) != "you" && at(w, i+1) != "our" && at(w, i+1) != "every") {
			if t == "prevent" && (at(w, i+1) == "us" || at(w, i+1) == "you" || at(w, i+1) == "any") {
				return "", ""
			}
			return t, "unsupported efficacy claim: " + t
		}
	case "effective":
		if p == "cost" || claimWindow(w, i) >= 0 && (p == "is" || p == "are" || p == "very" || p == "highly" || p == "most" || p == "more" || p == "100%" || p == "proven" || p == "completely") {
			return t, "unsupported efficacy claim: effective"
		}
	case "nontoxic", "hypoallergenic", "ecofriendly", "organic":
		if claimWindow(w, i) >= 0 {
			return t, "unsupported product claim: " + t
		}
	case "eco", "environmentally":
		if at(w, i+1) == "friendly" && claimWindow(w, i) >= 0 {
			return t, "unsupported product claim: eco friendly"
		}
	case "toxic":
		if p == "non" && claimWindow(w, i) >= 0 {
			return t, "unsupported product claim: non toxic"
		}
	case "certified", "approved":
		if p == "fda" || p == "government" || p == "doctor" || p == "clinically" || p == "iso" || p == "energy" && at(w, i-2) != "" {
			return t, "unsupported certification: " + p + " " + t
		}
	case "cancer", "disease", "allergies", "emissions", "pollution":
		if anyIn(w, i-4, i-1, ws16) >= 0 && claimWindow(w, i) >= 0 {
			return t, "unsupported efficacy claim: " + t
		}
	case "immune":
		if anyIn(w, i-4, i-1, ws17) >= 0 {
			return t, "unsupported health claim: immune"
		}
	}
	return "", ""
}

// factSupports reports whether an approved fact covers most of the sentence's
// content words (the agent repeating an approved fact in its own words).
func (r *Rail) factSupports(w []string) bool {
	if len(r.facts) == 0 {
		return false
	}
	content := 0
	best := 0
	for _, f := range r.facts {
		shared := 0
		content = 0
		for _, x := range w {
			if len(x) < 3 || factStop[x] {
				continue
			}
			content++
			if f.words[x] {
				shared++
			}
		}
		if shared > best {
			best = shared
		}
	}
	return content >= 3 && best*4 >= content*3
}

// inline word sets, built once
var (
	ws14 = set("save saves saved see saw get got report say love rate prefer recommend switch switched stay agree")
	ws15 = set("lower lowers reduce reduces cure cures help helps improve improves relieve relieves fight fights treat treats control controls")
	ws16 = set("reduce reduces reduced cut cuts lower lowers prevent prevents fight fights eliminate eliminates removes")
	ws17 = set("boost boosts strengthen strengthens improve improves")
)
