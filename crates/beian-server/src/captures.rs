//! Live capture sessions in the database: made for an application, a person and a kind, opened
//! by their token, and the index of what their stream stored (one row per acknowledged message).
//! The bytes are in the media, next to the application's uploads.

use std::collections::HashMap;

use beian_rules::capture::{
    challenge_sequence, is_complete, limits, CaptureKind, Challenge, Marker, MarkerEvent, Part,
    Received, SessionState,
};
use sqlx::Row;

use crate::capture_writer;
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
    /// As stored, except that an open session past its time reads as expired (nothing is
    /// written for that: the time says it).
    pub state: SessionState,
    pub created_at: String,
    pub expires_at: String,
    pub ended_at: Option<String>,
    /// The last message stored: the stream resumes after it.
    pub last_seq: u32,
    pub bytes: u64,
}

/// One message a session stored, as indexed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPart {
    pub seq: u32,
    pub part: Part,
    /// The payload's size.
    pub bytes: u64,
    /// A marker's content.
    pub marker: Option<Marker>,
    /// Where its record starts in the session's log (`None`: a file or object of its own).
    pub offset: Option<u64>,
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

/// At most `n` of `items`, evenly spread, the first and the last among them.
pub fn spread<T: Clone>(items: &[T], n: usize) -> Vec<T> {
    if items.len() <= n {
        return items.to_vec();
    }
    if n <= 1 {
        return items.first().cloned().into_iter().take(n).collect();
    }
    (0..n)
        .map(|i| items[i * (items.len() - 1) / (n - 1)].clone())
        .collect()
}

/// The media type a part is stored as.
pub fn part_mime(session: &CaptureSession, part: Part) -> &str {
    match part {
        Part::Frame | Part::Still => "image/jpeg",
        Part::Recording => session.recording_mime.as_deref().unwrap_or("video/webm"),
        Part::Marker | Part::End => "application/json",
    }
}

/// Reads back a stored message of `session` from the media, opened.
pub async fn read_part(
    state: &crate::AppState,
    session: &CaptureSession,
    part: &StoredPart,
) -> Result<Vec<u8>, crate::media::MediaError> {
    let which = crate::media::CapturePart {
        application: &session.application_id,
        session: &session.id,
        seq: part.seq,
        mime: part_mime(session, part.part),
    };
    state
        .media
        .get_part(&state.store.keys, &which, part.offset)
        .await
}

const COLUMNS: &str =
    "id, application_id, applicant_id, person, kind, challenges, recording_mime, state,
    created_at, expires_at, ended_at, last_seq, bytes";

impl CaptureSession {
    /// The moment the session expires (an unreadable time: already).
    pub fn expires(&self) -> time::OffsetDateTime {
        parse_time(&self.expires_at).unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
    }
}

impl Store {
    fn session_of(&self, r: &sqlx::any::AnyRow) -> CaptureSession {
        let challenges: Vec<Challenge> =
            serde_json::from_str(r.get::<&str, _>("challenges")).unwrap_or_default();
        let mut session = CaptureSession {
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
            last_seq: u32::try_from(r.get::<i64, _>("last_seq")).unwrap_or(0),
            bytes: u64::try_from(r.get::<i64, _>("bytes")).unwrap_or(0),
        };
        if session.state == SessionState::Open && self.clock.now() >= session.expires() {
            session.state = SessionState::Expired;
        }
        session
    }

    /// A new capture session for `person` of an application. Earlier open sessions of the same
    /// person and kind, not yet expired, end as incomplete (the person started again).
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
        };
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE capture_sessions SET state = 'incomplete', ended_at = $1
             WHERE application_id = $2 AND person = $3 AND kind = $4 AND state = 'open'
               AND expires_at > $5",
        )
        .bind(&session.created_at)
        .bind(application_id)
        .bind(person)
        .bind(kind.key())
        .bind(&session.created_at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO capture_sessions (id, application_id, applicant_id, person, kind, token_hash,
                challenges, recording_mime, state, created_at, expires_at, last_seq, bytes)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, 0, 0)",
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
            .map(|r| self.session_of(&r)))
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

    /// The sessions of an application, oldest first, each with what it received.
    pub async fn captures_of(
        &self,
        application_id: &str,
    ) -> Result<Vec<(CaptureSession, Received)>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM capture_sessions WHERE application_id = $1 ORDER BY created_at, id"
        ))
        .bind(application_id)
        .fetch_all(&self.pool)
        .await?;
        let mut received = self.received("application_id", application_id).await?;
        Ok(rows
            .iter()
            .map(|r| {
                let session = self.session_of(r);
                let got = received.remove(&session.id).unwrap_or_default();
                (session, got)
            })
            .collect())
    }

    /// What the sessions whose `column` (`session_id` or `application_id`) is `value` received,
    /// by session: counted from their parts (frames, stills, the challenges marked done in
    /// order of arrival).
    async fn received(
        &self,
        column: &'static str,
        value: &str,
    ) -> Result<HashMap<String, Received>, StoreError> {
        let mut out: HashMap<String, Received> = HashMap::new();
        let counts = sqlx::query(&format!(
            "SELECT session_id, COUNT(*) AS messages,
                 SUM(CASE WHEN part = 'frame' THEN 1 ELSE 0 END) AS frames,
                 SUM(CASE WHEN part = 'still' THEN 1 ELSE 0 END) AS stills
             FROM capture_parts WHERE {column} = $1 GROUP BY session_id"
        ))
        .bind(value)
        .fetch_all(&self.pool)
        .await?;
        for r in counts {
            let got = out.entry(r.get("session_id")).or_default();
            got.messages = u32::try_from(r.get::<i64, _>("messages")).unwrap_or(0);
            got.frames = u32::try_from(r.get::<i64, _>("frames")).unwrap_or(0);
            got.stills = u32::try_from(r.get::<i64, _>("stills")).unwrap_or(0);
        }
        let markers = sqlx::query(&format!(
            "SELECT session_id, marker FROM capture_parts WHERE {column} = $1 AND part = 'marker'
             ORDER BY seq"
        ))
        .bind(value)
        .fetch_all(&self.pool)
        .await?;
        for r in markers {
            let marker = r
                .get::<Option<String>, _>("marker")
                .and_then(|m| serde_json::from_str::<Marker>(&m).ok());
            if let Some(m) = marker.filter(|m| m.event == MarkerEvent::Done) {
                out.entry(r.get("session_id"))
                    .or_default()
                    .done
                    .push(m.challenge);
            }
        }
        Ok(out)
    }

    /// Queues message `seq` of an open session, whose bytes are already in the media, for
    /// recording, and returns once it is queued; the returned future answers once it is
    /// committed (with whatever other streams' messages wait at the same time:
    /// `capture_writer`). The session's last number moves from `seq - 1` to `seq` in one
    /// conditional statement, so whatever another connection to the same session does
    /// meanwhile, each number is recorded once; one at or below the last recorded is a
    /// duplicate. Messages queued one after another are recorded in that order.
    pub async fn queue_capture_part(
        &self,
        session: &CaptureSession,
        seq: u32,
        part: Part,
        payload: &[u8],
        offset: Option<u64>,
    ) -> Result<
        impl std::future::Future<Output = capture_writer::Recorded> + Send + 'static,
        StoreError,
    > {
        let marker = (part == Part::Marker).then(|| String::from_utf8_lossy(payload).into_owned());
        self.capture_writer
            .submit(
                &session.id,
                &session.application_id,
                seq,
                part,
                payload.len() as u64,
                marker,
                offset,
            )
            .await
    }

    /// Ends session `session`: complete when it received what its kind needs, else incomplete;
    /// a complete one is queued for verification. The state it ended in (a session that ended
    /// before keeps its first end).
    pub async fn end_capture(&self, session: &CaptureSession) -> Result<SessionState, StoreError> {
        let received = self
            .received("session_id", &session.id)
            .await?
            .remove(&session.id)
            .unwrap_or_default();
        let state = if is_complete(session.kind, session.challenges.len(), &received) {
            SessionState::Complete
        } else {
            SessionState::Incomplete
        };
        let done = sqlx::query(
            "UPDATE capture_sessions SET state = $1, ended_at = $2 WHERE id = $3 AND state = 'open'",
        )
        .bind(state.key())
        .bind(self.now_text())
        .bind(&session.id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 1 {
            // What the capture holds is checked by the verification worker, before a reviewer.
            if state == SessionState::Complete {
                self.enqueue_verification(session).await?;
            }
            return Ok(state);
        }
        let row = sqlx::query("SELECT state FROM capture_sessions WHERE id = $1")
            .bind(&session.id)
            .fetch_one(&self.pool)
            .await?;
        Ok(SessionState::from_key(row.get("state")).unwrap_or(SessionState::Incomplete))
    }

    /// The session `id`, whoever asks (the reviewers' side; the stream opens by token).
    pub async fn capture_session(&self, id: &str) -> Result<Option<CaptureSession>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM capture_sessions WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| self.session_of(&r)))
    }

    /// The numbers and parts a session stored, in order.
    pub async fn capture_parts(&self, id: &str) -> Result<Vec<StoredPart>, StoreError> {
        Ok(self
            .parts_where("session_id", id)
            .await?
            .into_values()
            .next()
            .unwrap_or_default())
    }

    /// The parts each session of an application stored, in order, by session.
    pub async fn capture_parts_of(
        &self,
        application_id: &str,
    ) -> Result<HashMap<String, Vec<StoredPart>>, StoreError> {
        self.parts_where("application_id", application_id).await
    }

    async fn parts_where(
        &self,
        column: &'static str,
        value: &str,
    ) -> Result<HashMap<String, Vec<StoredPart>>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT session_id, seq, part, bytes, marker, media_offset FROM capture_parts WHERE {column} = $1
             ORDER BY session_id, seq"
        ))
        .bind(value)
        .fetch_all(&self.pool)
        .await?;
        let mut out: HashMap<String, Vec<StoredPart>> = HashMap::new();
        for r in &rows {
            let (Ok(seq), Some(part)) = (
                u32::try_from(r.get::<i64, _>("seq")),
                Part::from_key(r.get("part")),
            ) else {
                continue;
            };
            out.entry(r.get("session_id"))
                .or_default()
                .push(StoredPart {
                    seq,
                    part,
                    bytes: u64::try_from(r.get::<i64, _>("bytes")).unwrap_or(0),
                    marker: r
                        .get::<Option<String>, _>("marker")
                        .and_then(|m| serde_json::from_str(&m).ok()),
                    offset: r
                        .get::<Option<i64>, _>("media_offset")
                        .and_then(|o| u64::try_from(o).ok()),
                });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::spread;

    #[test]
    fn spread_keeps_all_when_few_and_the_ends_when_many() {
        assert_eq!(spread(&[1, 2, 3], 8), vec![1, 2, 3]);
        assert_eq!(spread::<u32>(&[], 8), Vec::<u32>::new());
        let many: Vec<u32> = (10..110).collect();
        let shown = spread(&many, 8);
        assert_eq!(shown.len(), 8);
        assert_eq!(shown.first(), Some(&10));
        assert_eq!(shown.last(), Some(&109));
        assert!(shown.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(spread(&many, 1), vec![10]);
        assert_eq!(spread(&many, 0), Vec::<u32>::new());
    }
}
