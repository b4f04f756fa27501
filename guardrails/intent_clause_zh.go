package guardrails

import (
	"strings"
	"unicode/utf8"
)

// Clause-level reading of Chinese callee speech, as intent_clause.go does for
// English: clauses split at contrast words; a clause that reports what a third
// party said or did asks nothing of the caller (unless it forbids calls); a
// past state (以前, 上次, 当时) is not a refusal or a callback now; a refusal of a
// named offer (对新的热水器没兴趣) is not a refusal of the call; indirect requests
// to stop (怎么才能不再接到, 不希望再被联系) and casual refusals (别浪费我时间) are weak
// ending verdicts.

var (
	zhContrast = []string{"但是", "不过", "可是", "只是", "然而", "但"}
	zhThird    = []string{"他们", "她们", "他", "她", "朋友", "师傅", "家人", "老婆", "老公", "妻子", "丈夫", "同事", "邻居", "别人", "有人", "孩子", "儿子", "女儿", "妈", "爸"}
	zhSay      = []string{"说", "告诉", "讲", "提到", "答应"}
	zhPast     = []string{"以前", "上次", "之前", "当时", "那时", "那天", "那次", "曾经", "原来", "本来"}
	// zhSurveyTargets are what a refusal of the call itself names.
	zhSurveyTargets = []string{"这", "那个", "调查", "问卷", "电话", "你们", "回答", "访问", "回访", "聊", "打", "推销", "这种", "这些", "任何"}
	zhHowStop       = []string{"怎么", "如何", "怎样", "有什么办法", "有没有办法"}
	zhStopWords     = []string{"不再", "不要再", "别再", "停止", "取消", "退订", "不接到", "不被"}
)

// zhClauses splits Han-only text at contrast words (the word starts the
// next clause). 但 inside 但愿/不但 is not split.
func zhClauses(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); {
		split := 0
		for _, c := range zhContrast {
			if i > start && strings.HasPrefix(s[i:], c) && !(c == "但" && (strings.HasPrefix(s[i:], "但愿") || strings.HasSuffix(s[:i], "不"))) {
				split = len(c)
				break
			}
		}
		if split > 0 {
			out = append(out, s[start:i])
			start = i
			i += split
			continue
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return append(out, s[start:])
}

// zhNarrative reports a clause that says what a third party said.
func zhNarrative(c string) bool {
	for _, t := range zhThird {
		i := strings.Index(c, t)
		if i < 0 || i > 9 {
			continue
		}
		if hasAny(c[i+len(t):], zhSay) {
			return true
		}
	}
	return false
}

// zhOfferRefusal reports 对X没兴趣 where X is not the call or the survey.
func zhOfferRefusal(c string) bool {
	i := strings.Index(c, "对")
	if i < 0 {
		return false
	}
	rest := c[i+len("对"):]
	j := -1
	for _, k := range []string{"没兴趣", "不感兴趣", "没有兴趣", "没什么兴趣", "不太感兴趣"} {
		if x := strings.Index(rest, k); x > 0 && (j < 0 || x < j) {
			j = x
		}
	}
	if j <= 0 {
		return false
	}
	obj := rest[:j]
	return !hasAny(obj, zhSurveyTargets)
}

// zhWeakEnding finds indirect opt-outs and casual refusals.
func zhWeakEnding(c string) (optOut, refusal bool) {
	for _, h := range zhHowStop {
		if i := strings.Index(c, h); i >= 0 {
			rest := c[i+len(h):]
			if hasAny(rest, zhStopWords) && hasAny(rest, []string{"电话", "打", "联系", "骚扰", "这种", "这些", "号码"}) {
				optOut = true
			}
		}
	}
	if hasAny(c, []string{"不希望再被", "不想再被", "不愿意再被", "不想再接", "不希望再接", "不要再来", "不想再收到"}) {
		optOut = true
	}
	if hasAny(c, []string{"浪费我", "浪费时间", "没心情", "不想回答", "不想配合", "不配合", "别问了", "不要问了", "没空理", "懒得"}) {
		refusal = true
	}
	return optOut, refusal
}

// zhClauseFlags reads Chinese text clause by clause into f.
func (f *intentFlags) zhClauses(s string) {
	s = railFold(s)
	s = strings.ReplaceAll(s, "不用谢", "谢谢") // "you're welcome" declines nothing
	for _, c := range zhClauses(s) {
		var g intentFlags
		g.optOut = optOutZH(c)
		if !g.optOut {
			g.refusal, g.callback = refusalCallbackZH(c)
			g.askAI = askAIZH(c) || hasAny(c, []string{"有没有真人", "有真人吗", "真人接", "是真的人", "有人工吗", "活人吗"})
			g.askID = askIdentityZH(c)
		}
		narr := zhNarrative(c)
		past := hasAny(c, zhPast)
		if narr {
			g.refusal, g.callback = false, false
		}
		if past {
			g.refusal, g.callback = false, false
		}
		if g.refusal && zhOfferRefusal(c) {
			g.refusal = false
		}
		if !g.optOut && !narr && !past {
			o, r := zhWeakEnding(c)
			switch {
			case o:
				g.weakOpt = !g.refusal
				g.optOut = true
			case r && !g.refusal:
				g.refusal, g.weakRef = true, true
			}
		}
		f.merge(g)
	}
}
