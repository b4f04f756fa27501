package stores

import (
	"context"
	"fmt"
	"io"

	"candor/agent"
	"candor/agent/dialer"
	"candor/agent/report"
)

// What each data command does with its target, opening and closing the
// store around it: the command line only parses flags and prints.

// ImportRegistry imports a national registry extract (dialer.ImportRegistry).
func (t Target) ImportRegistry(ctx context.Context, reg dialer.Registry, f dialer.FileImport) (dialer.Imported, error) {
	return dialer.ImportRegistry(ctx, func(ctx context.Context) (dialer.RegistryStore, error) { return t.open(ctx) }, reg, f)
}

// ImportConsent imports consent records (dialer.ImportConsent).
func (t Target) ImportConsent(ctx context.Context, business string, f dialer.FileImport) (dialer.Imported, error) {
	return dialer.ImportConsent(ctx, func(ctx context.Context) (dialer.ConsentStore, error) { return t.open(ctx) }, business, f)
}

// ImportContacts imports campaign's contacts (dialer.ImportContacts); on
// Postgres they are queued for the workers.
func (t Target) ImportContacts(ctx context.Context, campaign string, f dialer.FileImport) (dialer.Imported, error) {
	return dialer.ImportContacts(ctx, func(ctx context.Context) (dialer.ContactStore, error) { return t.open(ctx) }, campaign, f)
}

// AddOptOut puts o on the do-not-call list; o.Business must be a business id.
func (t Target) AddOptOut(ctx context.Context, o agent.OptOut) error {
	st, err := t.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	return st.AddOptOut(ctx, o)
}

// ExportDNC writes the do-not-call list of business (every scope when
// empty) to w as csv or json (report.DNC).
func (t Target) ExportDNC(ctx context.Context, w io.Writer, business, format string) error {
	if format != "csv" && format != "json" {
		return fmt.Errorf("%w: --format %q: want csv or json", ErrFormat, format)
	}
	st, err := t.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := st.ListDNC(ctx, business)
	if err != nil {
		return err
	}
	return report.DNC(w, list, format)
}

// WriteReport writes campaign's report to w as table, csv or json
// (report.Write); a campaign the store knows nothing of is an error
// wrapping ErrNoCampaignData.
func (t Target) WriteReport(ctx context.Context, w io.Writer, campaign, format string) error {
	if format != "table" && format != "csv" && format != "json" {
		return fmt.Errorf("%w: --format %q: want table, csv or json", ErrFormat, format)
	}
	st, err := t.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	f, err := st.CampaignFacts(ctx, campaign, false)
	if err != nil {
		return err
	}
	r := report.Compute(f)
	if r.Empty() {
		return fmt.Errorf("campaign %q has %w", campaign, ErrNoCampaignData)
	}
	return report.Write(w, r, format)
}
