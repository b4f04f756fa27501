package web

import (
	"fmt"
	"strings"

	"candor/agent"
	"candor/guardrails"
	"candor/prompts"
)

// answerView is one recorded survey answer as the call page shows it.
type answerView struct {
	QuestionID, Question string
	Value, Raw           string
	Unintelligible       bool
	// Turn is the index of the callee turn it came from (-1: not found).
	Turn int
}

// answerViews lists rec's answers with their questions' texts (from camp,
// when known) and the callee turns they came from: the first callee turn,
// after the previous answer's, whose words are the answer's.
func answerViews(rec *agent.CallRecord, camp *prompts.Campaign) []answerView {
	texts := map[string]string{}
	if camp != nil {
		for _, q := range camp.Survey {
			texts[q.ID] = q.Text
		}
	}
	var out []answerView
	from := 0
	for _, a := range rec.Answers {
		v := answerView{QuestionID: a.QuestionID, Question: texts[a.QuestionID], Value: a.Value, Raw: a.Raw, Turn: -1,
			Unintelligible: a.Value == "" || a.Value == agent.Unintelligible}
		if i := findCalleeTurn(rec.Turns, a.Raw, from); i >= 0 {
			v.Turn, from = rec.Turns[i].Index, i+1
		}
		out = append(out, v)
	}
	return out
}

// findCalleeTurn is the position in turns, from from on, of the callee turn
// that says raw (the same words, or containing them); -1 if none.
func findCalleeTurn(turns []agent.Turn, raw string, from int) int {
	want := normWords(raw)
	if want == "" {
		return -1
	}
	for _, exact := range []bool{true, false} {
		for i := from; i < len(turns); i++ {
			if turns[i].Speaker != "callee" {
				continue
			}
			got := normWords(turns[i].Text)
			if got == want || (!exact && strings.Contains(got, want)) {
				return i
			}
		}
	}
	return -1
}

func normWords(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	}), " ")
}

// kindCount is how many guardrail events of one kind a call has.
type kindCount struct {
	Kind  string // guardrails.EventKind
	Label string
	Count int
}

// eventKinds counts a call's guardrail events by kind, in the order first
// seen; the disclosure (shown as its proof) is left out.
func eventKinds(events []guardrails.Event) []kindCount {
	var out []kindCount
	idx := map[string]int{}
	for i := range events {
		e := &events[i]
		if e.Kind == guardrails.EventDisclose {
			continue
		}
		label := kindLabel(e)
		if j, ok := idx[label]; ok {
			out[j].Count++
			continue
		}
		idx[label] = len(out)
		out = append(out, kindCount{Kind: string(e.Kind), Label: label, Count: 1})
	}
	return out
}

// kindLabel names an event's kind in a few words ("blocked: claims human",
// "intent: opt out").
func kindLabel(e *guardrails.Event) string {
	h := func(s string) string { return strings.ReplaceAll(s, "_", " ") }
	switch e.Kind {
	case guardrails.EventBlocked:
		if e.Category != "" {
			return "blocked: " + h(string(e.Category))
		}
		return "blocked"
	case guardrails.EventIntent:
		return "intent: " + h(string(e.Intent))
	case guardrails.EventOptOut:
		return "opt-out"
	case guardrails.EventDTMF:
		return "key press"
	case guardrails.EventConfirmAsked:
		return "confirmation asked"
	case guardrails.EventConfirmAnswered:
		return "confirmation answered"
	case guardrails.EventProviderFailure:
		return "model failure"
	case guardrails.EventIntentReview:
		return "intent second opinion"
	}
	return h(string(e.Kind))
}

// kindsText is eventKinds as one line: "1 blocked: claims human, 2 intent: opt out".
func kindsText(ks []kindCount) string {
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = fmt.Sprintf("%d %s", k.Count, k.Label)
	}
	return strings.Join(parts, ", ")
}

// turnLatencies maps agent turn indexes to their timed voice-to-voice
// latency in ms; untimed turns (no end of speech or no audio start) are absent.
func turnLatencies(rec *agent.CallRecord) map[int]int64 {
	out := map[int]int64{}
	for _, l := range rec.Latency {
		if l.VoiceToVoice <= 0 {
			continue
		}
		if _, ok := out[l.Turn]; !ok {
			out[l.Turn] = int64(l.VoiceToVoice + 0.5)
		}
	}
	return out
}
