package dialer

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"candor/agent/contacts"
	"candor/agent/phone"
	"candor/agent/store"
	"candor/prompts"
)

// PlanLine is one contact's dial decision at a moment: a dry run of what a
// runner would claim (`candor campaign plan`).
type PlanLine struct {
	// Line is the contact's line in its CSV file (0: unknown).
	Line int    `json:"line,omitempty"`
	Name string `json:"name"`
	// Number is masked; Zones are every zone whose window applies.
	Number string   `json:"number"`
	Zones  []string `json:"zones"`
	Dial   bool     `json:"dial"`
	// Reason names the rule that refused the dial (store.Skip... or a cap
	// reason); NextAt is when it could be dialled (zero: not by waiting).
	Reason string    `json:"reason,omitempty"`
	NextAt time.Time `json:"next_at,omitzero"`
}

// Plan makes, for every contact of cs, the dial decision a runner
// configured by cfg would make at at (store.Decide, the claims' own
// function), reading the facts through f and writing nothing.
func Plan(ctx context.Context, cfg Config, f store.DialFacts, cs []contacts.Contact, at time.Time) ([]PlanLine, error) {
	if cfg.Campaign == nil || cfg.Campaign.Name == "" || cfg.Campaign.Business.RegisteredName == "" {
		return nil, fmt.Errorf("%w: a campaign with a name and a business is required", ErrConfig)
	}
	var err error
	if cfg.Window, err = windowPolicy(cfg.Window, cfg.Caps); err != nil {
		return nil, err
	}
	out := make([]PlanLine, 0, len(cs))
	for _, c := range cs {
		req, err := claimRequest(cfg, c.Phone, c.TimeZone, "plan", at).Normalized()
		if err != nil {
			return nil, fmt.Errorf("contact line %d: %w", c.Line, err)
		}
		d, err := store.Decide(ctx, req, f)
		if err != nil {
			return nil, fmt.Errorf("contact line %d: %w", c.Line, err)
		}
		zones := req.Zones
		if zones == nil {
			zones = []string{}
		}
		out = append(out, PlanLine{Line: c.Line, Name: c.Name, Number: phone.Mask(c.Phone), Zones: zones,
			Dial: d.OK, Reason: d.Reason, NextAt: d.Next.UTC()})
	}
	return out, nil
}

// ReadContacts reads the contact CSV f.File (see contacts.Parse) without
// storing it; the bad rows go to f.Skipped.
func ReadContacts(f FileImport) ([]contacts.Contact, error) {
	data, err := readUTF8(f.File)
	if err != nil {
		return nil, err
	}
	res, err := contacts.Parse(bytes.NewReader(data), f.Region)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.File, err)
	}
	f.skip(rowLines(res.Bad))
	return res.Contacts, nil
}

// PlanStore is where a campaign's plan reads its facts and, without a
// contact file, its contacts.
type PlanStore interface {
	DialFacts() store.DialFacts
	Contacts(ctx context.Context, campaign string) ([]contacts.Contact, error)
	Close() error
}

// PlanCampaign plans camp at at with the default window and caps: the
// contacts of f.File when set (read, not imported), else the campaign's
// contacts in the store open opens (and closes again).
func PlanCampaign(ctx context.Context, open func(context.Context) (PlanStore, error), camp *prompts.Campaign, f FileImport, at time.Time) ([]PlanLine, error) {
	var cs []contacts.Contact
	if f.File != "" {
		var err error
		if cs, err = ReadContacts(f); err != nil {
			return nil, err
		}
	}
	st, err := open(ctx)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	if f.File == "" && camp != nil {
		if cs, err = st.Contacts(ctx, camp.Name); err != nil {
			return nil, err
		}
	}
	return Plan(ctx, Config{Campaign: camp}, st.DialFacts(), cs, at)
}
