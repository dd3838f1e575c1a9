-- The provider's reviewers (初审, and recording the 管局's results). Added with
-- `beian-server add-reviewer <mobile> <name>`; they sign in with their mobile and an SMS code,
-- separately from applicants: their sessions are their own table and cookie.
CREATE TABLE reviewers (
    id          TEXT PRIMARY KEY NOT NULL,
    phone       TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    disabled_at TEXT
);

CREATE TABLE reviewer_sessions (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    reviewer_id TEXT NOT NULL REFERENCES reviewers (id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT
);
