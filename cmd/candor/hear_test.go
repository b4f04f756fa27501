package main

import (
	"strings"
	"testing"
)

func TestHearUsage(t *testing.T) {
	cases := []struct {
		args     []string
		wantCode int
		wantErr  string
	}{
		{[]string{"hear"}, 2, "Usage: candor hear"},
		{[]string{"hear", "--campaign", "service-followup-en"}, 2, "Usage: candor hear"},
		{[]string{"hear", "x.wav"}, 2, "Usage: candor hear"},
		{[]string{"hear", "--campaign", "no-such-campaign", "x.wav"}, 1, "no-such-campaign"},
		{[]string{"hear", "--campaign", "service-followup-en", "--question", "nope", "x.wav"}, 1, `no question "nope"`},
	}
	for _, c := range cases {
		code, _, errs := runCLI(t, "", c.args...)
		if code != c.wantCode || !strings.Contains(errs, c.wantErr) {
			t.Errorf("%v: got exit %d, stderr %q; want exit %d and %q", c.args, code, errs, c.wantCode, c.wantErr)
		}
	}
}
