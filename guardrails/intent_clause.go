package guardrails

import "strings"

// The callee's utterance is read clause by clause. A clause is a stretch of
// words between contrast or concession markers ("but", "though", 但是, 不过);
// each clause is read by the lexical rules (intent.go, intent_zh.go,
// intent_lex.go, intent_lex_zh.go), then narrowed by what the clause is:
// reported speech (someone else said ...) and past attitudes ("i used to not
// be interested") carry no request; narrative uses of "later", "busy" or "off
// the list" by a third party are not the callee's wish. The clauses are then
// combined: an opt-out anywhere wins; a refusal aimed at an offered product
// ("not interested in the warranty") is an answer, not the end of the call;
// a refusal followed by a clause that accepts ("but sure, go ahead") is none.

// clauseReading is what one clause says.
type clauseReading struct {
	f                intentFlags
	optWeak, refWeak bool // the ending verdict of this clause is indirect or hedged
	upsell           bool // the refusal is aimed at an offered product, not the call
	accepts          bool // the clause agrees to go on ("sure go ahead")
	answer           bool // the clause holds a survey answer (a rating, praise)
}

// contrastEN are the English words that start a new clause.
var contrastEN = set("but though although however except whereas nevertheless anyway")

// contrastZH are the Chinese markers that start a new clause (longest first).
var contrastZH = []string{"但是", "不过", "可是", "然而", "只是", "但"}

// splitClauses cuts normalized text at contrast markers. The markers are dropped.
func splitClauses(norm string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for _, w := range strings.Fields(norm) {
		if contrastEN[w] {
			flush()
			continue
		}
		if hasHan(w) {
			for {
				k, n := firstContrastZH(w)
				if k < 0 {
					break
				}
				if k > 0 {
					cur = append(cur, w[:k])
				}
				flush()
				w = w[k+n:]
			}
			if w == "" {
				continue
			}
		}
		cur = append(cur, w)
	}
	flush()
	return out
}

// firstContrastZH returns the byte offset and length of the first contrast
// marker in a Han run, or -1.
func firstContrastZH(s string) (int, int) {
	best, n := -1, 0
	for _, m := range contrastZH {
		if k := strings.Index(s, m); k >= 0 && (best < 0 || k < best) {
			if m == "但" && strings.HasPrefix(s[k:], "但愿") {
				continue
			}
			best, n = k, len(m)
		}
	}
	return best, n
}

// analyze classifies normalized text and reports the verdict's strength.
func analyze(norm, lang string) IntentResult {
	if norm == "" {
		return IntentResult{Intent: IntentNone}
	}
	zh := strings.HasPrefix(lang, "zh") || strings.HasPrefix(lang, "cmn") || hasHan(norm)
	clauses := splitClauses(norm)
	reads := make([]clauseReading, len(clauses))
	for i, c := range clauses {
		reads[i] = readClause(c, zh)
	}
	var all intentFlags
	optWeak, refWeak := true, true
	anyAnswer := false
	for _, r := range reads {
		anyAnswer = anyAnswer || r.answer
	}
	for i := 1; i < len(reads); i++ {
		// "the staff were friendly but busy": a clause with no subject of its
		// own speaks of the previous clause's third party
		if reads[i].f.callback && !zh && noSpeakerEN(clauses[i]) && thirdIn(clauses[i-1]) {
			reads[i].f.callback = false
		}
	}
	for i, r := range reads {
		if r.f.optOut {
			all.optOut = true
			optWeak = optWeak && r.optWeak
		}
		if r.f.refusal && !r.upsell {
			later := false
			for _, q := range reads[i+1:] {
				later = later || q.accepts
			}
			if !later {
				all.refusal = true
				// a refusal said next to a survey answer may be about something
				// else: confirm before ending.
				refWeak = refWeak && (r.refWeak || anyAnswer)
			}
		}
		all.callback = all.callback || r.f.callback
		all.askAI = all.askAI || r.f.askAI
		all.askID = all.askID || r.f.askID
	}
	res := IntentResult{Intent: all.best()}
	if res.Intent == IntentNone && !zh && leaveTakingEN(fixWordsEN(strings.Fields(norm))) {
		// "thanks, but no": the leave-taking spans the clauses
		res = IntentResult{Intent: IntentRefusal, Weak: true}
	}
	switch res.Intent {
	case IntentOptOut:
		res.Weak = optWeak
	case IntentRefusal:
		res.Weak = refWeak
	}
	return res
}

// readClause applies the rules to one clause.
func readClause(c string, zh bool) clauseReading {
	var r clauseReading
	if hasLatin(c) {
		w := fixWordsEN(strings.Fields(c))
		r.readEN(w)
	}
	if zh && hasHan(c) {
		r.readZH(foldIntentZH(hanOnly(c)))
	}
	return r
}

// readEN reads the English words of a clause.
func (r *clauseReading) readEN(w []string) {
	w = cutReportedEN(w)
	w, _ = toldOtherEN(w)
	if len(w) == 0 {
		return
	}
	past := pastAttitudeEN(w)
	narrative := narrativeEN(w)
	var f intentFlags
	if optOutEN(w) {
		f.optOut = true
		r.optWeak = r.optWeak || hedgedEN(w)
	}
	if !f.optOut {
		if weak, ok := optOutIndirectEN(w); ok {
			f.optOut = true
			r.optWeak = r.optWeak || weak || hedgedEN(w)
		}
	}
	if !f.optOut {
		if weak, ok := optOutMoreEN(w); ok {
			f.optOut = true
			r.optWeak = r.optWeak || weak || hedgedEN(w)
		}
	}
	if f.optOut && narrative {
		f.optOut = false
	}
	if f.optOut && abandonedEN(w) {
		r.optWeak = true // "i was going to say stop calling, but": confirm
	}
	ref, cb := refusalCallbackEN(w)
	if weak, ok := refusalExtraEN(w); ok {
		if !ref {
			r.refWeak = r.refWeak || weak
		}
		ref = true
	}
	if ref {
		r.refWeak = r.refWeak || hedgedEN(w)
		r.upsell = r.upsell || upsellEN(w)
	}
	if past {
		ref = false
	}
	cb = cb || busyElsewhereEN(w)
	if cb && (narrative || past || narrativeTimeEN(w) || callbackNotNowEN(w)) {
		cb = false
	}
	f.refusal = ref
	f.callback = cb
	f.askAI = askAIEN(w) || askAIExtraEN(w)
	f.askID = askIdentityEN(w) || askIdentityExtraEN(w)
	r.accepts = r.accepts || acceptsEN(w)
	r.answer = r.answer || answerEN(w)
	r.merge(f)
}

// merge ors flags into the reading.
func (r *clauseReading) merge(f intentFlags) {
	r.f.optOut = r.f.optOut || f.optOut
	r.f.refusal = r.f.refusal || f.refusal
	r.f.callback = r.f.callback || f.callback
	r.f.askAI = r.f.askAI || f.askAI
	r.f.askID = r.f.askID || f.askID
}

// readZH reads the Chinese characters of a clause.
func (r *clauseReading) readZH(s string) {
	s = cutReportedToZH(cutReportedZH(s))
	if s == "" {
		return
	}
	var f intentFlags
	past := pastAttitudeZH(s)
	so := zhFreqBridge(s)
	if optOutZH(so) {
		f.optOut = true
		r.optWeak = r.optWeak || hedgedZH(so)
	} else if weak, ok := optOutIndirectZH(so); ok {
		f.optOut = true
		r.optWeak = r.optWeak || weak || hedgedZH(so)
	} else if weak, ok := optOutMoreZH(so); ok {
		f.optOut = true
		r.optWeak = r.optWeak || weak
	}
	if f.optOut && hasAny(s, zhAbandoned) {
		r.optWeak = true // 我本来想让你们别打了，不过…: confirm
	}
	ref, cb := refusalCallbackZH(s)
	if weak, ok := refusalExtraZH(s); ok {
		if !ref {
			r.refWeak = r.refWeak || weak
		}
		ref = true
	}
	if ref {
		r.refWeak = r.refWeak || hedgedZH(s)
		r.upsell = r.upsell || upsellZH(s)
		if thanksOnlyZH(s) {
			ref = false
		}
	}
	if past {
		ref = false
		cb = false
	}
	if cb && (narrativeZH(s) || zhPastDay(s) || zhThirdCalledBack(s)) {
		cb = false
	}
	f.refusal = ref
	f.callback = cb
	f.askAI = askAIZH(s) || askAIExtraZH(s)
	f.askID = askIdentityZH(s) || askIdentityExtraZH(s)
	r.accepts = r.accepts || acceptsZH(s)
	r.answer = r.answer || answerZH(s)
	r.merge(f)
}

// zhAbandoned mark an intention the callee had and dropped.
var zhAbandoned = []string{"本来想", "本來想", "原本想", "原来想", "原來想", "一开始想", "一開始想", "差点", "差點", "曾经想", "曾經想", "本想"}

// abandonedEN: the clause tells of an intention the callee had and dropped
// ("i was going to tell you to stop", "at first i wanted them to stop").
func abandonedEN(w []string) bool {
	for i, t := range w {
		switch {
		case (t == "was" || t == "were") && at(w, i+1) == "going" && at(w, i+2) == "to":
			return true
		case t == "at" && at(w, i+1) == "first", t == "initially", t == "originally", t == "almost":
			return true
		case t == "meant" && at(w, i+1) == "to", t == "thought" && at(w, i+1) == "about":
			return true
		}
	}
	return false
}

// noSpeakerEN: the clause names neither the speaker nor the listener.
func noSpeakerEN(c string) bool {
	for _, t := range strings.Fields(c) {
		if addressedWords[t] || t == "im" || t == "my" || t == "we" || t == "call" || t == "ring" {
			return false
		}
	}
	return true
}

// thirdIn: the clause has a third-party subject ("the staff were friendly").
func thirdIn(c string) bool {
	for _, t := range strings.Fields(c) {
		if thirdSubj[t] {
			return true
		}
	}
	return false
}
