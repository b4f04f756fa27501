package agent

import (
	"context"
	"fmt"
	"time"

	"candor/guardrails"
)

// DefaultJudgeTimeout bounds a judge's answer on one sentence.
const DefaultJudgeTimeout = time.Second

// Judge is an optional second opinion on a generated sentence (a model that
// reads it against the campaign's policy). It can only add blocks: it is
// asked only about sentences the output rail allowed, and a judge that
// errs or does not answer in time blocks the sentence (fails closed).
type Judge interface {
	Judge(ctx context.Context, sentence, lang string) (guardrails.Decision, error)
}

// VetSentence decides whether a generated sentence may be spoken. The
// deterministic rail decides first; when it allows and judge is set, the
// judge is asked while synth already synthesizes the sentence, so that a
// judge answering within the synthesis costs no time. The sentence is spoken
// only if both allow; the judge has at most timeout (DefaultJudgeTimeout
// when zero). sp is the synthesized sentence when it was allowed and synth
// succeeded (nil otherwise: the caller synthesizes what it says).
func VetSentence(ctx context.Context, rail *guardrails.Rail, judge Judge, timeout time.Duration,
	synth Synthesizer, sentence, lang string) (d guardrails.Decision, sp *Speech) {
	d = rail.Check(sentence)
	if d.Verdict == guardrails.Block || judge == nil {
		return d, nil
	}
	if timeout <= 0 {
		timeout = DefaultJudgeTimeout
	}
	jctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type answer struct {
		d   guardrails.Decision
		err error
	}
	ans := make(chan answer, 1)
	go func() {
		jd, err := judge.Judge(jctx, sentence, lang)
		ans <- answer{jd, err}
	}()
	speech, serr := synth.Synthesize(ctx, sentence, lang)
	var a answer
	select {
	case a = <-ans:
	case <-jctx.Done():
		a.err = fmt.Errorf("no answer within %v: %w", timeout, jctx.Err())
	}
	switch {
	case a.err != nil:
		return guardrails.Decision{Verdict: guardrails.Block, Rule: "judge unavailable (fail closed): " + a.err.Error()}, nil
	case a.d.Verdict != guardrails.Allow:
		jd := guardrails.Decision{Verdict: guardrails.Block, Category: a.d.Category, Rule: "judge"}
		if a.d.Rule != "" {
			jd.Rule = "judge: " + a.d.Rule
		}
		if jd.Category == guardrails.CategoryNone {
			jd.Category = guardrails.CategoryUnapprovedClaim
		}
		return jd, nil
	case serr != nil:
		return d, nil
	}
	return d, &speech
}

// judgeFor is the call's judge for sentence: none for the campaign's own
// text (its survey questions, reprompts and fixed lines, said as written),
// which is not free text.
func (s *Session) judgeFor(sentence string) Judge {
	if s.cfg.Judge == nil {
		return nil
	}
	if s.campaignText == nil {
		s.campaignText = map[string]bool{}
		c := s.cfg.Campaign
		l := c.Lines
		texts := []string{l.Identity, l.AIAnswer, l.OptOutConfirmation, l.RefusalClose, l.CallbackClose, l.SafeFallback, l.Closing}
		for _, q := range c.Survey {
			texts = append(texts, q.Text, q.Reprompt)
		}
		for _, t := range texts {
			var split Splitter
			for _, sent := range append(split.Push(t), split.Flush()) {
				if n := guardrails.Normalize(sent); n != "" {
					s.campaignText[n] = true
				}
			}
		}
	}
	if s.campaignText[guardrails.Normalize(sentence)] {
		return nil
	}
	return s.cfg.Judge
}
