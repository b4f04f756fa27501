package sqlite

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"candor/agent/store"
	"candor/guardrails"
)

const (
	nyNumber = "+12125550101"
	flNumber = "+13055550102"
)

// inWindow is 10:00 in New York.
var inWindow = time.Date(2025, 7, 1, 14, 0, 0, 0, time.UTC)

func claimReq(number string, at time.Time) store.ClaimRequest {
	return store.ClaimRequest{Business: "Acme", Campaign: "survey-1", Number: number, Now: at,
		Window: guardrails.DefaultWindowPolicy(), Caps: guardrails.CapPolicy{PerDay: 3, Per30Days: 10, MinGap: time.Minute}}
}

func TestImportConsentAndRegistry(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	good := store.Consent{Business: "Acme", Number: nyNumber, Text: "ok", At: inWindow, Source: "form"}
	bad := good
	bad.Number = "555"
	if _, err := s.ImportConsent(ctx, []store.Consent{good, bad}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("import with a bad record: err = %v, want store.ErrInvalid", err)
	}
	if n, err := s.ImportConsent(ctx, []store.Consent{good, good}); err != nil || n != 1 {
		t.Errorf("import = %d, %v; want 1 new (nothing from the failed import)", n, err)
	}
	if n, err := s.ImportRegistry(ctx, "us", inWindow, []string{nyNumber, nyNumber, flNumber}); err != nil || n != 2 {
		t.Errorf("ImportRegistry = %d, %v; want 2", n, err)
	}
	on, err := s.IsOnDNC(ctx, "Anyone", flNumber)
	if err != nil || !on {
		t.Errorf("IsOnDNC after registry import = %v, %v; want true", on, err)
	}
}

func BenchmarkClaimDial(b *testing.B) {
	ctx := context.Background()
	s, _ := openTest(b)
	at := inWindow
	i := 0
	for b.Loop() {
		r := claimReq(fmt.Sprintf("+1212555%04d", i%10000), at)
		if _, err := s.ClaimDial(ctx, r); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
