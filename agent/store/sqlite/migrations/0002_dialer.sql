-- 0002: the dialer: attempts (caps), numbers not dialled and why, consent
-- records, national registry imports, and the claim-based call queue.

-- One row per dial claimed (ClaimDial), whatever the call's outcome: the
-- attempt caps count these rows.
CREATE TABLE attempts (
    id       INTEGER PRIMARY KEY,
    business TEXT NOT NULL,
    campaign TEXT NOT NULL,
    number   TEXT NOT NULL,
    at       TEXT NOT NULL,
    outcome  TEXT NOT NULL DEFAULT 'claimed',
    call_id  TEXT NOT NULL DEFAULT '',
    worker   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attempts_number ON attempts (business, number, at);
CREATE INDEX attempts_campaign ON attempts (campaign, at);

-- Every number the dialer did not dial, with the reason.
CREATE TABLE skipped (
    id       INTEGER PRIMARY KEY,
    business TEXT NOT NULL,
    campaign TEXT NOT NULL,
    number   TEXT NOT NULL,
    reason   TEXT NOT NULL CHECK (reason <> ''),
    at       TEXT NOT NULL,
    next_at  TEXT
);
CREATE INDEX skipped_campaign ON skipped (campaign, reason);

-- Consent records (needed before a marketing campaign may dial a number).
CREATE TABLE consent (
    id         INTEGER PRIMARY KEY,
    business   TEXT NOT NULL,
    number     TEXT NOT NULL,
    text       TEXT NOT NULL CHECK (text <> ''),
    given_at   TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source <> ''),
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    UNIQUE (business, number, given_at)
);
CREATE INDEX consent_number ON consent (number);

-- National do-not-call registry extracts imported (entries go to dnc with
-- business '*'); the newest extract date decides freshness.
CREATE TABLE dnc_registry_imports (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL,
    extract_date TEXT NOT NULL, -- YYYY-MM-DD
    entries      INTEGER NOT NULL,
    imported_at  TEXT NOT NULL
);

-- The call queue: one live (not done) job per campaign and number.
CREATE TABLE dial_jobs (
    id          INTEGER PRIMARY KEY,
    campaign    TEXT NOT NULL,
    number      TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'contact' CHECK (kind IN ('contact', 'callback')),
    callback_id TEXT NOT NULL DEFAULT '',
    contact_ref TEXT NOT NULL DEFAULT '',
    tz          TEXT NOT NULL DEFAULT '',
    due_at      TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done')),
    lease_until TEXT,
    worker      TEXT NOT NULL DEFAULT '',
    tries       INTEGER NOT NULL DEFAULT 0,
    result      TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX dial_jobs_live ON dial_jobs (campaign, number) WHERE state <> 'done';
CREATE UNIQUE INDEX dial_jobs_callback ON dial_jobs (callback_id) WHERE callback_id <> '';
CREATE INDEX dial_jobs_due ON dial_jobs (campaign, state, due_at);
