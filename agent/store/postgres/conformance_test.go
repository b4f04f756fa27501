package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"candor/agent/store"
	"candor/agent/store/storetest"
)

// TestConformance runs the shared store suite on a real PostgreSQL server,
// one fresh database per subtest. What the Store has no method for (listing
// attempts, jobs and skipped numbers) the adapter does in SQL on the same
// tables.
func TestConformance(t *testing.T) {
	server := storetest.StartPostgres(t)
	storetest.Run(t, func(t *testing.T) storetest.Adapter {
		p, err := Open(context.Background(), storetest.Database(t, server))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Close)
		return adapter(p)
	})
}

func adapter(p *Store) storetest.Adapter {
	counts := func(q string) func(ctx context.Context, campaign string) (map[string]int, error) {
		return func(ctx context.Context, campaign string) (map[string]int, error) {
			rows, err := p.pool.Query(ctx, q, campaign)
			if err != nil {
				return nil, err
			}
			out := map[string]int{}
			var k string
			var n int
			_, err = pgx.ForEachRow(rows, []any{&k, &n}, func() error { out[k] = n; return nil })
			return out, err
		}
	}
	return storetest.Adapter{
		Queue:        p,
		Enqueue:      p.EnqueueContacts,
		SaveCallback: p.SaveCallback,
		ImportConsent: func(ctx context.Context, cs []store.Consent) error {
			_, err := p.ImportConsent(ctx, cs)
			return err
		},
		ImportRegistry: func(ctx context.Context, source string, date time.Time, numbers []string) error {
			_, err := p.ImportRegistry(ctx, source, date, numbers)
			return err
		},
		Attempts: func(ctx context.Context, campaign string) ([]store.Attempt, error) {
			rows, err := p.pool.Query(ctx, `SELECT id, business, campaign, number, at, outcome, call_id FROM attempts
				WHERE campaign = $1 ORDER BY at, id`, campaign)
			if err != nil {
				return nil, err
			}
			return pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Attempt, error) {
				var a store.Attempt
				err := r.Scan(&a.ID, &a.Business, &a.Campaign, &a.Number, &a.At, &a.Outcome, &a.CallID)
				return a, err
			})
		},
		WriteLegacy: func(ctx context.Context, business, dncNumber, consentNumber string, at time.Time) error {
			if _, err := p.pool.Exec(ctx, `INSERT INTO dnc (business, number, reason, created_at, seq) VALUES ($1, $2, 'opt_out', $3, nextval('dial_seq'))
				ON CONFLICT DO NOTHING`, business, dncNumber, at); err != nil {
				return err
			}
			_, err := p.pool.Exec(ctx, `INSERT INTO consent (business, number, text, given_at, source) VALUES ($1, $2, 'yes', $3, 'web')`,
				business, consentNumber, at)
			return err
		},
		Rekey: func(ctx context.Context) error {
			if _, err := p.pool.Exec(ctx, `DELETE FROM candor_meta WHERE key = 'business_ids'`); err != nil {
				return err
			}
			return pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error { return rekeyBusinesses(ctx, tx) })
		},
		JobCounts: counts(`SELECT state, count(*) FROM dial_jobs WHERE campaign = $1 GROUP BY state`),
		Skipped:   counts(`SELECT reason, count(*) FROM skipped WHERE campaign = $1 GROUP BY reason`),
	}
}
