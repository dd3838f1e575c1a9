-- The provider's first review (初审) of a submitted application. A filing returned to the
-- applicant has status 'rejected' and here the reasons, each attached to a field of the document
-- (JSON: {"revision": n, "at": "...", "reasons": [{"field": "...", "message": {"zh-CN", "en"}}]}).
ALTER TABLE applications ADD COLUMN review TEXT;
