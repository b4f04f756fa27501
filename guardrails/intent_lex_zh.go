package guardrails

import "strings"

// Chinese lexical classes and the small patterns that compose them. The text
// is simplified first: Normalize folds most traditional characters, and
// intentFold adds the ones only these rules read.

// intentTrad lists traditional/simplified pairs beyond Normalize's table.
const intentTrad = "師师許许語语著着夠够爲为並并詢询纔才鎖锁罵骂閉闭擋挡頻频剛刚註注冊册隱隐屬属預预嚇吓囉啰嘮唠該该"

var intentFold = func() map[rune]rune {
	m := map[rune]rune{}
	r := []rune(intentTrad)
	for i := 0; i+1 < len(r); i += 2 {
		m[r[i]] = r[i+1]
	}
	return m
}()

// foldIntentZH folds the traditional characters the intent rules read.
func foldIntentZH(s string) string {
	need := false
	for _, r := range s {
		if _, ok := intentFold[r]; ok {
			need = true
			break
		}
	}
	if !need {
		return s
	}
	return strings.Map(func(r rune) rune {
		if x, ok := intentFold[r]; ok {
			return x
		}
		return r
	}, s)
}

var (
	// zhNegators forbid or refuse what follows.
	zhNegators = []string{"能不能不", "能不", "可不可以不", "可以不", "不同意", "不希望", "不想", "不要", "不许", "不准", "不能", "不再", "不用再", "别", "甭", "勿"}
	// zhVerbsCall are verbs of calling the callee.
	zhVerbsCall = []string{"打电话", "打给", "打来", "打扰", "骚扰", "联系", "来电", "致电", "拨打", "打", "call"}
	// zhVerbsData are verbs over the callee's details or the calls received.
	zhVerbsData = []string{"接到", "收到", "接", "用", "拿", "留着", "留", "保存", "存", "保留", "记录"}
	// zhDataObj are the callee's contact details and the calls themselves.
	zhDataObj = []string{"电话", "号码", "信息", "资料", "短信", "来电", "联系方式"}
	// zhBridge2 may stand between a negator and its verb.
	zhBridge2 = "再也给我们你以后跟和往这个号码手机老是总一直又都来要您那电话了被真的的种些信息资料拿用"
	// zhHedges soften or question a request.
	zhHedges = []string{"可以", "能不能", "能否", "可不可以", "怎么", "如何", "希望", "最好", "好不好", "行不行", "为什么", "是不是", "也许", "可能", "好像", "我看", "不太", "有点", "吗", "么", "呢", "不想", "被", "用", "留", "接"}
	// zhThirdParty report someone else.
	zhThirdParty = []string{"他们", "她们", "他", "她", "师傅", "先生", "太太", "老公", "老婆", "爱人", "家人", "同事", "朋友", "客服", "邻居", "孩子", "儿子", "女儿", "妈", "爸", "人家", "别人", "对方", "工人", "店里", "公司"}
)

// cutReportedZH drops what a third party is reported to have said ("师傅说别打那个电话了").
func cutReportedZH(s string) string {
	for i := 0; i < len(s); {
		k := strings.Index(s[i:], "说")
		if k < 0 {
			return s
		}
		k += i
		after := s[k+len("说"):]
		before := s[:k]
		i = k + len("说")
		if strings.HasPrefix(after, "明") || strings.HasPrefix(after, "话") || strings.HasPrefix(after, "实") ||
			strings.HasPrefix(after, "真") || strings.HasPrefix(after, "吧") || strings.HasPrefix(after, "了") || strings.HasPrefix(after, "过") {
			continue
		}
		for _, p := range zhThirdParty {
			if strings.HasSuffix(before, p) || strings.HasSuffix(before, p+"也") || strings.HasSuffix(before, p+"还") {
				if p == "他" && strings.HasSuffix(before, "其他") {
					continue
				}
				return before
			}
		}
	}
	return s
}

// pastAttitudeZH: 我以前不感兴趣, 当时没兴趣.
func pastAttitudeZH(s string) bool {
	return hasAny(s, []string{"以前", "当时", "那时", "本来", "一开始", "之前", "原来", "起初", "刚开始"})
}

// narrativeZH: a third party was busy or came later (师傅很忙, 他们后来来了).
func narrativeZH(s string) bool {
	if strings.Contains(s, "我") || strings.Contains(s, "你") || strings.Contains(s, "您") {
		return false
	}
	for _, p := range zhThirdParty {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// hedgedZH: the clause asks, hopes or softens (可以不要再打给我吗, 我希望以后不要再接到).
func hedgedZH(s string) bool {
	// 不用 (no need) is a plain decline, not the hedging 用 of 用不用.
	if !strings.Contains(s, "用不用") {
		s = strings.ReplaceAll(s, "不用", "")
	}
	return hasAny(s, zhHedges)
}

// optOutIndirectZH finds a negated calling or data verb with a broader bridge,
// the calls complained of (你们老打电话很烦), and how-to questions (怎么取消这种电话).
func optOutIndirectZH(s string) (weak, ok bool) {
	hasObj := hasAny(s, zhDataObj)
	for _, neg := range zhNegators {
		if forEach(s, neg, func(i int) bool {
			if neg == "别" && strings.ContainsRune(zhBieCompound, runeBefore(s, i)) {
				return false
			}
			j := i + len(neg)
			for n := 0; n < 10; n++ {
				rest := s[j:]
				for _, v := range zhVerbsCall {
					if strings.HasPrefix(rest, v) {
						if v == "打" {
							next := runeAt(s, j+len(v))
							if next != 0 && !strings.ContainsRune(zhDaOK+"这那个", next) {
								continue
							}
						}
						return true
					}
				}
				if hasObj {
					for _, v := range zhVerbsData {
						if strings.HasPrefix(rest, v) {
							return true
						}
					}
				}
				r := runeAt(s, j)
				if r == 0 || !strings.ContainsRune(zhBridge2, r) {
					return false
				}
				j += len(string(r))
			}
			return false
		}) {
			return true, true
		}
	}
	// 怎么取消这种电话, 怎么才能不再接到, 如何退订
	if hasAny(s, []string{"取消", "停止", "停掉", "退出", "退订", "屏蔽", "拉黑"}) && hasAny(s, []string{"电话", "来电", "短信", "名单", "订阅", "通知", "号码"}) {
		return true, true
	}
	// 你们老打电话很烦, 为什么总是给我打电话
	if hasAny(s, []string{"老", "总", "一直", "天天", "经常", "又", "每天", "频繁", "三番五次"}) && hasAny(s, []string{"打电话", "打来", "打给我", "来电"}) &&
		hasAny(s, []string{"烦", "为什么", "干什么", "干嘛", "怎么又", "受不了", "够了"}) {
		return true, true
	}
	// 被打扰 / 被骚扰 with a wish against it is caught above; a plain complaint:
	if hasAny(s, []string{"烦死了", "受够了"}) && hasAny(s, []string{"电话", "打"}) {
		return true, true
	}
	return false, false
}

// refusalExtraZH: 我不想回答, 不做谢谢, 免了吧, 这个我不参与.
func refusalExtraZH(s string) (weak, ok bool) {
	if hasAny(s, []string{"不参与", "不想回答", "不回答", "不想参与", "免了", "不想继续", "不继续了", "没兴趣", "不想弄", "不想搞", "不需要这个", "不感兴趣"}) {
		return false, true
	}
	if strings.HasPrefix(s, "不做") || strings.HasSuffix(s, "不做") || strings.HasSuffix(s, "不做了") || strings.Contains(s, "不做了") || strings.Contains(s, "不做谢") {
		return false, true
	}
	if hasAny(s, []string{"不太想", "不大想", "不怎么想"}) {
		return true, true
	}
	// a leave-taking with nothing else in it (拜拜, 再见, 不了不了挂了), a
	// negated wish to take part (我不想谈这个, 我不想提意见, 绝对不行), a "not
	// today" with no other time: weak, the agent confirms.
	if farewellOnlyZH(s) || hasAny(s, []string{"不想谈", "不想提", "不想说", "不想答", "不用回答", "不会做", "绝对不行", "绝对不要", "不適合我", "不适合我"}) ||
		(strings.Contains(s, "今天不行") || strings.Contains(s, "现在不行")) && !zhTimeIn(s) && !hasAny(s, zhLater) {
		return true, true
	}
	return false, false
}

// farewellOnlyZH: the utterance is a goodbye and fillers only.
func farewellOnlyZH(s string) bool {
	rest := s
	for _, x := range []string{"拜拜", "再见", "再見", "挂了", "掛了", "先这样", "先這樣", "就这样", "就這樣", "不了", "谢谢", "謝謝", "好了", "嗯", "那个", "那個", "啊", "哈", "吧", "了", "我", "先", "好"} {
		rest = strings.ReplaceAll(rest, x, "")
	}
	return rest == "" && hasAny(s, []string{"拜拜", "再见", "再見", "挂了", "掛了"})
}

// zhTopicAdverbs may stand between a topic and its refusal.
var zhTopicAdverbs = []string{"我就", "我也", "我", "就", "也", "都", "我们就", "我们", "暂时", "真的", "其实", "确实", "根本", "完全"}

// upsellZH: a refusal aimed at an offered product (保修就不用了, 延保我不感兴趣).
func upsellZH(s string) bool {
	for _, p := range []string{"不用了", "不用", "不需要", "不要了", "不感兴趣", "没兴趣", "免了", "不考虑"} {
		k := strings.Index(s, p)
		if k <= 0 {
			continue
		}
		before := s[:k]
		for changed := true; changed; {
			changed = false
			for _, a := range zhTopicAdverbs {
				if strings.HasSuffix(before, a) {
					before = strings.TrimSuffix(before, a)
					changed = true
				}
			}
		}
		r := []rune(before)
		if len(r) < 2 {
			continue
		}
		last := r[len(r)-1]
		if strings.ContainsRune("了吧啊呀呢哦喂好看说你您们个些的这那意思谢话情事", last) {
			continue
		}
		tail := string(r[len(r)-2:])
		if hasAny(tail, []string{"电话", "调查", "问卷", "打扰", "回访"}) {
			continue
		}
		return true
	}
	return false
}

// thanksOnlyZH: 不用谢 is "you're welcome".
func thanksOnlyZH(s string) bool {
	return strings.Contains(s, "不用谢") && !hasAny(s, []string{"不用了", "不需要", "不感兴趣", "没兴趣"})
}

// askAIExtraZH: 有没有真人, 这是自动打的电话吗, 自动语音吗.
func askAIExtraZH(s string) bool {
	if hasAny(s, []string{"有没有真人", "有没有人工", "有没有活人", "有真人吗", "有人吗", "是不是真人", "是不是机器", "是否真人", "真人吗", "机器人吧", "是机器吧"}) {
		return true
	}
	if strings.Contains(s, "自动") && hasAny(s, []string{"吗", "么", "吧", "是不是"}) {
		return true
	}
	return hasAny(s, []string{"录音吗", "录好的", "预先录", "放录音"})
}

// askIdentityExtraZH: 这是什么电话, 你们是干嘛的, 再说一遍你是谁.
func askIdentityExtraZH(s string) bool {
	return hasAny(s, []string{"什么电话", "啥电话", "哪里的电话", "哪的电话", "哪儿的", "哪里的", "哪家的", "哪个公司", "什么公司", "叫什么名字", "贵姓", "怎么称呼", "哪个单位", "代表谁", "谁让你", "谁叫你"})
}

// acceptsZH: 你问吧, 可以, 没问题, 好的继续.
func acceptsZH(s string) bool {
	return hasAny(s, []string{"你问吧", "您问吧", "问吧", "没问题", "继续吧", "你说吧", "可以问", "开始吧"})
}

// answerZH: a rating or praise (三分, 挺满意, 很好).
func answerZH(s string) bool {
	return hasAny(s, []string{"分", "满意", "很好", "不错", "挺好", "还行", "很快", "挺快", "专业", "很棒"})
}
