//! What a reviewer sees of the live captures (真实性核验): each session of an application with how
//! it ended, the server's verification of it (its state, and a verdict per check), its kept stills, frames spread over the session, the frame at which each face
//! challenge was done, and the recording; the images and the recording themselves, read from the
//! media for a signed-in reviewer only, each look logged.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use beian_rules::capture::{MarkerEvent, Part};
use futures::StreamExt;
use serde_json::{json, Value};

use super::captures::{session_json, verification_json};
use super::reviewer::SignedInReviewer;
use super::uploads::private_headers;
use super::ApiError;
use crate::captures::{part_mime, read_part, spread, CaptureSession, StoredPart};
use crate::AppState;

/// Frames shown per session, spread from its first to its last.
pub const FRAMES_SHOWN: usize = 8;

/// The sessions of an application for the reviewer's detail, newest first.
pub async fn sessions_for(state: &AppState, application: &str) -> Result<Vec<Value>, ApiError> {
    let mut parts = state.store.capture_parts_of(application).await?;
    let mut checked = state.store.verifications_of(application).await?;
    let mut out: Vec<Value> = state
        .store
        .captures_of(application)
        .await?
        .into_iter()
        .map(|(session, received)| {
            let mine = parts.remove(&session.id).unwrap_or_default();
            let mut view = session_json(&session, &received);
            view["media"] = media_json(&session, &mine);
            view["verification"] = checked
                .remove(&session.id)
                .map_or(Value::Null, |v| verification_json(v, true));
            view
        })
        .collect();
    out.reverse();
    Ok(out)
}

/// The session's viewable media: stills, frames spread over the session, the last frame before
/// each face challenge was marked done, and the recording's type and size (none without one).
fn media_json(session: &CaptureSession, parts: &[StoredPart]) -> Value {
    let seqs = |p: Part| parts.iter().filter(move |s| s.part == p).map(|s| s.seq);
    let frames: Vec<u32> = seqs(Part::Frame).collect();
    let done_at: Vec<Value> = parts
        .iter()
        .filter_map(|p| {
            let m = p.marker.as_ref().filter(|m| m.event == MarkerEvent::Done)?;
            let challenge = session.challenges.get(m.challenge)?;
            let (zh, en) = challenge.prompt();
            let frame = frames.iter().rev().find(|f| **f < p.seq);
            Some(json!({ "challenge": challenge, "zh": zh, "en": en, "marker": p.seq, "frame": frame }))
        })
        .collect();
    let recording_bytes: u64 = parts
        .iter()
        .filter(|p| p.part == Part::Recording)
        .map(|p| p.bytes)
        .sum();
    json!({
        "stills": seqs(Part::Still).collect::<Vec<_>>(),
        "frames": spread(&frames, FRAMES_SHOWN),
        "challenges_done_at": done_at,
        "recording": (recording_bytes > 0).then(|| json!({
            "mime": part_mime(session, Part::Recording),
            "bytes": recording_bytes,
        })),
    })
}

/// The session `id`, for a reviewer.
async fn session(state: &AppState, id: &str) -> Result<CaptureSession, ApiError> {
    state
        .store
        .capture_session(id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// `GET /v1/reviewer/captures/{session}/parts/{seq}`: a frame or a still (JPEG).
pub async fn image(
    State(state): State<AppState>,
    SignedInReviewer(reviewer): SignedInReviewer,
    Path((id, seq)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let seq: u32 = seq.parse().map_err(|_| ApiError::NotFound)?;
    let session = session(&state, &id).await?;
    let part = state
        .store
        .capture_parts(&session.id)
        .await?
        .into_iter()
        .find(|p| p.seq == seq && matches!(p.part, Part::Frame | Part::Still))
        .ok_or(ApiError::NotFound)?;
    tracing::info!(reviewer = %reviewer.id, application = %session.application_id, capture = %session.id, seq, "capture image viewed by a reviewer");
    let mime = part_mime(&session, part.part).to_owned();
    let bytes = read_part(&state, &session, &part).await?;
    Ok((private_headers(mime, bytes.len() as u64), bytes).into_response())
}

/// `GET /v1/reviewer/captures/{session}/recording`: the session's recording, its chunks in
/// order (MediaRecorder's chunks joined are the file), streamed from the media one chunk at a
/// time.
pub async fn recording(
    State(state): State<AppState>,
    SignedInReviewer(reviewer): SignedInReviewer,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let session = session(&state, &id).await?;
    let chunks: Vec<StoredPart> = state
        .store
        .capture_parts(&session.id)
        .await?
        .into_iter()
        .filter(|p| p.part == Part::Recording)
        .collect();
    if chunks.is_empty() {
        return Err(ApiError::NotFound);
    }
    tracing::info!(reviewer = %reviewer.id, application = %session.application_id, capture = %session.id, "capture recording viewed by a reviewer");
    let length: u64 = chunks.iter().map(|p| p.bytes).sum();
    let mime = part_mime(&session, Part::Recording).to_owned();
    let headers = private_headers(mime, length);
    let body = futures::stream::iter(chunks).then(move |chunk| {
        let (state, session) = (state.clone(), session.clone());
        async move {
            read_part(&state, &session, &chunk)
                .await
                .inspect_err(|e| tracing::error!(error = %e, capture = %session.id, seq = chunk.seq, "a recording chunk could not be read"))
        }
    });
    Ok((headers, Body::from_stream(body)).into_response())
}
