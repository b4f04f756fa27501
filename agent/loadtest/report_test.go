package loadtest

import (
	"fmt"
	"strings"
	"testing"
)

func TestSIPResultReport(t *testing.T) {
	r := SIPResult{Calls: 20, Connected: 20, Completed: 8, SippOK: true, P99: 1.5}
	for i := range 12 {
		r.Failures = append(r.Failures, fmt.Sprintf("call %d: no BYE", i))
	}
	var b strings.Builder
	r.WriteReport(&b)
	out := b.String()
	for _, want := range []string{"calls 20: 20 connected, 8 completed", "failure: call 9: no BYE\n... 2 more failures\n",
		"result: calls=20 all_completed=false p99_ms=1.500 within_5ms=true\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("report %q lacks %q", out, want)
		}
	}
	if r.OK() {
		t.Error("OK with calls not completed, want false")
	}
}

func TestLinesResultReport(t *testing.T) {
	var b strings.Builder
	LinesResult{Calls: 4, Frames: 100, P99: 2.25, Cores: 0.5}.WriteReport(&b)
	if out := b.String(); !strings.Contains(out, "p99 2.25 ms") || !strings.Contains(out, "12.50% of a core per call") {
		t.Errorf("report %q, want the p99 and the CPU share per call", out)
	}
}
