package guardrails

import (
	"strings"
	"unicode/utf8"
)

// Chinese structural rules of the output rail, on the han-only normalized
// sentence: a speaker frame and what it claims, a commitment and the outcome it
// covers, an organisation noun phrase and the frame tying the agent to it,
// pressure, conditions and consequences, rewards and factual claims.

// zhFind returns the byte offset of the first of subs found in s at or after
// off, the matched string, or -1.
func zhFind(s string, off int, subs []string) (int, string) {
	best, m := -1, ""
	for _, x := range subs {
		if k := strings.Index(s[off:], x); k >= 0 && (best < 0 || off+k < best) {
			best, m = off+k, x
		}
	}
	return best, m
}

// zhAll calls f for each occurrence of any of subs in s until f returns a rule.
func zhAll(s string, subs []string, f func(i int, m string) string) string {
	// A 64-bit sketch of the runes in s skips the phrases whose first rune
	// s cannot hold, without searching for them (most phrases of a list).
	var sketch uint64
	for _, r := range s {
		sketch |= 1 << (uint32(r) % 64)
	}
	for _, x := range subs {
		if r, _ := utf8.DecodeRuneInString(x); sketch&(1<<(uint32(r)%64)) == 0 {
			continue
		}
		off := 0
		for {
			k := strings.Index(s[off:], x)
			if k < 0 {
				break
			}
			if rule := f(off+k, x); rule != "" {
				return rule
			}
			off += k + len(x)
		}
	}
	return ""
}

var zhNegWords = []string{"不", "没", "无法", "非", "未", "别", "勿", "难以", "无关"}

// zhNegBefore reports a negation in the win runes before byte offset i.
func zhNegBefore(s string, i, win int) bool {
	t := tail(s, i, win)
	for _, n := range zhNegWords {
		if strings.Contains(t, n) {
			// 不但, 不仅 are not negations; 不管 neither
			if n == "不" && (strings.Contains(t, "不但") || strings.Contains(t, "不仅") || strings.Contains(t, "不管")) && strings.Count(t, "不") == 1 {
				continue
			}
			return true
		}
	}
	return false
}

var (
	zhAIWords    = []string{"人工智能", "人工智慧", "ai", "机器人", "智能助手", "语音助手", "虚拟", "自动", "智能客服", "机器", "合成", "程序", "bot"}
	zhSelfFrames = []string{"我是", "我就是", "我真的是", "我可是", "我确实是", "我本人是", "咱是", "我们是", "我们都是", "这边都是", "我们这边都是", "这里都是", "我也是", "我本身是", "全都是", "全是"}
	zhHumanNouns = []string{"打工的", "打工人", "上班族", "人工接听", "真人", "真正的人", "活人", "人类", "真实的人", "普通人", "活生生的人", "人工客服", "人工坐席", "大活人", "一个人", "有血有肉"}
	zhStaffNouns = []string{"工作人员", "客服专员", "业务员", "专员", "经理", "顾问", "员工", "客服小", "销售", "主管", "职员"}
	zhLife       = []string{"刚吃", "吃完", "吃饭", "午饭", "晚饭", "早饭", "喝咖啡", "睡觉", "好累", "有点累", "很累", "饿了", "困了", "下班", "上班",
		"开车", "住在", "我家", "家里", "孩子", "老公", "老婆", "我妈", "我爸", "办公室", "工位", "坐在", "当妈", "当爸", "出生", "长大", "周末", "休假"}
	zhMachines = []string{"机器人", "机器", "ai", "人工智能", "人工智慧", "录音", "电脑", "程序", "自动", "语音助手", "智能", "机械", "合成", "电子"}
)

func zhDisclosed(s string) bool {
	for _, a := range zhAIWords {
		if i := strings.Index(s, a); i >= 0 && !zhNegBefore(s, i, 3) {
			return true
		}
	}
	return false
}

// claimsHumanZH: 我是真人, 我不是机器人, 我叫小王, 我刚吃完午饭.
func (r *Rail) claimsHumanZH(s string) string {
	disclosed := zhDisclosed(s)
	if rule := zhAll(s, zhSelfFrames, func(i int, m string) string {
		after := head(s, i+len(m), 8)
		if zhNegBefore(s, i+len(m), 2) || strings.HasPrefix(after, "不") {
			return ""
		}
		for _, h := range zhHumanNouns {
			if k := strings.Index(after, h); k >= 0 && !strings.Contains(after[:k], "不") && !strings.Contains(after[:k], "非") &&
				!(strings.HasSuffix(h, "人") && strings.HasPrefix(after[k+len(h):], "工")) {
				return "speaker is a person: " + h
			}
		}
		if strings.HasPrefix(after, "人") && !strings.HasPrefix(after, "人工智") && !strings.HasPrefix(after, "人工") {
			return "speaker is a person"
		}
		if !disclosed {
			for _, h := range zhStaffNouns {
				if k := strings.Index(after, h); k >= 0 && k <= 12 && r.impersonationZH(s) == "" {
					return "speaker is staff: " + h
				}
			}
			// 我是小王, 我是李经理, 我是售后的小刘
			if strings.HasPrefix(after, "小") || strings.HasPrefix(after, "老") || strings.Contains(after, "的小") && !strings.Contains(after, "的小时") {
				return "persona name"
			}
		}
		return ""
	}); rule != "" {
		return rule
	}
	// 我不是机器人, 这不是录音, 这通电话不是自动拨打的
	if rule := zhAll(s, []string{"不是", "并不是", "可不是", "并非", "绝不是", "绝对不是", "才不是"}, func(i int, m string) string {
		before := tail(s, i, 6)
		if !(strings.HasSuffix(before, "我") || strings.HasSuffix(before, "这") || strings.HasSuffix(before, "电话") ||
			strings.HasSuffix(before, "通话") || strings.HasSuffix(before, "我们") || strings.HasSuffix(before, "声音") ||
			strings.HasSuffix(before, "我真的") || strings.HasSuffix(before, "我可") || strings.HasSuffix(before, "这个") ||
			strings.HasSuffix(before, "我也")) {
			return ""
		}
		after := head(s, i+len(m), 8)
		for _, x := range zhMachines {
			if k := strings.Index(after, x); k >= 0 && k <= 9 {
				rest := s[i+len(m):]
				// a correct disclosure follows: 我不是真人，我是AI
				if strings.Contains(rest, "是ai") || strings.Contains(rest, "是人工智能") || strings.Contains(rest, "是人工智慧") || strings.Contains(rest, "是机器人") {
					if !strings.Contains(after[:k], "真人") {
						return ""
					}
				}
				if strings.Contains(after[:k], "真人") || strings.Contains(after[:k], "人类") {
					return ""
				}
				return "denies being a machine: " + x
			}
		}
		return ""
	}); rule != "" {
		return rule
	}
	if !disclosed {
		for _, f := range []string{"我是", "我叫", "这里是", "这边是"} {
			if i := strings.Index(s, f); i >= 0 && !zhNegBefore(s, i, 2) {
				rest := s[i+len(f):]
				if n := []rune(head(rest, 0, 4)); len(n) >= 2 && strings.ContainsRune(zhSurnames, n[0]) && !strings.Contains(zhNotNames, string(n[:2])) {
					if f == "我叫" || len(rest) == len(string(n[:2])) || len(n) >= 3 && strings.ContainsRune("有很今在的，负来给为想专打从", n[2]) ||
						len(n) >= 4 && strings.ContainsRune("有很今在的，负来给为想专打从", n[3]) {
						return "persona name: " + string(n[:2])
					}
				}
			}
		}
		for _, f := range []string{"我叫", "我姓", "叫我"} {
			if i := strings.Index(s, f); i >= 0 && !zhNegBefore(s, i, 2) && i+len(f) < len(s) {
				return "persona name"
			}
		}
	}
	// 我们这里没有机器人
	if rule := zhAll(s, []string{"没有机器人", "没有ai", "没有机器", "没有自动", "没有录音", "没有人工智能"}, func(i int, m string) string {
		t := tail(s, i, 8)
		if strings.Contains(t, "我们") || strings.Contains(t, "这里") || strings.Contains(t, "这边") || strings.Contains(t, "团队") || strings.Contains(t, "电话") {
			return "denies automation: " + m
		}
		return ""
	}); rule != "" {
		return rule
	}
	// 我刚吃完午饭, 我家孩子, 我今天有点累
	for _, l := range zhLife {
		i := strings.Index(s, l)
		if i < 0 || zhNegBefore(s, i, 3) {
			continue
		}
		if zhTimePoint(s, i, l) {
			continue // 我午饭后再打给您: a time for the call, not the speaker's meal
		}
		before := tail(s, i, 6)
		if strings.HasPrefix(l, "我") || strings.Contains(before, "我") && !strings.Contains(before, "您") && !strings.Contains(before, "你") {
			if l == "开车" || l == "上班" || l == "下班" || l == "周末" {
				if !strings.Contains(before, "我") || strings.Contains(before, "我们") {
					continue
				}
			}
			return "speaker has a life: " + l
		}
	}
	// 我们这边都是真人接听, 真人服务
	if i := strings.Index(s, "真人"); i >= 0 && !zhNegBefore(s, i, 4) && !strings.Contains(tail(s, i, 4), "转") &&
		!strings.Contains(tail(s, i, 4), "接") && !strings.Contains(tail(s, i, 4), "让") && !strings.Contains(tail(s, i, 4), "安排") &&
		(strings.Contains(tail(s, i, 5), "是") || strings.HasPrefix(s[i+len("真人"):], "接听") || strings.HasPrefix(s[i+len("真人"):], "服务") ||
			strings.HasPrefix(s[i+len("真人"):], "在")) {
		return "speaker is a person: 真人"
	}
	return ""
}

// zhSurnames are common family names; 我是王芳 gives the agent a person's name.
const zhSurnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤小老"

// zhNotNames start with a surname character but are words: 高兴, 方便, 小时.
const zhNotNames = "高兴方便小时小区老师万一马上周末周五于是任何许多江湖白天金额石油程序范围黄金方面方式方案成功苏州武汉龙头余额钟头严重王牌李子" +
	"刘海陈述杨柳张开周围孙子朱红胡说郭外何时林业罗列郑重梁上谢谢宋体唐突韩国冯唐邓小曹操彭湃曾经肖像田地董事袁大潘家蒋介蔡家杜绝叶子" +
	"魏晋吕布丁点任务沈阳姚明卢沟姜汤崔家谭家陆续汪洋付款邹家孟子熊猫秦朝邱家尹家薛家闫家段落雷达侯爵史上陶瓷黎明贺卡顾客毛病郝家龚家" +
	"邵家钱包覃家戴上莫名孔子向您汤圆老客小额小心老年小伙老板小姐"

var (
	zhCommit   = []string{"保证", "承诺", "一定", "肯定", "绝对", "百分之百", "百分百", "100%", "确保", "必定", "必然", "打包票", "包您", "包你", "担保", "铁定", "准保", "十拿九稳", "放心"}
	zhAgentAct = []string{"转达", "记录", "反馈", "转告", "记下", "登记", "告诉", "尽力", "努力", "转接", "帮您转", "为您转", "删除", "不再", "保密", "会把", "注意"}
	zhOutcome  = []string{"会", "能", "可以", "到", "通过", "批", "退", "修", "省", "赚", "拿到", "获得", "成功", "解决", "下款", "到账", "降", "减少", "满意",
		"送达", "准时", "没问题", "有效", "收益", "回报", "下来", "安全", "好", "办成", "搞定", "赔", "涨", "见效"}
)

// guaranteeZH: a commitment to an outcome for the callee.
func guaranteeZH(s string) string {
	return zhAll(s, zhCommit, func(i int, m string) string {
		if zhNegBefore(s, i, 3) || strings.Contains(tail(s, i, 4), "无法") || strings.Contains(tail(s, i, 4), "不敢") {
			return ""
		}
		if t := tail(s, i, 6); (strings.Contains(t, "保证") || strings.Contains(t, "承诺") || strings.Contains(t, "确定")) && zhNegBefore(s, i, 6) {
			return "" // 我不能保证一定能通过
		}
		rest := s[i+len(m):]
		after := head(s, i+len(m), 12)
		if m == "一定" && (strings.HasPrefix(rest, "要") || strings.HasPrefix(rest, "程度") || strings.HasPrefix(rest, "的")) {
			return ""
		}
		if m == "肯定" && (rest == "" || strings.HasPrefix(rest, "的") || strings.HasPrefix(rest, "是")) && !strings.Contains(after, "会") && !strings.Contains(after, "能") {
			return ""
		}
		if m == "放心" && !(strings.Contains(after, "一定") || strings.Contains(after, "肯定") || strings.Contains(after, "保证") || strings.Contains(after, "绝对")) {
			return ""
		}
		if strings.HasPrefix(rest, "不") && !strings.HasPrefix(rest, "不会有问题") && !strings.HasPrefix(rest, "不会亏") && !strings.HasPrefix(rest, "不会再") {
			if !(strings.HasPrefix(rest, "不会") && (strings.Contains(after, "问题") || strings.Contains(after, "故障") || strings.Contains(after, "亏") || strings.Contains(after, "坏"))) {
				return "" // 绝对不会打扰您: a commitment not to act
			}
		}
		before := tail(s, i, 3)
		agentSubj := strings.Contains(before, "我") || strings.HasPrefix(rest, "会把") || strings.HasPrefix(rest, "会转")
		for _, a := range zhAgentAct {
			if k := strings.Index(after, a); k >= 0 && k <= 9 && agentSubj {
				obj := after[k:]
				if !strings.Contains(obj, "退款") && !strings.Contains(obj, "修好") && !strings.Contains(obj, "到账") {
					return ""
				}
			}
		}
		for _, o := range zhOutcome {
			if strings.Contains(after, o) {
				return "commitment to an outcome: " + m
			}
		}
		if m == "保证" || m == "承诺" || m == "百分之百" || m == "百分百" || m == "100%" || m == "确保" {
			if rest != "" && !strings.HasPrefix(rest, "的") {
				return "commitment: " + m
			}
		}
		return ""
	})
}

var (
	zhOrgHeads = []string{"银行", "公司", "集团", "中心", "电网", "运营商", "电信", "移动", "联通", "政府", "机关", "警察", "公安", "法院", "检察院", "税务",
		"社保", "医保", "供电", "自来水", "燃气", "支付宝", "微信", "淘宝", "京东", "银联", "协会", "派出所", "国务院", "警方", "民警", "警官", "卫健委",
		"发改委", "住建委", "证监会", "银保监", "市场监管", "工商", "街道办", "居委会", "物业", "快递", "邮政", "顺丰", "华为", "苹果", "阿里", "腾讯",
		"国家", "官方", "保险", "局", "委员会", "部门", "平台", "机构", "医院", "学校", "电力", "水务", "燃气", "能源局", "业者"}
	zhOrgBefore = []string{"我是", "我们是", "这里是", "这边是", "代表", "来自", "受", "替", "我在", "我们在", "我们属于", "隶属", "是"}
	zhOrgAfter  = []string{"的工作人员", "工作人员", "打来", "委托", "的客服", "客服", "专员", "的民警", "民警", "合作", "授权", "认证", "推荐", "指定", "批准",
		"背书", "官方", "联合", "派", "让我", "要求我们", "的人", "的", "这边", "认可", "支持", "监制", "出品", "主办", "发起", "的项目", "的活动"}
	zhOwn    = []string{"我们", "我司", "本", "咱们"}
	zhAdvice = []string{"联系", "咨询", "致电", "打给", "询问", "问问", "核实", "拨打", "去", "到", "通过", "您的", "你的"}
)

// impersonationZH: an organisation that is not the business, tied to the
// agent by a frame (我是…的工作人员, 代表…, 和…合作, …认证).
func (r *Rail) impersonationZH(s string) string {
	return zhAll(s, zhOrgHeads, func(i int, h string) string {
		end := i + len(h)
		mod := tail(s, i, 4)
		if h == "局" || h == "国家" || h == "官方" || h == "公司" || h == "中心" || h == "平台" || h == "机构" || h == "部门" || h == "保险" || h == "医院" || h == "学校" || h == "移动" {
			// generic heads need a modifier that names the body: 税务局, 国家电网; not 结局, 我们公司
			if h == "局" && (strings.HasSuffix(mod, "结") || strings.HasSuffix(mod, "布") || strings.HasSuffix(mod, "格") || strings.HasSuffix(mod, "大") || strings.HasPrefix(s[end:], "面") || strings.HasPrefix(s[end:], "势")) {
				return ""
			}
			if h == "移动" && !strings.HasSuffix(mod, "中国") {
				return ""
			}
			if h == "国家" && !(strings.HasPrefix(s[end:], "电网") || strings.HasPrefix(s[end:], "认证") || strings.HasPrefix(s[end:], "推荐") ||
				strings.HasPrefix(s[end:], "指定") || strings.HasPrefix(s[end:], "批准") || strings.HasPrefix(s[end:], "背书") || strings.HasPrefix(s[end:], "级") || strings.HasPrefix(s[end:], "机关") || strings.HasPrefix(s[end:], "补贴") || strings.HasPrefix(s[end:], "政策")) {
				return ""
			}
			if h == "官方" && !(strings.HasPrefix(s[end:], "认证") || strings.HasPrefix(s[end:], "指定") || strings.HasPrefix(s[end:], "合作") || strings.HasPrefix(s[end:], "授权")) {
				return ""
			}
			if h != "国家" && h != "官方" && h != "局" && h != "移动" {
				m2 := tail(s, i, 2)
				if m2 == "" || strings.HasSuffix(mod, "我们") || strings.HasSuffix(mod, "我司") || strings.HasSuffix(mod, "咱们") || strings.HasSuffix(m2, "的") ||
					strings.HasSuffix(m2, "是") || strings.HasSuffix(m2, "个") || strings.HasSuffix(m2, "家") || strings.HasSuffix(m2, "本") || strings.HasSuffix(m2, "这") ||
					strings.HasSuffix(m2, "自") || strings.HasSuffix(m2, "表") {
					return ""
				}
				if hasLatinRune(mod) || strings.HasSuffix(m2, "能源") && r.businessZH == "" {
					return "" // the business's own latin name: Acme能源公司
				}
			}
		}
		if r.businessZH != "" && strings.Contains(r.businessZH, h) && (strings.Contains(r.businessZH, tail(s, i, 2)+h) || strings.HasSuffix(tail(s, i, 2), "是") || strings.HasSuffix(tail(s, i, 2), "的")) {
			return ""
		}
		for _, o := range zhOwn {
			if strings.HasSuffix(mod, o) {
				return ""
			}
		}
		before := tail(s, i, 10)
		after := head(s, end, 8)
		for _, a := range zhAdvice {
			if k := strings.LastIndex(before, a); k >= 0 && !strings.Contains(before[k:], "是") && !strings.Contains(before[:k], "代表") {
				if a == "您的" || a == "你的" {
					if strings.Contains(before, "我是") || strings.Contains(before, "代表") || strings.Contains(before, "来自") || strings.Contains(before, "我们是") {
						continue
					}
				}
				return ""
			}
		}
		framed := ""
		for _, f := range zhOrgBefore {
			if k := strings.LastIndex(before, f); k >= 0 {
				between := before[k:]
				if strings.ContainsAny(between, "不非没") || strings.Contains(between, "并非") || strings.ContainsAny(tail(before, k, 2), "不非没") {
					return ""
				}
				if f == "是" && !(strings.HasSuffix(before[:k], "这") || strings.HasSuffix(before[:k], "我") || strings.HasSuffix(before[:k], "我们") || strings.HasSuffix(before[:k], "这边") || strings.HasSuffix(before[:k], "这里")) {
					continue
				}
				framed = f
			}
		}
		if framed == "" {
			for _, f := range zhOrgAfter {
				if strings.HasPrefix(after, f) || f != "的" && strings.Contains(after, f) {
					if f == "的" && !(strings.Contains(before, "是") || strings.Contains(before, "我")) {
						continue
					}
					if f == "客服" && strings.Contains(before, "您") {
						continue
					}
					framed = f
					break
				}
			}
			if framed != "" && (zhNegBefore(s, i, 4) || strings.Contains(after, "无关") || strings.Contains(after, "没有") || strings.Contains(after, "不是")) {
				return ""
			}
			// 和…合作, 与…合作
			if framed == "合作" || framed == "联合" {
				if !(strings.Contains(before, "和") || strings.Contains(before, "与") || strings.Contains(before, "跟") || strings.Contains(before, "同")) && !strings.HasPrefix(after, "合作") {
					framed = ""
				}
				if strings.Contains(before, "没") || strings.Contains(before, "不") {
					framed = ""
				}
			}
		}
		if framed == "" {
			return ""
		}
		if strings.HasSuffix(s, "吗") && strings.Contains(before, "您") {
			return "" // a question about the callee's own bank
		}
		return "claims to act for " + tail(s, i, 2) + h
	})
}

// zhNamedFor: 我代表国美电器, 受某某委托, 和某某合作: a named party that is not
// the business and not the agent's own side.
func (r *Rail) zhNamedFor(s string) string {
	return zhAll(s, []string{"代表", "受", "和", "与", "跟"}, func(i int, m string) string {
		rest := s[i+len(m):]
		stop := []string{"给您", "给你", "向您", "向你", "打来", "打电话", "联系", "通知", "委托", "合作", "授权", "的"}
		end := -1
		which := ""
		for _, x := range stop {
			if k := strings.Index(rest, x); k >= 0 && (end < 0 || k < end) {
				end, which = k, x
			}
		}
		if end <= 0 || end > 24 {
			return ""
		}
		if m == "代表" && which != "给您" && which != "给你" && which != "向您" && which != "向你" && which != "打来" && which != "打电话" && which != "联系" && which != "通知" {
			return ""
		}
		if m == "受" && which != "委托" && which != "授权" {
			return ""
		}
		if (m == "和" || m == "与" || m == "跟") && which != "合作" {
			return ""
		}
		name := rest[:end]
		if zhNegBefore(s, i, 3) || strings.Contains(name, "不") || strings.Contains(name, "没") {
			return ""
		}
		for _, own := range []string{"我们", "本公司", "咱们", "我司", "您", "你", "客户", "团队", "同事"} {
			if strings.Contains(name, own) {
				return ""
			}
		}
		if name == "公司" || r.businessZH != "" && (strings.Contains(r.businessZH, name) || strings.Contains(name, r.businessZH)) {
			return ""
		}
		return "acts for a named party: " + name
	})
}

func hasLatinRune(s string) bool {
	for _, c := range s {
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return true
		}
	}
	return false
}

var (
	zhUrgentMarks = []string{"之内", "以内", "分钟内", "小时内", "必须", "得", "需要", "赶紧", "赶快", "抓紧", "尽快", "马上", "立刻", "立即", "现在就", "请尽快", "今天就", "今晚就", "当场", "务必"}
	zhCalleeActs  = []string{"决定", "办理", "签", "确认", "报名", "下单", "付款", "购买", "回复", "答复", "行动", "参加", "预约", "申请", "缴", "交", "转账", "抢", "订", "买", "处理"}
	zhDeadline    = []string{"截止", "到期", "过期", "失效", "结束", "涨价", "恢复原价", "就没了", "没有了", "取消", "作废", "下架", "停止", "关闭", "截至"}
	zhTimes       = []string{"今天", "今晚", "明天", "本周", "这周", "周五", "周末", "月底", "今日", "小时", "马上", "很快", "即将", "后天", "下周", "年底", "这个月"}
	zhOfferNouns  = []string{"优惠", "活动", "价格", "名额", "报名", "折扣", "套餐", "机会", "福利", "资格", "价", "补贴", "促销", "特价"}
	zhScarce      = []string{"名额有限", "库存不多", "数量有限", "所剩无几", "仅剩", "只剩", "只有最后", "快没了", "快抢完", "售完", "抢完", "卖完", "先到先得",
		"机不可失", "没有档期", "就没有了", "就没了", "就不能办", "就不能", "就恢复", "就涨", "就取消", "就不再", "给别人", "让给别人", "被别人", "过期不候", "只保留到", "仅保留到", "只保留", "有效期到", "只到今天", "只到明天", "只有今天", "仅限", "限时", "限量", "限额", "错过", "最后一次", "最后一天", "最后机会", "倒计时", "不多了", "紧张", "抢购", "别犹豫", "不要犹豫", "没时间"}
)

// urgencyZH: deadlines, scarcity, pressure to act now.
func urgencyZH(s string) string {
	if rule := zhAll(s, zhScarce, func(i int, m string) string {
		if zhNegBefore(s, i, 2) && m != "别犹豫" && m != "不要犹豫" {
			return ""
		}
		if m == "错过" && !(strings.Contains(s, "就") || strings.Contains(s, "机会") || strings.Contains(s, "没有") || strings.Contains(s, "优惠") || strings.Contains(s, "这次")) {
			return ""
		}
		if m == "紧张" && !strings.Contains(tail(s, i, 4), "名额") && !strings.Contains(tail(s, i, 4), "库存") && !strings.Contains(tail(s, i, 4), "位置") {
			return ""
		}
		if strings.HasPrefix(m, "就") || m == "没有档期" {
			t := tail(s, i, 14)
			if !(strings.Contains(t, "之后") || strings.Contains(t, "以后") || strings.Contains(t, "过了") || strings.Contains(t, "挂了") || strings.Contains(t, "挂断") ||
				strings.Contains(t, "错过") || strings.Contains(t, "明天") || strings.Contains(t, "今天") || strings.Contains(t, "今晚") || strings.Contains(t, "月底") || strings.Contains(t, "不定") || strings.Contains(t, "不办") || strings.Contains(t, "不买")) {
				return ""
			}
		}
		if (m == "只剩" || m == "仅剩") && (strings.Contains(head(s, i, 8), "问题") || strings.Contains(head(s, i, 8), "分钟")) {
			return ""
		}
		return "pressure: " + m
	}); rule != "" {
		return rule
	}
	if rule := zhAll(s, zhDeadline, func(i int, m string) string {
		if zhNegBefore(s, i, 3) {
			return ""
		}
		before := tail(s, i, 10)
		timed, offer := false, false
		for _, t := range zhTimes {
			if strings.Contains(before, t) {
				timed = true
			}
		}
		for _, o := range zhOfferNouns {
			if strings.Contains(s[:i], o) {
				offer = true
			}
		}
		if m == "取消" || m == "关闭" || m == "停止" {
			return "" // consequences are the threat rule's
		}
		if (timed || strings.HasPrefix(head(s, i+len(m), 2), "了")) && (offer || m == "涨价" || m == "恢复原价" || m == "截止" || m == "截至") ||
			offer && (m == "截止" || m == "就没了" || m == "涨价") {
			return "deadline: " + m
		}
		return ""
	}); rule != "" {
		return rule
	}
	return zhAll(s, zhUrgentMarks, func(i int, m string) string {
		if zhNegBefore(s, i, 3) || strings.Contains(tail(s, i, 3), "无需") || strings.Contains(tail(s, i, 3), "不用") {
			return ""
		}
		before := tail(s, i, 3)
		after := head(s, i+len(m), 5)
		if strings.HasSuffix(before, "我") || strings.HasSuffix(before, "我们") || strings.HasPrefix(after, "为您") || strings.HasPrefix(after, "帮您") || strings.HasPrefix(after, "给您") {
			return "" // 我马上为您转接
		}
		if (m == "之内" || m == "以内" || m == "分钟内" || m == "小时内") && !(strings.Contains(after, "得") || strings.Contains(after, "必须") || strings.Contains(after, "要") || strings.Contains(after, "给我") || strings.Contains(after, "请")) {
			return ""
		}
		if m == "得" && !(strings.HasSuffix(before, "您") || strings.HasSuffix(before, "你")) {
			return ""
		}
		if m == "需要" && !(strings.HasSuffix(before, "您") || strings.HasSuffix(before, "你")) {
			return ""
		}
		for _, a := range zhCalleeActs {
			if k := strings.Index(after, a); k >= 0 && k <= 15 {
				if m == "需要" || m == "得" || m == "必须" {
					// 您需要确认一下地址 is a request; with now/today it is pressure
					if !(strings.Contains(s, "现在") || strings.Contains(s, "今天") || strings.Contains(s, "马上") || strings.Contains(s, "立刻") || strings.Contains(s, "今晚") || strings.Contains(s, "立即")) {
						return ""
					}
				}
				return "act now: " + m + a
			}
		}
		return ""
	})
}

var (
	zhRewards = []string{"中奖", "获奖", "大奖", "抽中", "抽到", "抽奖", "奖品", "奖金", "奖励", "礼品", "礼物", "赠品", "赠送", "红包", "返现", "购物卡", "代金券",
		"优惠券", "积分", "现金", "幸运", "被选中", "选中了", "白送", "送您", "送你", "给您送", "大礼", "礼包", "免费领", "免费送", "免费获", "免费得",
		"作为感谢", "以示感谢", "答谢", "免您", "免你", "免费升级", "免费体验", "免费试用", "免费赠", "免费给", "免费安装", "免费", "奖", "抽取"}
)

// prizeZH: rewards and selection.
func prizeZH(s string) string {
	return zhAll(s, zhRewards, func(i int, m string) string {
		if zhNegBefore(s, i, 4) || strings.Contains(tail(s, i, 6), "没有任何") || strings.Contains(tail(s, i, 6), "不是") {
			return ""
		}
		after := head(s, i+len(m), 6)
		if (m == "被选中" || m == "选中了") && (strings.Contains(after, "调查") || strings.Contains(after, "问卷") || strings.Contains(after, "回访") || strings.Contains(after, "访问")) {
			return ""
		}
		if (m == "作为感谢" || m == "以示感谢" || m == "答谢") && !(strings.Contains(s, "免") || strings.Contains(s, "送") || strings.Contains(s, "返") || strings.Contains(s, "赠") || strings.Contains(s, "礼") || strings.Contains(s, "奖") || strings.Contains(s, "红包")) {
			return ""
		}
		if m == "奖" && !(strings.HasSuffix(tail(s, i, 2), "领") || strings.HasSuffix(tail(s, i, 2), "得") || strings.HasSuffix(tail(s, i, 2), "有")) {
			return ""
		}
		if m == "现金" && !(strings.Contains(tail(s, i, 6), "送") || strings.Contains(tail(s, i, 6), "获得") || strings.Contains(tail(s, i, 6), "领") || strings.Contains(after, "奖励")) {
			return ""
		}
		if m == "积分" && !(strings.Contains(tail(s, i, 6), "送") || strings.Contains(tail(s, i, 6), "获得") || strings.Contains(tail(s, i, 6), "领")) {
			return ""
		}
		if m == "幸运" && strings.HasPrefix(after, "的是") {
			return ""
		}
		if strings.HasPrefix(m, "免费") && m != "免费领" && m != "免费送" && m != "免费赠" && m != "免费给" && !(strings.Contains(tail(s, i, 6), "获得") || strings.Contains(tail(s, i, 6), "送") || strings.Contains(tail(s, i, 6), "领") || strings.Contains(tail(s, i, 6), "得到") || strings.Contains(tail(s, i, 6), "享受")) {
			return ""
		}
		return "reward: " + m
	})
}

var (
	zhConditions  = []string{"如果您", "挂断", "挂了", "不接", "如果您不", "如果你不", "要是不", "要是您不", "若不", "假如不", "一旦", "再不", "不然", "否则", "逾期", "拖欠", "不配合", "不处理", "不还", "不交", "不缴", "不付", "不回复", "不理", "挂电话", "如果不"}
	zhHarms       = []string{"停掉", "断掉", "关掉", "收回", "没收", "扣款", "扣费", "留下记录", "不良记录", "催收", "律师函", "诉讼", "中断", "冻结", "注销", "停机", "停电", "停水", "停气", "断网", "断电", "暂停", "关闭", "取消", "征信", "起诉", "上门", "法律", "罚款", "滞纳金", "影响", "拉黑", "报警", "后果", "逮捕", "拘留", "黑名单", "追究", "强制", "执行", "派人", "找您", "找你", "家人", "单位", "坐牢", "封", "停用", "失效", "扣", "通报", "曝光", "律师"}
	zhHarmVerbs   = []string{"停掉", "断掉", "催收", "律师函", "不良记录", "冻结", "注销", "停机", "停电", "停水", "停气", "断网", "断电", "暂停", "起诉", "上门", "逮捕", "拘留", "拉黑", "列入黑名单", "追究", "强制执行", "停用", "封号", "上征信", "罚款", "坐牢", "曝光", "通报"}
	zhFutureMarks = []string{"会", "将", "要", "就", "被"}
)

// threatZH: a consequence tied to not complying, or stated as what will happen.
func threatZH(s string) string {
	if rule := zhAll(s, zhConditions, func(i int, m string) string {
		rest := s[i+len(m):]
		for _, h := range zhHarms {
			k := strings.Index(rest, h)
			if k < 0 || k > 60 {
				continue
			}
			at := i + len(m) + k
			t := tail(s, at, 4)
			if strings.Contains(rest[:k], "不会") || strings.Contains(rest[:k], "没有") || strings.Contains(rest[:k], "不受") {
				continue
			}
			if strings.Contains(t, "不会") || strings.Contains(t, "没") || strings.Contains(t, "无") || strings.Contains(t, "不") && m != "不然" && !strings.Contains(t, m) {
				continue
			}
			if h == "影响" && (strings.Contains(rest, "没关系") || strings.Contains(rest, "也可以")) {
				continue
			}
			if strings.Contains(rest, "没关系") || strings.Contains(rest, "没问题") || strings.Contains(rest, "也可以") || strings.Contains(rest, "也没事") {
				continue
			}
			return "consequence: " + m + "…" + h
		}
		return ""
	}); rule != "" {
		return rule
	}
	return zhAll(s, zhHarmVerbs, func(i int, h string) string {
		before := tail(s, i, 5)
		if h == "催收" || h == "律师函" || h == "不良记录" {
			before = tail(s, i, 12)
		}
		fut := false
		for _, f := range zhFutureMarks {
			if strings.Contains(before, f) {
				fut = true
			}
		}
		if !fut || zhNegBefore(s, i, 4) {
			return ""
		}
		if strings.HasSuffix(before, "给") || strings.HasPrefix(s[i+len(h):], "时间") || strings.HasPrefix(s[i+len(h):], "服务") ||
			strings.HasPrefix(s[i+len(h):], "维修") || strings.HasPrefix(s[i+len(h):], "安装") || strings.HasPrefix(s[i+len(h):], "检") {
			return "" // 上门服务 is the service, not a threat
		}
		if strings.Contains(tail(s, i, 8), "我们") && !strings.Contains(tail(s, i, 8), "您") && !strings.Contains(head(s, i, 8), "您") && !strings.Contains(head(s, i, 8), "你") {
			if h != "起诉" && h != "上门" && h != "曝光" && h != "追究" {
				return ""
			}
		}
		return "consequence: " + h
	})
}

var (
	zhSuperl = []string{"最好的", "最低", "最便宜", "最专业", "最大的", "最快", "最强", "最安全", "最先进", "最受欢迎", "最权威", "最优惠", "最划算", "最实惠", "最靠谱",
		"最可靠", "最优", "最佳", "最高", "领先", "顶级", "一流", "首选", "独家", "王牌", "第一", "冠军", "之最", "数一数二", "无人能比", "最省"}
	zhEvidence = []string{"研究证明", "研究报告", "试验表明", "测试表明", "检测证明", "研究表明", "研究显示", "数据显示", "调查显示", "专家", "临床", "科学证明", "实验证明", "证明有效", "经过验证", "权威认证", "医生推荐", "研究发现", "统计显示", "报告显示"}
	zhHealth   = []string{"无毒", "无副作用", "绝对安全", "完全安全", "非常安全", "治疗", "治愈", "疗效", "降血压", "降血糖", "抗癌", "增强免疫", "环保", "零污染", "健康", "有益", "安全可靠", "安全放心", "零添加", "纯天然"}
	zhFees     = []string{"没有任何费用", "没有隐藏费用", "没有任何隐藏费用", "零费用", "免手续费", "不收任何费用", "不收费", "没有额外费用", "零首付", "免费安装", "终身免费"}
	zhPriceCtx = []string{"只要", "仅需", "只需", "每月", "月费", "费用", "价格", "收费", "手续费", "省", "便宜", "优惠", "才", "低至", "只收", "一年", "每年"}
	zhCount    = []string{"客户", "用户", "家庭", "会员", "家庭用户", "位", "名", "户", "家"}
	zhClaimSub = []string{"我们", "这个", "产品", "服务", "套餐", "本公司", "公司", "我司", "它", "这款", "方案"}
)

// unapprovedZH: numbers, prices, rankings, superlatives, comparisons,
// health/safety and evidence claims that no approved fact holds.
func (r *Rail) unapprovedZH(s string) string {
	check := func(i int, key, rule string) string {
		if zhNegBefore(s, i, 3) && !strings.HasPrefix(rule, "terms") || r.approvedZH(key) {
			return ""
		}
		return rule
	}
	if rule := zhAll(s, zhSuperl, func(i int, m string) string {
		rest := s[i+len(m):]
		if m == "第一" && (strings.HasPrefix(rest, "个") || strings.HasPrefix(rest, "次") || strings.HasPrefix(rest, "步") || strings.HasPrefix(rest, "题") || strings.HasPrefix(rest, "项") ||
			strings.HasPrefix(rest, "时间") || strings.HasPrefix(rest, "天") || strings.HasPrefix(rest, "位") || strings.HasPrefix(rest, "条") || strings.HasPrefix(rest, "，")) {
			return ""
		}
		if m == "最高" && (strings.HasPrefix(rest, "分") || strings.Contains(head(s, i, 8), "分")) || m == "最低" && strings.Contains(head(s, i, 8), "分") {
			return ""
		}
		if m == "首选" && strings.Contains(tail(s, i, 4), "您") {
			return ""
		}
		return check(i, m, "unsupported superlative: "+m)
	}); rule != "" {
		return rule
	}
	for _, list := range [][]string{zhEvidence, zhHealth} {
		if rule := zhAll(s, list, func(i int, m string) string {
			if m == "健康" || m == "有益" || m == "环保" || m == "治疗" || m == "安全可靠" || m == "安全放心" {
				sub := false
				for _, c := range zhClaimSub {
					if strings.Contains(tail(s, i, 10), c) {
						sub = true
					}
				}
				if !sub || strings.Contains(tail(s, i, 6), "您的") || strings.Contains(tail(s, i, 4), "注意") || strings.Contains(tail(s, i, 4), "祝") {
					return ""
				}
			}
			if m == "专家" && !(strings.Contains(head(s, i, 8), "推荐") || strings.Contains(head(s, i, 8), "认可") || strings.Contains(head(s, i, 8), "证明") || strings.Contains(head(s, i, 8), "表示") || strings.Contains(head(s, i, 8), "都说")) {
				return ""
			}
			return check(i, m, "unsupported claim: "+m)
		}); rule != "" {
			return rule
		}
	}
	if rule := zhAll(s, zhFees, func(i int, m string) string {
		if strings.Contains(s, "调查") || strings.Contains(s, "问卷") || strings.Contains(s, "通话") {
			return ""
		}
		return check(i, m, "terms claim: "+m)
	}); rule != "" {
		return rule
	}
	// statistics: 大部分客户都省了钱
	if rule := zhAll(s, []string{"大部分", "大多数", "绝大多数", "九成", "八成", "七成", "所有", "每个", "很多", "多数"}, func(i int, m string) string {
		rest := head(s, i+len(m), 10)
		if (strings.Contains(rest, "客户") || strings.Contains(rest, "用户") || strings.Contains(rest, "家庭") || strings.Contains(rest, "会员")) &&
			(strings.Contains(rest, "能") || strings.Contains(rest, "都") || strings.Contains(rest, "省") || strings.Contains(rest, "满意") || strings.Contains(rest, "推荐") || strings.Contains(rest, "选择") || strings.Contains(rest, "看到")) {
			return check(i, m, "unsupported statistic: "+m)
		}
		return ""
	}); rule != "" {
		return rule
	}
	// 是…最有经验的: a superlative in a predicate
	if rule := zhAll(s, []string{"最"}, func(i int, m string) string {
		n := runeAt(s, i+len(m))
		if strings.ContainsRune("后近终初早晚少多好", n) || !strings.Contains(tail(s, i, 6), "是") && !strings.Contains(tail(s, i, 4), "全") && !strings.Contains(tail(s, i, 4), "业内") {
			return ""
		}
		if !strings.Contains(head(s, i, 6), "的") && !strings.Contains(tail(s, i, 4), "全") {
			return ""
		}
		if strings.Contains(tail(s, i, 8), "您") || strings.Contains(tail(s, i, 8), "你") {
			return "" // 您最满意的是: a question to the callee
		}
		return check(i, "最", "unsupported superlative: 最")
	}); rule != "" {
		return rule
	}
	// terms: 没有安装费, 免月费, 不用签合同
	if rule := zhAll(s, []string{"费", "合同"}, func(i int, m string) string {
		t := tail(s, i, 5)
		if !(strings.Contains(t, "没有") || strings.Contains(t, "免") || strings.Contains(t, "不收") || strings.Contains(t, "零") || strings.Contains(t, "不用签") || strings.Contains(t, "无需")) {
			return ""
		}
		if strings.Contains(s, "调查") || strings.Contains(s, "问卷") || strings.Contains(s, "回访") || strings.Contains(s, "通话") || strings.Contains(s, "电话") {
			return ""
		}
		return check(i, m, "terms claim: "+m)
	}); rule != "" {
		return rule
	}
	// comparisons: 比其他公司便宜, 比同行好
	if rule := zhAll(s, []string{"比"}, func(i int, m string) string {
		rest := head(s, i+len(m), 10)
		if strings.HasPrefix(rest, "较") || strings.HasPrefix(rest, "如") || strings.HasPrefix(rest, "例") {
			return ""
		}
		for _, c := range []string{"便宜", "好", "快", "强", "低", "高", "省", "划算", "优惠", "专业", "安全", "倍", "一半"} {
			if strings.Contains(rest, c) {
				return check(i, "比", "unsupported comparison")
			}
		}
		return ""
	}); rule != "" {
		return rule
	}
	// counts: 十万多名客户, 5000户
	if rule := zhAll(s, []string{"万", "千", "百万"}, func(i int, m string) string {
		rest := head(s, i+len(m), 5)
		for _, c := range zhCount {
			if strings.Contains(rest, c) {
				return check(i, m, "unsupported count")
			}
		}
		return ""
	}); rule != "" {
		return rule
	}
	// prices: 每月只要九十九元
	if rule := zhAll(s, []string{"元", "块", "块钱"}, func(i int, m string) string {
		k := i
		for k > 0 && strings.ContainsRune(zhNumerals, runeBefore(s, k)) {
			k -= len(string(runeBefore(s, k)))
		}
		if k == i {
			return ""
		}
		ctx := tail(s, k, 6)
		for _, p := range zhPriceCtx {
			if strings.Contains(ctx, p) {
				return check(k, s[k:i+len(m)], "unsupported price: "+s[k:i+len(m)])
			}
		}
		return ""
	}); rule != "" {
		return rule
	}
	// history: 成立三十年, 三十年经验
	if rule := zhAll(s, []string{"年"}, func(i int, m string) string {
		k := i
		for k > 0 && strings.ContainsRune(zhNumerals, runeBefore(s, k)) {
			k -= len(string(runeBefore(s, k)))
		}
		if k == i {
			return ""
		}
		if strings.Contains(tail(s, k, 4), "成立") || strings.HasPrefix(s[i+len(m):], "经验") || strings.HasPrefix(s[i+len(m):], "历史") || strings.HasPrefix(s[i+len(m):], "老") {
			return check(k, s[k:i], "unsupported history")
		}
		return ""
	}); rule != "" {
		return rule
	}
	// 两倍, 一半
	return zhAll(s, []string{"倍"}, func(i int, m string) string {
		if k := i; k > 0 && strings.ContainsRune(zhNumerals, runeBefore(s, k)) {
			return check(i, "倍", "unsupported comparison: 倍")
		}
		return ""
	})
}

// zhTimePoint: a meal or a shift named as a point in time (午饭后, 下班前,
// 晚饭以后) that nobody is said to have eaten or worked (吃, 刚, 完).
func zhTimePoint(s string, i int, l string) bool {
	rest := s[i+len(l):]
	if !(strings.HasPrefix(rest, "后") || strings.HasPrefix(rest, "以后") || strings.HasPrefix(rest, "之后") ||
		strings.HasPrefix(rest, "前") || strings.HasPrefix(rest, "以前") || strings.HasPrefix(rest, "之前")) {
		return false
	}
	if strings.ContainsAny(l, "吃完刚喝") {
		return false
	}
	before := tail(s, i, 3)
	return !strings.ContainsAny(before, "吃刚完")
}
