package guardrails

import "strings"

// zh applies the Chinese rules to a normalized string without spaces.
func (f *intentFlags) zh(s string) {
	if !hasHan(s) {
		return
	}
	f.optOut = f.optOut || optOutZH(s)
	if f.optOut {
		return
	}
	ref, cb := refusalCallbackZH(s)
	f.refusal = f.refusal || ref
	f.callback = f.callback || cb
	f.askAI = f.askAI || askAIZH(s)
	f.askID = f.askID || askIdentityZH(s)
}

var (
	// zhStopNeg start a prohibition: 别再打了, 不要给我打电话, 停止拨打.
	zhStopNeg = []string{"别", "不要", "不用", "甭", "勿", "不许", "不准", "禁止", "停止", "不想再", "不希望", "不能再", "不可以", "少", "千万别", "不应该"}
	// zhBridge may stand between the prohibition and the calling verb.
	zhBridge = "再也给我们你以后跟和往这个号码手机老是总一直又都来要您那电话了儿里边家有任何通过种类些千万"
	// zhCall are the calling verbs; 打 alone needs zhDaOK after it (打折 is a discount).
	zhCall = []string{"打电话", "打扰", "骚扰", "联系", "联络", "来电", "致电", "拨打", "烦我", "烦了", "发短信", "发信息", "呼叫", "推销", "回电", "call"}
	zhDaOK = "了啦呀啊吧过来给我电扰这到"
	// zhBieCompound are characters that make 别 part of a word (特别, 区别).
	zhBieCompound = "特区分告个级类差识派性鉴辨离"
)

// optOutZH: 别再打了, 不要再给我打电话, 把我的号码删掉, 拉黑, 退订.
func optOutZH(s string) bool {
	for _, neg := range zhStopNeg {
		if forEach(s, neg, func(i int) bool {
			if neg == "别" && strings.ContainsRune(zhBieCompound, runeBefore(s, i)) {
				return false
			}
			if neg == "少" && !strings.HasPrefix(s[i:], "少打") && !strings.HasPrefix(s[i:], "少来") {
				return false
			}
			j := i + len(neg)
			for n := 0; n < 6; n++ {
				if zhCallAt(s, j) {
					return true
				}
				r := runeAt(s, j)
				if r == 0 || !strings.ContainsRune(zhBridge, r) {
					break
				}
				j += len(string(r))
			}
			return zhCallAt(s, j)
		}) {
			return true
		}
	}
	// removal: 把我的号码删掉, 删除我的信息, 从名单里移除
	if hasAny(s, []string{"删", "去掉", "移除", "拿掉", "注销", "撤掉", "划掉"}) &&
		hasAny(s, []string{"号码", "电话", "手机", "信息", "资料", "我的", "名单", "联系方式", "记录"}) &&
		!hasAny(s, []string{"不要删", "别删", "不用删", "不删", "别去掉", "不要去掉", "不要移除"}) {
		return true
	}
	for _, p := range []string{"黑名单", "拉黑", "免打扰", "勿扰", "退订", "取消订阅", "骚扰"} {
		if forEach(s, p, func(i int) bool {
			return !zhNegated(s, i, 2) || strings.HasPrefix(tail(s, i, 2), "别") || strings.HasPrefix(tail(s, i, 2), "不要")
		}) {
			return true
		}
	}
	// revoking consent: 我撤回同意, 撤销授权
	for _, v := range []string{"撤回", "撤销", "收回", "取消"} {
		if forEach(s, v, func(i int) bool {
			return hasAny(head(s, i+len(v), 5), []string{"同意", "授权", "许可"})
		}) {
			return true
		}
	}
	// 不想再接到你们的电话
	if forEach(s, "接到", func(i int) bool {
		return zhWantNeg(s, i) && hasAny(head(s, i, 8), []string{"电话", "来电", "短信"})
	}) ||
		forEach(s, "收到", func(i int) bool {
			return zhWantNeg(s, i) && hasAny(head(s, i, 8), []string{"电话", "来电", "短信"})
		}) {
		return true
	}
	// 再打我就报警 / 再打来我就投诉
	return forEach(s, "再打", func(i int) bool { return hasAny(head(s, i, 6), []string{"就", "的话"}) })
}

// zhWantNeg reports a negated wish (不想, 不希望, 不要, 不愿意) just before offset i.
func zhWantNeg(s string, i int) bool {
	return hasAny(tail(s, i, 4), []string{"不想", "不希望", "不要", "不愿", "别"})
}

// zhCallAt reports a calling verb at byte offset j.
func zhCallAt(s string, j int) bool {
	rest := s[j:]
	for _, c := range zhCall {
		if strings.HasPrefix(rest, c) {
			return true
		}
	}
	if strings.HasPrefix(rest, "打") {
		next := runeAt(s, j+len("打"))
		return next == 0 || strings.ContainsRune(zhDaOK, next)
	}
	if strings.HasPrefix(rest, "烦") {
		return runeAt(s, j+len("烦")) == 0
	}
	return false
}

var (
	zhTime = []string{"晚点", "晚一点", "晚些", "等会", "等一会", "等一下", "等下", "一会", "过会", "稍后", "改天", "明天",
		"后天", "下午", "晚上", "上午", "中午", "早上", "下周", "下个星期", "下星期", "下礼拜", "下次", "回头", "过几天", "过两天",
		"周末", "以后再", "有空的时候", "方便的时候", "其他时间", "别的时间", "另外的时间", "下班后", "下班以后", "明早", "今晚"}
	zhTimeThen = []string{"打", "联系", "来电", "说", "聊", "再", "吧", "call"}
	zhBusy     = []string{"不方便", "在忙", "正忙", "很忙", "忙着", "有点忙", "在开车", "开车呢", "在开会", "开会呢", "没空",
		"上班呢", "在上班", "在外面", "正在吃饭", "在吃饭", "没时间说", "不太方便"}
)

// refusalCallbackZH finds refusals (不用了谢谢, 不感兴趣) and callbacks (晚点再打, 我现在不方便).
func refusalCallbackZH(s string) (refusal, callback bool) {
	// interest
	if hasAny(s, []string{"不感兴趣", "没兴趣", "没有兴趣", "没什么兴趣", "不太感兴趣", "不怎么感兴趣", "兴趣不大"}) {
		refusal = true
	}
	// 不用 / 不需要 / 不要 when they close the matter (not 不用担心)
	for _, p := range []string{"不用", "不需要", "不要", "不必", "用不着"} {
		if forEach(s, p, func(i int) bool {
			rest := s[i+len(p):]
			return rest == "" || strings.HasPrefix(rest, "了") || strings.HasPrefix(rest, "谢") ||
				strings.HasPrefix(rest, "啊") || strings.HasPrefix(rest, "呢") || strings.HasPrefix(rest, "哦") ||
				strings.HasPrefix(rest, "吧") || strings.HasPrefix(rest, "啦") || strings.HasPrefix(rest, "你们") ||
				strings.HasPrefix(rest, "这个") || strings.HasPrefix(rest, "这些") || strings.HasPrefix(rest, "的")
		}) {
			refusal = true
		}
	}
	if hasAny(s, []string{"算了", "不考虑", "拒绝", "不参加", "不想参加", "不想聊", "不想听", "不想做", "不做调查", "不做问卷",
		"别说了", "不要说了", "不用说了", "不想说了", "我挂了", "先挂了", "挂了啊", "挂了哈", "不买", "不办", "不了谢谢", "没需要", "没有需要"}) {
		refusal = true
	}
	if strings.HasSuffix(s, "不了") {
		refusal = true
	}
	// no time: refusal unless it is "now"
	if forEach(s, "没时间", func(i int) bool { return true }) || strings.Contains(s, "没有时间") {
		if hasAny(s, []string{"现在", "这会", "目前", "今天", "暂时", "这两天", "最近"}) {
			callback = true
		} else {
			refusal = true
		}
	}
	// callback: a time then a verb of calling/talking; not a suggestion about
	// the service (希望下次提前打个电话: call ahead next time)
	for _, t := range zhTime {
		if strings.Contains(s, "提前") {
			break
		}
		if forEach(s, t, func(i int) bool {
			return timeThenCall(head(s, i+len(t), 6)) || i+len(t) == len(s)
		}) {
			callback = true
			break
		}
	}
	for _, b := range zhBusy {
		if forEach(s, b, func(i int) bool {
			before := tail(s, i, 2)
			return !strings.HasSuffix(before, "不") && !strings.HasSuffix(before, "不是") && !strings.HasSuffix(before, "没") && zhBusySpeaker(s, i)
		}) {
			callback = true
			break
		}
	}
	if hasAny(s, []string{"回电", "回个电话", "打回来", "回拨"}) && !zhNegated(s, strings.Index(s, "回"), 3) {
		callback = true
	}
	if !callback && !refusal && callAgainZH(s) {
		callback = true
	}
	return refusal, callback
}

var (
	// zhAgain are verbs of calling again or at another time.
	zhAgain = []string{"再打", "再联系", "再来电", "再聊", "再说", "再call", "回给我", "打给我", "回我电话", "再拨", "再做", "再弄",
		"打过来", "以后打", "后打", "之前打", "打吧", "晚点做", "最好", "比较好", "方便", "有空"}
	// zhLater are words that place a call later: 待会, 之后, 等我…, 吃完…
	zhLater = []string{"待会", "等会", "晚点", "一会", "之后", "以后", "后", "完", "到家", "回家", "等我", "下了", "下班", "明天", "改天", "换一天", "换个时间", "换天",
		"下课", "回来", "回国", "之前"}
	// zhReported mark someone else's words or a past event (前台叫我晚点再打，我后来打了).
	zhReported = []string{"叫我", "让我", "说要", "说好", "说会", "后来", "結果", "结果", "一直没", "没打来", "没回", "上次"}
)

// callAgainZH: a call moved to a time (五分钟后再打, 周一再打可以吗, 等我到家再打,
// 能不能换一天, 现在不行，明天可以), not reported speech or a story.
func callAgainZH(s string) bool {
	if hasAny(s, zhReported) {
		return false
	}
	if hasAny(s, []string{"换一天", "换个时间", "换天", "改个时间", "改时间", "约个时间", "另约"}) ||
		strings.Contains(s, "约") && !strings.Contains(s, "预约") && zhTimeIn(s) && hasAny(s, []string{"能不能", "可以", "吗", "行"}) {
		return true
	}
	if strings.Contains(s, "现在不行") || strings.Contains(s, "现在不方便") || strings.Contains(s, "现在没空") {
		if hasAny(s, []string{"可以", "行", "再"}) && (zhTimeIn(s) || hasAny(s, zhLater)) {
			return true
		}
	}
	for _, v := range zhAgain {
		i := strings.Index(s, v)
		if i < 0 {
			continue
		}
		before := tail(s, i, 10)
		if zhNegated(s, i, 4) || strings.Contains(tail(s, i, 4), "不会") {
			continue
		}
		if zhTimeIn(before) || hasAny(before, zhLater) || strings.HasPrefix(s, "等") {
			return true
		}
	}
	return false
}

// zhTimeIn: a clock time, a span or a day (四点, 半小时, 十分钟, 周四, 星期一, 礼拜天, 6点).
func zhTimeIn(s string) bool {
	rs := []rune(s)
	for k, r := range rs {
		num := strings.ContainsRune("一二三四五六七八九十两半几0123456789", r)
		if num && k+1 < len(rs) && (strings.ContainsRune("点小天周个号", rs[k+1]) || rs[k+1] == '分' && k+2 < len(rs) && rs[k+2] == '钟') {
			return true
		}
		if (r == '周' || r == '拜' || r == '期') && k+1 < len(rs) && strings.ContainsRune("一二三四五六日天末", rs[k+1]) {
			return true
		}
	}
	return false
}

var (
	zhAINouns = []string{"机器人", "真人", "人工智能", "机器", "录音", "电脑", "人工", "智能客服", "自动语音", "自动拨", "ai", "robot", "活人"}
)

// askAIZH: 你是机器人吗, 你是真人吗, 是人工还是机器, 转人工.
func askAIZH(s string) bool {
	if hasAny(s, []string{"转人工", "要人工", "找人工", "人工服务", "真人服务", "人工客服", "换人工", "找真人", "找个真人"}) {
		return true
	}
	for _, n := range zhAINouns {
		if forEach(s, n, func(i int) bool {
			before := tail(s, i, 5)
			if strings.Contains(before, "是") || strings.Contains(before, "跟") || strings.Contains(before, "和") || strings.Contains(before, "在跟") {
				return true
			}
			// 机器人吗 at the end of a short question
			after := head(s, i+len(n), 3)
			return strings.Contains(after, "吗") || strings.Contains(after, "么") || strings.Contains(after, "还是")
		}) {
			return true
		}
	}
	return hasAny(s, []string{"是人吗", "是个人吗", "是不是人", "是人还是"})
}

// askIdentityZH: 你是哪里, 你们是哪个公司, 你怎么有我的号码.
func askIdentityZH(s string) bool {
	if hasAny(s, []string{"你是谁", "您是谁", "是谁啊", "你哪位", "您哪位", "是哪位", "哪位啊", "谁啊", "你是哪", "您是哪", "你们是哪",
		"哪里打来", "哪打来", "谁打的", "谁打来", "这是哪", "这是什么公司", "干什么的", "做什么的", "干嘛的", "干啥的", "什么事", "啥事", "你叫什么", "您贵姓", "哪个单位", "什么单位"}) {
		return true
	}
	for _, q := range []string{"哪个", "哪家", "什么", "啥"} {
		if forEach(s, q, func(i int) bool {
			return hasAny(head(s, i+len(q), 4), []string{"公司", "单位", "机构", "平台", "银行", "部门", "组织"})
		}) {
			return true
		}
	}
	// 你怎么有我的号码, 从哪里拿到我的电话
	if hasAny(s, []string{"号码", "电话", "手机号", "信息", "资料"}) &&
		hasAny(s, []string{"怎么有", "怎么知道", "怎么拿到", "怎么得到", "怎么弄到", "怎么搞到", "哪里拿", "哪里来", "哪来", "哪里得", "哪儿来", "哪弄", "谁给"}) {
		return true
	}
	return false
}

// timeThenCall: what follows a time word asks for a call or a talk (再打,
// 联系, 再说, 吧); a 再 before another verb (下次再来, 改天再推荐) is a plan of
// the callee's own, and an evaluation (很顺利) describes what happened.
func timeThenCall(h string) bool {
	if hasAny(h, []string{"顺利", "不错", "挺好", "很好", "很快", "专业", "满意"}) {
		return false
	}
	for _, x := range zhTimeThen {
		k := strings.Index(h, x)
		if k < 0 {
			continue
		}
		if x != "再" {
			return true
		}
		after := h[k+len(x):]
		if after == "" || hasPrefixAny(after, []string{"打", "联系", "说", "聊", "来电", "回", "call", "找", "通话", "问"}) {
			return true
		}
	}
	return false
}

func hasPrefixAny(s string, ps []string) bool {
	for _, p := range ps {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
