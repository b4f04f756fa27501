package store

import (
	"fmt"
	"strings"
	"time"

	"candor/agent"
	"candor/agent/phone"
	"candor/prompts"
)

// AllBusinesses is the do-not-call scope that blocks every business (for
// entries imported from a national registry).
const AllBusinesses = "*"

// BusinessKey is the form business scopes are stored and looked up in: the
// business id (prompts.BusinessID: "Brightwater Plumbing Services LLC" is
// "brightwater-plumbing-services-llc"), AllBusinesses as it is. A campaign's
// id (prompts.Business.Key) is already in this form; a caller passing the
// registered name gets the same key. A name with no letter or digit stays
// trimmed text, so that no entry is lost for it.
func BusinessKey(b string) string {
	b = strings.TrimSpace(b)
	if b == AllBusinesses {
		return b
	}
	if k := prompts.BusinessID(b); k != "" {
		return k
	}
	return b
}

// ResolveBusiness maps name to the id of the business of camps it names:
// its id, display name or registered name, in any case
// (prompts.ResolveBusiness, whose errors list the known businesses).
// AllBusinesses ("*") names every business's list, the registry's scope.
func ResolveBusiness(camps []*prompts.Campaign, name string) (string, error) {
	if strings.TrimSpace(name) == AllBusinesses {
		return AllBusinesses, nil
	}
	b, err := prompts.ResolveBusiness(camps, name)
	return b.Key(), err
}

// CanonicalNumber is the form numbers are stored and looked up in: E.164
// when the number parses, else the trimmed text, so that no opt-out is ever
// lost for failing validation.
func CanonicalNumber(n string) string {
	n = strings.TrimSpace(n)
	if isE164(n) {
		// Normalize would return a valid E.164 number unchanged, and an
		// invalid one falls back to the same text: skip its cost (~80 µs).
		return n
	}
	if e164, err := phone.Normalize(n, ""); err == nil {
		return e164
	}
	return n
}

// isE164 reports whether n has the E.164 shape: a plus, a non-zero digit and
// 6 to 14 more digits.
func isE164(n string) bool {
	if len(n) < 8 || len(n) > 16 || n[0] != '+' || n[1] == '0' {
		return false
	}
	for i := 1; i < len(n); i++ {
		if n[i] < '0' || n[i] > '9' {
			return false
		}
	}
	return true
}

// DNCRemoval is one audited removal from the do-not-call list.
type DNCRemoval struct {
	// Entry is the removed entry as it was added.
	Entry     agent.OptOut
	Reason    string
	RemovedAt time.Time
}

// Consent is one consent record.
type Consent struct {
	Business string
	Number   string // E.164
	Text     string // what the person agreed to
	At       time.Time
	Source   string // where it was given (web form, call ID...)
}

// Check returns an error wrapping ErrInvalid when c is incomplete or its
// number is not E.164; i numbers the record in the message. (Consent dated
// in the future is refused at import, where its line is known: see
// contacts.ParseConsent.)
func (c Consent) Check(i int) error {
	if strings.TrimSpace(c.Business) == "" || strings.TrimSpace(c.Text) == "" || strings.TrimSpace(c.Source) == "" || c.At.IsZero() {
		return fmt.Errorf("%w: consent record %d needs a business, text, time and source", ErrInvalid, i)
	}
	if e, err := phone.Normalize(c.Number, ""); err != nil || e != c.Number {
		return fmt.Errorf("%w: consent record %d: phone %s is not E.164", ErrInvalid, i, phone.Mask(c.Number))
	}
	return nil
}
