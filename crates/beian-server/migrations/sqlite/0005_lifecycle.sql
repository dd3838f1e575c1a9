-- The audit trail: every change of an application's status, who made it and when. Rows are only
-- ever added.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    at             TEXT NOT NULL,
    -- 'applicant:<id>', 'reviewer', 'system'
    actor          TEXT NOT NULL,
    event          TEXT NOT NULL,
    from_status    TEXT NOT NULL,
    to_status      TEXT NOT NULL,
    -- JSON: the reasons of a return, the numbers of an approval ...
    detail         TEXT
);
CREATE INDEX events_by_application ON events (application_id, id);

-- The SMS check (短信核验) of an application: one code per distinct mobile of the people the
-- filing type names, valid 24 h; only a salted SHA-256 of each code is stored.
CREATE TABLE sms_checks (
    application_id TEXT NOT NULL REFERENCES applications (id),
    mobile         TEXT NOT NULL,
    -- The person's path in the document (subject_owner, websites[0].owner).
    path           TEXT NOT NULL,
    salt           TEXT NOT NULL,
    code_hash      TEXT NOT NULL,
    sent_at        TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    confirmed_at   TEXT,
    PRIMARY KEY (application_id, mobile)
);

-- Wrong SMS codes entered in the current check, and the 备案号 issued at approval (JSON
-- {"subject": "...", "websites": ["...-1", ...]}).
ALTER TABLE applications ADD COLUMN sms_wrong INTEGER NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN numbers TEXT;

-- The last 主体备案号 serial issued per province and year.
CREATE TABLE number_serials (
    province TEXT NOT NULL,
    year     INTEGER NOT NULL,
    last     INTEGER NOT NULL,
    PRIMARY KEY (province, year)
);
