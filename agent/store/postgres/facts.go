package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"candor/agent/store"
)

// SharedFacts reads what the shared database knows of campaign's
// production figures, across every worker: its contacts (the numbers
// queued for it), attempts, skipped numbers by reason, active do-not-call
// entries, pending callbacks and pending retries, with the same rules as
// the SQLite adapter's CampaignFacts. It holds no calls: the evidence
// records are each machine's (join them with report.MergeFacts and compute
// the figures with report.Compute). One read-only snapshot: the counts
// agree.
func (p *Store) SharedFacts(ctx context.Context, campaign string) (store.CampaignFacts, error) {
	f := store.CampaignFacts{Campaign: campaign, Skipped: map[string]int{}, Calls: []store.CallFact{}}
	err := pgx.BeginTxFunc(ctx, p.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `SELECT
			(SELECT count(DISTINCT number) FROM dial_jobs WHERE campaign = $1 AND kind = 'contact'),
			(SELECT count(*) FROM attempts WHERE campaign = $1),
			(SELECT count(*) FROM dnc WHERE campaign = $1 AND removed_at IS NULL),
			(SELECT count(*) FROM callbacks WHERE campaign = $1 AND done_at IS NULL),
			(SELECT count(*) FROM dial_jobs WHERE campaign = $1 AND state <> 'done' AND kind = 'contact' AND tries > 0)`,
			campaign).Scan(&f.Contacts, &f.Attempts, &f.DNCAdded, &f.PendingCallbacks, &f.PendingRetries)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT reason, count(*) FROM skipped WHERE campaign = $1 GROUP BY reason`, campaign)
		if err != nil {
			return err
		}
		var reason string
		var n int
		_, err = pgx.ForEachRow(rows, []any{&reason, &n}, func() error { f.Skipped[reason] = n; return nil })
		return err
	})
	if err != nil {
		return store.CampaignFacts{}, fmt.Errorf("store: campaign facts: %w", err)
	}
	return f, nil
}
