-- Applicants and their sessions. An applicant starts as a guest (no phone): its first saved draft
-- creates it, so nothing waits for a sign-in. Signing in with a mobile number and a one-time code
-- makes it (or merges it into) the applicant of that number, who can then resume the drafts on
-- any device and submit them.
CREATE TABLE applicants (
    id         TEXT PRIMARY KEY NOT NULL,
    phone      TEXT UNIQUE,
    created_at TEXT NOT NULL
);

-- Sessions are opaque random tokens; only their SHA-256 is stored.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY NOT NULL,
    applicant_id TEXT NOT NULL REFERENCES applicants (id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE INDEX sessions_by_applicant ON sessions (applicant_id);

-- One-time sign-in codes sent by SMS; only a salted SHA-256 of the code is stored. A code is used
-- once, expires, and is spent after too many wrong entries.
CREATE TABLE sign_in_codes (
    id         TEXT PRIMARY KEY NOT NULL,
    phone      TEXT NOT NULL,
    salt       TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    used_at    TEXT
);
CREATE INDEX sign_in_codes_by_phone ON sign_in_codes (phone, created_at);

-- Each application belongs to one applicant; rows from before accounts have none and are no
-- longer reachable through the applicant API.
ALTER TABLE applications ADD COLUMN applicant_id TEXT REFERENCES applicants (id);
CREATE INDEX applications_by_applicant ON applications (applicant_id, updated_at);
