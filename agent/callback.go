package agent

import (
	"strings"
	"time"

	"candor/agent/phone"
	"candor/guardrails"
)

// CallbackTime turns a callee's callback request into a time, relative to now
// in now's location. Unclear requests default to two hours later; the dialer
// moves the result into the callee's calling window.
func CallbackTime(utterance string, now time.Time) time.Time {
	t := guardrails.Normalize(utterance)
	day := now
	at := func(h, m int) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, now.Location())
	}
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(t, w) {
				return true
			}
		}
		return false
	}
	if has("tomorrow", "明天") {
		day = now.AddDate(0, 0, 1)
	}
	if has("next week", "下周", "下个星期") {
		day = now.AddDate(0, 0, 7)
	}
	var res time.Time
	switch {
	case has("in an hour", "in one hour", "一个小时", "一小时"):
		res = now.Add(time.Hour)
	case has("in half an hour", "in thirty minutes", "半小时", "半个小时"):
		res = now.Add(30 * time.Minute)
	case has("after lunch", "午饭后", "中午以后", "下午"):
		res = at(13, 30)
	case has("morning", "上午", "早上"):
		res = at(10, 0)
	case has("evening", "tonight", "after work", "晚上", "下班"):
		res = at(18, 0)
	case has("afternoon"):
		res = at(15, 0)
	case !day.Equal(now):
		res = at(10, 0)
	default:
		res = now.Add(2 * time.Hour)
	}
	if !res.After(now) {
		res = res.AddDate(0, 0, 1)
	}
	return res
}

// CalleeLocation is where a callee's day is read: the contact's stated
// zone when it is a valid IANA name, else the number's own zone (the first,
// for a number of several), else UTC.
func CalleeLocation(number, stated string) *time.Location {
	for _, z := range append([]string{stated}, phone.TimeZones(number)...) {
		if z == "" || strings.EqualFold(z, "local") {
			continue
		}
		if loc, err := time.LoadLocation(z); err == nil {
			return loc
		}
	}
	return time.UTC
}

// backchannels are short acknowledgements that do not interrupt the agent.
var backchannels = map[string]bool{
	"uh huh": true, "uhhuh": true, "uh-huh": true, "mhm": true, "mm": true, "mm hmm": true, "hmm": true,
	"yeah": true, "yes": true, "yep": true, "ok": true, "okay": true, "right": true, "sure": true,
	"i see": true, "got it": true, "alright": true, "all right": true,
	"嗯": true, "对": true, "嗯嗯": true, "对对": true, "好": true, "好的": true, "是": true, "是的": true, "哦": true,
}

// IsBackchannel reports whether an utterance is only an acknowledgement.
func IsBackchannel(utterance string) bool {
	t := strings.TrimSpace(strings.ToLower(utterance))
	t = strings.Trim(t, ".,!?。，！？ ")
	return backchannels[t]
}
