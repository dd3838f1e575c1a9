//! The verification jobs of finished capture sessions, in the database: queued when a session
//! ends complete, claimed by a worker for a lease (on PostgreSQL with `FOR UPDATE SKIP LOCKED`,
//! so workers on several machines share the queue), finished with their results, or queued
//! again when a worker's lease runs out (it crashed) until [`MAX_ATTEMPTS`].

use std::collections::HashMap;

use sqlx::Row;

use crate::captures::CaptureSession;
use crate::clock::format_time;
use crate::store::{Backend, Store, StoreError};

/// Tries of one job before it ends `failed`.
pub const MAX_ATTEMPTS: i64 = 3;

/// How long a claimed job is the claiming worker's; after that another may take it.
pub const LEASE: time::Duration = time::Duration::minutes(5);

/// A session's verification as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// `queued`, `running`, `done` or `failed`.
    pub state: String,
    pub attempts: i64,
    /// The verdicts (JSON array), once done.
    pub results: Option<String>,
    pub finished_at: Option<String>,
}

impl Store {
    /// Queues the verification of `session` (once: a session queued before stays as it is).
    pub async fn enqueue_verification(&self, session: &CaptureSession) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO capture_verifications (session_id, application_id, state, attempts, created_at)
             VALUES ($1, $2, 'queued', 0, $3)
             ON CONFLICT (session_id) DO NOTHING",
        )
        .bind(&session.id)
        .bind(&session.application_id)
        .bind(self.now_text())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Claims the oldest job waiting (queued, or running with its lease run out and tries left)
    /// for [`LEASE`]: its session. `None` when there is none.
    pub async fn claim_verification(&self) -> Result<Option<CaptureSession>, StoreError> {
        let now = self.clock.now();
        let lock = match self.backend() {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        // An idle queue costs one read, no write (the worker asks every second).
        let waiting = sqlx::query(
            "SELECT 1 AS waiting FROM capture_verifications
             WHERE state = 'queued' OR (state = 'running' AND lease_until < $1) LIMIT 1",
        )
        .bind(format_time(now))
        .fetch_optional(&self.pool)
        .await?;
        if waiting.is_none() {
            return Ok(None);
        }
        // Jobs whose lease ran out with no tries left end failed first.
        sqlx::query(
            "UPDATE capture_verifications SET state = 'failed', lease_until = NULL,
                 error = COALESCE(error, 'the worker stopped while verifying')
             WHERE state = 'running' AND lease_until < $1 AND attempts >= $2",
        )
        .bind(format_time(now))
        .bind(MAX_ATTEMPTS)
        .execute(&self.pool)
        .await?;
        let claimed = sqlx::query(&format!(
            "UPDATE capture_verifications
             SET state = 'running', attempts = attempts + 1, lease_until = $1
             WHERE session_id = (
                 SELECT session_id FROM capture_verifications
                 WHERE state = 'queued' OR (state = 'running' AND lease_until < $2)
                 ORDER BY created_at, session_id
                 LIMIT 1 {lock}
             )
             RETURNING session_id"
        ))
        .bind(format_time(now + LEASE))
        .bind(format_time(now))
        .fetch_optional(&self.pool)
        .await?;
        match claimed {
            Some(row) => self.capture_session(row.get("session_id")).await,
            None => Ok(None),
        }
    }

    /// Records the results (a JSON array) of a claimed job: done.
    pub async fn finish_verification(
        &self,
        session_id: &str,
        results: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE capture_verifications
             SET state = 'done', results = $1, finished_at = $2, lease_until = NULL, error = NULL
             WHERE session_id = $3 AND state = 'running'",
        )
        .bind(results)
        .bind(self.now_text())
        .bind(session_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A claimed job that could not finish: queued again, or failed after [`MAX_ATTEMPTS`].
    pub async fn retry_verification(
        &self,
        session_id: &str,
        error: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE capture_verifications
             SET state = CASE WHEN attempts >= $1 THEN 'failed' ELSE 'queued' END,
                 lease_until = NULL, error = $2
             WHERE session_id = $3 AND state = 'running'",
        )
        .bind(MAX_ATTEMPTS)
        .bind(error.chars().take(500).collect::<String>())
        .bind(session_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The verifications of an application's sessions, by session.
    pub async fn verifications_of(
        &self,
        application_id: &str,
    ) -> Result<HashMap<String, Verification>, StoreError> {
        let rows = sqlx::query(
            "SELECT session_id, state, attempts, results, finished_at
             FROM capture_verifications WHERE application_id = $1",
        )
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    r.get("session_id"),
                    Verification {
                        state: r.get("state"),
                        attempts: r.get("attempts"),
                        results: r.get("results"),
                        finished_at: r.get("finished_at"),
                    },
                )
            })
            .collect())
    }
}
