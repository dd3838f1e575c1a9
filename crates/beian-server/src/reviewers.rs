//! The provider's reviewers and their sessions, in the database. A reviewer's session is
//! separate from any applicant's: another table, another cookie.

use sqlx::Row;
use time::Duration;

use crate::clock::format_time;
use crate::secret::{digest, new_token};
use crate::store::{Store, StoreError};

/// How long a reviewer's session lasts: a working day.
pub const REVIEWER_SESSION_TTL: Duration = Duration::hours(12);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reviewer {
    pub id: String,
    /// 11 digits.
    pub phone: String,
    pub name: String,
}

/// An application in the reviewers' queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueRow {
    pub id: String,
    pub status: String,
    pub updated_at: String,
    pub document: String,
}

impl Store {
    /// A reviewer as read (`id`, `phone_sealed`, `name`): the number opened.
    fn reviewer_of(&self, r: &sqlx::any::AnyRow) -> Result<Reviewer, StoreError> {
        let id: String = r.get("id");
        let phone = self.open_phone("reviewers", &id, r.get("phone_sealed"))?;
        Ok(Reviewer {
            id,
            phone,
            name: r.get("name"),
        })
    }

    /// Adds a reviewer (or renames and re-enables the one with this number).
    pub async fn add_reviewer(&self, phone: &str, name: &str) -> Result<Reviewer, StoreError> {
        let index = self.phone_index("reviewers", phone).await?;
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO reviewers (id, phone, phone_sealed, name, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (phone) DO UPDATE SET name = excluded.name, disabled_at = NULL",
        )
        .bind(&id)
        .bind(&index)
        .bind(self.seal_phone("reviewers", &id, phone))
        .bind(name)
        .bind(self.clock.now_text())
        .execute(&self.pool)
        .await?;
        let row = sqlx::query("SELECT id, phone_sealed, name FROM reviewers WHERE phone = $1")
            .bind(&index)
            .fetch_one(&self.pool)
            .await?;
        self.reviewer_of(&row)
    }

    /// The active reviewer with this number.
    pub async fn reviewer_by_phone(&self, phone: &str) -> Result<Option<Reviewer>, StoreError> {
        let index = self.phone_index("reviewers", phone).await?;
        let row = sqlx::query(
            "SELECT id, phone_sealed, name FROM reviewers WHERE phone = $1 AND disabled_at IS NULL",
        )
        .bind(index)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(|r| self.reviewer_of(r)).transpose()
    }

    /// A new session for a reviewer; its token.
    pub async fn create_reviewer_session(&self, reviewer: &Reviewer) -> Result<String, StoreError> {
        let token = new_token();
        let now = self.clock.now();
        sqlx::query(
            "INSERT INTO reviewer_sessions (token_hash, reviewer_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(digest("", &token))
        .bind(&reviewer.id)
        .bind(format_time(now))
        .bind(format_time(now + REVIEWER_SESSION_TTL))
        .execute(&self.pool)
        .await?;
        Ok(token)
    }

    /// The active reviewer of a live reviewer session.
    pub async fn reviewer_session(&self, token: &str) -> Result<Option<Reviewer>, StoreError> {
        let row = sqlx::query(
            "SELECT r.id, r.phone_sealed, r.name FROM reviewer_sessions s JOIN reviewers r ON r.id = s.reviewer_id
             WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND r.disabled_at IS NULL",
        )
        .bind(digest("", token))
        .bind(self.clock.now_text())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(|r| self.reviewer_of(r)).transpose()
    }

    pub async fn revoke_reviewer_session(&self, token: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE reviewer_sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
        )
        .bind(self.clock.now_text())
        .bind(digest("", token))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Applications in the given statuses, the longest-waiting first (at most 200).
    pub async fn queue(&self, statuses: &[&str]) -> Result<Vec<QueueRow>, StoreError> {
        let mut rows = Vec::new();
        for status in statuses {
            let found = sqlx::query(
                "SELECT id, status, updated_at, document FROM applications
                 WHERE status = $1 ORDER BY updated_at LIMIT 200",
            )
            .bind(status)
            .fetch_all(&self.pool)
            .await?;
            for r in found {
                let id: String = r.get("id");
                rows.push(QueueRow {
                    document: self
                        .keys
                        .open_text(r.get("document"), &crate::store::document_context(&id))?,
                    id,
                    status: r.get("status"),
                    updated_at: r.get("updated_at"),
                });
            }
        }
        rows.sort_by(|a, b| a.updated_at.cmp(&b.updated_at));
        rows.truncate(200);
        Ok(rows)
    }

    /// The uploads of an application (their index rows).
    pub async fn uploads_of(
        &self,
        application_id: &str,
    ) -> Result<Vec<crate::store::UploadRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, application_id, kind, mime, bytes, width, height, created_at
             FROM uploads WHERE application_id = $1 ORDER BY created_at",
        )
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(crate::store::upload_of).collect())
    }
}
