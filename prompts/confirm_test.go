package prompts

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckConfirmOptOut(t *testing.T) {
	tests := []struct {
		text, lang string
		ok         bool
		want       string // part of the problem
	}{
		{DefaultConfirmOptOutEN, "en", true, ""},
		{DefaultConfirmOptOutZH, "zh", true, ""},
		{"Just to be sure: do you want us to stop calling you?", "en", true, ""},
		{"Should we remove this number from our list?", "en", true, ""},
		{"Shall we take your number off our list?", "en", true, ""},
		{"要不要我们停止拨打您的电话？", "zh", true, ""},
		{"請問需要我們以後不再撥打這個號碼嗎？", "zh", true, ""},
		{"Would you like us to stop calling this number.", "en", false, "ending in"},
		{"How should we contact you?", "en", false, `starting with "how"`},
		{"Please tell me if we should stop calling?", "en", false, `not "please"`},
		{"Would you like us to stop calling, or call later?", "en", false, "choice"},
		{"Would you like to continue the survey?", "en", false, "stop calling"},
		{"需要我们以后不再拨打这个号码吗？", "en", false, "not in English"},
		{"Would you like us to stop calling this number?", "zh", false, "not in Chinese"},
		{"我们以后不再拨打这个号码。", "zh", false, "ending in ？"},
		{"我们是停止拨打还是继续回访？", "zh", false, "还是"},
		{"我们以后不再拨打这个号码？", "zh", false, "吗"},
		{"您还愿意接听我们的回访吗？", "zh", false, "stop calling"},
	}
	for _, tt := range tests {
		got := CheckConfirmOptOut(tt.text, tt.lang)
		if tt.ok && got != "" || !tt.ok && !strings.Contains(got, tt.want) {
			t.Errorf("CheckConfirmOptOut(%q, %s): got %q, want ok=%v with %q", tt.text, tt.lang, got, tt.ok, tt.want)
		}
	}
}

// Without lines.confirm_opt_out the loader sets the language's question; a
// bad one is an error naming the field, with the sentinel.
func TestConfirmOptOutField(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "good", "minimal.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse("minimal.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Lines.ConfirmOptOut; got != DefaultConfirmOptOutEN {
		t.Errorf("default: got %q, want %q", got, DefaultConfirmOptOutEN)
	}
	own := strings.Replace(string(data), "  closing: Thank you, goodbye.\n",
		"  closing: Thank you, goodbye.\n  confirm_opt_out: Shall we stop calling you?\n", 1)
	if c, err = Parse("own.yaml", []byte(own)); err != nil || c.Lines.ConfirmOptOut != "Shall we stop calling you?" {
		t.Errorf("own question: got %+v, %v, want it kept", c, err)
	}
	bad := strings.Replace(own, "Shall we stop calling you?", "How was your day?", 1)
	_, err = Parse("bad.yaml", []byte(bad))
	if !errors.Is(err, ErrConfirmOptOut) || !strings.Contains(err.Error(), "bad.yaml:21:20: lines.confirm_opt_out: ") {
		t.Errorf("bad question: got %v, want ErrConfirmOptOut at bad.yaml:21:20", err)
	}
	empty := strings.Replace(own, "Shall we stop calling you?", `""`, 1)
	if _, err = Parse("empty.yaml", []byte(empty)); err == nil || !strings.Contains(err.Error(), "lines.confirm_opt_out: must not be empty") {
		t.Errorf("empty question: got %v, want must not be empty", err)
	}
	zh, err := Example("service-followup-zh")
	if err != nil {
		t.Fatal(err)
	}
	if msg := CheckConfirmOptOut(zh.Lines.ConfirmOptOut, "zh"); zh.Lines.ConfirmOptOut == "" || msg != "" {
		t.Errorf("zh example: got %q (%s), want a valid Chinese question", zh.Lines.ConfirmOptOut, msg)
	}
	if got := (&Campaign{Language: "zh"}).ConfirmOptOut(); got != DefaultConfirmOptOutZH {
		t.Errorf("campaign built in code: got %q, want the zh default", got)
	}
}
