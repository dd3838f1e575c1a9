-- When the SMS gateway did not take a code of the SMS check (refused, unreachable, or none
-- configured): the applicant and the reviewers see it, and a resend that goes through clears it.
ALTER TABLE sms_checks ADD COLUMN unsent_at TEXT;
