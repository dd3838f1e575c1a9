//! Live capture sessions in the database: made for an application, a person and a kind, opened
//! by their token, and the index of what their stream stored (one row per acknowledged message).
//! The bytes are in the media, next to the application's uploads.

use beian_rules::capture::{
    challenge_sequence, is_complete, limits, CaptureKind, Challenge, Close, Marker, Part, Received,
    SessionState,
};
use sqlx::Row;

use crate::clock::{format_time, parse_time};
use crate::secret::{digest, new_token, random_bytes, same};
use crate::store::{Store, StoreError};

/// A capture session as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaptureSession {
    pub id: String,
    pub application_id: String,
    pub applicant_id: String,
    /// The person's path in the document (`websites[0].owner`).
    pub person: String,
    pub kind: CaptureKind,
    pub challenges: Vec<Challenge>,
    pub recording_mime: Option<String>,
    pub state: SessionState,
    pub created_at: String,
    pub expires_at: String,
    pub ended_at: Option<String>,
    /// The last message stored: the stream resumes after it.
    pub last_seq: u32,
    pub bytes: u64,
    pub received: Received,
}

/// A new session and the token that opens its stream (shown once; only its digest is kept).
pub struct NewCapture {
    pub session: CaptureSession,
    pub token: String,
}

/// What storing one message came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Stored {
    /// Stored now.
    New,
    /// Stored before (a message sent again after a reconnection): acknowledged, not stored again.
    Duplicate,
}

/// The recording types a session accepts (MediaRecorder's, without codec parameters).
pub const RECORDING_MIMES: [&str; 2] = ["video/webm", "video/mp4"];

/// The media name of a session's message `seq`: sorts by number within the session.
pub fn part_name(session: &str, seq: u32) -> String {
    format!("capture-{session}-{seq:08}")
}

/// The media type a part is stored as.
pub fn part_mime(session: &CaptureSession, part: Part) -> &str {
    match part {
        Part::Frame | Part::Still => "image/jpeg",
        Part::Recording => session.recording_mime.as_deref().unwrap_or("video/webm"),
        Part::Marker | Part::End => "application/json",
    }
}

fn session_of(r: &sqlx::any::AnyRow) -> CaptureSession {
    let challenges: Vec<Challenge> =
        serde_json::from_str(r.get::<&str, _>("challenges")).unwrap_or_default();
    let done: Vec<usize> =
        serde_json::from_str(r.get::<&str, _>("challenges_done")).unwrap_or_default();
    let count = |c: &str| u32::try_from(r.get::<i64, _>(c)).unwrap_or(0);
    CaptureSession {
        id: r.get("id"),
        application_id: r.get("application_id"),
        applicant_id: r.get("applicant_id"),
        person: r.get("person"),
        kind: CaptureKind::from_key(r.get("kind")).unwrap_or(CaptureKind::Face),
        challenges,
        recording_mime: r.get("recording_mime"),
        state: SessionState::from_key(r.get("state")).unwrap_or(SessionState::Incomplete),
        created_at: r.get("created_at"),
        expires_at: r.get("expires_at"),
        ended_at: r.get("ended_at"),
        last_seq: count("last_seq"),
        bytes: u64::try_from(r.get::<i64, _>("bytes")).unwrap_or(0),
        received: Received {
            frames: count("frames"),
            stills: count("stills"),
            done,
        },
    }
}

const COLUMNS: &str =
    "id, application_id, applicant_id, person, kind, challenges, recording_mime, state,
    created_at, expires_at, ended_at, last_seq, bytes, frames, stills, challenges_done";

impl CaptureSession {
    /// Whether the session is past its time without having ended.
    pub fn expired_at(&self, now: time::OffsetDateTime) -> bool {
        self.state == SessionState::Open
            && parse_time(&self.expires_at).is_none_or(|expires| now >= expires)
    }
}

impl Store {
    /// A new capture session for `person` of an application. Earlier open sessions of the same
    /// person and kind end as incomplete (the person started again).
    pub async fn create_capture(
        &self,
        application_id: &str,
        applicant_id: &str,
        person: &str,
        kind: CaptureKind,
        recording_mime: Option<&str>,
    ) -> Result<NewCapture, StoreError> {
        let now = self.clock.now();
        let challenges = match kind {
            CaptureKind::Face => challenge_sequence(&random_bytes::<8>()),
            _ => Vec::new(),
        };
        let token = new_token();
        let session = CaptureSession {
            id: uuid::Uuid::new_v4().to_string(),
            application_id: application_id.to_owned(),
            applicant_id: applicant_id.to_owned(),
            person: person.to_owned(),
            kind,
            challenges,
            recording_mime: recording_mime.map(str::to_owned),
            state: SessionState::Open,
            created_at: format_time(now),
            expires_at: format_time(now + time::Duration::minutes(limits::SESSION_MINUTES)),
            ended_at: None,
            last_seq: 0,
            bytes: 0,
            received: Received::default(),
        };
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE capture_sessions SET state = 'incomplete', ended_at = $1
             WHERE application_id = $2 AND person = $3 AND kind = $4 AND state = 'open'",
        )
        .bind(&session.created_at)
        .bind(application_id)
        .bind(person)
        .bind(kind.key())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO capture_sessions (id, application_id, applicant_id, person, kind, token_hash,
                challenges, recording_mime, state, created_at, expires_at, last_seq, bytes, frames,
                stills, challenges_done)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, 0, 0, 0, 0, '[]')",
        )
        .bind(&session.id)
        .bind(application_id)
        .bind(applicant_id)
        .bind(person)
        .bind(kind.key())
        .bind(digest("", &token))
        .bind(serde_json::to_string(&session.challenges).unwrap_or_else(|_| "[]".into()))
        .bind(recording_mime)
        .bind(&session.created_at)
        .bind(&session.expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(NewCapture { session, token })
    }

    /// A session by id.
    pub async fn capture(&self, id: &str) -> Result<Option<CaptureSession>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM capture_sessions WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(session_of))
    }

    /// The session `id` if `token` opens it.
    pub async fn capture_by_token(
        &self,
        id: &str,
        token: &str,
    ) -> Result<Option<CaptureSession>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS}, token_hash FROM capture_sessions WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row
            .filter(|r| same(r.get("token_hash"), &digest("", token)))
            .as_ref()
            .map(session_of))
    }

    /// How many sessions an application has started.
    pub async fn capture_count(&self, application_id: &str) -> Result<i64, StoreError> {
        let row =
            sqlx::query("SELECT COUNT(*) AS n FROM capture_sessions WHERE application_id = $1")
                .bind(application_id)
                .fetch_one(&self.pool)
                .await?;
        Ok(row.get("n"))
    }

    /// The sessions of an application, oldest first, with the expired ones marked so.
    pub async fn captures_of(
        &self,
        application_id: &str,
    ) -> Result<Vec<CaptureSession>, StoreError> {
        self.expire_captures(application_id).await?;
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM capture_sessions WHERE application_id = $1 ORDER BY created_at, id"
        ))
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(session_of).collect())
    }

    /// Marks the open sessions of an application that are past their time as expired.
    pub async fn expire_captures(&self, application_id: &str) -> Result<(), StoreError> {
        let now = self.now_text();
        sqlx::query(
            "UPDATE capture_sessions SET state = 'expired', ended_at = $1
             WHERE application_id = $2 AND state = 'open' AND expires_at <= $3",
        )
        .bind(&now)
        .bind(application_id)
        .bind(&now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records message `seq` of an open session, whose bytes are already in the media. The next
    /// message in order is recorded; one at or below the last recorded is a duplicate. Whatever
    /// another connection to the same session did meanwhile, each number is recorded once.
    pub async fn record_capture_part(
        &self,
        session: &CaptureSession,
        seq: u32,
        part: Part,
        payload: &[u8],
    ) -> Result<Result<Stored, Close>, StoreError> {
        let marker = match part {
            Part::Marker => serde_json::from_slice::<Marker>(payload).ok(),
            _ => None,
        };
        let mut tx = self.begin_locked(&session.id).await?;
        let row = sqlx::query(
            "SELECT last_seq, challenges_done, state FROM capture_sessions WHERE id = $1",
        )
        .bind(&session.id)
        .fetch_one(&mut *tx)
        .await?;
        let last = u32::try_from(row.get::<i64, _>("last_seq")).unwrap_or(0);
        if seq <= last {
            return Ok(Ok(Stored::Duplicate));
        }
        if row.get::<&str, _>("state") != "open" {
            return Ok(Err(Close::Ended));
        }
        if seq != last + 1 {
            return Ok(Err(Close::OutOfOrder));
        }
        let mut done: Vec<usize> =
            serde_json::from_str(row.get::<&str, _>("challenges_done")).unwrap_or_default();
        if let Some(m) = marker.as_ref().filter(|m| m.event == "done") {
            done.push(m.challenge);
        }
        let now = self.now_text();
        sqlx::query(
            "INSERT INTO capture_parts (session_id, application_id, seq, part, bytes, marker, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&session.id)
        .bind(&session.application_id)
        .bind(i64::from(seq))
        .bind(part.key())
        .bind(payload.len() as i64)
        .bind(marker.as_ref().and_then(|m| serde_json::to_string(m).ok()))
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE capture_sessions SET last_seq = $1, bytes = bytes + $2,
                frames = frames + $3, stills = stills + $4, challenges_done = $5
             WHERE id = $6",
        )
        .bind(i64::from(seq))
        .bind(payload.len() as i64)
        .bind(i64::from(part == Part::Frame))
        .bind(i64::from(part == Part::Still))
        .bind(serde_json::to_string(&done).unwrap_or_else(|_| "[]".into()))
        .bind(&session.id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(Stored::New))
    }

    /// Ends a session: complete when it received what its kind needs, else incomplete. The state
    /// it ended in (an ended session keeps its first end; an unknown one reads as incomplete).
    pub async fn end_capture(&self, id: &str) -> Result<SessionState, StoreError> {
        let Some(session) = self.capture(id).await? else {
            return Ok(SessionState::Incomplete);
        };
        if session.state != SessionState::Open {
            return Ok(session.state);
        }
        let state = if is_complete(session.kind, session.challenges.len(), &session.received) {
            SessionState::Complete
        } else {
            SessionState::Incomplete
        };
        sqlx::query(
            "UPDATE capture_sessions SET state = $1, ended_at = $2 WHERE id = $3 AND state = 'open'",
        )
        .bind(state.key())
        .bind(self.now_text())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(state)
    }

    /// Marks one session expired (its stream was used past its time).
    pub async fn expire_capture(&self, id: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE capture_sessions SET state = 'expired', ended_at = $1 WHERE id = $2 AND state = 'open'",
        )
        .bind(self.now_text())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The numbers and parts a session stored, in order.
    pub async fn capture_parts(&self, id: &str) -> Result<Vec<(u32, Part)>, StoreError> {
        let rows =
            sqlx::query("SELECT seq, part FROM capture_parts WHERE session_id = $1 ORDER BY seq")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let seq = u32::try_from(r.get::<i64, _>("seq")).ok()?;
                Some((seq, Part::from_key(r.get("part"))?))
            })
            .collect())
    }
}
