-- The server's checks of a finished capture session (picture quality; later the face and OCR
-- checks), one job per session that ended complete. A worker claims a queued job, or one whose
-- lease ran out (a worker that crashed), by setting state 'running' and lease_until; it writes
-- the results (JSON, one verdict per check) and state 'done'. A job tried MAX_ATTEMPTS times
-- without finishing ends 'failed' with its last error.
CREATE TABLE capture_verifications (
    session_id     TEXT PRIMARY KEY NOT NULL REFERENCES capture_sessions (id),
    application_id TEXT NOT NULL,
    state          TEXT NOT NULL,
    attempts       INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    lease_until    TEXT,
    finished_at    TEXT,
    results        TEXT,
    error          TEXT
);
CREATE INDEX capture_verifications_waiting ON capture_verifications (state, created_at);
CREATE INDEX capture_verifications_by_application ON capture_verifications (application_id);
