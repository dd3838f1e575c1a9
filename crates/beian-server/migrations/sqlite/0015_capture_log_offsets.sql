-- A capture session's messages are appended to one log file per session in a media folder
-- (<application id>/capture-<session id>.log, see capture_log.rs) instead of one file each:
-- media_offset is where a message's record starts in that log. NULL: the message has a file
-- (or, in a bucket, an object) of its own, as every message stored before this had.
ALTER TABLE capture_parts ADD COLUMN media_offset INTEGER;
