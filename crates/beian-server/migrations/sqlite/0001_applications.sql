-- Filing applications. The document is the JSON filing draft (beian_rules::FilingDraft).
CREATE TABLE applications (
    id             TEXT PRIMARY KEY NOT NULL,
    status         TEXT NOT NULL DEFAULT 'draft',
    schema_version INTEGER NOT NULL,
    document       TEXT NOT NULL,
    revision       INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
