package agent

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitterStreams(t *testing.T) {
	cases := []struct {
		name   string
		chunks []string
		want   []string
	}{
		{"two sentences", []string{"Hello there. How", " are you?"}, []string{"Hello there.", "How are you?"}},
		{"decimal", []string{"It costs 3.", "5 dollars. Ok"}, []string{"It costs 3.5 dollars.", "Ok"}},
		{"abbreviation", []string{"Dr. Smith will call. Bye"}, []string{"Dr. Smith will call.", "Bye"}},
		{"chinese", []string{"您好。请问您", "满意吗？好的"}, []string{"您好。", "请问您满意吗？", "好的"}},
		{"ellipsis and quotes", []string{"Well... \"yes.\" Fine!"}, []string{"Well...", "\"yes.\"", "Fine!"}},
		{"token by token", strings.SplitAfter("One two. Three four? Five", ""), []string{"One two.", "Three four?", "Five"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var s Splitter
			var got []string
			for _, c := range tc.chunks {
				got = append(got, s.Push(c)...)
			}
			if last := s.Flush(); last != "" {
				got = append(got, last)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSplitterEmitsBeforeEnd(t *testing.T) {
	var s Splitter
	if got := s.Push("First sentence. Second"); len(got) != 1 || got[0] != "First sentence." {
		t.Errorf("got %q, want the first sentence as soon as it is complete", got)
	}
}

func FuzzSplitter(f *testing.F) {
	for _, s := range []string{"Hello. World", "您好。再见", "3.5 is. ok", "...", "Mr. X. Y"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, text string, step int) {
		if step <= 0 || step > 50 {
			step = 1
		}
		var s Splitter
		var got []string
		for i := 0; i < len(text); i += step {
			got = append(got, s.Push(text[i:min(i+step, len(text))])...)
		}
		got = append(got, s.Flush())
		// No text is lost or invented: joined output equals input without whitespace.
		strip := func(x string) string { return strings.Join(strings.Fields(x), "") }
		if strip(strings.Join(got, "")) != strip(text) {
			t.Errorf("splitting %q lost or changed text: %q", text, got)
		}
	})
}
