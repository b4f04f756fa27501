package sqlite

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"candor/agent"
	"candor/agent/store"
	"candor/guardrails"
)

func boolp(b bool) *bool { return &b }

func saveWebCalls(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	day := time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)
	calls := []*agent.CallRecord{
		{ID: "aa01", Campaign: "c1", Business: "B", Number: "+14155550101", StartedAt: day, AnsweredAt: day,
			Outcome: agent.OutcomeCompleted,
			Answers: []agent.SurveyAnswer{{QuestionID: "q1", Value: "4"}, {QuestionID: "q2", Value: "yes"}}},
		{ID: "aa02", Campaign: "c1", Business: "B", Number: "+14155550102", StartedAt: day.Add(time.Hour), AnsweredAt: day.Add(time.Hour),
			Outcome: agent.OutcomeCompleted,
			Events:  []guardrails.Event{{Kind: guardrails.EventBlocked, Category: guardrails.CategoryClaimsHuman, Text: "I am a person"}},
			Answers: []agent.SurveyAnswer{{QuestionID: "q1", Value: "4"}}},
		{ID: "aa03", Campaign: "c1", Business: "B", Number: "+14155550103", StartedAt: day.Add(24 * time.Hour), AnsweredAt: day.Add(24 * time.Hour),
			Outcome: agent.OutcomeOptOut, OptOut: true,
			Events: []guardrails.Event{{Kind: guardrails.EventDisclose}, {Kind: guardrails.EventOptOut}}},
		{ID: "bb01", Campaign: "c2", Business: "B", Number: "+14155550104", StartedAt: day, Outcome: agent.OutcomeNoAnswer,
			Events: []guardrails.Event{{Kind: guardrails.EventDisclose}}},
		{ID: "bb02", Campaign: "c1", Business: "B", Number: "+14155550105", StartedAt: day, Sandbox: true, AnsweredAt: day,
			Outcome: agent.OutcomeCompleted, Answers: []agent.SurveyAnswer{{QuestionID: "q1", Value: "1"}}},
	}
	for _, c := range calls {
		if err := s.SaveCall(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReviewCallsFilters(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	saveWebCalls(t, s)
	for _, r := range []store.Review{
		{CallID: "aa01", Kind: store.ReviewFlag, Reviewer: "r"},
		{CallID: "aa01", Kind: store.ReviewUnflag, Reviewer: "r"},
		{CallID: "aa02", Kind: store.ReviewFlag, Reviewer: "r"},
		{CallID: "bb01", Kind: store.ReviewReviewed, Reviewer: "r"},
	} {
		if _, err := s.AddReview(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	day := time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		f    store.ReviewFilter
		want []string
	}{
		{"all", store.ReviewFilter{}, []string{"aa03", "aa02", "bb02", "bb01", "aa01"}},
		{"campaign", store.ReviewFilter{CallFilter: store.CallFilter{Campaign: "c2"}}, []string{"bb01"}},
		{"outcome", store.ReviewFilter{CallFilter: store.CallFilter{Outcome: agent.OutcomeOptOut}}, []string{"aa03"}},
		{"opt-out no", store.ReviewFilter{OptOut: boolp(false), CallFilter: store.CallFilter{Campaign: "c1"}}, []string{"aa02", "bb02", "aa01"}},
		{"intervention yes", store.ReviewFilter{Intervention: boolp(true)}, []string{"aa03", "aa02"}},
		{"intervention no", store.ReviewFilter{Intervention: boolp(false)}, []string{"bb02", "bb01", "aa01"}},
		{"flagged (unflag wins)", store.ReviewFilter{Flagged: boolp(true)}, []string{"aa02"}},
		{"reviewed", store.ReviewFilter{Reviewed: boolp(true)}, []string{"bb01"}},
		{"date range", store.ReviewFilter{CallFilter: store.CallFilter{Since: day.Add(24 * time.Hour), Until: day.Add(48 * time.Hour)}}, []string{"aa03"}},
	}
	for _, tt := range tests {
		got, err := s.ReviewCalls(ctx, tt.f)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var ids []string
		for _, c := range got {
			ids = append(ids, c.ID)
		}
		if !slices.Equal(ids, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, ids, tt.want)
		}
	}
}

func TestReviews(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	saveWebCalls(t, s)
	if _, err := s.AddReview(ctx, store.Review{CallID: "zz", Kind: store.ReviewFlag, Reviewer: "r"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("review of unknown call: got %v, want store.ErrNotFound", err)
	}
	for _, bad := range []store.Review{
		{CallID: "aa01", Kind: "delete", Reviewer: "r"},
		{CallID: "aa01", Kind: store.ReviewComment, Reviewer: "r", Body: "  "},
		{CallID: "aa01", Kind: store.ReviewFlag},
	} {
		if _, err := s.AddReview(ctx, bad); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("AddReview(%+v): got %v, want store.ErrInvalid", bad, err)
		}
	}
	if _, err := s.AddReview(ctx, store.Review{CallID: "aa01", Kind: store.ReviewComment, Reviewer: "rita", Body: " odd pause "}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddReview(ctx, store.Review{CallID: "aa01", Kind: store.ReviewFlag, Reviewer: "rita"}); err != nil {
		t.Fatal(err)
	}
	rs, err := s.Reviews(ctx, "aa01")
	if err != nil || len(rs) != 2 || rs[0].Body != "odd pause" || rs[0].Reviewer != "rita" || rs[0].At.IsZero() {
		t.Fatalf("Reviews: got %+v, %v, want the comment then the flag, with reviewer and time", rs, err)
	}
	if f, r := store.ReviewState(rs); !f || r {
		t.Errorf("ReviewState: got flagged=%v reviewed=%v, want true false", f, r)
	}
}

func TestAudit(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if err := s.Audit(ctx, store.AuditEntry{Actor: "a", Action: "view_number", Subject: "call-1"}, store.AuditEntry{Actor: "a", Action: "export_dnc"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Audit(ctx, store.AuditEntry{Action: "x"}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("audit without actor: got %v, want store.ErrInvalid", err)
	}
	log, err := s.AuditLog(ctx, 10)
	if err != nil || len(log) != 2 || log[0].Action != "export_dnc" || log[1].Subject != "call-1" {
		t.Errorf("AuditLog: got %+v, %v, want export_dnc then view_number", log, err)
	}
}
