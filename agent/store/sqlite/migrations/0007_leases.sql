-- 0007: a claimed attempt has a lease, renewed while its call runs, and
-- names its job. An attempt still 'claimed' after its lease ran out belongs
-- to a worker that stopped mid-call: ReconcileExpired makes it
-- 'interrupted' and completes (or writes) its call record.
ALTER TABLE attempts ADD COLUMN lease_until TEXT;
ALTER TABLE attempts ADD COLUMN job_id INTEGER NOT NULL DEFAULT 0;
CREATE INDEX attempts_claimed ON attempts (campaign, lease_until) WHERE outcome = 'claimed';
-- Claims from before leases: their lease is taken to have run out at once
-- (a worker still running them settles them all the same).
UPDATE attempts SET lease_until = at WHERE outcome = 'claimed';
