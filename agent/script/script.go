// Package script is candor's deterministic responder: it walks the campaign's
// survey, extracts each answer by rules, and never says anything that is not
// in the campaign file. It is the embedded default; no network, no model.
package script

import (
	"context"
	"io"
	"strconv"
	"strings"
	"unicode"

	"candor/agent"
	"candor/guardrails"
	"candor/prompts"
)

// maxReprompts is how often a question is asked again before its raw answer
// is kept and the survey moves on.
const maxReprompts = 1

// Responder runs one call's survey. It is used by the session goroutine only.
type Responder struct {
	c         *prompts.Campaign
	next      int // index of the question being asked
	started   bool
	reprompts int
	answers   []agent.SurveyAnswer
	finished  bool
}

var (
	_ agent.Responder = (*Responder)(nil)
	_ agent.Follower  = (*Responder)(nil)
)

// Fallback wraps primary (a model) in an agent.Fallback that continues the
// call on campaign c's script when the primary fails.
func Fallback(c *prompts.Campaign, primary agent.Responder) (*agent.Fallback, error) {
	return agent.NewFallback(agent.FallbackConfig{Primary: primary, Backup: New(c), Closing: c.Lines.Closing})
}

// New returns a responder for one call of campaign c.
func New(c *prompts.Campaign) *Responder {
	return &Responder{c: c}
}

// Answers returns the answers extracted so far.
func (r *Responder) Answers() []agent.SurveyAnswer { return r.answers }

// Finished reports whether the survey is over (the closing line was given).
func (r *Responder) Finished() bool { return r.finished }

// Respond answers one turn with campaign text only.
func (r *Responder) Respond(ctx context.Context, in agent.Input) (agent.Reply, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &reply{chunks: r.turn(in)}, nil
}

// Follow lets the script take over a call another responder started (see
// agent.Fallback): it takes the survey's position from the last survey
// question asked in in.History, by whoever asked it, then answers in as
// Respond would and returns the sentences it would say.
func (r *Responder) Follow(in agent.Input) []string {
	r.resume(in.History)
	return r.turn(in)
}

// resume moves the survey to the last question the agent asked in history
// (a cut-off question counts when at least half of it was said). A
// history with no survey question leaves the position as it is.
func (r *Responder) resume(history []agent.Message) {
	for i := len(history) - 1; i >= 0; i-- {
		m := history[i]
		if m.Role != "agent" {
			continue
		}
		said := guardrails.Normalize(m.Text)
		if said == "" {
			continue
		}
		for k, q := range r.c.Survey {
			if !asks(said, q.Text) && (q.Reprompt == "" || !asks(said, q.Reprompt)) {
				continue
			}
			if !r.started || r.next != k || r.finished {
				r.started, r.next, r.reprompts, r.finished = true, k, 0, false
			}
			return
		}
	}
}

// asks reports whether the normalized agent sentence said asks question
// text: it holds the question, or at least half of its start.
func asks(said, text string) bool {
	q := guardrails.Normalize(text)
	if q == "" {
		return false
	}
	if strings.Contains(said, q) {
		return true
	}
	return len(said)*2 >= len(q) && strings.HasPrefix(q, said)
}

func (r *Responder) turn(in agent.Input) []string {
	qs := r.c.Survey
	if r.finished || len(qs) == 0 {
		r.finished = true
		return []string{r.c.Lines.Closing}
	}
	if !r.started {
		r.started = true
		return []string{qs[0].Text}
	}
	q := qs[r.next]
	var val string
	var ok bool
	switch {
	case in.Unclear && q.Type == prompts.AnswerText:
		// Offline recognition cannot transcribe free text: keep the fact
		// that the callee answered and move on.
		val, ok = agent.Unintelligible, true
	case in.Unclear:
		// ask again below
	case in.Handled != "" || strings.TrimSpace(in.Utterance) == "":
		return []string{r.phrase("resume"), q.Text}
	default:
		val, ok = Extract(q, in.Utterance)
	}
	if !ok {
		if retry := r.retry(); retry != nil {
			return retry
		}
		val = ""
	}
	return r.record(val, in.Utterance, r.phrase("thanks"))
}

// retry asks the current question again, once; nil when it was asked again
// already (the caller then records no answer and moves on).
func (r *Responder) retry() []string {
	if r.reprompts >= maxReprompts {
		return nil
	}
	r.reprompts++
	q := r.c.Survey[r.next]
	if q.Reprompt != "" {
		return []string{q.Reprompt}
	}
	return []string{r.phrase("reprompt"), q.Text}
}

// record keeps val (raw is what the callee said) as the current question's
// answer and moves on: thanks and the next question, or the closing line.
func (r *Responder) record(val, raw, thanks string) []string {
	qs := r.c.Survey
	r.answer(agent.SurveyAnswer{QuestionID: qs[r.next].ID, Value: val, Raw: raw})
	r.reprompts = 0
	r.next++
	if r.next >= len(qs) {
		r.finished = true
		return []string{r.c.Lines.Closing}
	}
	return []string{thanks, qs[r.next].Text}
}

// answer records a, replacing an earlier answer to the same question (a
// question asked again, after a takeover).
func (r *Responder) answer(a agent.SurveyAnswer) {
	for i := range r.answers {
		if r.answers[i].QuestionID == a.QuestionID {
			r.answers[i] = a
			return
		}
	}
	r.answers = append(r.answers, a)
}

func (r *Responder) phrase(key string) string {
	zh := r.c.Language == "zh"
	switch key {
	case "resume":
		if zh {
			return "我们继续。"
		}
		return "To continue,"
	case "reprompt":
		if zh {
			return "抱歉，我没有听清楚。"
		}
		return "Sorry, I didn't quite catch that."
	default:
		if zh {
			return "好的，谢谢。"
		}
		return "Thank you."
	}
}

type reply struct {
	chunks []string
	i      int
}

func (p *reply) Next() (string, error) {
	if p.i >= len(p.chunks) {
		return "", io.EOF
	}
	c := p.chunks[p.i]
	p.i++
	if p.i < len(p.chunks) {
		c += " "
	}
	return c, nil
}

func (p *reply) Close() error { return nil }

// Extract pulls the answer to q out of an utterance. ok is false when the
// utterance does not answer the question.
func Extract(q prompts.Question, utterance string) (string, bool) {
	t := guardrails.Normalize(utterance)
	if t == "" {
		return "", false
	}
	switch q.Type {
	case prompts.AnswerScale:
		return scale(q, t)
	case prompts.AnswerYesNo:
		return yesNo(t)
	case prompts.AnswerChoice:
		return choice(q, t)
	default:
		return strings.TrimSpace(utterance), true
	}
}

var numberWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
	"五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
}

func scale(q prompts.Question, t string) (string, bool) {
	lo, hi := q.Min, q.Max
	if lo == 0 && hi == 0 {
		lo, hi = 1, 5
	}
	for _, tok := range tokens(t) {
		n, err := strconv.Atoi(tok)
		if err != nil {
			v, ok := numberWords[tok]
			if !ok {
				continue
			}
			n = v
		}
		if n >= lo && n <= hi {
			return strconv.Itoa(n), true
		}
	}
	// Words for the ends and the middle of the scale.
	switch {
	case containsAny(t, "very satisfied", "excellent", "perfect", "非常满意", "很满意", "特别满意", "十分满意"):
		return strconv.Itoa(hi), true
	case containsAny(t, "very dissatisfied", "terrible", "awful", "非常不满意", "很不满意"):
		return strconv.Itoa(lo), true
	case containsAny(t, "dissatisfied", "not satisfied", "poor", "bad", "不满意"):
		return strconv.Itoa(lo + (hi-lo)/4), true
	case containsAny(t, "satisfied", "good", "great", "满意", "不错"):
		return strconv.Itoa(hi - (hi-lo)/4), true
	case containsAny(t, "okay", "ok", "average", "so so", "一般", "还行"):
		return strconv.Itoa((lo + hi) / 2), true
	}
	return "", false
}

func yesNo(t string) (string, bool) {
	toks := tokens(t)
	for _, tok := range toks {
		switch tok {
		case "no", "nope", "not", "wasnt", "didnt", "isnt", "hasnt", "havent", "nah", "never":
			return "no", true
		}
	}
	if containsAny(t, "没有", "不是", "没解决", "不行", "没") {
		return "no", true
	}
	for _, tok := range toks {
		switch tok {
		case "yes", "yeah", "yep", "yup", "sure", "correct", "definitely", "absolutely", "indeed":
			return "yes", true
		}
	}
	if containsAny(t, "it was", "it is", "it did", "解决了", "是的", "是", "对", "有", "好了") {
		return "yes", true
	}
	return "", false
}

func choice(q prompts.Question, t string) (string, bool) {
	best, bestScore := "", 0
	words := map[string]bool{}
	for _, w := range tokens(t) {
		words[w] = true
	}
	padded := " " + t + " "
	for _, c := range q.Choices {
		nc := guardrails.Normalize(c)
		score := 0
		if strings.Contains(padded, " "+nc+" ") || (nc != "" && isHan(nc) && strings.Contains(t, nc)) {
			score = 100 + len(nc)
		} else {
			for _, w := range tokens(nc) {
				if len(w) > 2 && words[w] {
					score += len(w)
				}
			}
		}
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	return best, bestScore > 0
}

// tokens splits normalized text into words; each Han character is a token too.
func tokens(t string) []string {
	var out []string
	for _, f := range strings.Fields(t) {
		han := false
		for _, r := range f {
			if unicode.Is(unicode.Han, r) {
				han = true
				break
			}
		}
		if !han {
			out = append(out, strings.ReplaceAll(f, "'", ""))
			continue
		}
		for _, r := range f {
			out = append(out, string(r))
		}
	}
	return out
}

func containsAny(t string, subs ...string) bool {
	for _, s := range subs {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

func isHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// CompleteAnswer returns a test of whether a partial transcript already is a
// complete answer to one of the campaign's closed questions (scale, yes/no,
// choice) or a guardrail intent, so the line can end the utterance after a
// short pause.
func CompleteAnswer(c *prompts.Campaign) func(string) bool {
	var closed []prompts.Question
	for _, q := range c.Survey {
		if q.Type != prompts.AnswerText {
			closed = append(closed, q)
		}
	}
	return func(partial string) bool {
		if strings.TrimSpace(partial) == "" {
			return false
		}
		if guardrails.Classify(partial) != guardrails.IntentNone {
			return true
		}
		for _, q := range closed {
			if _, ok := Extract(q, partial); ok {
				return true
			}
		}
		return false
	}
}
