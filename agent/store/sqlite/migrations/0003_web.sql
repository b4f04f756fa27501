-- 0003: the web app: accounts, sessions, API tokens, review actions and the
-- audit log of views of personal data. Secrets (session and API tokens) are
-- stored only as SHA-256 hashes; passwords only as bcrypt hashes.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE CHECK (name <> ''),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'designer', 'reviewer')),
    password_hash TEXT NOT NULL CHECK (password_hash <> ''),
    created_at    TEXT NOT NULL,
    disabled_at   TEXT
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    label        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);

-- Review actions on a call, in order: a call is flagged while its newest
-- flag/unflag action is a flag, reviewed once a 'reviewed' action exists.
CREATE TABLE reviews (
    id         INTEGER PRIMARY KEY,
    call_id    TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('flag', 'unflag', 'comment', 'reviewed')),
    body       TEXT NOT NULL DEFAULT '',
    reviewer   TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX reviews_call ON reviews (call_id, id);

-- Who saw or exported personal data, and when.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
