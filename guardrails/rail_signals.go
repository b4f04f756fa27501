package guardrails

import "strings"

// The second tier of the rail: when no structural rule fired, a plain
// statement (not a question, no negation or hedge anywhere) that pairs the
// callee or the speaker with a strong signal of a category is blocked. It
// catches the long tail of wordings the structures above do not spell out;
// questions, denials and hedged answers, which make up most of what an honest
// agent says near these words, never reach it.

var (
	sigQuestionStart = set("did do does is are was were would could can how what when where which who why shall have has " +
		"may might should whats hows wheres whos any anything")
	sigHuman = set("human humans person people staff employee employees mum mom dad mother father wife husband kids " +
		"children myself colleague colleagues personally breathing flesh desk lunch coffee home")
	sigHarm = set("cut cancel cancelled canceled deny denied refused stop stopped suspend suspended close closed " +
		"disconnect disconnected terminate terminated penalty penalties fine fined charged collection collections " +
		"collector void revoke revoked freeze frozen block blocked legal lawyer court police arrest bailiff seize " +
		"seized repossess repossessed evict evicted garnish report reported lose lost forfeit")
	sigHarmThings = set("your you")
	sigUrgentTime = set("today tonight now hour hours minutes minute morning week weekend friday monday tuesday " +
		"wednesday thursday saturday sunday midnight soon quickly quick immediately")
	sigUrgentCue = set("only last before within until hold gone left free miss missing goes go fast quick or else " +
		"decide deadline runs expire expires ends end closing hurry grab")
	sigReward = set("gift gifts present presents reward rewards bonus win won winner picked selected chosen lucky cash " +
		"prize prizes voucher vouchers freebie treat giveaway")
	sigClaim = set("percent third half quarter twice double triple better best most top favourite favorite leading " +
		"rated ranked tests test studies study research proven proof shows show silent safe safest cheaper cheapest " +
		"lowest fastest biggest largest award")
	sigClaimSubj = set("we our us it its they their this these")
	sigPromise   = set("sure certain definitely certainly surely guarantee guaranteed promise promised bound assured")
	sigOrg       = set("bank council office department authority agency board provider carrier network company " +
		"government police utility retailer store brand line")
)

// signalEN is the English second tier; raw is the sentence as given.
func (r *Rail) signalEN(raw string, w []string) Decision {
	if len(w) < 3 || strings.ContainsAny(raw, "?？") || sigQuestionStart[w[0]] {
		return allow
	}
	for _, t := range w {
		if enNegators[t] || enHedges[t] || t == "cannot" || t == "sorry" || t == "thanks" || t == "thank" && !strings.Contains(raw, "thank you gift") {
			return allow
		}
	}
	if hasDisclosure(w) {
		return allow
	}
	has := func(s wordSet) string {
		for _, t := range w {
			if s[t] {
				return t
			}
		}
		return ""
	}
	self := has(set("i me my mine myself im")) != ""
	you := has(sigHarmThings) != ""
	modal := has(set("can could would will may might should")) != ""
	if x := has(sigHuman); x != "" && self && !modal {
		return block(CategoryClaimsHuman, "signal: speaker and "+x)
	}
	if x := has(sigHarm); x != "" && you && (has(set("will unless if or otherwise could may end")) != "") {
		return block(CategoryThreat, "signal: harm "+x)
	}
	if x := has(sigReward); x != "" && you {
		return block(CategoryPrize, "signal: reward "+x)
	}
	if x := has(sigPromise); x != "" && you && has(set("will going arrive come through be")) != "" {
		return block(CategoryGuaranteedOutcome, "signal: promise "+x)
	}
	if x := has(sigUrgentTime); x != "" && has(sigUrgentCue) != "" && has(set("take takes call calling back remove")) == "" {
		return block(CategoryFalseUrgency, "signal: time pressure "+x)
	}
	for k, x := range w {
		if !sigClaim[x] || has(sigClaimSubj) == "" || superlativePrev[at(w, k-1)] || x == "best" && at(w, k-1) == "the" && at(w, k+1) == "time" {
			continue
		}
		if r.approved(w, k, k+1, x) || r.factSupports(w) || len(r.facts) > 0 && r.approved(w, k, k+2, "#1") {
			continue
		}
		return block(CategoryUnapprovedClaim, "signal: claim "+x)
	}
	return allow
}
