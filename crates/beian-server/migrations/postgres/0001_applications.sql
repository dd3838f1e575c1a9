-- Filing applications. The document is the JSON filing draft (beian_rules::FilingDraft).
CREATE TABLE applications (
    id             TEXT PRIMARY KEY NOT NULL,
    status         TEXT NOT NULL DEFAULT 'draft',
    schema_version BIGINT NOT NULL,
    document       TEXT NOT NULL,
    revision       BIGINT NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
