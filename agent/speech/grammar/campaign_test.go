package grammar

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"candor/prompts"
)

func TestForCampaignGolden(t *testing.T) {
	c, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	// No dictionary: the golden file must not depend on what is installed.
	got := JSGF(ForCampaignDict(c, nil))
	path := filepath.Join("testdata", "campaign_service_followup_en.jsgf")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run go test -update): %v", err)
	}
	if got != string(want) {
		t.Errorf("ForCampaign(service-followup-en): got\n%s\nwant\n%s", got, want)
	}
	assertSafeGrammar(t, got)
}

func TestForCampaignContents(t *testing.T) {
	c := &prompts.Campaign{Name: "t", Survey: []prompts.Question{
		{ID: "s", Type: prompts.AnswerScale, Min: 1, Max: 3},
		{ID: "y", Type: prompts.AnswerYesNo},
		{ID: "c", Type: prompts.AnswerChoice, Choices: []string{"Phone", "Web Site!", "zzqxv"}},
		{ID: "f", Type: prompts.AnswerText},
	}}
	d, err := ReadDictionary(strings.NewReader("phone F OW N\nweb W EH B\nsite S AY T\nby B AY\nthe DH AH\num AH M\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := ForCampaignDict(c, nil)
	for _, want := range []string{"one", "three", "i'd say two", "two out of three", "um yes", "yes it was", "no it wasn't",
		"phone", "by phone", "on the web site", "zzqxv", "very satisfied"} {
		if !slices.Contains(p.Answers, want) {
			t.Errorf("answers: got no %q", want)
		}
	}
	for _, absent := range []string{"four", "zero", "ten"} {
		if slices.Contains(p.Answers, absent) {
			t.Errorf("answers: got %q outside the 1..3 scale", absent)
		}
	}
	rules := map[string][]string{}
	for _, r := range p.Rules() {
		rules[r.Name] = r.Phrases
	}
	for name, want := range map[string]string{RuleOptOut: "please stop calling me", RuleRefusal: "i'm not interested",
		RuleCallback: "call me back tomorrow", RuleAskIdentity: "who is this", RuleAskIfAI: "are you a robot"} {
		if !slices.Contains(rules[name], want) {
			t.Errorf("rule %s: got no %q", name, want)
		}
	}
	// With a dictionary, phrases with unknown words go.
	f := ForCampaignDict(c, d)
	if slices.Contains(f.Answers, "zzqxv") || !slices.Contains(f.Answers, "by phone") {
		t.Errorf("dictionary filter: got %v, want zzqxv dropped and by phone kept", f.Answers)
	}
	if ForCampaignDict(nil, nil).Answers != nil || len(ForCampaignDict(nil, nil).Intents) == 0 {
		t.Errorf("nil campaign: got answers or no intents, want intents only")
	}
}

// Every phrase of the example campaign's grammar is pronounceable by the
// installed model (when installed).
func TestForCampaignDictionary(t *testing.T) {
	d, err := LoadDictionary(DefaultDictPath)
	if err != nil {
		t.Skipf("no dictionary: %v", err)
	}
	c, err := prompts.Example("service-followup-en")
	if err != nil {
		t.Fatal(err)
	}
	if _, missing := d.FilterPhrases(ForCampaignDict(c, nil)); len(missing) > 0 {
		t.Errorf("words missing from %s: %v", DefaultDictPath, missing)
	}
}
