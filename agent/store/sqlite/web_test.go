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

func TestAddUser(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if _, err := s.AddUser(ctx, "alice", store.RoleAdmin, "hash-a"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, user string
		role       store.Role
		hash       string
		want       error
	}{
		{"duplicate", "alice", store.RoleReviewer, "h", store.ErrExists},
		{"bad role", "bob", store.Role("root"), "h", store.ErrInvalid},
		{"empty hash", "bob", store.RoleReviewer, "", store.ErrInvalid},
		{"space in name", "bo b", store.RoleReviewer, "h", store.ErrInvalid},
		{"markup in name", "<b>", store.RoleReviewer, "h", store.ErrInvalid},
		{"ok", "bob", store.RoleReviewer, "h", nil},
	}
	for _, tt := range tests {
		_, err := s.AddUser(ctx, tt.user, tt.role, tt.hash)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: AddUser: got %v, want %v", tt.name, err, tt.want)
		}
	}
	u, err := s.UserByName(ctx, "bob")
	if err != nil || u.Role != store.RoleReviewer || u.PasswordHash != "h" {
		t.Errorf("UserByName(bob): got %+v, %v, want reviewer with hash h", u, err)
	}
	if _, err := s.UserByName(ctx, "carol"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UserByName(carol): got %v, want store.ErrNotFound", err)
	}
	users, err := s.ListUsers(ctx)
	if err != nil || len(users) != 2 || users[0].Name != "alice" {
		t.Errorf("ListUsers: got %+v, %v, want alice and bob", users, err)
	}
}

func TestSessions(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	u, err := s.AddUser(ctx, "alice", store.RoleReviewer, "h")
	if err != nil {
		t.Fatal(err)
	}
	now := s.now()
	if err := s.CreateSession(ctx, "live", u.ID, "csrf-1", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, "old", u.ID, "csrf-2", now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	ws, err := s.SessionByHash(ctx, "live")
	if err != nil || ws.User.Name != "alice" || ws.CSRF != "csrf-1" {
		t.Errorf("SessionByHash(live): got %+v, %v, want alice with csrf-1", ws, err)
	}
	if _, err := s.SessionByHash(ctx, "old"); !errors.Is(err, store.ErrExpired) {
		t.Errorf("SessionByHash(old): got %v, want store.ErrExpired", err)
	}
	if _, err := s.SessionByHash(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SessionByHash(nope): got %v, want store.ErrNotFound", err)
	}
	if err := s.DeleteSession(ctx, "live"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByHash(ctx, "live"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after logout: got %v, want store.ErrNotFound", err)
	}
	// A new password ends every session.
	if err := s.CreateSession(ctx, "again", u.ID, "c", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(ctx, "alice", "h2"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByHash(ctx, "again"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after password change: got %v, want store.ErrNotFound", err)
	}
}

func TestAPITokens(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if _, err := s.AddUser(ctx, "bot", store.RoleReviewer, "h"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddAPIToken(ctx, "bot", "tok-hash", "ci"); err != nil {
		t.Fatal(err)
	}
	if err := s.AddAPIToken(ctx, "ghost", "other", ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("AddAPIToken(ghost): got %v, want store.ErrNotFound", err)
	}
	u, err := s.UserByAPIToken(ctx, "tok-hash")
	if err != nil || u.Name != "bot" {
		t.Errorf("UserByAPIToken: got %+v, %v, want bot", u, err)
	}
	if _, err := s.UserByAPIToken(ctx, "wrong"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UserByAPIToken(wrong): got %v, want store.ErrNotFound", err)
	}
}

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

func TestDashboardQueries(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	saveWebCalls(t, s)
	got, err := s.AnswerCounts(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	want := []store.AnswerCount{{QuestionID: "q1", Value: "4", Count: 2}, {QuestionID: "q2", Value: "yes", Count: 1}}
	if !slices.Equal(got, want) {
		t.Errorf("AnswerCounts: got %v, want %v (sandbox left out)", got, want)
	}
	days, err := s.DailyCounts(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 2 || days[0].Dialed != 2 || days[0].Completed != 2 || days[1].OptedOut != 1 || days[1].Day.Day() != 3 {
		t.Errorf("DailyCounts: got %+v, want two days: 2 completed, then 1 opt-out", days)
	}
	cs, err := s.Campaigns(ctx)
	if err != nil || !slices.Equal(cs, []string{"c1", "c2"}) {
		t.Errorf("Campaigns: got %v, %v, want [c1 c2]", cs, err)
	}
}
