-- Requests counted per client address and hour, for the limits on sign-in (shared by every
-- server process). Old hours are removed as new ones start.
CREATE TABLE request_counts (
    key    TEXT NOT NULL,
    hour   TEXT NOT NULL,
    count  INTEGER NOT NULL,
    PRIMARY KEY (key, hour)
);
