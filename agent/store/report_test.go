package store

import "testing"

func TestMergeReport(t *testing.T) {
	shared := CampaignReport{Campaign: "c", Contacts: 10, Attempts: 7, Calls: 6, ByOutcome: map[string]int{"completed": 4, "opted_out": 2},
		OptOuts: 2, Skipped: map[string]int{"dnc": 3}}
	local := CampaignReport{Campaign: "c", Calls: 3, Answered: 3, DisclosureComplete: 3, OptOuts: 1, OptOutRate: 1.0 / 3,
		DisclosureRate: 1, ByOutcome: map[string]int{"completed": 2, "opted_out": 1}, Answers: []AnswerCount{{"q", "5", 2}}}
	for _, tt := range []struct {
		name          string
		shared, local CampaignReport
		calls, optOut int
		answered      int
		rate          float64
	}{
		{"shared and local", shared, local, 6, 2, 3, 1.0 / 3},
		{"shared only", shared, CampaignReport{}, 6, 2, 0, 0},
		{"local holds unsettled calls", CampaignReport{Campaign: "c", Calls: 1, OptOuts: 0}, local, 3, 1, 3, 1.0 / 3},
	} {
		r := MergeReport(tt.shared, tt.local)
		if r.Calls != tt.calls || r.OptOuts != tt.optOut || r.Answered != tt.answered || r.OptOutRate != tt.rate ||
			r.Campaign != "c" || r.ByOutcome == nil || r.Skipped == nil || r.Answers == nil {
			t.Errorf("%s: got %+v, want %d calls, %d opt-outs, %d answered, rate %v", tt.name, r, tt.calls, tt.optOut, tt.answered, tt.rate)
		}
	}
}
