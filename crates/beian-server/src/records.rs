//! Approved filings as records in the database (`filing_records`), sealed like the documents.
//! The rules crate says what an approval does to a record (`beian_rules::records`); the
//! approval's transaction writes it (`lifecycle.rs`).

use beian_rules::records::FilingRecord;
use sqlx::Row;

use crate::store::{Store, StoreError};

/// Where a sealed record belongs.
pub(crate) fn record_context(subject_number: &str) -> String {
    format!("filing_records.document:{subject_number}")
}

impl Store {
    fn record_from(&self, r: &sqlx::any::AnyRow) -> Result<FilingRecord, StoreError> {
        let number: String = r.get("subject_number");
        let text = self
            .keys
            .open_text(r.get("document"), &record_context(&number))?;
        serde_json::from_str(&text)
            .map_err(|source| StoreError::CorruptDocument { id: number, source })
    }

    /// The record `subject_number` of the applicant who owns application `application_id`.
    pub async fn record_for_application(
        &self,
        application_id: &str,
        subject_number: &str,
    ) -> Result<Option<FilingRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT r.subject_number, r.document FROM filing_records r
             JOIN applications a ON a.applicant_id = r.applicant_id
             WHERE a.id = $1 AND r.subject_number = $2",
        )
        .bind(application_id)
        .bind(subject_number)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(|r| self.record_from(r)).transpose()
    }

    /// An applicant's records, by number.
    pub async fn records_of(&self, applicant_id: &str) -> Result<Vec<FilingRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT subject_number, document FROM filing_records WHERE applicant_id = $1
             ORDER BY subject_number",
        )
        .bind(applicant_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| self.record_from(r)).collect()
    }

    /// Writes `record` as approved by application `application_id` (its applicant owns it),
    /// inside the approval's transaction.
    pub(crate) async fn save_record(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        application_id: &str,
        record: &FilingRecord,
        at: &str,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(record).map_err(|source| StoreError::CorruptDocument {
            id: record.subject_number.clone(),
            source,
        })?;
        let status = serde_json::to_value(record.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        sqlx::query(
            "INSERT INTO filing_records (subject_number, applicant_id, status, document, application_id, updated_at)
             SELECT $1, applicant_id, $2, $3, id, $4 FROM applications WHERE id = $5
             ON CONFLICT (subject_number) DO UPDATE SET status = excluded.status,
                 document = excluded.document, application_id = excluded.application_id,
                 updated_at = excluded.updated_at",
        )
        .bind(&record.subject_number)
        .bind(status)
        .bind(
            self.keys
                .seal_text(&json, &record_context(&record.subject_number)),
        )
        .bind(at)
        .bind(application_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}
