package dialer

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"candor/agent/contacts"
	"candor/agent/store"
)

// FileImport is one input file of the dialer: a campaign's contacts, consent
// records or a do-not-call registry extract.
type FileImport struct {
	File   string // path of the file
	Region string // default region of numbers without a country code
	// Skipped, when set, gets each line that was not imported, as
	// FILE:LINE: reason.
	Skipped io.Writer
	// Now is when the import runs, for refusing records dated in the future
	// (zero: the current time).
	Now time.Time
	// Business, when set, resolves a business a record names to its id
	// (prompts.ResolveBusiness); a record naming an unknown business is
	// skipped with the error, never stored under a scope no campaign uses.
	Business func(name string) (string, error)
}

func (f FileImport) now() time.Time {
	if f.Now.IsZero() {
		return time.Now()
	}
	return f.Now
}

// Imported counts what an import did: the records read, those new to the
// store and the lines skipped.
type Imported struct {
	Records, Added, Skipped int
}

// The imports open their store through an opener, called only once the file
// has been read and checked: a file refused whole leaves the store untouched.

// ContactStore keeps campaigns' contacts.
type ContactStore interface {
	ImportContacts(ctx context.Context, campaign string, cs []contacts.Contact) (int, error)
	Close() error
}

// ConsentStore keeps consent records.
type ConsentStore interface {
	ImportConsent(ctx context.Context, cs []store.Consent) (int, error)
	Close() error
}

// RegistryStore keeps national do-not-call registry extracts.
type RegistryStore interface {
	ImportRegistry(ctx context.Context, source string, date time.Time, numbers []string) (int, error)
	Close() error
}

// ImportContacts imports the contact CSV f.File into campaign (see
// contacts.Parse): the good rows in one transaction, the bad ones skipped.
func ImportContacts(ctx context.Context, open func(context.Context) (ContactStore, error), campaign string, f FileImport) (Imported, error) {
	data, err := readUTF8(f.File)
	if err != nil {
		return Imported{}, err
	}
	res, err := contacts.Parse(bytes.NewReader(data), f.Region)
	if err != nil {
		return Imported{}, fmt.Errorf("%s: %w", f.File, err)
	}
	f.skip(rowLines(res.Bad))
	st, err := open(ctx)
	if err != nil {
		return Imported{}, err
	}
	defer st.Close()
	added, err := st.ImportContacts(ctx, campaign, res.Contacts)
	if err != nil {
		return Imported{}, fmt.Errorf("%w: %w", ErrNotImported, err)
	}
	return Imported{len(res.Contacts), added, len(res.Bad)}, nil
}

// ImportConsent imports the consent CSV f.File (see contacts.ParseConsent;
// business for rows without a business column): the good rows in one
// transaction, the bad ones skipped.
func ImportConsent(ctx context.Context, open func(context.Context) (ConsentStore, error), business string, f FileImport) (Imported, error) {
	data, err := readUTF8(f.File)
	if err != nil {
		return Imported{}, err
	}
	parsed, bad, err := contacts.ParseConsent(data, business, f.Region, f.now())
	if err != nil {
		return Imported{}, fmt.Errorf("%s: %w", f.File, err)
	}
	cs := make([]store.Consent, 0, len(parsed))
	for _, c := range parsed {
		if f.Business != nil {
			id, err := f.Business(c.Business)
			if err != nil {
				bad = append(bad, contacts.BadRow{Line: c.Line, Err: fmt.Errorf("%w: %w", contacts.ErrConsentRow, err)})
				continue
			}
			c.Business = id
		}
		cs = append(cs, store.Consent{Business: c.Business, Number: c.Number, Text: c.Text, At: c.At, Source: c.Source})
	}
	slices.SortFunc(bad, func(a, b contacts.BadRow) int { return a.Line - b.Line })
	f.skip(rowLines(bad))
	st, err := open(ctx)
	if err != nil {
		return Imported{}, err
	}
	defer st.Close()
	added, err := st.ImportConsent(ctx, cs)
	if err != nil {
		return Imported{}, fmt.Errorf("%w: %w", ErrNotImported, err)
	}
	return Imported{len(cs), added, len(bad)}, nil
}

// Registry names a national do-not-call registry extract.
type Registry struct {
	Source string    // the registry ("national")
	Date   time.Time // the extract's date, which decides freshness for marketing campaigns
}

// ImportRegistry imports the registry extract f.File (see ParseRegistry) for
// every business: its numbers in one transaction, the bad lines skipped. An
// extract dated in the future (reg.Date, or a line's date) is refused whole,
// wrapping ErrRegistryFuture.
func ImportRegistry(ctx context.Context, open func(context.Context) (RegistryStore, error), reg Registry, f FileImport) (Imported, error) {
	if contacts.FutureDate(reg.Date, f.now()) {
		return Imported{}, fmt.Errorf("%w: extract date %s: nothing imported", ErrRegistryFuture, reg.Date.Format(time.DateOnly))
	}
	data, err := readUTF8(f.File)
	if err != nil {
		return Imported{}, err
	}
	nums, bad, err := ParseRegistry(bytes.NewReader(data), f.Region, f.now())
	if err != nil {
		return Imported{}, fmt.Errorf("%s: %w", f.File, err)
	}
	f.skip(bad)
	st, err := open(ctx)
	if err != nil {
		return Imported{}, err
	}
	defer st.Close()
	added, err := st.ImportRegistry(ctx, reg.Source, reg.Date, nums)
	if err != nil {
		return Imported{}, fmt.Errorf("%w: %w", ErrNotImported, err)
	}
	return Imported{len(nums), added, len(bad)}, nil
}

// readUTF8 reads a whole input file, refusing one that is not UTF-8.
func readUTF8(file string) ([]byte, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if err := contacts.CheckUTF8(data); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return data, nil
}

// skip reports the skipped lines to f.Skipped.
func (f FileImport) skip(bad []BadLine) {
	if f.Skipped == nil {
		return
	}
	for _, b := range bad {
		fmt.Fprintf(f.Skipped, "%s:%d: %v\n", f.File, b.Line, b.Err)
	}
}

// rowLines are the lines of skipped CSV rows.
func rowLines(rows []contacts.BadRow) []BadLine {
	bad := make([]BadLine, len(rows))
	for i, r := range rows {
		bad[i] = BadLine{r.Line, r.Err}
	}
	return bad
}

// ContactQueue queues campaigns' contacts for workers sharing a store.
type ContactQueue interface {
	EnqueueContacts(ctx context.Context, campaign string, cs []contacts.Contact, due time.Time) (int, error)
}

// EnqueueContacts queues the contacts of the CSV f.File for campaign on q,
// due now; the bad rows are skipped.
func EnqueueContacts(ctx context.Context, q ContactQueue, campaign string, f FileImport) (Imported, error) {
	file, err := os.Open(f.File)
	if err != nil {
		return Imported{}, err
	}
	res, err := contacts.Parse(file, f.Region)
	file.Close()
	if err != nil {
		return Imported{}, fmt.Errorf("%s: %w", f.File, err)
	}
	f.skip(rowLines(res.Bad))
	n, err := q.EnqueueContacts(ctx, campaign, res.Contacts, time.Now())
	if err != nil {
		return Imported{}, err
	}
	return Imported{len(res.Contacts), n, len(res.Bad)}, nil
}
