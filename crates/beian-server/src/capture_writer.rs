//! The capture index's writer (group commit). Every stream's messages are recorded by one task,
//! as many to a transaction as are waiting when it starts one: under load a commit carries tens
//! of messages instead of one. Each stream still waits for its own message's commit before it
//! acknowledges it, so an acknowledged message is as durable as before.
//!
//! Before this, each message took its own transaction on one of the pool's connections. On SQLite
//! those contended for the one write lock through SQLite's busy handler, which sleeps: at 150
//! streams the 99th percentile acknowledgement took seconds.

use beian_rules::capture::{Close, Part};
use sqlx::{AnyPool, Row};
use tokio::sync::{mpsc, oneshot};

use crate::captures::Stored;
use crate::clock::Clock;
use crate::store::StoreError;

/// The most messages one transaction records.
pub const MAX_BATCH: usize = 256;

/// What recording one message came to: stored now or before, or why the stream must close.
pub type Recorded = Result<Result<Stored, Close>, StoreError>;

/// One message to record; its answer goes back on `reply`.
struct Job {
    session_id: String,
    application_id: String,
    seq: u32,
    part: Part,
    bytes: u64,
    marker: Option<String>,
    /// Where its record starts in the session's log (`None`: a file or object of its own).
    offset: Option<u64>,
    reply: oneshot::Sender<Recorded>,
}

/// The handle the streams send their messages to.
#[derive(Clone)]
pub struct CaptureWriter {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for CaptureWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CaptureWriter")
    }
}

impl CaptureWriter {
    /// Starts the writer on the current runtime. It ends when every handle is gone.
    pub fn start(pool: AnyPool, clock: Clock) -> CaptureWriter {
        let (jobs, queue) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(run(pool, clock, queue));
        CaptureWriter { jobs }
    }

    /// Queues message `seq` of session `session_id` (its bytes already in the media) and returns
    /// once it is queued. The returned future answers once it is committed: the session's last
    /// number moved from `seq - 1` to `seq` and the message's index row added, in one
    /// conditional statement and one insert. Messages queued one after another are recorded in
    /// that order, so a stream can queue its next message before the last one's commit.
    #[allow(clippy::too_many_arguments)]
    pub async fn submit(
        &self,
        session_id: &str,
        application_id: &str,
        seq: u32,
        part: Part,
        bytes: u64,
        marker: Option<String>,
        offset: Option<u64>,
    ) -> Result<impl std::future::Future<Output = Recorded> + Send + 'static, StoreError> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            session_id: session_id.to_owned(),
            application_id: application_id.to_owned(),
            seq,
            part,
            bytes,
            marker,
            offset,
            reply,
        };
        self.jobs
            .send(job)
            .await
            .map_err(|_| StoreError::WriterStopped)?;
        Ok(async move { answer.await.map_err(|_| StoreError::WriterStopped)? })
    }
}

async fn run(pool: AnyPool, clock: Clock, mut queue: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        // One order for the sessions' row locks (several servers on one PostgreSQL); within a
        // session, the order of arrival (a stable sort).
        batch.sort_by(|a, b| a.session_id.cmp(&b.session_id));
        match write(&pool, &clock, &batch).await {
            Ok(results) => {
                for (job, result) in batch.drain(..).zip(results) {
                    let _ = job.reply.send(Ok(result));
                }
            }
            Err(error) => {
                tracing::error!(%error, messages = batch.len(), "capture index: a batch failed");
                let text = error.to_string();
                for job in batch.drain(..) {
                    let _ = job.reply.send(Err(StoreError::Batch(text.clone())));
                }
            }
        }
    }
}

/// Records `batch` in one transaction: each message's result, or the error that undid them all.
async fn write(
    pool: &AnyPool,
    clock: &Clock,
    batch: &[Job],
) -> Result<Vec<Result<Stored, Close>>, sqlx::Error> {
    let now = clock.now_text();
    let mut tx = pool.begin().await?;
    let mut results = Vec::with_capacity(batch.len());
    for job in batch {
        let moved = sqlx::query(
            "UPDATE capture_sessions SET last_seq = $1, bytes = bytes + $2
             WHERE id = $3 AND state = 'open' AND last_seq = $4",
        )
        .bind(i64::from(job.seq))
        .bind(job.bytes as i64)
        .bind(&job.session_id)
        .bind(i64::from(job.seq) - 1)
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() == 0 {
            // Why not: sent before, the session ended, or a gap.
            let row = sqlx::query("SELECT last_seq, state FROM capture_sessions WHERE id = $1")
                .bind(&job.session_id)
                .fetch_one(&mut *tx)
                .await?;
            let last = u32::try_from(row.get::<i64, _>("last_seq")).unwrap_or(0);
            results.push(if job.seq <= last {
                Ok(Stored::Duplicate)
            } else if row.get::<&str, _>("state") != "open" {
                Err(Close::Ended)
            } else {
                Err(Close::OutOfOrder)
            });
            continue;
        }
        sqlx::query(
            "INSERT INTO capture_parts
                (session_id, application_id, seq, part, bytes, marker, received_at, media_offset)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&job.session_id)
        .bind(&job.application_id)
        .bind(i64::from(job.seq))
        .bind(job.part.key())
        .bind(job.bytes as i64)
        .bind(job.marker.as_deref())
        .bind(&now)
        .bind(job.offset.and_then(|o| i64::try_from(o).ok()))
        .execute(&mut *tx)
        .await?;
        results.push(Ok(Stored::New));
    }
    tx.commit().await?;
    Ok(results)
}
