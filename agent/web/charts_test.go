package web

import (
	"reflect"
	"testing"
	"time"

	"candor/agent/report"
)

func TestLatencyHistogram(t *testing.T) {
	for _, tc := range []struct {
		ms   []float64
		want map[string]int // bucket label -> count (others 0)
	}{
		{nil, map[string]int{}},
		{[]float64{0.5, 199, 200, 650, 1999, 2000, 9000}, map[string]int{"0.0": 2, "0.2": 1, "0.6": 1, "1.8": 1, "2.0+": 2}},
	} {
		c := latencyHistogram(tc.ms)
		got := map[string]int{}
		for _, col := range c.Cols {
			if col.Total > 0 {
				got[col.Label] = col.Total
			}
		}
		if len(c.Cols) != 11 || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%v: got %d buckets %v, want 11 buckets %v", tc.ms, len(c.Cols), got, tc.want)
		}
	}
}

func TestOutcomesPerDay(t *testing.T) {
	d := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	c := outcomesPerDay([]report.Day{{Day: d, Calls: 10, Completed: 5, OptOuts: 2, Refusals: 1}, {Day: d.AddDate(0, 0, 1), Calls: 2, Completed: 2}})
	var got [][]string
	for _, col := range c.Cols {
		var cls []string
		for _, p := range col.Parts {
			cls = append(cls, p.Class)
		}
		got = append(got, append([]string{col.Label}, cls...))
	}
	want := [][]string{{"12-07", "c-completed", "c-optout", "c-refused", "c-other"}, {"12-08", "c-completed"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("columns: got %v, want %v", got, want)
	}
	if c.Max != 10 || c.Cols[0].Parts[0].H != colPlotH/2 {
		t.Errorf("scale: got max %d, completed height %d; want 10, %d", c.Max, c.Cols[0].Parts[0].H, colPlotH/2)
	}
	if got, want := answerLabel(report.Unintelligible), "unintelligible"; got != want {
		t.Errorf("answer label: got %q, want %q", got, want)
	}
}
