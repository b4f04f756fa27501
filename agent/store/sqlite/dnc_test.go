package sqlite

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"candor/agent"
	"candor/agent/store"
)

func TestOptOutDurable(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	o := testOptOut("Acme Water", "+14155550134")
	if err := s.AddOptOut(ctx, o); err != nil {
		t.Fatalf("AddOptOut: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	on, err := s2.IsOnDNC(ctx, o.Business, o.Number)
	if err != nil || !on {
		t.Fatalf("IsOnDNC after reopening: got %v, %v; want true", on, err)
	}
	// Stored under the business id; listed by the name too.
	want := o
	want.Business = "acme-water"
	list, err := s2.ListDNC(ctx, o.Business)
	if err != nil || len(list) != 1 || !reflect.DeepEqual(list[0], want) {
		t.Errorf("ListDNC after reopening: got %+v (%v), want [%+v]", list, err, want)
	}
}

func TestDNCScope(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	const a, b, c = "Business A", "Business B", "Business C"
	if err := s.AddOptOut(ctx, testOptOut(a, "+14155550134")); err != nil {
		t.Fatal(err)
	}
	o := testOptOut(store.AllBusinesses, "+12125550101")
	o.Reason = "registry"
	if err := s.AddOptOut(ctx, o); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		business, number string
		want             bool
	}{
		{a, "+14155550134", true},
		{a, "+1 (415) 555-0134", true}, // looked up in canonical form
		{b, "+14155550134", false},
		{"", "+14155550134", false},
		{a, "+14155550135", false},
		{b, "+12125550101", true}, // registry entries block every business
		{c, "+12125550101", true},
	}
	for _, tt := range tests {
		got, err := s.IsOnDNC(ctx, tt.business, tt.number)
		if err != nil || got != tt.want {
			t.Errorf("IsOnDNC(%q, %q): got %v (%v), want %v", tt.business, tt.number, got, err, tt.want)
		}
	}
	if list, _ := s.ListDNC(ctx, b); len(list) != 0 {
		t.Errorf("ListDNC(%q): got %+v, want none", b, list)
	}
	if list, _ := s.ListDNC(ctx, ""); len(list) != 2 {
		t.Errorf("ListDNC(all): got %d entries, want 2", len(list))
	}
}

func TestAddOptOutIdempotent(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	first := testOptOut("acme", "+14155550134")
	second := first
	second.Utterance, second.CallID, second.Reason = "remove me", "call-2", "dtmf"
	for _, o := range []agent.OptOut{first, second, first} {
		if err := s.AddOptOut(ctx, o); err != nil {
			t.Fatalf("AddOptOut: %v", err)
		}
	}
	list, err := s.ListDNC(ctx, "Acme")
	if err != nil || len(list) != 1 || !reflect.DeepEqual(list[0], first) {
		t.Errorf("got %+v (%v), want only the first entry %+v", list, err, first)
	}
}

func TestAddOptOutDefaultsAndValidation(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	for _, o := range []agent.OptOut{{Business: "Acme"}, {Number: "+14155550134"}, {Number: " ", Business: "Acme"}} {
		if err := s.AddOptOut(ctx, o); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("AddOptOut(%+v): got %v, want store.ErrInvalid", o, err)
		}
	}
	// A number libphonenumber rejects is still recorded, never dropped.
	if err := s.AddOptOut(ctx, agent.OptOut{Number: "+1 415 555", Business: "Acme"}); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListDNC(ctx, "Acme")
	if err != nil || len(list) != 1 || list[0].Reason != "opt_out" || list[0].At.IsZero() || list[0].Number != "+1 415 555" {
		t.Errorf("got %+v (%v), want one entry with reason opt_out and a time", list, err)
	}
}

func TestRemoveDNC(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	o := testOptOut("acme", "+14155550134")
	if err := s.AddOptOut(ctx, o); err != nil {
		t.Fatal(err)
	}
	for _, reason := range []string{"", "   "} {
		if err := s.RemoveDNC(ctx, "Acme", o.Number, reason); !errors.Is(err, store.ErrReasonRequired) {
			t.Errorf("RemoveDNC(reason %q): got %v, want store.ErrReasonRequired", reason, err)
		}
	}
	if on, _ := s.IsOnDNC(ctx, "Acme", o.Number); !on {
		t.Fatal("a refused removal took the number off the list")
	}
	if err := s.RemoveDNC(ctx, "Other", o.Number, "consent form 17"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RemoveDNC(other business): got %v, want store.ErrNotFound", err)
	}
	if err := s.RemoveDNC(ctx, "Acme", o.Number, "written consent, form 17"); err != nil {
		t.Fatalf("RemoveDNC: %v", err)
	}
	if on, _ := s.IsOnDNC(ctx, "Acme", o.Number); on {
		t.Error("IsOnDNC after removal: got true, want false")
	}
	if err := s.RemoveDNC(ctx, "Acme", o.Number, "again"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RemoveDNC twice: got %v, want store.ErrNotFound", err)
	}
	audit, err := s.DNCRemovals(ctx, "Acme")
	if err != nil || len(audit) != 1 {
		t.Fatalf("DNCRemovals: got %+v (%v), want one removal", audit, err)
	}
	if a := audit[0]; a.Reason != "written consent, form 17" || !reflect.DeepEqual(a.Entry, o) || a.RemovedAt.IsZero() {
		t.Errorf("audit entry: got %+v, want the removed entry %+v with its reason and time", a, o)
	}
	// The number can be opted out again, and removed again, each audited.
	if err := s.AddOptOut(ctx, o); err != nil {
		t.Fatal(err)
	}
	if on, _ := s.IsOnDNC(ctx, "Acme", o.Number); !on {
		t.Error("IsOnDNC after re-adding: got false, want true")
	}
	if err := s.RemoveDNC(ctx, "Acme", o.Number, "second consent"); err != nil {
		t.Fatal(err)
	}
	if audit, _ := s.DNCRemovals(ctx, ""); len(audit) != 2 {
		t.Errorf("DNCRemovals: got %d, want 2", len(audit))
	}
}

func TestConcurrentAddOptOut(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	const workers, perWorker = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				// Half the numbers are shared by all workers, half are the worker's own.
				n := fmt.Sprintf("+1415555%04d", i)
				if i%2 == 1 {
					n = fmt.Sprintf("+1212555%02d%02d", w, i)
				}
				if err := s.AddOptOut(ctx, testOptOut("Acme", n)); err != nil {
					errs <- err
				}
				if on, err := s.IsOnDNC(ctx, "Acme", n); err != nil || !on {
					errs <- fmt.Errorf("IsOnDNC right after AddOptOut: got %v, %v", on, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	list, err := s.ListDNC(ctx, "Acme")
	shared, own := (perWorker+1)/2, perWorker/2
	if want := shared + workers*own; err != nil || len(list) != want {
		t.Errorf("ListDNC: got %d entries (%v), want %d", len(list), err, want)
	}
}

func BenchmarkIsOnDNC(b *testing.B) {
	ctx := context.Background()
	s, _ := openTest(b)
	for i := range 1000 {
		if err := s.AddOptOut(ctx, testOptOut("Acme", fmt.Sprintf("+1415555%04d", i))); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if on, err := s.IsOnDNC(ctx, "Acme", "+14155550500"); err != nil || !on {
			b.Fatal(on, err)
		}
	}
}

func BenchmarkAddOptOut(b *testing.B) {
	ctx := context.Background()
	s, _ := openTest(b)
	i := 0
	for b.Loop() {
		i++
		if err := s.AddOptOut(ctx, testOptOut("Acme", fmt.Sprintf("+1212%07d", i))); err != nil {
			b.Fatal(err)
		}
	}
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
