-- Uploaded files (licence, ID card sides, verification form ...) of an application. The bytes
-- are in the media folder as <application id>/<upload id>.<jpg|png>; this is their index.
CREATE TABLE uploads (
    id             TEXT PRIMARY KEY NOT NULL,
    application_id TEXT NOT NULL REFERENCES applications (id),
    kind           TEXT NOT NULL,
    mime           TEXT NOT NULL,
    bytes          BIGINT NOT NULL,
    width          BIGINT NOT NULL,
    height         BIGINT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX uploads_by_application ON uploads (application_id);
