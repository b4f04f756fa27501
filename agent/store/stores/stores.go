// Package stores opens the store a data command (dnc import, add and
// export, consent import, contacts import, report) works on: the local
// SQLite file, or the PostgreSQL database that workers on several machines
// share, behind one interface, so that every command takes --postgres with
// the same behaviour and the same per-line errors.
package stores

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"candor/agent"
	"candor/agent/contacts"
	"candor/agent/report"
	"candor/agent/store"
	"candor/agent/store/postgres"
	"candor/agent/store/sqlite"
	"candor/prompts"
)

// Data is what the data commands need of a store.
type Data interface {
	store.DNC
	ListDNC(ctx context.Context, business string) ([]agent.OptOut, error)
	ImportRegistry(ctx context.Context, source string, date time.Time, numbers []string) (int, error)
	ImportConsent(ctx context.Context, cs []store.Consent) (int, error)
	ImportContacts(ctx context.Context, campaign string, cs []contacts.Contact) (int, error)
	// CampaignFacts reads what campaign's figures are computed from
	// (report.Compute): production facts, or with sandbox its sandbox calls.
	CampaignFacts(ctx context.Context, campaign string, sandbox bool) (store.CampaignFacts, error)
	Close() error
}

var (
	_ Data = (*sqlite.Store)(nil)
	_ Data = shared{}
)

// Target names the store: Postgres when set, else the SQLite file.
type Target struct {
	SQLite   string // path of the local database (evidence records)
	Postgres string // URL of the shared database; empty for local only
}

// Open opens the target's store.
func (t Target) Open(ctx context.Context) (Data, error) { return t.open(ctx) }

func (t Target) open(ctx context.Context) (Data, error) {
	if t.Postgres == "" {
		db, err := sqlite.Open(ctx, t.SQLite)
		if err != nil {
			return nil, err
		}
		return db, nil
	}
	pg, err := postgres.Open(ctx, t.Postgres)
	if err != nil {
		return nil, err
	}
	return shared{pg, t.SQLite}, nil
}

// shared is the Postgres store as a Data.
type shared struct {
	*postgres.Store
	local string // the SQLite file of this worker's evidence records
}

func (s shared) Close() error { s.Store.Close(); return nil }

// CampaignFacts joins what the shared database knows of campaign (every
// worker's contacts, attempts, skipped numbers, do-not-call entries,
// callbacks and retries: postgres.SharedFacts) with this machine's evidence
// records, its calls, when its SQLite file exists (report.MergeFacts).
// Sandbox calls are this machine's alone.
func (s shared) CampaignFacts(ctx context.Context, campaign string, sandbox bool) (store.CampaignFacts, error) {
	var sh store.CampaignFacts
	if !sandbox {
		var err error
		if sh, err = s.Store.SharedFacts(ctx, campaign); err != nil {
			return store.CampaignFacts{}, err
		}
	}
	local := store.CampaignFacts{Campaign: campaign, Sandbox: sandbox}
	if _, err := os.Stat(s.local); s.local != "" && !errors.Is(err, os.ErrNotExist) {
		db, err := sqlite.Open(ctx, s.local)
		if err != nil {
			return store.CampaignFacts{}, fmt.Errorf("local evidence records: %w", err)
		}
		defer db.Close()
		if local, err = db.CampaignFacts(ctx, campaign, sandbox); err != nil {
			return store.CampaignFacts{}, fmt.Errorf("local evidence records: %w", err)
		}
	}
	if sandbox {
		sh = store.CampaignFacts{Campaign: campaign, Sandbox: true} // no dialler counts
	}
	return report.MergeFacts(sh, local), nil
}

// Businesses returns the function that maps a business's id, display name
// or registered name (prompts.ResolveBusiness) to its id, among the
// businesses of the embedded example campaigns and of the campaign files
// and folders at paths: an unknown name is an error listing the known ones.
// store.AllBusinesses ("*", the registry's scope) names every business.
func Businesses(paths []string) (func(name string) (string, error), error) {
	camps, err := Campaigns(paths)
	if err != nil {
		return nil, err
	}
	return func(name string) (string, error) { return store.ResolveBusiness(camps, name) }, nil
}

// Campaigns loads the embedded example campaigns and those of the campaign
// files and folders at paths (prompts.Campaigns), relative paths read from
// the working directory.
func Campaigns(paths []string) ([]*prompts.Campaign, error) {
	rel := make([]string, len(paths))
	for i, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		rel[i] = strings.TrimPrefix(filepath.ToSlash(abs), "/")
	}
	return prompts.Campaigns(os.DirFS("/"), rel...)
}
