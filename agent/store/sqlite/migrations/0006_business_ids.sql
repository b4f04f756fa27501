-- 0006: every row is keyed by the business id (store.BusinessKey: the
-- campaign's business.id, or its registered name in normal form,
-- "brightwater-plumbing-services-llc") instead of the exact registered-name
-- text. The rows are rekeyed by rekeyBusinesses (migrate.go) in this
-- migration's transaction: the normal form needs Unicode letter classes that
-- SQL lacks. An active do-not-call entry that becomes a duplicate of the
-- same number under the id is removed with the reason kept in dnc_removals;
-- a consent record that becomes a duplicate is dropped (the same record).
CREATE INDEX IF NOT EXISTS consent_business ON consent (business, number);
