package prompts

import (
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"candor/guardrails"
)

func TestExamplesList(t *testing.T) {
	got := Examples()
	want := []string{"service-followup-en", "service-followup-zh"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestExamplesLoadAndValidate(t *testing.T) {
	for _, name := range Examples() {
		t.Run(name, func(t *testing.T) {
			c, err := Example(name)
			if err != nil {
				t.Fatal(err)
			}
			if c.Name != name || c.Source != "embedded:"+name {
				t.Errorf("got Name %q Source %q, want %q %q", c.Name, c.Source, name, "embedded:"+name)
			}
			wantLang := name[strings.LastIndex(name, "-")+1:]
			if c.Language != wantLang {
				t.Errorf("got language %q, want %q", c.Language, wantLang)
			}
			text := c.DisclosureText()
			if err := guardrails.ValidateDisclosure(text, c.Language, c.Business.DisplayName, c.Business.CallbackNumber); err != nil {
				t.Errorf("got %v for disclosure %q, want it valid", err, text)
			}
			for _, must := range []string{c.Business.RegisteredName, c.OptOutInstruction, c.RecordingNotice, c.Purpose} {
				if !strings.Contains(text, must) {
					t.Errorf("got disclosure %q, want it to contain %q", text, must)
				}
			}
			if strings.Contains(text, "{{") {
				t.Errorf("got unrendered placeholder in %q", text)
			}
			if c.Marketing {
				t.Errorf("got marketing true, want a service follow-up (false)")
			}
			// The identity line names the business and says where the number came from.
			if !strings.Contains(c.Lines.Identity, c.Business.DisplayName) {
				t.Errorf("got identity %q, want it to name %q", c.Lines.Identity, c.Business.DisplayName)
			}
			aiWord, recordWord := "AI", "service record"
			if c.Language == "zh" {
				aiWord, recordWord = "人工智能", "服务记录"
			}
			if !strings.Contains(c.Lines.Identity, recordWord) {
				t.Errorf("got identity %q, want it to say the number came from the %s", c.Lines.Identity, recordWord)
			}
			if !strings.Contains(c.Lines.AIAnswer, aiWord) {
				t.Errorf("got ai_answer %q, want it to say it is an AI (%s)", c.Lines.AIAnswer, aiWord)
			}
			if len(c.ApprovedFacts) == 0 || !strings.Contains(c.SystemPrompt, c.ApprovedFacts[0]) {
				t.Errorf("got system prompt without the first approved fact %q", c.ApprovedFacts)
			}
			if c.Language == "zh" {
				for _, l := range fixedLines(c) {
					if !mostlyChinese(l) {
						t.Errorf("got fixed line %q, want it in Chinese", l)
					}
				}
			}
		})
	}
}

// fixedLines is every text of a campaign that is spoken verbatim.
func fixedLines(c *Campaign) []string {
	l := c.Lines
	out := []string{c.Purpose, c.RecordingNotice, c.OptOutInstruction, c.DisclosureText(),
		l.Identity, l.AIAnswer, l.OptOutConfirmation, l.RefusalClose, l.CallbackClose, l.SafeFallback, l.Closing}
	for _, q := range c.Survey {
		out = append(out, q.Text, q.Reprompt)
	}
	return out
}

// mostlyChinese reports whether s holds Han characters and few Latin letters
// (a short brand word like "AI" or "App" is fine).
func mostlyChinese(s string) bool {
	han, latin := 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case r < 0x80 && unicode.IsLetter(r):
			latin++
		}
	}
	return han > 0 && latin*4 < han
}

// TestExamplesSameShape checks that the two examples run the same survey.
func TestExamplesSameShape(t *testing.T) {
	en, err := Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	zh, err := Example("service-followup-zh.yaml")
	if err != nil {
		t.Fatal(err)
	}
	shape := func(c *Campaign) []string {
		var s []string
		for _, q := range c.Survey {
			s = append(s, q.ID+":"+string(q.Type)+":"+strings.Repeat("*", len(q.Choices)))
		}
		return s
	}
	if got, want := shape(zh), shape(en); !slices.Equal(got, want) {
		t.Errorf("got zh survey %v, want the en shape %v", got, want)
	}
	wantTypes := []AnswerType{AnswerScale, AnswerYesNo, AnswerChoice, AnswerText}
	for i, q := range en.Survey {
		if i < len(wantTypes) && q.Type != wantTypes[i] {
			t.Errorf("got survey[%d] type %q, want %q", i, q.Type, wantTypes[i])
		}
	}
	q, ok := en.Question("satisfaction")
	if !ok || q.Min != 1 || q.Max != 5 {
		t.Errorf("got satisfaction %+v (found %v), want a 1..5 scale", q, ok)
	}
	if _, ok := en.Question("nope"); ok {
		t.Errorf("got a question for id nope, want none")
	}
}

func TestExampleUnknown(t *testing.T) {
	for _, name := range []string{"", "nope", "../examples/service-followup-en", "examples/service-followup-en", "./service-followup-en"} {
		if _, err := Example(name); !errors.Is(err, ErrUnknownExample) {
			t.Errorf("Example(%q): got %v, want ErrUnknownExample", name, err)
		}
	}
}

func TestExampleFreshCopy(t *testing.T) {
	a, err := Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	a.Survey[0].Text = "changed"
	a.Business.DisplayName = "changed"
	b, err := Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	if b.Survey[0].Text == "changed" || b.Business.DisplayName == "changed" {
		t.Errorf("got a shared campaign, want a fresh copy per call")
	}
}

// TestReadmeExample keeps the example of README.md loadable.
func TestReadmeExample(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "## Example\n\n```yaml\n")
	block, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatal("got no yaml block under ## Example in README.md, want one")
	}
	c, err := Parse("README.md", []byte(block))
	if err != nil {
		t.Fatalf("got %v, want the README example to load", err)
	}
	if q, ok := c.Question("rating"); !ok || q.Min != 1 || q.Max != 5 {
		t.Errorf("got rating %+v (found %v), want a 1..5 scale", q, ok)
	}
}
