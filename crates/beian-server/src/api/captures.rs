//! Live capture sessions (真实性核验): made for a person of an application
//! (`POST /v1/applications/{id}/captures`), listed with how each ended
//! (`GET /v1/applications/{id}/captures`), and streamed over a WebSocket
//! (`GET /v1/captures/{session}/stream`) in the format of `beian_rules::capture`.
//!
//! The stream's token travels as a WebSocket subprotocol (`token.<token>` beside
//! `beian-capture`): a browser cannot set headers on a WebSocket, and a token in the address
//! would end up in logs. The applicant's session cookie must come too.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use beian_rules::capture::{
    limits, read_message, CaptureKind, Close, Part, Received, SessionState,
};
use beian_rules::identity_check::people_to_check;
use futures::future::BoxFuture;
use futures::stream::FuturesOrdered;
use futures::{FutureExt, StreamExt};
use serde::Deserialize;
use serde_json::{json, Value};

use super::applications::{draft_of, editable, load};
use super::json::ApiJson;
use super::session::{CurrentApplicant, SessionCookie};
use super::ApiError;
use crate::captures::{part_mime, CaptureSession, Stored, RECORDING_MIMES};
use crate::media::CapturePart;
use crate::AppState;

/// The subprotocol the stream speaks.
pub const PROTOCOL: &str = "beian-capture";

/// How long a stream may stay silent before the server lets its connection go. A capture sends
/// several frames a second; a person reading the still before keeping it sends nothing, hence
/// the margin.
const IDLE: std::time::Duration = std::time::Duration::from_secs(120);

/// Sessions one application may start (each person retrying a few times per kind).
const MAX_SESSIONS: i64 = 60;

#[derive(Deserialize)]
pub struct NewCapture {
    /// The person's path (`websites[0].owner`), one of those the filing checks.
    person: String,
    /// `id_front`, `id_back` or `face`.
    kind: String,
    /// The MediaRecorder type, when the browser records (`video/webm;codecs=vp8` ...).
    #[serde(default)]
    recording: Option<String>,
}

/// A session as the applicant and the reviewer see it (never its token).
pub fn session_json(s: &CaptureSession, received: &Received) -> Value {
    json!({
        "id": s.id,
        "person": s.person,
        "kind": s.kind,
        "state": s.state,
        "challenges": s.challenges.iter().map(|c| {
            let (zh, en) = c.prompt();
            json!({ "key": c, "zh": zh, "en": en })
        }).collect::<Vec<_>>(),
        "created_at": s.created_at,
        "expires_at": s.expires_at,
        "ended_at": s.ended_at,
        "received": {
            "last": s.last_seq,
            "messages": received.messages,
            "bytes": s.bytes,
            "frames": received.frames,
            "stills": received.stills,
            "challenges_done": received.done,
        },
    })
}

/// A session's verification: its state and, once done, a verdict per check (with the pictures
/// each reports when `evidence`: for reviewers; the applicant gets the verdicts' words).
pub fn verification_json(v: crate::verifications::Verification, evidence: bool) -> Value {
    let mut results = v
        .results
        .and_then(|r| serde_json::from_str::<Value>(&r).ok())
        .unwrap_or(Value::Null);
    if !evidence {
        if let Some(list) = results.as_array_mut() {
            for verdict in list {
                if let Some(fields) = verdict.as_object_mut() {
                    fields.retain(|k, _| matches!(k.as_str(), "check" | "outcome" | "zh" | "en"));
                }
            }
        }
    }
    json!({ "state": v.state, "attempts": v.attempts, "finished_at": v.finished_at, "results": results })
}

/// Starts a capture session: `201` with the session, its token and its stream's address.
pub async fn create(
    State(state): State<AppState>,
    CurrentApplicant(applicant): CurrentApplicant,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<NewCapture>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let kind =
        CaptureKind::from_key(&request.kind).ok_or_else(|| ApiError::UnknownCaptureKind {
            kind: request.kind.chars().take(40).collect(),
        })?;
    let recording = match request.recording.as_deref() {
        None | Some("") => None,
        Some(r) => {
            let base = r
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            Some(
                *RECORDING_MIMES
                    .iter()
                    .find(|m| **m == base)
                    .ok_or(ApiError::UnsupportedRecording)?,
            )
        }
    };
    let application = load(&state, &applicant, &id).await?;
    if !editable(&application.status) {
        return Err(ApiError::NotADraft {
            status: application.status,
        });
    }
    let draft = draft_of(&application)?;
    if !people_to_check(&draft)
        .iter()
        .any(|p| p.path == request.person)
    {
        return Err(ApiError::NotAPersonToCheck {
            person: request.person.chars().take(80).collect(),
        });
    }
    if state.store.capture_count(&application.id).await? >= MAX_SESSIONS {
        return Err(ApiError::TooManyCaptures {
            limit: MAX_SESSIONS,
        });
    }
    let new = state
        .store
        .create_capture(
            &application.id,
            &applicant.id,
            &request.person,
            kind,
            recording,
        )
        .await?;
    let mut body = session_json(&new.session, &Received::default());
    body["token"] = json!(new.token);
    body["stream"] = json!(format!("/api/v1/captures/{}/stream", new.session.id));
    body["protocol"] = json!(PROTOCOL);
    body["limits"] = json!({
        "max_message_bytes": limits::MAX_MESSAGE_BYTES,
        "max_session_bytes": limits::MAX_SESSION_BYTES,
        "max_messages": limits::MAX_MESSAGES,
        "in_flight": limits::IN_FLIGHT,
        "frames_per_second": kind.frames_per_second(),
    });
    Ok((StatusCode::CREATED, Json(body)))
}

/// The application's capture sessions, oldest first.
pub async fn list(
    State(state): State<AppState>,
    CurrentApplicant(applicant): CurrentApplicant,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let application = load(&state, &applicant, &id).await?;
    let sessions = state.store.captures_of(&application.id).await?;
    let mut checked = state.store.verifications_of(&application.id).await?;
    let captures: Vec<Value> = sessions
        .iter()
        .map(|(s, r)| {
            let mut view = session_json(s, r);
            view["verification"] = checked
                .remove(&s.id)
                .map_or(Value::Null, |v| verification_json(v, false));
            view
        })
        .collect();
    Ok(Json(json!({ "captures": captures })))
}

/// The token a WebSocket request offers among its subprotocols (`token.<token>`).
fn offered_token(ws: &WebSocketUpgrade) -> Option<String> {
    ws.requested_protocols()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|p| p.trim().strip_prefix("token."))
        .find(|t| !t.is_empty() && t.len() <= 64)
        .map(str::to_owned)
}

/// The stream of a capture session. Refusals (no session cookie, wrong token, ended session,
/// bad message ...) end the socket with the close code of `beian_rules::capture::Close`, after
/// the upgrade: a browser cannot read the status of a refused upgrade, and would take it for a
/// network failure and try again for ever.
pub async fn stream(
    State(state): State<AppState>,
    session: SessionCookie,
    Path(id): Path<String>,
    ws: WebSocketUpgrade,
) -> Response {
    let applicant = session.applicant.map(|a| a.id);
    let token = offered_token(&ws);
    // Twice the largest message: larger ones are cut off by the socket itself (close 1009);
    // those in between are refused with `too_large` by the reader.
    ws.protocols([PROTOCOL])
        .max_message_size(limits::MAX_MESSAGE_BYTES * 2)
        .max_frame_size(limits::MAX_MESSAGE_BYTES * 2)
        .on_upgrade(move |mut socket| async move {
            let end = match applicant {
                Some(applicant) => ingest(&state, &applicant, &id, token, &mut socket).await,
                None => Err(Close::Unauthorized),
            };
            let frame = match end {
                Ok(Some(state)) => CloseFrame {
                    code: 1000,
                    reason: state.key().into(),
                },
                Ok(None) => return,
                Err(close) => CloseFrame {
                    code: close.code(),
                    reason: close.key().into(),
                },
            };
            let _ = socket.send(Message::Close(Some(frame))).await;
        })
}

async fn send_json(socket: &mut WebSocket, value: Value) -> Result<(), Close> {
    socket
        .send(Message::Text(value.to_string().into()))
        .await
        .map_err(|_| Close::Unavailable)
}

/// An internal error while storing: logged; the client is told to try again.
fn unavailable(error: impl std::fmt::Display) -> Close {
    tracing::error!(%error, "capture stream: storing failed");
    Close::Unavailable
}

/// A received message being stored: its bytes written and synced (stage one), then its index
/// row committed (stage two). Each stage's answers come in the order the messages came.
type Storing<T> = FuturesOrdered<BoxFuture<'static, T>>;

/// What stage one hands on: the message's number, its part, its payload and where its record
/// starts in the session's log.
type Written = Result<(u32, Part, Bytes, Option<u64>), Close>;

/// What stage two hands on: the message's number, its part and how recording it went.
type Committed = (u32, Part, crate::capture_writer::Recorded);

/// Reads the stream until it ends: `Some(state)` when the capture ended, `None` when the client
/// went away (the session stays open to resume), or why it was refused.
///
/// Messages are stored as a pipeline: while one waits for its sync or its commit, the next ones
/// are read and written, and acknowledgements go out in order as each message is committed. So
/// a stream that fell behind (a slow sync under load) catches up with its backlog in one sync,
/// not one per message. At most `limits::IN_FLIGHT` messages are in the pipeline; beyond that
/// the socket is not read (backpressure). When reading ends (the client went, or sent something
/// refused), what was received before is stored and acknowledged first.
async fn ingest(
    state: &AppState,
    applicant_id: &str,
    id: &str,
    token: Option<String>,
    socket: &mut WebSocket,
) -> Result<Option<SessionState>, Close> {
    let session = match token {
        Some(token) => state
            .store
            .capture_by_token(id, &token)
            .await
            .map_err(unavailable)?,
        None => None,
    }
    .filter(|s| s.applicant_id == applicant_id)
    .ok_or(Close::Unauthorized)?;
    if session.state == SessionState::Expired {
        return Err(Close::Ended);
    }
    // Where to resume, and (for an ended session) how it ended.
    send_json(
        socket,
        json!({ "resume": session.last_seq, "state": session.state }),
    )
    .await?;
    if session.state != SessionState::Open {
        return Err(Close::Ended);
    }
    let mut stream = Stream {
        last: session.last_seq,
        acked: session.last_seq,
        bytes: session.bytes,
        expires: session.expires(),
        session,
        writes: FuturesOrdered::new(),
        records: FuturesOrdered::new(),
        end: None,
        gone: false,
        log: Arc::default(),
    };
    loop {
        let in_flight = stream.writes.len() + stream.records.len();
        if in_flight == 0 {
            if let Some(end) = stream.end.take() {
                return end;
            }
        }
        let reading = stream.end.is_none() && in_flight < limits::IN_FLIGHT as usize;
        tokio::select! {
            biased;
            Some((seq, part, recorded)) = stream.records.next(), if !stream.records.is_empty() => {
                match recorded.map_err(unavailable)? {
                    Ok(Stored::New | Stored::Duplicate) => {}
                    Err(close) => return Err(close),
                }
                stream.acked = seq;
                if part == Part::End {
                    let ended = state
                        .store
                        .end_capture(&stream.session)
                        .await
                        .map_err(unavailable)?;
                    stream.answer(socket, json!({ "ack": seq, "state": ended })).await;
                    return Ok(Some(ended));
                }
                stream.answer(socket, json!({ "ack": seq })).await;
            }
            Some(written) = stream.writes.next(), if !stream.writes.is_empty() => {
                let (seq, part, payload, offset) = written?;
                let recorded = state
                    .store
                    .queue_capture_part(&stream.session, seq, part, &payload, offset)
                    .await
                    .map_err(unavailable)?;
                stream
                    .records
                    .push_back(async move { (seq, part, recorded.await) }.boxed());
            }
            // A client silent this long has gone (a phone that changed networks leaves its old
            // connection open and dead): the task and its socket are let go; the session stays
            // open to resume.
            received = tokio::time::timeout(IDLE, socket.recv()), if reading => {
                let outcome = match received {
                    Err(_) => Err(Ok(None)),
                    Ok(received) => stream.receive(state, id, received),
                };
                match outcome {
                    Ok(Some(ack)) => stream.answer(socket, json!({ "ack": ack })).await,
                    Ok(None) => {}
                    Err(end) => stream.end = Some(end),
                }
            }
            else => return stream.end.take().unwrap_or(Ok(None)),
        }
    }
}

/// One stream's state while it is read.
struct Stream {
    session: CaptureSession,
    /// The last number received (and handed to the pipeline).
    last: u32,
    /// The last number acknowledged (committed).
    acked: u32,
    /// The bytes received, the session's before this connection included.
    bytes: u64,
    expires: time::OffsetDateTime,
    writes: Storing<Written>,
    records: Storing<Committed>,
    /// Why reading stopped, once it has: returned when the pipeline is empty.
    end: Option<Result<Option<SessionState>, Close>>,
    /// The client went: nothing more is sent to it.
    gone: bool,
    /// The session's log is ready (made by the first message stored; a refused stream leaves
    /// no file).
    log: Arc<tokio::sync::OnceCell<()>>,
}

impl Stream {
    /// Sends `value` unless the client has gone. A client gone (the send fails) ends reading,
    /// but what it sent before is still stored: the pipeline is not dropped for it.
    async fn answer(&mut self, socket: &mut WebSocket, value: Value) {
        if !self.gone && send_json(socket, value).await.is_err() {
            self.gone = true;
            self.end.get_or_insert(Ok(None));
        }
    }

    /// Takes one thing the socket gave: `Ok(Some(n))` to acknowledge message `n` again (a
    /// duplicate stored before), `Ok(None)` when there is nothing to answer now (a message
    /// handed to the pipeline), or how the stream ends.
    fn receive(
        &mut self,
        state: &AppState,
        id: &str,
        received: Option<Result<Message, axum::Error>>,
    ) -> Result<Option<u32>, Result<Option<SessionState>, Close>> {
        let message = match received {
            None | Some(Ok(Message::Close(_))) => return Err(Ok(None)),
            Some(Err(e)) => {
                // A message past the socket's own limit; anything else: the client went away.
                let inner = e.into_inner();
                let too_large = matches!(
                    inner.downcast_ref::<tungstenite::Error>(),
                    Some(tungstenite::Error::Capacity(_))
                );
                return Err(if too_large {
                    Err(Close::TooLarge)
                } else {
                    Ok(None)
                });
            }
            Some(Ok(Message::Binary(b))) => b,
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => return Ok(None),
            Some(Ok(Message::Text(_))) => return Err(Err(Close::BadMessage)),
        };
        let m = read_message(&message).map_err(Err)?;
        if m.seq <= self.last {
            // Sent again after a reconnection: stored before, acknowledged again (one still in
            // the pipeline is acknowledged when it is committed).
            return Ok((m.seq <= self.acked).then_some(m.seq));
        }
        if m.seq != self.last + 1 {
            return Err(Err(Close::OutOfOrder));
        }
        if m.seq > limits::MAX_MESSAGES
            || self.bytes + m.payload.len() as u64 > limits::MAX_SESSION_BYTES
        {
            return Err(Err(Close::TooLarge));
        }
        if state.store.clock.now() >= self.expires {
            return Err(Err(Close::Ended));
        }
        let (seq, part) = (m.seq, m.part);
        let payload = message.slice_ref(m.payload);
        self.last = seq;
        self.bytes += payload.len() as u64;
        let (media, keys) = (state.media.clone(), state.store.keys.clone());
        let (application, mime) = (
            self.session.application_id.clone(),
            part_mime(&self.session, part).to_owned(),
        );
        let (session, log) = (id.to_owned(), self.log.clone());
        self.writes.push_back(
            async move {
                let mut offset = None;
                if matches!(part, Part::Frame | Part::Recording | Part::Still) {
                    let which = CapturePart {
                        application: &application,
                        session: &session,
                        seq,
                        mime: &mime,
                    };
                    log.get_or_try_init(|| media.open_log(&which))
                        .await
                        .map_err(unavailable)?;
                    offset = media
                        .put_part(&keys, &which, &payload)
                        .await
                        .map_err(unavailable)?;
                }
                Ok((seq, part, payload, offset))
            }
            .boxed(),
        );
        if part == Part::End {
            // Nothing comes after the end: the pipeline finishes it and returns.
            self.end = Some(Ok(None));
        }
        Ok(None)
    }
}
