-- Live capture sessions (真实性核验): one per person and kind (ID card front, back, face), made for
-- an application and the applicant who owns it, with a token (kept as its SHA-256) that opens the
-- session's stream. The parts streamed (frames, recording chunks, the still kept, challenge
-- markers) are in the media as <application id>/capture-<session id>-<seq>.<ext>; capture_parts
-- is their index, one row per acknowledged message (what a session received is counted from it).
-- An open session past expires_at is expired: nothing is written for that.
CREATE TABLE capture_sessions (
    id             TEXT PRIMARY KEY NOT NULL,
    application_id TEXT NOT NULL REFERENCES applications (id),
    applicant_id   TEXT NOT NULL,
    person         TEXT NOT NULL,
    kind           TEXT NOT NULL,
    token_hash     TEXT NOT NULL,
    challenges     TEXT NOT NULL,
    recording_mime TEXT,
    state          TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    ended_at       TEXT,
    last_seq       INTEGER NOT NULL,
    bytes          INTEGER NOT NULL
);
CREATE INDEX capture_sessions_by_application ON capture_sessions (application_id);

CREATE TABLE capture_parts (
    session_id     TEXT NOT NULL REFERENCES capture_sessions (id),
    application_id TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    part           TEXT NOT NULL,
    bytes          INTEGER NOT NULL,
    marker         TEXT,
    received_at    TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
);
CREATE INDEX capture_parts_by_application ON capture_parts (application_id);
