package guardrails

import "strings"

// Clause readings added to the intent rules (intent_clause.go calls them):
//
//   - A request the callee made to someone else (我跟上一家说别再打了, "i told
//     the last company to take me off their list") or someone else made (我老公
//     让他们别再打了) is a story, not a request to this caller.
//   - Text a device or a message showed (App提示稍后再试) is quoted, not said.
//   - A callback belongs to the speaker now: not to a third party's past act
//     (他们一个小时内就打回来了, "they called me later"), not to a past day
//     (那天我很忙), not to a thing (线还挂在外面), not to a habit ("i'm busy
//     most days").
//   - A request about future contact in any words: a negated contact verb
//     with this number or "again" ("can you not call this house again",
//     "make sure nobody calls me again", 永远不联系), the do-not-call list,
//     "my number off your books", a frequency between 别 and its verb
//     (别每个礼拜都打来了), and a bare removal (删掉, 把我划掉, "remove"),
//     which is confirmed (weak).

// cutReportedToZH drops a request told to a third party (跟上一家说…, 和他们说过…)
// or made by one (我老公让他们…), and text a device showed (提示…, 显示…).
func cutReportedToZH(s string) string {
	for _, q := range []string{"提示", "显示", "写着", "弹出"} {
		if i := strings.Index(s, q); i > 0 {
			s = s[:i]
		}
	}
	for _, p := range []string{"跟", "和", "对", "给"} {
		i := strings.Index(s, p)
		if i < 0 {
			continue
		}
		rest := s[i+len(p):]
		if strings.HasPrefix(rest, "你") || strings.HasPrefix(rest, "您") {
			continue
		}
		// 跟X说: X is up to six characters
		r := []rune(rest)
		for k := 1; k <= 6 && k < len(r); k++ {
			if r[k] == '说' {
				// what follows addressed to the caller is the callee's own
				// (我跟店里说过别打给我，你们就别打了)
				said := string(r[k+1:])
				for _, a := range []string{"你们", "您", "你"} {
					if m := strings.Index(said, a); m > 0 {
						return s[:i] + said[m:]
					}
				}
				return s[:i]
			}
		}
	}
	for _, v := range []string{"让", "叫"} {
		i := strings.Index(s, v)
		if i <= 0 {
			continue
		}
		before, after := s[:i], s[i+len(v):]
		third := false
		for _, p := range zhThirdParty {
			if strings.HasSuffix(before, p) || strings.HasSuffix(before, p+"也") || strings.HasSuffix(before, p+"还") {
				third = true
			}
		}
		if third && (strings.HasPrefix(after, "他") || strings.HasPrefix(after, "她") || strings.HasPrefix(after, "那")) {
			k := strings.LastIndex(before, "我")
			if k < 0 {
				k = 0
			}
			return s[:k]
		}
	}
	return s
}

// zhPastDay: the clause is about a past day (那天, 上次, 有一次).
func zhPastDay(s string) bool {
	if hasAny(s, []string{"那次", "上次", "有一次", "昨天", "前天", "上周", "上个月", "那会儿"}) {
		return true
	}
	// busy a moment ago, free now: 我刚才在忙，现在可以了
	if hasAny(s, []string{"刚才", "刚刚"}) && hasAny(s, []string{"现在可以", "现在有空", "现在方便", "可以了", "有空了", "方便了"}) {
		return true
	}
	// 那天 is a past day unless the clause asks for it (那天打给我吧)
	return hasAny(s, []string{"那天", "当天"}) && !hasAny(s, []string{"吧", "再打", "打给我", "请", "比较有空", "有空"})
}

// zhThirdCalledBack: a third party called back (他们就打回来了): a story.
func zhThirdCalledBack(s string) bool {
	for _, v := range []string{"打回来", "回电", "回拨", "打过来", "打来"} {
		i := strings.Index(s, v)
		if i < 0 {
			continue
		}
		before := tail(s, i, 8)
		if strings.Contains(before, "我") || strings.Contains(before, "你") || strings.Contains(before, "您") {
			continue
		}
		for _, p := range []string{"他们", "他", "她", "对方", "人家", "师傅", "客服"} {
			if strings.Contains(before, p) && strings.Contains(s[i:], "了") {
				return true
			}
		}
	}
	return false
}

// zhBusySpeaker reports whether the busy word at s[i:] is said of the speaker:
// nothing but the speaker, an adverb of now or a filler stands before it.
func zhBusySpeaker(s string, i int) bool {
	before := s[:i]
	if strings.Contains(before, "我") {
		return true
	}
	for _, r := range before {
		if !strings.ContainsRune("现在这会儿正还呢嗯啊那个不好意思抱歉哎呀今天目前人刚有点", r) {
			return false
		}
	}
	return true
}

// zhFreqBridge removes a frequency between a negator and its verb (别每个礼拜都打来了
// reads 别打来了).
func zhFreqBridge(s string) string {
	for {
		i := strings.Index(s, "每")
		if i < 0 {
			return s
		}
		r := []rune(s[i:])
		cut := -1
		for k := 1; k <= 4 && k < len(r); k++ {
			if r[k] == '都' {
				cut = k + 1
				break
			}
		}
		if cut < 0 {
			return s
		}
		s = s[:i] + string(r[cut:])
	}
}

// optOutMoreZH: 永远不联系, 拒绝来电, 移出名单, 清掉号码; a bare removal is weak.
func optOutMoreZH(s string) (weak, ok bool) {
	if forEach(s, "永远不", func(i int) bool { return hasAny(head(s, i+len("永远不"), 4), zhVerbsCall) }) {
		return false, true
	}
	if hasAny(s, []string{"拒绝来电", "拒接来电", "移出名单", "移出你们", "移出", "清掉", "清除"}) && !hasAny(s, []string{"不要移", "别移", "不用移"}) &&
		(hasAny(s, zhDataObj) || strings.Contains(s, "我") || strings.Contains(s, "名单") || strings.Contains(s, "来电")) {
		return strings.Contains(s, "吗") || strings.Contains(s, "能不能"), true
	}
	// a bare removal: 删掉, 把我划掉吧, 去掉
	t := s
	for _, p := range []string{"那个", "嗯", "就", "把我", "给我", "直接", "麻烦", "请"} {
		t = strings.TrimPrefix(t, p)
	}
	for _, x := range []string{"吧", "了", "啊", "好了", "就行"} {
		t = strings.TrimSuffix(t, x)
	}
	switch t {
	case "删掉", "删了", "删除", "划掉", "去掉", "移除", "清掉", "拿掉":
		return true, true
	}
	return false, false
}

var (
	contactVerbsEN = set("call calls calling ring rings ringing dial dials dialing dialling contact contacts contacting phone phones phoning text texts texting")
	contactNounsEN = set("calls call surveys survey messages texts")
	futureTargetEN = set("again anymore ever")
	talkVerbsEN    = set("talk chat answer speak do take go continue finish deal listen")
)

// optOutMoreEN: a request about future contact in words the lexical rules do
// not list.
func optOutMoreEN(w []string) (weak, ok bool) {
	question := len(w) > 0 && (w[0] == "can" || w[0] == "could" || w[0] == "would" || w[0] == "will")
	for i, t := range w {
		switch {
		case contactVerbsEN[t]:
			// "can you not call this house again", "make sure nobody calls me again",
			// "so the system never dials it"
			neg := false
			for j := i - 1; j >= 0 && i-j <= 5; j-- {
				if w[j] == "not" || w[j] == "never" || w[j] == "nobody" || w[j] == "noone" || w[j] == "no" && at(w, j+1) == "one" {
					neg = true
					break
				}
			}
			wish := anyIn(w, 0, i-1, set("rather prefer")) >= 0 // "i'd rather you didn't contact me"
			if !neg || at(w, i+1) == "back" || !wish && (at(w, i-1) == "did" || at(w, i-2) == "did") {
				continue
			}
			target := false
			for j := i + 1; j < len(w) && j-i <= 4; j++ {
				if futureTargetEN[w[j]] || w[j] == "number" || w[j] == "house" || w[j] == "more" || w[j] == "future" || wish && w[j] == "me" {
					target = true
				}
			}
			if target {
				return question, true
			}
		case t == "more" && (at(w, i-1) == "no" || at(w, i-1) == "any") && contactNounsEN[at(w, i+1)] ||
			t == "more" && at(w, i-1) == "any" && at(w, i+1) == "of" && anyIn(w, i+2, i+5, contactNounsEN) >= 0:
			// "no more surveys to this number", "i don't get any more of these survey calls"
			if at(w, i-1) == "no" && (i < 2 || at(w, i-2) != "have") || anyIn(w, 0, i-1, set("not dont make sure")) >= 0 {
				return question, true
			}
		case t == "list" && (at(w, i-1) == "disturb" || at(w, i-1) == "call" || at(w, i-1) == "contact") && at(w, i-2) == "not" && at(w, i-3) == "do":
			// "i want to be on your do not disturb list"
			if anyIn(w, 0, i-4, set("want put add be")) >= 0 {
				return question, true
			}
		case t == "off" && (at(w, i-1) == "number" || at(w, i-1) == "me") && anyIn(w, i+1, i+3, set("books list lists system records")) >= 0:
			// "i'd just like my number off your books"
			return question, true
		case t == "hear" && at(w, i+1) == "from" && (at(w, i+2) == "you" || at(w, i+2) == "your") && anyIn(w, maxInt(i-4, 0), i-1, set("never not")) >= 0 && anyIn(w, i+2, i+5, futureTargetEN) >= 0:
			// "i never want to hear from you again"
			return question, true
		case t == "flag" && anyIn(w, i+1, i+3, set("number")) >= 0 && anyIn(w, i+3, i+10, set("never not")) >= 0:
			return question, true
		}
	}
	if len(w) == 1 && (w[0] == "remove" || w[0] == "delete" || w[0] == "unsubscribe") {
		return true, true
	}
	return false, false
}

// toldOtherEN: "i told the last company to take me off", "i asked my
// neighbour not to": the callee's request to someone other than the caller.
// It returns the words before it, and whether it found one.
func toldOtherEN(w []string) ([]string, bool) {
	for i, t := range w {
		if (t == "told" || t == "asked") && (at(w, i-1) == "i" || at(w, i-2) == "i") {
			n := at(w, i+1)
			if n == "the" || n == "my" || n == "another" || n == "that" || n == "their" || n == "a" || n == "other" || thirdSubj[n] || n == "neighbours" || n == "neighbors" {
				k := i - 1
				if at(w, i-1) != "i" {
					k = i - 2
				}
				return w[:k], true
			}
		}
	}
	return w, false
}

// callbackNotNowEN: the busy or the call later belongs to a habit ("busy most
// days", "usually busy") or to a third party's past act ("they called me
// later", "they rang back").
func callbackNotNowEN(w []string) bool {
	for i, t := range w {
		if t == "busy" && at(w, i+1) == "to" && at(w, i+2) != "" && !talkVerbsEN[at(w, i+2)] {
			return true // "too busy to complain": what the callee had no time for
		}
		if t == "busy" && (anyIn(w, i+1, i+3, set("most usually always often weekdays")) >= 0 || anyIn(w, i-3, i-1, set("usually always often normally generally")) >= 0) {
			return true
		}
		if (t == "called" || t == "rang" || t == "phoned") && (thirdSubj[at(w, i-1)] || at(w, i-1) == "they") {
			return true
		}
		if (t == "call" || t == "ring" || t == "phone") && at(w, i+1) == "back" {
			// "they were a bit slow to call back": the third party's callback
			for j := i - 1; j >= 0 && i-j <= 6; j-- {
				if addressedWords[w[j]] || w[j] == "we" || w[j] == "im" {
					break
				}
				if thirdSubj[w[j]] {
					return true
				}
			}
		}
	}
	return false
}

// ownListEN: the list after "off"/"out of" at w[i] is the callee's own ("i
// took them off my list of favourites"): nothing is asked of the caller.
func ownListEN(w []string, i int) bool {
	k := i + 1
	if w[i] == "out" {
		k = i + 2
	}
	return at(w, k) == "my" || at(w, k) == "our"
}
