-- Partner sign-in tokens already used (their SHA-256), kept until they would have expired: each
-- token signs in once.
CREATE TABLE partner_tokens_used (
    digest     TEXT PRIMARY KEY NOT NULL,
    expires_at TEXT NOT NULL
);
