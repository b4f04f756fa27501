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

var (
	sigPast     = set("was were had did ago yesterday came went called booked rated said told visited")
	sigFuture   = set("will going gonna shall soon tomorrow next")
	sigAux      = set("have had just already")
	sigLastTime = set("time week weekend month year night morning monday tuesday wednesday thursday friday saturday sunday visit call")
)

// urgentCue reports a pressure cue word, "last" before a time ("last
// Tuesday", "last time") being a past time, not a cue.
func urgentCue(w []string) bool {
	for i, t := range w {
		if sigUrgentCue[t] && !(t == "last" && sigLastTime[at(w, i+1)]) {
			return true
		}
	}
	return false
}

// pastOnly reports a sentence about the past: a past marker and nothing
// pointing ahead. A deadline or a rush is always about what is to come.
func pastOnly(w []string) bool {
	past := false
	for i, t := range w {
		if sigFuture[t] {
			return false
		}
		past = past || sigPast[t] || t == "last" && sigLastTime[at(w, i+1)]
	}
	return past
}

// signalEN is the English second tier.
func (r *Rail) signalEN(w []string) Decision {
	// raw punctuation is not read: Check(Normalize(s)) must equal Check(s)
	if len(w) < 3 || sigQuestionStart[w[0]] || sigQuestionStart[at(w, 1)] && greetings[w[0]] {
		return allow
	}
	if rule := nonComplianceEN(w); rule != "" {
		return block(CategoryThreat, rule)
	}
	for _, t := range w {
		if enNegators[t] || enHedges[t] || t == "cannot" || t == "sorry" || t == "thanks" || t == "thank" && at(w, 0) == "thank" {
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
	self := has(ws20) != ""
	you := has(sigHarmThings) != ""
	modal := has(ws21) != ""
	if x := has(sigHuman); x != "" && self && !modal {
		return block(CategoryClaimsHuman, "signal: speaker and "+x)
	}
	if x := has(sigHarm); x != "" && you && (has(ws22) != "") {
		return block(CategoryThreat, "signal: harm "+x)
	}
	if x := has(sigReward); x != "" && you {
		return block(CategoryPrize, "signal: reward "+x)
	}
	if x := has(sigPromise); x != "" && you && has(ws23) != "" {
		return block(CategoryGuaranteedOutcome, "signal: promise "+x)
	}
	if x := has(sigUrgentTime); x != "" && urgentCue(w) && has(ws24) == "" && !pastOnly(w) {
		return block(CategoryFalseUrgency, "signal: time pressure "+x)
	}
	for k, x := range w {
		if !sigClaim[x] || has(sigClaimSubj) == "" || superlativePrev[at(w, k-1)] || x == "best" && at(w, k-1) == "the" && at(w, k+1) == "time" {
			continue
		}
		if at(w, k-1) == "you" || at(w, k-2) == "you" && sigAux[at(w, k-1)] {
			continue // the callee's own rating or words read back ("you rated us a three")
		}
		if r.approved(w, k, k+1, x) || r.factSupports(w) || len(r.facts) > 0 && r.approved(w, k, k+2, "#1") {
			continue
		}
		return block(CategoryUnapprovedClaim, "signal: claim "+x)
	}
	return allow
}

var (
	zhSigNeg   = []string{"不", "没", "无法", "别", "非", "未", "无需", "抱歉", "对不起", "谢谢", "感谢您的"}
	zhSigQ     = []string{"吗", "呢", "什么", "怎么", "哪", "几", "是否", "多少", "可以吗", "好吗", "要不"}
	zhSigHuman = []string{"本人", "我妈", "我爸", "我老公", "我老婆", "我孩子", "我家", "人工", "真人", "姐", "哥", "师傅我", "我在电话"}
	zhSigHarm  = []string{"断", "停", "拒绝", "冻结", "罚", "收取", "扣", "催收", "起诉", "法律", "注销", "关闭", "取消", "封", "上报", "拉黑", "报警", "没收"}
	zhSigCond  = []string{"的话", "不然", "否则", "如果", "要是", "会", "将", "就"}
	zhSigUrg   = []string{"今天", "今晚", "现在", "小时", "分钟", "这周", "本周", "马上", "尽快", "之前", "以内", "之内", "难得", "错过", "只有", "仅有", "留"}
	zhSigUrgC  = []string{"就没", "不给", "只有", "仅有", "错过", "难得", "留", "回复我", "定下来", "截止", "有空"}
	zhSigRew   = []string{"礼", "送", "奖", "免费", "红包", "幸运", "现金", "赠", "返"}
	zhSigClaim = []string{"分之", "倍", "最", "第一", "显示", "表明", "证明", "检测", "研究", "安全", "静音", "健康", "领先", "低至", "高达", "超过", "节省", "去除"}
	zhSigSubj  = []string{"我们", "我司", "本公司", "这款", "这个产品", "产品", "服务", "设备", "锅炉", "净水器", "热泵", "套餐"}
	zhSigPro   = []string{"肯定", "一定", "保证", "承诺", "确保", "绝对"}
)

func zhHas(s string, list []string) string {
	for _, x := range list {
		if strings.Contains(s, x) {
			return x
		}
	}
	return ""
}

// signalZH is the Chinese second tier on the han-only sentence.
func (r *Rail) signalZH(s string) Decision {
	if rule := nonComplianceZH(s); rule != "" {
		return block(CategoryThreat, rule)
	}
	if len([]rune(s)) < 4 || zhHas(s, zhSigQ) != "" || zhHas(s, zhSigNeg) != "" || zhDisclosed(s) {
		return allow
	}
	you := strings.Contains(s, "您") || strings.Contains(s, "你")
	self := strings.Contains(s, "我")
	if x := zhHas(s, zhSigHuman); x != "" && self && !strings.Contains(s, "可以") && !strings.Contains(s, "安排") && !strings.Contains(s, "转") {
		return block(CategoryClaimsHuman, "signal: speaker and "+x)
	}
	if x := zhHas(s, zhSigHarm); x != "" && you && zhHas(s, zhSigCond) != "" && !strings.Contains(s, "打扰") && !strings.Contains(s, "电话") {
		return block(CategoryThreat, "signal: harm "+x)
	}
	if x := zhHas(s, zhSigRew); x != "" && you && !strings.Contains(s, "返回") {
		return block(CategoryPrize, "signal: reward "+x)
	}
	if x := zhHas(s, zhSigPro); x != "" && !strings.Contains(s, "我会") && !strings.Contains(s, "我们会") && zhHas(s, zhAgentAct) == "" {
		return block(CategoryGuaranteedOutcome, "signal: promise "+x)
	}
	if x := zhHas(s, zhSigUrg); x != "" && zhHas(s, zhSigUrgC) != "" && !strings.Contains(s, "回电") {
		return block(CategoryFalseUrgency, "signal: time pressure "+x)
	}
	if x := zhHas(s, zhSigClaim); x != "" && zhHas(s, zhSigSubj) != "" && !r.approvedZH(x) && !r.zhFactSupports(s) {
		if x == "最" && (strings.Contains(s, "最后") || strings.Contains(s, "最近")) {
			return allow
		}
		return block(CategoryUnapprovedClaim, "signal: claim "+x)
	}
	return allow
}

// zhFactSupports reports an approved fact that shares most of the sentence's characters.
func (r *Rail) zhFactSupports(s string) bool {
	rs := []rune(s)
	for _, f := range r.facts {
		shared := 0
		for _, c := range rs {
			if strings.ContainsRune(f.norm, c) {
				shared++
			}
		}
		if len(rs) > 0 && shared*4 >= len(rs)*3 {
			return true
		}
	}
	return false
}

// inline word sets, built once
var (
	ws20 = set("i me my mine myself im")
	ws21 = set("can could would will may might should")
	ws22 = set("will unless if or otherwise could may end")
	ws23 = set("will going arrive come through be")
	ws24 = set("take takes call calling back remove")
)

var (
	// consequenceWords are what befalls a callee who does not comply.
	consequenceWords = set("affect affects affected slow delay delayed default defaults lose losing lost reviewed review " +
		"reported report passed blacklist blacklisted hold suspended suspend cancelled canceled closed close cut " +
		"flagged flag lapse lapses lapsed void voided released penalty penalties fee fees charged fined escalate " +
		"escalated collections collection renewed renew terminated removed frozen restricted limited")
	// nonComplyWords open the condition of not answering or not complying.
	nonComplyWords = set("without failing declining ignoring ignore refusing skipping non noncompletion unanswered " +
		"unless otherwise")
)

// nonComplianceEN: a consequence tied to not answering or complying ("without
// your answers your mortgage could go into default", "declining this could
// affect future appointments", "if we don't hear back your booking will be
// released", "some customers who didn't respond found their policy wasn't
// renewed"). It reads the condition before the negation exit, because the
// condition itself is negative; a denied consequence ("nothing will affect
// your account", "it won't affect anything") stays allowed.
func nonComplianceEN(w []string) string {
	cond := -1
	for i, t := range w {
		switch {
		case nonComplyWords[t] && !(t == "without" && (at(w, i+1) == "any" && at(w, i+2) == "obligation" || at(w, i+1) == "pressure")):
			cond = i
		case t == "if" && (seq(w, i+1, "you", "do", "not") || seq(w, i+1, "we", "do", "not") || seq(w, i+1, "you", "dont") || seq(w, i+1, "you", "fail")):
			cond = i
		case (t == "did" || t == "do") && at(w, i+1) == "not" && (at(w, i+2) == "respond" || at(w, i+2) == "answer" || at(w, i+2) == "reply" || at(w, i+2) == "complete"):
			cond = i
		}
		if cond >= 0 {
			break
		}
	}
	if cond < 0 {
		return ""
	}
	for j := cond + 1; j < len(w); j++ {
		if !consequenceWords[w[j]] {
			continue
		}
		// the consequence denied: "will not affect", "nothing", "no fee"
		denied := false
		for k := max(0, j-4); k < j; k++ {
			switch w[k] {
			case "not", "no", "never", "nothing", "wont", "neither", "nor":
				if k > cond+3 || !nonComplyWords[at(w, cond)] || w[k] != "not" {
					denied = true
				}
			}
		}
		if w[j] == "renewed" || w[j] == "renew" {
			denied = !negIn(w, j, 3) // only "was not renewed" is a consequence
		}
		if w[j] == "review" && at(w, j-1) != "under" || w[j] == "report" && at(w, j-1) != "a" {
			continue
		}
		if !denied {
			return "consequence of not complying: " + w[j]
		}
	}
	return ""
}

var (
	// zhNonComply open the condition of not answering or complying.
	zhNonComply = []string{"如果您不", "如果你不", "要是您不", "要是不", "如果不", "若不", "您不回答", "不回答的话", "不配合", "拒绝回答",
		"未完成", "没有回复", "不回复", "没回复", "否则", "不然", "未回复", "逾期不"}
	// zhConsequence are what befalls a callee who does not comply.
	zhConsequence = []string{"影响", "暂停", "停掉", "停用", "冻结", "取消", "关闭", "上报", "征信", "罚", "滞纳金", "逾期", "失效", "作废",
		"释放", "延误", "耽误", "降级", "限制", "上门", "黑名单", "注销", "追究", "起诉", "收取", "扣"}
	// zhDenied deny a consequence: 不会影响, 没有任何影响.
	zhDenied = []string{"不会影响", "不影响", "没有影响", "没有任何影响", "不会有", "不会对", "也没关系", "没关系", "都可以", "不会被", "不会产生"}
)

// nonComplianceZH: a consequence tied to not answering or complying (如果您
// 不回答，您的预约可能会被取消; 不配合的话会影响您的保修). It is read before the
// negation exit, because the condition itself holds 不.
func nonComplianceZH(s string) string {
	i := -1
	for _, c := range zhNonComply {
		if k := strings.Index(s, c); k >= 0 && (i < 0 || k < i) {
			i = k
		}
	}
	if i < 0 || zhHas(s, zhDenied) != "" {
		return ""
	}
	rest := s[i:]
	for _, c := range zhConsequence {
		if strings.Contains(rest, c) {
			return "consequence of not complying: " + c
		}
	}
	return ""
}
