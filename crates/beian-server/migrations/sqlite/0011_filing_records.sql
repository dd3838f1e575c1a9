-- Approved filings as records (beian_rules::records): what 变更, 注销, 取消接入 and 新增网站
-- act on. One per 主体备案号, owned by the applicant whose filing was approved; written in the
-- same transaction as the approval.
CREATE TABLE filing_records (
    subject_number TEXT PRIMARY KEY NOT NULL,
    applicant_id   TEXT NOT NULL REFERENCES applicants (id),
    status         TEXT NOT NULL,
    -- The record as JSON (subject name, websites with their numbers), sealed.
    document       TEXT NOT NULL,
    -- The application whose approval wrote it last.
    application_id TEXT NOT NULL REFERENCES applications (id),
    updated_at     TEXT NOT NULL
);
CREATE INDEX filing_records_by_applicant ON filing_records (applicant_id);
