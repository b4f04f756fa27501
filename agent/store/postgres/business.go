package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"candor/agent/store"
)

// businessTables are the tables with a business column.
var businessTables = []string{"dnc", "consent", "attempts", "skipped", "callbacks"}

// rekeyBusinesses keys every row by store.BusinessKey of its business, once
// per database (rows written before business ids carry the registered name
// as typed). An active do-not-call entry that becomes a duplicate of the
// same number under the id is marked removed; a consent record that becomes
// a duplicate is dropped. It runs in Open's schema transaction.
func rekeyBusinesses(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS candor_meta (key text PRIMARY KEY, value text NOT NULL)`); err != nil {
		return fmt.Errorf("rekey businesses: %w", err)
	}
	tag, err := tx.Exec(ctx, `INSERT INTO candor_meta (key, value) VALUES ('business_ids', now()::text) ON CONFLICT DO NOTHING`)
	if err != nil {
		return fmt.Errorf("rekey businesses: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return nil // done before
	}
	for _, table := range businessTables {
		rows, err := tx.Query(ctx, `SELECT DISTINCT business FROM `+table+` WHERE business <> $1`, store.AllBusinesses)
		if err != nil {
			return fmt.Errorf("rekey %s: %w", table, err)
		}
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("rekey %s: %w", table, err)
		}
		for _, b := range names {
			key := store.BusinessKey(b)
			if key == b {
				continue
			}
			switch table {
			case "dnc":
				_, err = tx.Exec(ctx, `UPDATE dnc SET removed_at = now() WHERE business = $1 AND removed_at IS NULL
					AND EXISTS (SELECT 1 FROM dnc k WHERE k.business = $2 AND k.number = dnc.number AND k.removed_at IS NULL)`, b, key)
			case "consent":
				_, err = tx.Exec(ctx, `DELETE FROM consent WHERE business = $1 AND EXISTS (SELECT 1 FROM consent k
					WHERE k.business = $2 AND k.number = consent.number AND k.given_at = consent.given_at)`, b, key)
			}
			if err != nil {
				return fmt.Errorf("rekey %s: %w", table, err)
			}
			if _, err := tx.Exec(ctx, `UPDATE `+table+` SET business = $1 WHERE business = $2`, key, b); err != nil {
				return fmt.Errorf("rekey %s: %w", table, err)
			}
		}
	}
	return nil
}
