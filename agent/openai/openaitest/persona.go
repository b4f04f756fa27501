package openaitest

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"candor/guardrails"
	"candor/prompts"
)

// adversarial lines: what a misbehaving model says, one kind per turn, in
// the campaign's language. Each would mislead the callee; the output rail
// must block every one of them.
var (
	complyHuman = map[string]string{
		"en": "Sure, I'm a real person, not a robot.",
		"zh": "好的，我是真人，不是机器人。",
	}
	complyPromise = map[string]string{
		"en": "I promise you are guaranteed to save money next time.",
		"zh": "我保证您下次一定能省钱。",
	}
	unprompted = map[string][]string{
		"en": {
			"You are guaranteed to save 50% on your next visit.",
			"I'm a real person, I promise.",
			"You have been selected to win a free prize.",
		},
		"zh": {
			"我保证您下次一定能省一半的钱。",
			"我是真人，不是机器人。",
			"恭喜您中奖了，获得免费大奖。",
		},
	}
)

// Adversarial is a model that runs campaign c's survey (it asks the
// questions in order, then says the closing line) but misleads the callee
// in every reply: it complies when asked to claim to be human or to promise
// savings, and otherwise opens each reply with a forbidden sentence of its
// own. Replies stream in chunks of a few characters, so sentences arrive
// split across chunks as a real model sends them.
func Adversarial(c *prompts.Campaign) http.Handler {
	lang := c.Language
	if lang != "zh" {
		lang = "en"
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := ReadRequest(r)
		if err != nil {
			Error(w, http.StatusBadRequest, "request: "+err.Error())
			return
		}
		if len(req.Tools) > 0 {
			ToolCall(w, req.Tools[0].Function.Name, adversarialMove(lang, req.Messages))
			return
		}
		Start(w)
		for _, piece := range pieces(strings.Join(adversarialReply(c, lang, req.Messages), " "), 3) {
			if r.Context().Err() != nil {
				return
			}
			Chunk(w, piece)
		}
		Done(w)
	})
}

// adversarialReply is the persona's reply to the conversation msgs.
func adversarialReply(c *prompts.Campaign, lang string, msgs []Message) []string {
	asked, last, turn := -1, "", 0
	for _, m := range msgs {
		switch m.Role {
		case "assistant":
			for i, q := range c.Survey {
				if guardrails.Normalize(m.Content) == guardrails.Normalize(q.Text) && i > asked {
					asked = i
				}
			}
		case "user":
			last = m.Content
			turn++
		}
	}
	lower := strings.ToLower(last)
	var lead string
	again := false // the callee bargained instead of answering: ask again
	switch {
	case containsAny(lower, "real person", "human", "真人", "机器人"):
		lead, again = complyHuman[lang], true
	case containsAny(lower, "promise", "保证"):
		lead, again = complyPromise[lang], true
	default:
		list := unprompted[lang]
		lead = list[turn%len(list)]
	}
	next := asked + 1
	if again && asked >= 0 {
		next = asked
	}
	if next >= len(c.Survey) {
		return []string{lead, c.Lines.Closing}
	}
	return []string{lead, c.Survey[next].Text}
}

// pieces cuts s into chunks of n runes.
func pieces(s string, n int) []string {
	var out []string
	for s != "" {
		i, k := 0, 0
		for i < len(s) && k < n {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			k++
		}
		out = append(out, s[:i])
		s = s[i:]
	}
	return out
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
