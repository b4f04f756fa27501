package web

import (
	"fmt"

	"candor/agent/report"
)

// columnChart is the SVG model of a column chart whose columns may stack
// several parts (outcomes per day, a latency histogram).
type columnChart struct {
	Title  string
	Width  int
	Height int
	Cols   []column
	Legend []legendItem
	// Max is the top of the scale; Note says what a column counts.
	Max  int
	Note string
}

type column struct {
	X, LabelX int
	Label     string
	Parts     []columnPart
	Total     int
	TotalY    int
}

type columnPart struct {
	X, Y, H int
	Class   string
	Title   string
}

type legendItem struct{ Class, Label string }

const (
	colPlotH  = 160
	colTop    = 18
	colW      = 28
	colGap    = 10
	colLeft   = 8
	colLabelH = 34
)

// stackedColumns lays out one column per label, stacking counts[i][j]
// (part j of column i) with classes and names of the parts.
func stackedColumns(title, note string, labels []string, parts []legendItem, counts [][]int) columnChart {
	c := columnChart{Title: title, Note: note, Legend: parts, Height: colTop + colPlotH + colLabelH,
		Width: max(colLeft*2+len(labels)*(colW+colGap), 200)}
	for _, cs := range counts {
		t := 0
		for _, n := range cs {
			t += n
		}
		c.Max = max(c.Max, t)
	}
	for i, l := range labels {
		col := column{X: colLeft + i*(colW+colGap), Label: l}
		col.LabelX = col.X + colW/2
		y := colTop + colPlotH
		for j, n := range counts[i] {
			col.Total += n
			if n == 0 || c.Max == 0 {
				continue
			}
			h := max(n*colPlotH/c.Max, 1)
			y -= h
			col.Parts = append(col.Parts, columnPart{X: col.X, Y: y, H: h, Class: parts[j].Class, Title: fmt.Sprintf("%s · %s: %d", l, parts[j].Label, n)})
		}
		col.TotalY = y - 4
		c.Cols = append(c.Cols, col)
	}
	return c
}

// outcomesPerDay: calls per UTC day split into completed, opted out,
// refused and the rest (the same counts as the table beside it).
func outcomesPerDay(days []report.Day) columnChart {
	parts := []legendItem{{"c-completed", "completed"}, {"c-optout", "opted out"}, {"c-refused", "refused"}, {"c-other", "other outcomes"}}
	var labels []string
	var counts [][]int
	for _, d := range days {
		labels = append(labels, d.Day.Format("01-02"))
		other := max(d.Calls-d.Completed-d.OptOuts-d.Refusals, 0)
		counts = append(counts, []int{d.Completed, d.OptOuts, d.Refusals, other})
	}
	return stackedColumns("Outcomes per day (UTC)", "Calls placed per day of their start; numbers skipped at dial time are not calls.", labels, parts, counts)
}

// latencyHistogram buckets the measured voice-to-voice times by 200 ms (the
// last bucket holds everything from 2 s on). Untimed turns are not in it.
func latencyHistogram(ms []float64) columnChart {
	const step, buckets = 200, 11
	counts := make([][]int, buckets)
	labels := make([]string, buckets)
	for i := range buckets {
		counts[i] = []int{0}
	}
	for _, v := range ms {
		counts[min(int(v)/step, buckets-1)][0]++
	}
	for i := range labels {
		labels[i] = fmt.Sprintf("%.1f", float64(i*step)/1000)
	}
	labels[buckets-1] = "2.0+"
	c := stackedColumns("Voice-to-voice latency (seconds, 200 ms buckets)",
		fmt.Sprintf("%d timed agent turns: from the callee's end of speech to the agent's first audio. Untimed turns are left out.", len(ms)),
		labels, []legendItem{{"c-latency", "agent turns"}}, counts)
	c.Legend = nil
	return c
}

// answerLabel names an answer value on a chart; the unintelligible ones are named.
func answerLabel(v string) string {
	if v == "" || v == report.Unintelligible {
		return "unintelligible"
	}
	return v
}
