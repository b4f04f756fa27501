package prompts

import (
	"strings"
	"testing"
)

func TestGuardJudge(t *testing.T) {
	base := string(exampleEN(t))
	tests := []struct {
		name    string
		block   string
		want    *Judge
		wantErr string // "" for none; else a piece of the error text
	}{
		{name: "absent", want: nil},
		{name: "model only", block: "guard:\n  judge:\n    model: small-judge\n",
			want: &Judge{Model: "small-judge", TimeoutMS: DefaultJudgeTimeoutMS}},
		{name: "all fields", block: "guard:\n  judge:\n    model: j\n    base_url: http://127.0.0.1:8080/v1\n    timeout_ms: 400\n",
			want: &Judge{Model: "j", BaseURL: "http://127.0.0.1:8080/v1", TimeoutMS: 400}},
		{name: "no model", block: "guard:\n  judge:\n    timeout_ms: 400\n", wantErr: "guard.judge.model: required field is missing"},
		{name: "timeout too long", block: "guard:\n  judge:\n    model: j\n    timeout_ms: 60000\n", wantErr: "guard.judge.timeout_ms: 60000 is out of range"},
		{name: "bad url", block: "guard:\n  judge:\n    model: j\n    base_url: ftp://x\n", wantErr: "guard.judge.base_url: want an http or https URL"},
		{name: "typo", block: "guard:\n  juge:\n    model: j\n", wantErr: `did you mean "judge"`},
		{name: "key in the file", block: "guard:\n  judge:\n    model: j\n    api_key: sk-x\n", wantErr: "guard.judge.api_key: unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("c.yaml", []byte(base+"\n"+tt.block))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, want an error with %q", err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), "c.yaml:") {
					t.Errorf("error %q does not name the file and line", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			switch {
			case tt.want == nil && c.Guard.Judge != nil:
				t.Errorf("judge: got %+v, want none", c.Guard.Judge)
			case tt.want != nil && (c.Guard.Judge == nil || *c.Guard.Judge != *tt.want):
				t.Errorf("judge: got %+v, want %+v", c.Guard.Judge, tt.want)
			}
		})
	}
}

// exampleEN is the source of the embedded English example.
func exampleEN(t *testing.T) []byte {
	t.Helper()
	b, err := exampleFS.ReadFile("examples/service-followup-en.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}
