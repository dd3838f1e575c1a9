-- Phone numbers at rest. The `phone` columns of applicants and reviewers now hold a blind index
-- (an HMAC of the number under a key derived from the data key, crypto.rs), which finds a row by
-- its number without keeping the number; the number itself is sealed beside it. Rows from before
-- are converted when the server opens (store.rs, seal_phones).
ALTER TABLE applicants ADD COLUMN phone_sealed TEXT;
ALTER TABLE reviewers ADD COLUMN phone_sealed TEXT;
-- Sign-in codes now keep the blind index of their number; codes last minutes, so the ones kept
-- with the number in the clear go.
DELETE FROM sign_in_codes;
