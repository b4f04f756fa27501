package guardrails

import "strings"

// zhRule is a Chinese claim rule: a phrase, and whether a negation in the few
// characters before it (不, 没, 无法, 不能...) lifts it.
type zhRule struct {
	phrase string
	cat    Category
	// negWin is how many characters before the phrase are read for a negation (0: never lifted).
	negWin int
}

var zhRules = func() []zhRule {
	var rs []zhRule
	add := func(c Category, win int, phrases ...string) {
		for _, p := range phrases {
			rs = append(rs, zhRule{phrase: p, cat: c, negWin: win})
		}
	}
	add(CategoryClaimsHuman, 0, "我是真人", "我是一个真人", "我是真正的人", "我是人类", "我是活人", "我是一个人", "我是真人客服",
		"我不是机器人", "我不是机器", "我不是ai", "我不是人工智能", "我不是录音", "我不是电脑", "我不是程序", "这不是录音",
		"我不是自动", "我可不是机器人", "我并不是机器人", "我不是智能", "我是人工客服", "我是人工坐席")
	add(CategoryGuaranteedOutcome, 6, "保本", "无风险", "零风险", "没有风险", "没有任何风险", "保收益", "保证收益", "保证回报",
		"稳赚", "包赚", "只赚不赔", "绝对安全", "不会亏", "保赚", "保底收益", "百分之百赚", "百分之百成功", "百分之百通过",
		"百分百赚", "保证能", "保证您", "保证你", "保证省", "保证赚", "保证通过", "保证成功", "保证下款", "保证批", "一定能省",
		"一定能赚", "一定能通过", "一定能拿到", "一定能获得", "肯定能省", "肯定能赚", "肯定能通过", "稳拿", "躺赚", "高收益无风险")
	add(CategoryImpersonation, 4, "国家级", "国家认证", "国家推荐", "国家指定", "国家批准", "政府认证", "政府推荐", "政府指定",
		"政府批准", "政府背书", "官方认证", "官方指定", "央视推荐", "国家背书")
	add(CategoryPrize, 4, "中奖", "奖品", "获奖", "大奖", "抽中", "奖金", "免费赠送", "免费领取", "免费礼品", "赠品", "礼品",
		"幸运用户", "幸运观众", "被选中", "恭喜您获得", "恭喜你获得")
	add(CategoryThreat, 5, "后果自负", "逮捕", "抓捕", "拘留", "坐牢", "起诉", "追究法律责任", "法律责任", "法律后果", "法律程序",
		"上门催收", "冻结", "上征信", "影响征信", "曝光", "通知你的家人", "通知您的家人", "通讯录", "否则后果", "吃官司")
	add(CategoryFalseUrgency, 4, "今天截止", "今日截止", "今晚截止", "即将截止", "马上截止", "最后一天", "最后机会", "最后一次机会",
		"仅限今天", "只限今天", "仅限今日", "限时", "过期不候", "名额有限", "错过就没有", "错过这次", "机不可失", "仅剩", "只剩",
		"抓紧时间", "赶紧", "赶快", "倒计时", "现在不办", "立即办理", "立即购买", "立即下单", "立刻办理", "立刻购买")
	add(CategoryUnapprovedClaim, 3, "最佳", "最高级", "最低价", "最便宜", "顶级", "首选", "最先进", "最优", "最强", "全网最低",
		"全国第一", "行业第一", "世界第一", "全球第一", "排名第一", "第一品牌", "销量第一", "领先", "独一无二", "史上最", "世界级",
		"最专业", "最权威", "最好的公司", "最好的产品", "最好的服务", "最好的品牌")
	return rs
}()

// zhUrgentVerbs follow 马上 when the agent presses the callee to act.
var zhUrgentVerbs = []string{"办理", "购买", "下单", "行动", "决定", "报名", "注册", "签约", "付款", "转账", "抢", "申请",
	"参加", "领取", "确认", "办", "买", "订", "缴", "交钱"}

// zhRuleIndex maps the first character of each rule's phrase to the rules.
var zhRuleIndex = func() map[rune][]int {
	m := make(map[rune][]int)
	for k, rule := range zhRules {
		first := []rune(rule.phrase)[0]
		m[first] = append(m[first], k)
	}
	return m
}()

func (r *Rail) checkZH(s string) Decision {
	var found [8]string
	hit := false
	for i, c := range s {
		for _, k := range zhRuleIndex[c] {
			rule := &zhRules[k]
			if !strings.HasPrefix(s[i:], rule.phrase) {
				continue
			}
			if strings.HasSuffix(rule.phrase, "人") && strings.HasPrefix(s[i+len(rule.phrase):], "工") {
				continue // 我是一个人工智能助手: 人 starts the word 人工
			}
			if rule.negWin > 0 && zhRailNegated(s, i, rule.negWin) {
				continue
			}
			if rule.cat == CategoryUnapprovedClaim && r.approvedZH(rule.phrase) {
				continue
			}
			if ci := catIndex(rule.cat); found[ci] == "" {
				found[ci] = rule.phrase
				hit = true
			}
		}
	}
	// 马上 + an action the callee should take: 马上办理 (but 我马上为您转接 is fine)
	if forEach(s, "马上", func(i int) bool {
		after := head(s, i+len("马上"), 3)
		for _, v := range zhUrgentVerbs {
			if strings.HasPrefix(after, v) || strings.HasPrefix(strings.TrimPrefix(after, "就"), v) {
				return !zhRailNegated(s, i, 4)
			}
		}
		before := tail(s, i, 1)
		return (before == "请" || before == "您" || before == "你" || before == "要") && !zhRailNegated(s, i, 4)
	}) {
		found[catIndex(CategoryFalseUrgency)] = "马上"
		hit = true
	}
	for _, d := range []struct {
		cat  Category
		rule func(string) string
	}{
		{CategoryClaimsHuman, r.claimsHumanZH},
		{CategoryImpersonation, r.impersonationZH},
		{CategoryImpersonation, r.zhNamedFor},
		{CategoryThreat, threatZH},
		{CategoryPrize, prizeZH},
		{CategoryGuaranteedOutcome, guaranteeZH},
		{CategoryFalseUrgency, urgencyZH},
		{CategoryUnapprovedClaim, r.unapprovedZH},
		{CategoryUnapprovedClaim, r.numericZH},
	} {
		if k := catIndex(d.cat); found[k] == "" {
			if rule := d.rule(s); rule != "" {
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

// zhRailNegated reports a negation or a qualification (不能, 无法, 不会, 并非) in
// the win characters before offset i.
func zhRailNegated(s string, i, win int) bool {
	t := tail(s, i, win)
	return strings.ContainsAny(t, "不没非未别勿") || strings.Contains(t, "无法") || strings.Contains(t, "无需")
}

// approvedZH reports whether an approved fact holds the phrase.
func (r *Rail) approvedZH(phrase string) bool {
	for _, f := range r.facts {
		if strings.Contains(f.norm, phrase) {
			return true
		}
	}
	return false
}

const zhNumerals = "0123456789.零一二三四五六七八九十百千万两点"

// numericZH finds 百分之三十, 30%, 3倍, 省200元 claims that no approved fact holds.
func (r *Rail) numericZH(s string) string {
	check := func(key string, i int) string {
		if key == "" || zhRailNegated(s, i, 4) || r.approvedZH(key) {
			return ""
		}
		return "unsupported numeric claim: " + key
	}
	rule := ""
	forEach(s, "百分之", func(i int) bool {
		j := i + len("百分之")
		k := j
		for k < len(s) && strings.ContainsRune(zhNumerals, runeAt(s, k)) {
			k += len(string(runeAt(s, k)))
		}
		if k > j {
			rule = check(s[i:k], i)
		}
		return rule != ""
	})
	if rule != "" {
		return rule
	}
	// 打八折, 打7.5折: a discount
	forEach(s, "折", func(i int) bool {
		k := i
		for k > 0 && strings.ContainsRune(zhNumerals, runeBefore(s, k)) {
			k -= len(string(runeBefore(s, k)))
		}
		if k < i && runeBefore(s, k) == '打' {
			rule = check(s[k-len("打"):i+len("折")], k)
		}
		return rule != ""
	})
	if rule != "" {
		return rule
	}
	for _, unit := range []string{"%", "倍", "元", "块"} {
		forEach(s, unit, func(i int) bool {
			k := i
			for k > 0 && strings.ContainsRune("0123456789.", runeBefore(s, k)) {
				k--
			}
			if k == i {
				return false
			}
			if unit == "元" || unit == "块" {
				// money only counts as a claim with a saving or a discount: 省200元
				if !strings.ContainsAny(tail(s, k, 3), "省减降便宜优惠") {
					return false
				}
			}
			rule = check(s[k:i+len(unit)], k)
			return rule != ""
		})
		if rule != "" {
			return rule
		}
	}
	return ""
}
