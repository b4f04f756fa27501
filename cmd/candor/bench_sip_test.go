package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestBenchSIPFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"bench", "sip", "--calls", "0"}, "--calls must be >= 1"},
		{[]string{"bench", "sip", "--seconds", "-1"}, "--seconds"},
	}
	for _, tc := range tests {
		var out, errb bytes.Buffer
		code := run(context.Background(), tc.args, strings.NewReader(""), &out, &errb)
		if code == 0 || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%v: exit %d stderr %q, want failure mentioning %q", tc.args, code, errb.String(), tc.want)
		}
	}
}
