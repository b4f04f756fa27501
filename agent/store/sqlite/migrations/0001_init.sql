-- candor's SQLite schema, version 1.
-- Times are UTC text in a fixed-width RFC 3339 form with nanoseconds
-- ("2025-04-11T14:03:07.120000000Z"), so they sort as text; NULL means unset.

-- The do-not-call list. One active row (removed_at IS NULL) per business and
-- number; removed rows stay for the audit trail. business '*' applies to every
-- business (an imported national registry).
CREATE TABLE dnc (
    id             INTEGER PRIMARY KEY,
    business       TEXT NOT NULL,
    number         TEXT NOT NULL,
    campaign       TEXT NOT NULL DEFAULT '',
    reason         TEXT NOT NULL,
    utterance      TEXT NOT NULL DEFAULT '',
    call_id        TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    removed_at     TEXT,
    removed_reason TEXT,
    CHECK (number <> '' AND business <> ''),
    CHECK ((removed_at IS NULL) = (removed_reason IS NULL))
);
CREATE UNIQUE INDEX dnc_active ON dnc (business, number) WHERE removed_at IS NULL;
CREATE INDEX dnc_number ON dnc (number);

-- Every removal from the do-not-call list, with its reason.
CREATE TABLE dnc_removals (
    id         INTEGER PRIMARY KEY,
    dnc_id     INTEGER NOT NULL REFERENCES dnc (id),
    business   TEXT NOT NULL,
    number     TEXT NOT NULL,
    reason     TEXT NOT NULL CHECK (reason <> ''),
    removed_at TEXT NOT NULL
);
CREATE INDEX dnc_removals_business ON dnc_removals (business, removed_at);

-- One evidence row per call.
CREATE TABLE calls (
    id                  TEXT PRIMARY KEY CHECK (id <> ''),
    campaign            TEXT NOT NULL,
    business            TEXT NOT NULL,
    number              TEXT NOT NULL,
    contact_ref         TEXT NOT NULL DEFAULT '',
    sandbox             INTEGER NOT NULL DEFAULT 0,
    started_at          TEXT,
    answered_at         TEXT,
    ended_at            TEXT,
    disclosure_text     TEXT NOT NULL DEFAULT '',
    disclosure_start    TEXT,
    disclosure_end      TEXT,
    disclosure_complete INTEGER NOT NULL DEFAULT 0,
    outcome             TEXT NOT NULL DEFAULT '',
    end_reason          TEXT NOT NULL DEFAULT '',
    end_detail          TEXT NOT NULL DEFAULT '',
    opt_out             INTEGER NOT NULL DEFAULT 0,
    opt_out_utterance   TEXT NOT NULL DEFAULT '',
    opt_out_at          TEXT,
    callback_at         TEXT,
    callback_text       TEXT NOT NULL DEFAULT '',
    events              TEXT NOT NULL DEFAULT 'null', -- JSON array of guardrails.Event
    latencies_ms        TEXT NOT NULL DEFAULT 'null', -- JSON array of integers
    turn_count          INTEGER NOT NULL DEFAULT 0,
    blocked_count       INTEGER NOT NULL DEFAULT 0,
    saved_at            TEXT NOT NULL
);
CREATE INDEX calls_campaign ON calls (campaign, started_at);
CREATE INDEX calls_number ON calls (number, started_at);

CREATE TABLE turns (
    call_id     TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    idx         INTEGER NOT NULL,
    speaker     TEXT NOT NULL,
    text        TEXT NOT NULL,
    at          TEXT,
    interrupted INTEGER NOT NULL DEFAULT 0,
    fixed       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (call_id, pos)
) WITHOUT ROWID;

CREATE TABLE survey_answers (
    call_id     TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    value       TEXT NOT NULL,
    raw         TEXT NOT NULL,
    PRIMARY KEY (call_id, pos)
) WITHOUT ROWID;
CREATE INDEX survey_answers_question ON survey_answers (question_id);

-- A campaign's contact list.
CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    campaign    TEXT NOT NULL,
    phone       TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    tz          TEXT NOT NULL DEFAULT '',
    consent_ref TEXT NOT NULL DEFAULT '',
    persona     TEXT NOT NULL DEFAULT '', -- copy of fields.persona, for queries
    fields      TEXT NOT NULL DEFAULT 'null', -- JSON object of the other columns
    source_line INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (campaign, phone)
);

-- Callbacks callees asked for; one per call.
CREATE TABLE callbacks (
    call_id    TEXT PRIMARY KEY,
    campaign   TEXT NOT NULL,
    business   TEXT NOT NULL,
    number     TEXT NOT NULL,
    due_at     TEXT NOT NULL,
    text       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    done_at    TEXT
);
CREATE INDEX callbacks_due ON callbacks (campaign, due_at) WHERE done_at IS NULL;
