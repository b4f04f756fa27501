package guardrails

import "strings"

// Scope lifts: where a claim sits in the sentence decides whether the agent
// makes it. Each reads the structure of the whole sentence, whatever words
// the claim uses:
//
//   - Words read back or asked about: the agent repeats what the callee said
//     ("you said the salesman told you it was the cheapest deal", 您刚才说…)
//     or asks what a third party said or did ("did the technician promise
//     anything", 对方有没有说…), or asks what the callee felt (您有没有觉得…).
//     Nothing is claimed unless the caller's own side (we, our, 我们) is named.
//   - A negated act of saying: "I can't give you estimates of how much you'll
//     save", "I'm not able to comment on whether it is safe", 我不方便说我们比别家好.
//     What follows a refused statement is not stated, unless a contrast
//     ("but", 但是) opens a new claim.
//   - A harm in the condition of a help instruction ("if your service is cut
//     off for any reason, please call the support line"): the harm is a case
//     the callee may meet, not a consequence of refusing.
//   - A first-person report of the callee's matter to the team (我会告诉团队您被
//     重复扣款了, "I'll let the team know you were charged twice").
//   - The opt-out instruction ("to stop future calls, just say remove me").
//   - The survey's own length (这份问卷只有三题，大约两分钟) and a number the
//     callee left (您预约的时候留的).
//   - A purpose clause (以确保服务品质, "as promised, just four questions").

// scopeLift reports whether the structure of the sentence (normalized norm,
// question set when it was asked with a question mark) lifts the rule block d.
func scopeLift(d Decision, norm string, question bool) bool {
	switch d.Category {
	case CategoryClaimsHuman, CategoryImpersonation:
		return false
	}
	if d.Rule == "model" {
		return false
	}
	latin, han := hasLatin(norm), hasHan(norm)
	var w []string
	if latin {
		w = railWords(strings.Fields(norm))
	}
	h := ""
	if han {
		h = hanOnly(norm)
	}
	if latin && !han && (readBackEN(w) || askedAboutEN(w, question) || negatedSayingEN(w)) {
		return true
	}
	if han && !latin && (readBackZH(h) || askedAboutZH(h, question) || negatedSayingZH(h)) {
		return true
	}
	switch d.Category {
	case CategoryThreat:
		if latin && !han && nonComplianceEN(w) == "" && (helpConditionEN(w) || reportToTeamEN(w) || optOutInstructionEN(w) || ownSideClosedEN(w)) {
			return true
		}
		if han && !latin && nonComplianceZH(h) == "" && reportToTeamZH(h) {
			return true
		}
	case CategoryFalseUrgency:
		if han && !latin && strings.HasPrefix(d.Rule, "signal: ") && (surveyLengthZH(h) || calleeLeftZH(h)) {
			return true
		}
	case CategoryUnapprovedClaim:
		if latin && !han && !ownSideIn(w) && feedbackCountEN(w) {
			return true
		}
		if han && !latin && !ownSideInZH(h) && feedbackCountZH(h) {
			return true
		}
	case CategoryGuaranteedOutcome:
		if latin && !han && strings.HasPrefix(d.Rule, "signal: ") && passOnEN(w) {
			return true
		}
		if han && !latin && purposeZH(h) {
			return true
		}
		if latin && !han && asPromisedEN(w) {
			return true
		}
	}
	return false
}

var (
	readBackOpen = set("so okay ok right alright and oh see understood thanks")
	sayVerbsEN   = set("said say mentioned mention told tell promised promise claimed claim offered offer guaranteed " +
		"guarantee assured assure suggested suggest")
	thirdSubjEN = set("the a an someone somebody anyone anybody they he she your that this any their his her anything something everything")
	askOpenEN   = set("did does do has have was were had is are")
	futureOwnEN = set("will going")
)

// ownSideIn reports a word of the caller's side (we, our, us) in w.
func ownSideIn(w []string) bool {
	for _, t := range w {
		if ownSideEN[t] {
			return true
		}
	}
	return false
}

// readBackEN: the sentence opens (after a filler or an acknowledgement) with
// "you said", "you mentioned", "you told me", and the caller's side is not named.
func readBackEN(w []string) bool {
	i := 0
	for i < len(w) && i < 4 && readBackOpen[w[i]] {
		i++
	}
	if at(w, i) == "you" && (at(w, i+1) == "said" || at(w, i+1) == "mentioned" || at(w, i+1) == "told" || at(w, i+1) == "say" ||
		at(w, i+1) == "just" && (at(w, i+2) == "said" || at(w, i+2) == "mentioned")) {
		return !ownSideIn(w[i:])
	}
	return false
}

// askedAboutEN: a question that asks whether a third party said or promised
// something ("did the salesperson say you had been chosen", "has anyone
// promised you a refund"), with no word of the caller's side and no rhetoric
// ("did you know").
func askedAboutEN(w []string, question bool) bool {
	if len(w) < 3 || !askOpenEN[w[0]] || !thirdSubjEN[w[1]] {
		return false
	}
	if w[1] == "this" || w[1] == "that" || w[1] == "any" {
		return false // "is this the best", "does that sound..."
	}
	_ = question
	for _, t := range w {
		if ownSideEN[t] || rhetoricEN[t] {
			return false
		}
	}
	for j := 2; j < len(w) && j <= 6; j++ {
		if sayVerbsEN[w[j]] {
			return true
		}
	}
	return false
}

var (
	sayActsEN   = set("say tell comment give estimate estimates confirm speak predict answer advise judge quote promise guarantee")
	contrastsEN = set("but however though although yet still")
)

// negatedSayingEN: "i can not say", "i am not able to comment on", "we can
// not give estimates of": a negated act of saying, with no contrast after it.
func negatedSayingEN(w []string) bool {
	for i, t := range w {
		if t != "not" && t != "cannot" && t != "never" && t != "unable" {
			continue
		}
		// the subject is the speaker: "i can not", "we are not able to"
		if anyIn(w, i-3, i-1, selfSubj) < 0 && at(w, i-1) != "am" {
			continue
		}
		k := -1
		for j := i + 1; j < len(w) && j-i <= 4; j++ {
			if sayActsEN[w[j]] {
				k = j
				break
			}
		}
		if k < 0 {
			continue
		}
		for j := k + 1; j < len(w); j++ {
			if contrastsEN[w[j]] {
				return false
			}
		}
		return true
	}
	return false
}

// helpConditionEN: the rule's harm sits in an "if" clause whose main clause
// asks the callee to get help ("if your service is cut off for any reason
// please call the support line").
func helpConditionEN(w []string) bool {
	cond := -1
	for i, t := range w {
		if t == "if" {
			cond = i
			break
		}
	}
	if cond < 0 {
		return false
	}
	for j := cond + 1; j < len(w); j++ {
		if w[j] == "please" || w[j] == "call" && at(w, j-1) == "just" || w[j] == "contact" && at(w, j+1) == "us" {
			return j-cond >= 3
		}
	}
	return false
}

// reportToTeamEN: "i will let the team know you were charged twice", "i'll
// pass on that you", "i will note that you": the callee's matter reported.
func reportToTeamEN(w []string) bool {
	for i, t := range w {
		if (t == "know" && anyIn(w, i-4, i-1, set("let")) >= 0 || t == "on" && at(w, i-1) == "pass" || t == "note" || t == "tell" || t == "report") &&
			anyIn(w, i-4, i-1, selfSubj) >= 0 {
			for j := i + 1; j < len(w) && j-i <= 4; j++ {
				if w[j] == "you" || w[j] == "your" {
					return true
				}
			}
		}
	}
	return false
}

// optOutInstructionEN: "to stop future calls", "if you want to stop these
// calls", "you can stop the calls": stopping the calls is the callee's choice.
func optOutInstructionEN(w []string) bool {
	for i, t := range w {
		if t != "stop" {
			continue
		}
		if !(at(w, i-1) == "to" || at(w, i-1) == "can" || at(w, i-1) == "you") {
			continue
		}
		for j := i + 1; j < len(w) && j-i <= 3; j++ {
			if w[j] == "calls" || w[j] == "calling" {
				return true
			}
		}
	}
	return false
}

// asPromisedEN: "as promised", "as i promised" refers back to what the call
// said it would be; no future outcome follows.
func asPromisedEN(w []string) bool {
	for i, t := range w {
		if t == "promised" && (at(w, i-1) == "as" || at(w, i-2) == "as" && selfSubj[at(w, i-1)]) {
			for _, x := range w[i+1:] {
				if futureOwnEN[x] || x == "guarantee" || x == "guaranteed" {
					return false
				}
			}
			return true
		}
	}
	return false
}

var ownSideZH = []string{"我们", "我司", "本公司", "咱们", "我方"}

func ownSideInZH(s string) bool {
	for _, own := range ownSideZH {
		if strings.Contains(s, own) {
			return true
		}
	}
	return false
}

// readBackZH: 您说/您刚才说/您提到 opening the sentence (after 好的/嗯/对), with
// no word of the caller's side.
func readBackZH(s string) bool {
	for _, p := range []string{"好的", "嗯", "对", "明白", "了解", "所以", "那"} {
		s = strings.TrimPrefix(s, p)
	}
	for _, p := range []string{"您说", "您刚才说", "您刚刚说", "您提到", "您刚才提到", "您之前说", "您说过", "您是说", "您刚说"} {
		if strings.HasPrefix(s, p) {
			return !ownSideInZH(s)
		}
	}
	return false
}

// askedAboutZH: a question (吗, 呢, 有没有, 是否, a question mark) about what
// the callee felt (您有没有觉得…) or what someone said or promised to them
// (对方有没有说…), with no word of the caller's side.
func askedAboutZH(s string, question bool) bool {
	if ownSideInZH(s) {
		return false
	}
	asks := question || strings.Contains(s, "有没有") || strings.Contains(s, "是否") || strings.HasSuffix(s, "吗") || strings.HasSuffix(s, "呢")
	if !asks {
		return false
	}
	for _, v := range []string{"您有没有觉得", "您是否觉得", "您觉得", "您有没有感觉", "您感觉", "您是不是觉得", "您有没有被", "您是否被"} {
		if strings.Contains(s, v) {
			return true
		}
	}
	if strings.HasPrefix(s, "我") {
		return false
	}
	// 有没有/是否 … a verb of saying or promising (有没有人向您承诺过, 对方是否说过)
	for _, q := range []string{"有没有", "是否", "有无", "是不是"} {
		i := strings.Index(s, q)
		if i < 0 {
			continue
		}
		rest := []rune(s[i+len(q):])
		if len(rest) > 10 {
			rest = rest[:10]
		}
		if hasAny(string(rest), []string{"说", "承诺", "保证", "告诉", "提到", "答应", "讲"}) {
			return true
		}
	}
	return false
}

// negatedSayingZH: 我不方便说, 我没法说, 无法评价…: a refused statement, with no
// contrast (但是, 不过, 可是) after it.
func negatedSayingZH(s string) bool {
	for _, v := range []string{"不方便说", "不能说", "没法说", "无法说", "不好说", "不便说", "不能评价", "无法评价", "无法评论", "不能评论",
		"不便透露", "不能透露", "不方便评价", "没办法说", "不能给您估", "无法估计", "不能估计", "说不准", "不敢说"} {
		i := strings.Index(s, v)
		if i < 0 {
			continue
		}
		rest := s[i+len(v):]
		for _, c := range []string{"但是", "不过", "可是", "但"} {
			if strings.Contains(rest, c) {
				return false
			}
		}
		return true
	}
	return false
}

// reportToTeamZH: 我会告诉团队您…, 我帮您反馈…, 我会转告…: the speaker passes
// on the callee's matter.
func reportToTeamZH(s string) bool {
	for _, v := range []string{"告诉", "转告", "反馈", "记下", "记录", "转达", "上报"} {
		i := strings.Index(s, v)
		if i < 0 {
			continue
		}
		before := s[:i]
		if !strings.Contains(before, "我") && !strings.HasSuffix(before, "会") {
			continue
		}
		after := []rune(s[i+len(v):])
		if len(after) > 8 {
			after = after[:8]
		}
		if strings.Contains(string(after), "您") {
			return true
		}
	}
	return false
}

// surveyLengthZH: the sentence gives the survey's length (问卷/调查/题 with 大约,
// 只有, 左右, 不到) and no deadline word.
func surveyLengthZH(s string) bool {
	if !(strings.Contains(s, "问卷") || strings.Contains(s, "调查") || strings.Contains(s, "题") || strings.Contains(s, "回访")) {
		return false
	}
	approx := false
	for _, a := range []string{"大约", "大概", "左右", "只有", "只需", "只要", "不到", "约"} {
		if strings.Contains(s, a) {
			approx = true
			break
		}
	}
	if !approx {
		return false
	}
	for _, x := range []string{"必须", "马上", "立即", "立刻", "截止", "之前", "以内", "之内", "剩", "过期", "名额", "尽快", "赶紧"} {
		if strings.Contains(s, x) {
			return false
		}
	}
	return true
}

// calleeLeftZH: 您…留的, 您留过: a number or a note the callee left.
func calleeLeftZH(s string) bool {
	i := strings.Index(s, "留")
	if i < 0 {
		return false
	}
	return strings.Contains(s[:i], "您") && (strings.HasPrefix(s[i+len("留"):], "的") || strings.HasPrefix(s[i+len("留"):], "过"))
}

// purposeZH: 以确保, 为了确保, 以保证: a purpose clause, not a commitment.
func purposeZH(s string) bool {
	for _, v := range []string{"以确保", "为了确保", "以便确保", "以保证", "为了保证", "用来确保", "以保障"} {
		i := strings.Index(s, v)
		if i < 0 {
			continue
		}
		// 可以保证, 足以确保: an ability, not a purpose
		if p := []rune(s[:i]); len(p) > 0 && v[0] == "以"[0] && strings.ContainsRune("可所足得难", p[len(p)-1]) {
			continue
		}
		return true
	}
	return false
}

// selfAIEN: the speaker says it is an AI ("i am an automated assistant",
// "this is a virtual agent", "you are talking to a bot"), not negated.
func selfAIEN(w []string) bool {
	for j, t := range w {
		if !aiDisclosure[t] || at(w, j-1) == "my" || at(w, j-1) == "your" || at(w, j-1) == "our" || at(w, j-1) == "the" {
			continue
		}
		for k := j - 1; k >= 0 && j-k <= 4; k-- {
			if w[k] == "as" && (at(w, k+1) == "a" || at(w, k+1) == "an" || at(w, k+1) == "their" || at(w, k+1) == "the") {
				return !negIn(w, j, j-k+1) // "calling for lumen broadband as their automated assistant"
			}
			if (w[k] == "am" || w[k] == "is" || w[k] == "im") && (selfSubj[at(w, k-1)] || at(w, k-1) == "this" || at(w, k-1) == "it" || w[k] == "im") ||
				w[k] == "to" && (at(w, k-1) == "talking" || at(w, k-1) == "speaking") || w[k] == "with" && at(w, k-1) == "speaking" {
				if !negIn(w, j, j-k+1) {
					return true
				}
				break
			}
		}
	}
	return false
}

// selfAIZH: 我是…AI助手, 这是…自动…电话, 我是机器人 (not 不是).
func selfAIZH(s string) bool {
	for _, a := range aiWordsZH {
		i := strings.Index(s, a)
		if i < 0 {
			continue
		}
		before := []rune(s[:i])
		if len(before) > 8 {
			before = before[len(before)-8:]
		}
		b := string(before)
		k := strings.LastIndex(b, "是")
		if k < 0 || strings.HasSuffix(b[:k], "不") || strings.HasSuffix(b[:k], "而不") {
			continue
		}
		if p := b[:k]; strings.HasSuffix(p, "我") || strings.HasSuffix(p, "这") || strings.HasSuffix(p, "我们") || strings.HasSuffix(p, "本次") || strings.HasSuffix(p, "对我") || p == "" {
			return true
		}
	}
	return false
}

// A disclaimer of affiliation ("not on behalf of your insurer", "i am not from
// the hospital", 不代表其他公司, 我不是政府部门打来的) beside the party the agent
// does call for is the agent saying whom it does not represent: the party it
// names is its own unless what is left of the sentence names an institution or
// a brand.

var disclaimPrep = set("from with for behalf affiliated representing calling connected part")

// disclaimedEN returns the words of the sentence without its disclaimed
// party, and whether it holds a disclaimer.
func disclaimedEN(w []string) ([]string, bool) {
	for i, t := range w {
		if t != "not" {
			continue
		}
		k := i + 1
		for k < len(w) && k-i <= 3 && (w[k] == "on" || w[k] == "calling" || w[k] == "affiliated" || w[k] == "part" || w[k] == "connected" || w[k] == "er" || w[k] == "um") {
			k++
		}
		if !disclaimPrep[at(w, k)] && !disclaimPrep[at(w, k-1)] {
			continue
		}
		end := k + 1
		for end < len(w) && end-k <= 5 && !clauseStop[w[end]] && !selfSubj[w[end]] && w[end] != "im" && w[end] != "this" {
			end++
		}
		rest := append(append([]string(nil), w[:i]...), w[end:]...)
		return rest, true
	}
	return nil, false
}

// thirdPartyEN: a party that is never the campaign's own introduction: a
// public body, a bank, a brand, or a public-service organisation named with
// no name of its own before it ("the water department", not "Cedar Lane
// Medical Centre").
func thirdPartyEN(w []string) bool {
	for i, t := range w {
		if orgHeads[t] || brands[t] {
			return true
		}
		if orgModifiers[t] && orgGeneric[at(w, i+1)] {
			if p := at(w, i-1); p == "" || p == "the" || p == "your" || p == "a" || p == "an" || p == "from" || p == "for" || p == "of" || orgModifiers[p] {
				return true
			}
		}
	}
	return false
}

var zhPartyWords = []string{"政府", "部门", "公司", "银行", "机构", "医院", "保险", "其他", "任何", "官方", "平台", "局", "单位", "机关"}

// disclaimedZH returns the sentence without its disclaimed party (不代表其他公司,
// 不是政府部门打来的, 并非银行), and whether it holds one.
func disclaimedZH(s string) (string, bool) {
	for _, neg := range []string{"不代表", "不是代表", "并非", "不属于", "不是"} {
		i := strings.Index(s, neg)
		if i < 0 {
			continue
		}
		rs := []rune(s[i+len(neg):])
		n := len(rs)
		if n > 10 {
			n = 10
		}
		span := string(rs[:n])
		// the disclaimed party ends at 打来的, 的, or the span's end
		cut := len(span)
		for _, e := range []string{"打来的", "打来", "派来的", "的人", "的"} {
			if k := strings.Index(span, e); k >= 0 && k+len(e) <= cut {
				cut = k + len(e)
				break
			}
		}
		party := span[:cut]
		named := false
		for _, p := range zhPartyWords {
			if strings.Contains(party, p) {
				named = true
				break
			}
		}
		if !named {
			continue
		}
		return s[:i] + s[i+len(neg)+cut:], true
	}
	return "", false
}

// A named party with the call's own purpose (a follow-up on the callee's
// visit, a satisfaction survey) and no institution, public body or brand in
// the sentence is the campaign introducing itself: 我代表晴天光伏打来，是关于您家
// 光伏板安装的回访, "calling on behalf of Willow Creek Dental about your visit".

// followUpZH: the sentence states a follow-up or survey purpose.
func followUpZH(s string) bool {
	return hasAny(s, []string{"回访", "调查", "问卷", "满意度", "了解一下您", "了解您", "安装情况", "服务情况", "您家", "您上次", "您的预约"})
}

// publicBodyZH: a public body or a public service named by its head (教育局,
// 人民医院, 公积金中心, 官方).
func publicBodyZH(s string) bool {
	return hasAny(s, []string{"局", "医院", "中心", "官方", "国", "省", "市", "县", "区政府", "所", "院", "厅", "署", "站"})
}

// followUpEN: the sentence states a follow-up or survey purpose.
func followUpEN(w []string) bool {
	for i, t := range w {
		switch t {
		case "survey", "feedback", "questionnaire", "satisfaction", "followup":
			return true
		case "follow":
			if at(w, i+1) == "up" {
				return true
			}
		case "visit", "appointment", "installation", "repair", "service", "order", "stay":
			if p := at(w, i-1); p == "your" || p == "recent" && at(w, i-2) == "your" {
				return true
			}
		}
	}
	return false
}

// ownSideClosedEN: what is closed or down is the caller's side ("the office
// is closed now", "our lines are down"), not the callee's account.
func ownSideClosedEN(w []string) bool {
	for i, t := range w {
		if t != "closed" && t != "shut" && t != "down" {
			continue
		}
		for j := i - 1; j >= 0 && i-j <= 3; j-- {
			switch w[j] {
			case "office", "offices", "shop", "store", "lines", "line", "desk", "centre", "center", "branch", "clinic":
				return at(w, j-1) != "your"
			}
		}
	}
	return false
}

var (
	crowdEN    = set("most many lots plenty majority")
	crowdNouns = set("people customers callers clients users patients members households")
	// neutralActs are what a crowd of customers does without praising anything:
	// finishing the survey, mentioning or asking about something.
	neutralActs = set("finish finishes complete completes mention mentioned ask asked raise raised complain complained " +
		"report reported")
	feedbackNouns = set("comments comment feedback answers answer message messages note notes complaint complaints concerns views view details")
)

// feedbackCountEN: "most people finish this in two minutes", "many customers
// mention parking": a count of what callers do, not a claim about the business.
func feedbackCountEN(w []string) bool {
	for i, t := range w {
		if !crowdEN[t] {
			continue
		}
		for j := i + 1; j < len(w) && j-i <= 3; j++ {
			if crowdNouns[w[j]] && anyIn(w, j+1, j+3, neutralActs) >= 0 {
				return true
			}
		}
	}
	return false
}

// feedbackCountZH: 很多客户都反映停车不方便, 大部分客户两分钟内就能完成.
func feedbackCountZH(s string) bool {
	for _, c := range []string{"大部分", "很多", "不少", "多数", "大多数"} {
		i := strings.Index(s, c)
		if i < 0 {
			continue
		}
		rest := []rune(s[i+len(c):])
		if len(rest) > 12 {
			rest = rest[:12]
		}
		r := string(rest)
		if hasAny(r, []string{"客户", "用户", "人", "顾客", "会员"}) && hasAny(r, []string{"反映", "提到", "问过", "问到", "完成", "投诉", "提过"}) {
			return true
		}
	}
	return false
}

// passOnEN: "i'll make sure your comments reach the manager": the agent's
// own care of the callee's words, not an outcome promised.
func passOnEN(w []string) bool {
	for i, t := range w {
		if t == "sure" && at(w, i-1) == "make" && anyIn(w, i+1, i+4, feedbackNouns) >= 0 {
			return true
		}
	}
	return false
}
