package sqlite

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"candor/agent"
	"candor/agent/contacts"
	"candor/guardrails"
)

func TestCampaignFacts(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	full := fullRecord("f1") // callback outcome, opt-out, disclosure complete, 2 blocked
	if err := s.SaveCall(ctx, full); err != nil {
		t.Fatal(err)
	}
	for i, o := range []agent.Outcome{agent.OutcomeCompleted, agent.OutcomeCompleted, agent.OutcomeNoAnswer} {
		rec := &agent.CallRecord{ID: fmt.Sprint("s", i), Campaign: "survey-1", Business: full.Business,
			Number: "+12125550101", Outcome: o, DisclosureComplete: o != agent.OutcomeNoAnswer, LatenciesMS: []int64{int64(100 * i)},
			Events:  []guardrails.Event{{Kind: guardrails.EventBlocked}, {Kind: guardrails.EventIntent}},
			Answers: []agent.SurveyAnswer{{QuestionID: "q1", Value: fmt.Sprint(i)}}}
		if err := s.SaveCall(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	for _, rec := range []*agent.CallRecord{
		{ID: "elsewhere", Campaign: "other", Outcome: agent.OutcomeCompleted},
		{ID: "sb1", Campaign: "survey-1", Sandbox: true, Outcome: agent.OutcomeOptOut, Answers: []agent.SurveyAnswer{{QuestionID: "q1", Value: "9"}}},
		{ID: "sb2", Campaign: "tried-only", Sandbox: true, Outcome: agent.OutcomeCompleted},
	} {
		if err := s.SaveCall(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.ImportContacts(ctx, "survey-1", []contacts.Contact{{Phone: "+12125550101"}, {Phone: "+14155550134"}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.CampaignFacts(ctx, "survey-1", false)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	answers := 0
	for _, c := range got.Calls {
		ids = append(ids, c.ID)
		answers += len(c.Answers)
	}
	slices.Sort(ids)
	if got.Contacts != 2 || got.DNCAdded != 1 || got.PendingCallbacks != 1 || !slices.Equal(ids, []string{"f1", "s0", "s1", "s2"}) || answers != 3+len(full.Answers) {
		t.Errorf("production: got contacts %d, dnc %d, callbacks %d, calls %v, %d answers; want 2, 1, 1, [f1 s0 s1 s2], %d answers",
			got.Contacts, got.DNCAdded, got.PendingCallbacks, ids, answers, 3+len(full.Answers))
	}
	sb, err := s.CampaignFacts(ctx, "survey-1", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(sb.Calls) != 1 || sb.Calls[0].ID != "sb1" || len(sb.Calls[0].Answers) != 1 || sb.Contacts != 0 {
		t.Errorf("sandbox: got %+v, want call sb1 alone with its answer and no dialler counts", sb)
	}
	names, err := s.ProductionCampaigns(ctx)
	if err != nil || !slices.Equal(names, []string{"other", "survey-1"}) {
		t.Errorf("ProductionCampaigns: got %v, %v, want [other survey-1] (tried-only is sandbox only)", names, err)
	}
	all, err := s.Campaigns(ctx)
	if err != nil || !slices.Equal(all, []string{"other", "survey-1", "tried-only"}) {
		t.Errorf("Campaigns: got %v, %v, want [other survey-1 tried-only]", all, err)
	}
}
