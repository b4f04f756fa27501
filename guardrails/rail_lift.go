package guardrails

import "strings"

// Lifts: structures that make a matched rule's reading wrong for the whole
// sentence. Check applies them to the rules' blocks (not to banned phrases,
// which the campaign chose).
//
//   - A survey question that asks the callee to compare or rank ("was this
//     visit better, the same or worse", "is this still the best number to
//     reach you", 这次是更好还是更差) asks; it claims nothing, unless it
//     speaks of the caller's side (we, our, 我们).
//   - An AI disclosure that names whom it calls for ("I'm an automated
//     assistant calling on behalf of Lakeside Vets", 我是AI语音助手，代表绿野保险)
//     is the campaign's own introduction when no institution or brand is named.

// lift reports whether a rule block d of the sentence (normalized norm) is
// lifted by the sentence's structure.
func (r *Rail) lift(d Decision, norm string, question bool) bool {
	if scopeLift(d, norm, question) {
		return true
	}
	switch d.Category {
	case CategoryUnapprovedClaim:
		if !strings.HasPrefix(d.Rule, "unsupported comparison") && !strings.HasPrefix(d.Rule, "unsupported superlative") &&
			!strings.HasPrefix(d.Rule, "signal: claim") {
			return false
		}
		if strings.HasPrefix(d.Rule, "signal: claim") && ownRecords(norm) {
			return true
		}
		if hasLatin(norm) && !hasHan(norm) {
			return surveyQuestionEN(railWords(strings.Fields(norm)))
		}
		if hasHan(norm) && !hasLatin(norm) {
			return surveyQuestionZH(hanOnly(norm))
		}
	case CategoryThreat, CategoryFalseUrgency, CategoryClaimsHuman:
		return strings.HasPrefix(d.Rule, "signal: ") && calleeSideSignal(d, norm)
	case CategoryImpersonation:
		if hasHan(norm) {
			h := hanOnly(norm)
			if rest, ok := disclaimedZH(h); ok && !institutionZH(rest) {
				return true
			}
			if strings.HasPrefix(d.Rule, "acts for a named party") && followUpZH(h) && !institutionZH(h) && !publicBodyZH(h) {
				return true
			}
			return aiDisclosedZH(norm) && !institutionZH(h)
		}
		w := railWords(strings.Fields(norm))
		if rest, ok := disclaimedEN(w); ok && !thirdPartyEN(rest) {
			return true
		}
		if strings.HasPrefix(d.Rule, "acts for a named organisation") && followUpEN(w) && !thirdPartyEN(w) {
			return true
		}
		return hasDisclosure(w) && !institutionEN(w)
	}
	return false
}

var (
	questionOpenEN = set("is was were did do does how what which would could can are have has will should")
	ownSideEN      = set("we our ours us weve were")
	rankAltEN      = set("better worse same")
	// rhetoricEN make a question a claim ("did you know this is the best...")
	rhetoricEN = set("know knew heard aware realise realize realised realized")
)

// surveyQuestionEN: a question to the callee (it opens as a question, or
// offers ranked alternatives joined by "or") with no word of the caller's
// side.
func surveyQuestionEN(w []string) bool {
	if len(w) == 0 {
		return false
	}
	alts := 0
	or := false
	for _, t := range w {
		if ownSideEN[t] || rhetoricEN[t] {
			return false
		}
		if rankAltEN[t] {
			alts++
		}
		or = or || t == "or"
	}
	return questionOpenEN[w[0]] || alts >= 2 && or
}

// surveyQuestionZH: the same for Chinese (a question particle at the end,
// an alternative with 还是, or 您觉得/请问), with no 我们 or 本公司.
func surveyQuestionZH(s string) bool {
	for _, own := range []string{"我们", "我們", "我司", "本公司", "咱们"} {
		if strings.Contains(s, own) {
			return false
		}
	}
	return strings.HasSuffix(s, "吗") || strings.HasSuffix(s, "嗎") || strings.HasSuffix(s, "呢") ||
		strings.Contains(s, "还是") || strings.Contains(s, "還是") || strings.Contains(s, "您觉得") ||
		strings.Contains(s, "您覺得") || strings.Contains(s, "请问") || strings.Contains(s, "請問")
}

// institutionEN: a word that names a third party on its own (a bank, the
// police, a brand) or a public-service modifier before an organisation head
// ("tax office", "water department").
func institutionEN(w []string) bool {
	for i, t := range w {
		if orgHeads[t] || brands[t] {
			return true
		}
		if orgModifiers[t] && t != "your" && orgGeneric[at(w, i+1)] {
			return true
		}
	}
	return false
}

var (
	aiWordsZH        = []string{"ai", "人工智能", "智能助手", "语音助手", "語音助手", "语音助理", "語音助理", "自动", "自動", "机器人助手", "机器人", "虚拟助手", "虛擬助手"}
	institutionWords = []string{"银行", "銀行", "政府", "公安", "警察", "警方", "派出所", "税务", "稅務", "法院", "检察", "檢察", "电信", "電信", "移动", "移動",
		"联通", "聯通", "社保", "医保", "醫保", "民政", "工商", "海关", "海關", "部门", "部門", "机关", "機關", "委员会", "委員會", "国家", "國家", "支付宝", "支付寶",
		"微信", "淘宝", "淘寶", "京东", "京東", "银联", "銀聯", "供电局", "自来水公司", "燃气公司", "卫健委", "衛健委", "市政", "街道办", "居委会"}
)

// aiDisclosedZH: the sentence says the speaker is an AI (not denied).
func aiDisclosedZH(norm string) bool {
	for _, a := range aiWordsZH {
		i := strings.Index(norm, a)
		if i < 0 {
			continue
		}
		if a == "ai" && (i > 0 && isASCIILetter(norm[i-1]) || i+2 < len(norm) && isASCIILetter(norm[i+2])) {
			continue // part of a longer word
		}
		before := norm[:i]
		if strings.HasSuffix(before, "不是") || strings.HasSuffix(before, "不是一个") || strings.HasSuffix(before, "并非") {
			continue
		}
		return true
	}
	return false
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// institutionZH: a public body, a bank, a platform or a public utility named.
func institutionZH(s string) bool {
	for _, x := range institutionWords {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// effortIdiom: "we'll do our best", 我们会尽力 (an effort, not a superlative
// or a promise), and a hand-over ("i'll transfer you", 我马上为您转接). The
// learned head, which reads words, is not asked about them (the rules still
// are).
func effortIdiom(norm string) bool {
	w := strings.Fields(norm)
	for i, t := range w {
		if t == "best" && (at(w, i-1) == "our" || at(w, i-1) == "my") && (at(w, i-2) == "do" || at(w, i-2) == "try") {
			return true
		}
	}
	for i, t := range w {
		// a hand-over, not a self-description: "i'll transfer you", "let me put you through"
		if (t == "transfer" || t == "connect") && at(w, i+1) == "you" || t == "put" && seq(w, i+1, "you", "through") {
			return true
		}
	}
	for _, x := range []string{"尽力", "盡力", "尽量", "盡量", "为您转接", "為您轉接", "帮您转接", "幫您轉接", "给您转接", "給您轉接"} {
		if strings.Contains(norm, x) {
			return true
		}
	}
	return false
}

// ownRecords: the sentence reads back what the records say about the callee
// ("our records show you visited on the third", 我们记录显示您上次来是…).
func ownRecords(norm string) bool {
	w := strings.Fields(norm)
	for i, t := range w {
		if (t == "records" || t == "record" || t == "notes") && (at(w, i+1) == "show" || at(w, i+1) == "say") && at(w, i+2) != "" {
			return true
		}
	}
	h := hanOnly(norm)
	return (strings.Contains(h, "记录显示") || strings.Contains(h, "紀錄顯示") || strings.Contains(h, "記錄顯示") || strings.Contains(h, "系统显示")) &&
		strings.Contains(h, "您")
}

// calleeSideSignal: a second-tier signal word that belongs to the callee or
// to the survey, not to a threat, a deadline or a person: the opt-out
// instruction ("say stop at any time and i'll end the call", 您随时说停止),
// advice to hang up on impostors (请直接挂断), "your home", "answer now or
// later", "four quick questions", a booking kept (预约还保留着, 留下的号码).
func calleeSideSignal(d Decision, norm string) bool {
	w := strings.Fields(norm)
	h := hanOnly(norm)
	switch d.Category {
	case CategoryThreat:
		for i, t := range w {
			if t == "stop" && at(w, i-1) == "say" || t == "end" && at(w, i+1) == "the" && at(w, i+2) == "call" && (at(w, i-1) == "ill" || at(w, i-1) == "will") {
				return true
			}
		}
		return strings.Contains(h, "说停止") || strings.Contains(h, "說停止") ||
			(strings.Contains(h, "挂断") || strings.Contains(h, "掛斷")) && (strings.Contains(h, "请直接") || strings.Contains(h, "請直接") || strings.Contains(h, "您可以"))
	case CategoryFalseUrgency:
		for i, t := range w {
			if t == "now" && at(w, i+1) == "or" && at(w, i+2) == "later" || t == "quick" && (at(w, i+1) == "questions" || at(w, i+1) == "question") {
				return true
			}
		}
		return strings.Contains(h, "保留") || strings.Contains(h, "留下")
	case CategoryClaimsHuman:
		if !strings.HasSuffix(d.Rule, " home") {
			return false
		}
		for i, t := range w {
			if t == "home" && at(w, i-1) != "your" || t == "my" {
				return false
			}
		}
		return true
	}
	return false
}
