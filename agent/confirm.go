package agent

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"candor/guardrails"
)

// Defaults of the confirmation of weak ending verdicts and of the second
// opinion on intent.
const (
	// DefaultConfirmTimeout is how long the confirmation question waits for an
	// answer; silence past it while the question stands is an opt-out.
	DefaultConfirmTimeout = 8 * time.Second
	// DefaultIntentTimeout bounds the model's second opinion on one utterance.
	DefaultIntentTimeout = 700 * time.Millisecond
)

// Classifier reads a callee utterance (lang is the campaign's language, a
// hint) and says how strong an ending verdict is.
type Classifier func(text, lang string) guardrails.IntentResult

// IntentJudge is an optional second opinion on what a callee utterance asks
// (a model on the call's endpoint). asked is what the agent said last. It
// answers opt_out, refusal or none; the session uses it only to turn none
// into a weak ending verdict (then confirmed by the campaign's question) and
// a weak ending verdict into none. A clear opt-out is never sent to it.
type IntentJudge interface {
	JudgeIntent(ctx context.Context, utterance, asked, lang string) (guardrails.Intent, error)
}

func (c *SessionConfig) confirmDefaults() {
	if c.Classify == nil {
		c.Classify = guardrails.ClassifyResult
	}
	if c.ConfirmTimeout <= 0 {
		c.ConfirmTimeout = DefaultConfirmTimeout
	}
	if c.IntentTimeout <= 0 {
		c.IntentTimeout = DefaultIntentTimeout
	}
}

func ending(in guardrails.Intent) bool {
	return in == guardrails.IntentOptOut || in == guardrails.IntentRefusal
}

// classify reads text with the session's classifier.
func (s *Session) classify(text string) guardrails.IntentResult {
	return s.cfg.Classify(text, s.cfg.Campaign.Language)
}

// endsAtOnce reports whether text is a clear (not weak) opt-out or refusal.
func (s *Session) endsAtOnce(text string) bool {
	r := s.classify(text)
	return ending(r.Intent) && !r.Weak
}

// hear is the verdict the session acts on for a callee utterance: the rules'
// and, when an IntentJudge is set and the rules are not sure (none, or a weak
// ending verdict), the judge's within IntentTimeout. A clear verdict of the
// rules is acted on without asking; a judge that errs or is late changes
// nothing.
func (s *Session) hear(ctx context.Context, text string) guardrails.IntentResult {
	r := s.classify(text)
	if s.cfg.IntentJudge == nil || strings.TrimSpace(text) == "" {
		return r
	}
	if r.Intent != guardrails.IntentNone && !(ending(r.Intent) && r.Weak) {
		return r
	}
	jctx, cancel := context.WithTimeout(ctx, s.cfg.IntentTimeout)
	defer cancel()
	type answer struct {
		in  guardrails.Intent
		err error
	}
	ans := make(chan answer, 1)
	asked := s.lastAgent()
	go func() {
		in, err := s.cfg.IntentJudge.JudgeIntent(jctx, text, asked, s.cfg.Campaign.Language)
		ans <- answer{in, err}
	}()
	var a answer
	select {
	case a = <-ans:
	case <-jctx.Done():
		return r
	}
	if a.err != nil {
		return r
	}
	out := ReviewIntent(r, a.in)
	if out != r {
		s.event(guardrails.Event{Kind: guardrails.EventIntentReview, Intent: out.Intent, Text: text,
			Rule: fmt.Sprintf("rules: %s%s; model: %s", r.Intent, map[bool]string{true: " (weak)"}[r.Weak], a.in)})
	}
	return out
}

// ReviewIntent combines the rules' verdict with a model's: the model may turn
// none into a weak opt-out or refusal (to be confirmed) and a weak ending
// verdict into none. Everything else stays as the rules said.
func ReviewIntent(rules guardrails.IntentResult, model guardrails.Intent) guardrails.IntentResult {
	switch {
	case rules.Intent == guardrails.IntentNone && ending(model):
		return guardrails.IntentResult{Intent: model, Weak: true}
	case ending(rules.Intent) && rules.Weak && model == guardrails.IntentNone:
		return guardrails.IntentResult{Intent: guardrails.IntentNone}
	}
	return rules
}

// lastAgent returns what the agent said last ("" before it said anything).
func (s *Session) lastAgent() string {
	for i := len(s.history) - 1; i >= 0; i-- {
		if s.history[i].Role == "agent" {
			return s.history[i].Text
		}
	}
	return ""
}

// confirmKind is how an answer to the confirmation question reads.
type confirmKind int

const (
	confirmUnclear confirmKind = iota
	confirmYes                 // stop calling: yes, a repeat, anything ending
	confirmNo                  // go on with the survey
	confirmOther               // another intent (callback, a question): handled as such
)

// confirm asks the campaign's confirmation question after the weak ending
// verdict res on ev, and acts on the answer: yes, a repeat, anything ending,
// the opt-out key, a hang-up or silence past ConfirmTimeout record the
// opt-out (durably, before the closing line and the hang-up); a clear no goes
// back to the survey where it stood; a callback request or a question is
// handled as usual. An unclear answer gets the question once more; a second
// one counts as yes.
func (s *Session) confirm(ctx context.Context, ev *CalleeEvent, res guardrails.IntentResult) (*CalleeEvent, error) {
	q := s.cfg.Campaign.ConfirmOptOut()
	asked := guardrails.Event{Kind: guardrails.EventConfirmAsked, Intent: res.Intent, Text: ev.Text, Question: q}
	if ev.HeardOptOut {
		asked.Rule = "heard: the words of an opt-out"
	}
	s.event(asked)
	answered := func(in guardrails.Intent, text, rule string) {
		s.event(guardrails.Event{Kind: guardrails.EventConfirmAnswered, Intent: in, Text: text, Question: q, Rule: rule})
	}
	yes := func(text, rule string) (*CalleeEvent, error) {
		answered(guardrails.IntentOptOut, text, rule)
		return nil, s.optOut(ctx, guardrails.IntentOptOut, ev.Text)
	}
	hungUp := func() (*CalleeEvent, error) {
		answered(guardrails.IntentOptOut, "", "hangup")
		return nil, s.recordOptOut(ctx, guardrails.IntentOptOut, ev.Text)
	}
	var pending *CalleeEvent // an answer given over the agent's last line
	for round := 1; ; round++ {
		next := pending
		pending = nil
		if next == nil {
			var err error
			next, err = s.askConfirm(ctx, q)
			switch {
			case errors.Is(err, ErrHungUp):
				return hungUp()
			case err != nil:
				return nil, err
			}
		}
		if next == nil {
			var silent bool
			var err error
			next, silent, err = s.waitConfirm(ctx)
			switch {
			case errors.Is(err, ErrHungUp):
				return hungUp()
			case err != nil:
				return nil, err
			case silent:
				return yes("", "silence")
			}
		}
		kind, rule := confirmUnclear, "unclear"
		switch {
		case next.Kind == CalleeDTMF && next.Text == s.cfg.OptOutDigit:
			kind, rule = confirmYes, "key"
		case next.Kind == CalleeSpeech:
			kind, rule = readConfirm(next.Text, s.cfg.Campaign.Language, s.cfg.Classify)
		}
		switch kind {
		case confirmYes:
			return yes(next.Text, rule)
		case confirmNo:
			answered(guardrails.IntentNone, next.Text, rule)
			return s.respond(ctx, Input{Utterance: next.Text, History: s.history, Handled: res.Intent})
		case confirmOther:
			in := s.classify(next.Text).Intent
			answered(in, next.Text, rule)
			if in == guardrails.IntentCallback {
				return s.handle(ctx, next)
			}
			if round < 2 && (in == guardrails.IntentAskIfAI || in == guardrails.IntentAskIdentity) {
				// A question about the caller: answered truthfully, then the
				// question stands again.
				line := s.cfg.Campaign.Lines.AIAnswer
				if in == guardrails.IntentAskIdentity {
					line = s.cfg.Campaign.Lines.Identity
				}
				n, err := s.askConfirm(ctx, line)
				switch {
				case errors.Is(err, ErrHungUp):
					return hungUp()
				case err != nil:
					return nil, err
				}
				pending = n
				continue
			}
		}
		// The question stands. Two rounds without a clear no honour the weak
		// signal.
		if round >= 2 {
			return yes(next.Text, "unclear")
		}
	}
}

// askConfirm says a fixed line while the confirmation question stands. Any
// utterance or key of the callee, a backchannel too ("yeah", 是的), is the
// answer: it cuts the line short and is returned.
func (s *Session) askConfirm(ctx context.Context, text string) (*CalleeEvent, error) {
	var next *CalleeEvent
	_, _, err := s.speak(ctx, text, true, false, func(ev CalleeEvent) bool {
		if ev.Kind == CalleeSpeech || ev.Kind == CalleeDTMF {
			next = &ev
			return true
		}
		return false
	})
	if err != nil || next == nil {
		return nil, err
	}
	s.noteCallee(*next)
	return next, ctx.Err()
}

// waitConfirm waits for the answer to the confirmation question. silent is
// set when none came within ConfirmTimeout. Keys other than the opt-out key
// are returned as they are.
func (s *Session) waitConfirm(ctx context.Context) (ev *CalleeEvent, silent bool, err error) {
	timer := time.NewTimer(s.cfg.ConfirmTimeout)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, false, ctx.Err()
		case <-timer.C:
			return nil, true, nil
		case e, ok := <-s.cfg.Line.Events():
			if !ok {
				return nil, false, ErrHungUp
			}
			switch e.Kind {
			case CalleeHangup:
				return nil, false, ErrHungUp
			case CalleeError:
				return nil, false, fmt.Errorf("%w: %s", ErrLineFailed, e.Text)
			case CalleeSpeech, CalleeDTMF:
				s.noteCallee(e)
				return &e, false, nil
			}
		}
	}
}

// readConfirm reads an answer to the confirmation question (whether to stop
// calling): an opt-out in any words is a yes; a negative lead ("no", "no
// thanks", 不用了) is a no unless what follows it ends the call; an
// affirmative lead ("yes", "sure", 是的, 好) is a yes; a refusal is a yes; a
// callback request or a question is other; anything else is unclear.
func readConfirm(text, lang string, classify Classifier) (confirmKind, string) {
	n := guardrails.Normalize(text)
	if n == "" {
		return confirmUnclear, "unclear"
	}
	r := classify(text, lang)
	if r.Intent == guardrails.IntentOptOut {
		return confirmYes, "repeat"
	}
	neg, rest := leadOf(n, negativeEN, negativeZH)
	if neg || n == "不" {
		if rest != "" && ending(classify(rest, lang).Intent) {
			return confirmYes, "ending"
		}
		return confirmNo, "no"
	}
	if aff, rest := leadOf(n, affirmativeEN, affirmativeZH); aff {
		if rest != "" && classify(rest, lang).Intent == guardrails.IntentCallback {
			return confirmOther, "other"
		}
		return confirmYes, "yes"
	}
	switch r.Intent {
	case guardrails.IntentRefusal:
		return confirmYes, "ending"
	case guardrails.IntentNone:
		return confirmUnclear, "unclear"
	}
	return confirmOther, "other"
}

// Answer leads, in normalized form (contractions expanded), longest first.
var (
	negativeEN = [][]string{
		{"no", "thank", "you"}, {"of", "course", "not"}, {"absolutely", "not"}, {"definitely", "not"},
		{"i", "would", "not"}, {"i", "do", "not"}, {"please", "do", "not"}, {"no", "thanks"}, {"not", "really"},
		{"not", "at", "all"}, {"no", "way"}, {"do", "not"}, {"no"}, {"nope"}, {"nah"},
	}
	affirmativeEN = [][]string{
		{"yes", "please"}, {"that", "is", "right"}, {"that", "is", "correct"}, {"please", "do"}, {"go", "ahead"},
		{"of", "course"}, {"i", "would"}, {"i", "do"}, {"yes"}, {"yeah"}, {"yep"}, {"yup"}, {"yea"}, {"ya"},
		{"sure"}, {"please"}, {"correct"}, {"right"}, {"ok"}, {"okay"}, {"absolutely"}, {"definitely"},
		{"certainly"}, {"exactly"}, {"indeed"}, {"aye"},
	}
	negativeZH    = []string{"不需要", "不用", "不要", "不必", "不是", "没有", "不了", "别"}
	affirmativeZH = []string{"是的", "对的", "好的", "没错", "没问题", "当然", "當然", "需要", "可以", "是", "对", "好", "要", "行"}
)

// leadOf reports whether normalized text n starts with one of the English
// word leads or (for Chinese text) the Chinese ones, and returns the rest.
func leadOf(n string, en [][]string, zh []string) (bool, string) {
	if first, _, _ := strings.Cut(n, " "); hasHanText(first) {
		for _, l := range zh {
			if rest, ok := strings.CutPrefix(n, l); ok {
				return true, strings.TrimSpace(rest)
			}
		}
		return false, ""
	}
	w := strings.Fields(n)
	for _, l := range en {
		if len(w) >= len(l) && equalWords(w[:len(l)], l) {
			return true, strings.Join(w[len(l):], " ")
		}
	}
	return false, ""
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func hasHanText(s string) bool {
	for _, r := range s {
		if r >= 0x3400 && r <= 0x9fff {
			return true
		}
	}
	return false
}
