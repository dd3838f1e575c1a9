-- One filing in flight per subject (the seeds: a subject with an order under review cannot
-- submit another). `subject_key` is a blind index of the subject's certificate (type and
-- number), set when the filing is submitted; the partial unique index lets only one filing per
-- subject be between submission and the 管局's result, whichever server process submits it.
ALTER TABLE applications ADD COLUMN subject_key TEXT;
CREATE UNIQUE INDEX applications_one_in_flight_per_subject ON applications (subject_key)
    WHERE status IN ('submitted', 'documents_requested', 'sms_check', 'bureau_review');
