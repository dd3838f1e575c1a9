//! The verification worker: claims a finished capture session's job, checks what the session
//! stored, and records one verdict per check (`beian_rules::capture_verdict`). It runs inside the
//! server (started with it unless `BEIAN_VERIFIER=off`) or as its own process
//! (`beian-server verify-worker`); several share the queue through the database.
//!
//! The checks: picture quality (every still, and up to [`MAX_FRAMES`] frames spread over the
//! session, decoded and measured as the browser measures them), then the model-based checks
//! (`model_checks.rs`: the card's text against the form, the face and its challenges).

use std::time::Duration;

use beian_rules::capture::{CaptureKind, Part};
use beian_rules::capture_verdict::{
    measured, picture_quality, shrink, Measured, Verdict, MEASURE_WIDTH,
};
use zune_jpeg::zune_core::colorspace::ColorSpace;
use zune_jpeg::zune_core::options::DecoderOptions;
use zune_jpeg::JpegDecoder;

use crate::captures::{read_part, spread, CaptureSession, StoredPart};
use crate::media::MediaError;
use crate::store::StoreError;
use crate::AppState;

/// Frames measured per session at most, spread from its first to its last.
pub const MAX_FRAMES: usize = 60;

/// How long an idle worker waits before it looks at the queue again.
pub const IDLE_WAIT: Duration = Duration::from_secs(1);

/// The largest picture decoded (a frame is 640×480; anything far larger is refused).
const MAX_SIDE: usize = 4096;

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Media(#[from] MediaError),
    #[error("verification task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("a verification model failed: {0}")]
    Model(String),
}

/// Verifies the oldest waiting session, if any: whether one was taken.
pub async fn verify_next(state: &AppState) -> Result<bool, VerifyError> {
    let Some(session) = state.store.claim_verification().await? else {
        return Ok(false);
    };
    let started = std::time::Instant::now();
    match verify(state, &session).await {
        Ok(verdicts) => {
            let results = serde_json::to_string(&verdicts).unwrap_or_else(|_| "[]".into());
            state
                .store
                .finish_verification(&session.id, &results)
                .await?;
            tracing::info!(
                capture = %session.id,
                kind = session.kind.key(),
                elapsed_ms = started.elapsed().as_millis() as u64,
                "capture verified"
            );
        }
        Err(error) => {
            tracing::error!(capture = %session.id, %error, "verifying a capture failed");
            state
                .store
                .retry_verification(&session.id, &error.to_string())
                .await?;
        }
    }
    Ok(true)
}

/// Runs the worker until `stop` turns true: a job after another while there are any, then a
/// look at the queue every [`IDLE_WAIT`]. A job begun is finished before it stops (a process
/// stopped mid-job, as by a crash, leaves it claimed, to be run again).
pub async fn run(state: AppState, mut stop: tokio::sync::watch::Receiver<bool>) {
    while !*stop.borrow() {
        match verify_next(&state).await {
            Ok(true) => continue,
            Ok(false) => {}
            Err(error) => tracing::error!(%error, "verification worker"),
        }
        tokio::select! {
            _ = tokio::time::sleep(IDLE_WAIT) => {}
            _ = stop.changed() => {}
        }
    }
}

/// The longest a stopping process waits for the job in hand.
pub const STOP_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// The verdicts on one session.
pub async fn verify(
    state: &AppState,
    session: &CaptureSession,
) -> Result<Vec<Verdict>, VerifyError> {
    let parts = state.store.capture_parts(&session.id).await?;
    let stills = parts.iter().filter(|p| p.part == Part::Still);
    let frames: Vec<&StoredPart> = parts.iter().filter(|p| p.part == Part::Frame).collect();
    let mut measured_stills = Vec::new();
    for still in stills {
        measured_stills.extend(picture(state, session, still).await?);
    }
    let mut measured_frames = Vec::new();
    for frame in spread(&frames, MAX_FRAMES) {
        measured_frames.extend(picture(state, session, frame).await?);
    }
    let mut verdicts = vec![picture_quality(
        session.kind,
        &measured_stills,
        &measured_frames,
    )];
    verdicts.extend(crate::model_checks::model_verdicts(state, session, &parts).await?);
    Ok(verdicts)
}

/// One stored picture, measured; `None` when it is not a JPEG that decodes (the stream's own
/// check should have refused it), which then counts as not measured.
async fn picture(
    state: &AppState,
    session: &CaptureSession,
    part: &StoredPart,
) -> Result<Option<Measured>, VerifyError> {
    let bytes = read_part(state, session, part).await?;
    let seq = part.seq;
    let kind = session.kind;
    Ok(tokio::task::spawn_blocking(move || measure_jpeg(seq, &bytes, kind)).await?)
}

/// How a stored picture is decoded: to `space`, refusing anything larger than [`MAX_SIDE`].
pub(crate) fn jpeg_decoder(jpeg: &[u8], space: ColorSpace) -> JpegDecoder<&[u8]> {
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(space)
        .set_max_width(MAX_SIDE)
        .set_max_height(MAX_SIDE);
    JpegDecoder::new_with_options(jpeg, options)
}

/// Decodes a JPEG to grey, scales it to the browser's measuring width and measures it.
pub fn measure_jpeg(seq: u32, jpeg: &[u8], kind: CaptureKind) -> Option<Measured> {
    let mut decoder = jpeg_decoder(jpeg, ColorSpace::Luma);
    let grey = decoder.decode().ok()?;
    let info = decoder.info()?;
    let (w, h) = (usize::from(info.width), usize::from(info.height));
    // A document is measured on the card guide's area, as the browser measured it.
    let (grey, w, h) = if kind == CaptureKind::Face {
        (grey, w, h)
    } else {
        crop_to_guide(&grey, w, h)
    };
    let (small, sw, sh) = shrink(&grey, w, h, MEASURE_WIDTH);
    Some(measured(seq, &small, sw, sh, kind))
}

/// The card guide's area of a `w` × `h` grey picture.
fn crop_to_guide(grey: &[u8], w: usize, h: usize) -> (Vec<u8>, usize, usize) {
    let (x, y, gw, gh) = beian_rules::capture_quality::card_guide(w as f64, h as f64);
    let (x, y, gw, gh) = (x as usize, y as usize, gw as usize, gh as usize);
    if gw == 0 || gh == 0 || grey.len() < w * h {
        return (grey.to_vec(), w, h);
    }
    let mut out = Vec::with_capacity(gw * gh);
    for row in y..y + gh {
        out.extend_from_slice(&grey[row * w + x..row * w + x + gw]);
    }
    (out, gw, gh)
}

#[cfg(test)]
mod tests {
    use super::crop_to_guide;

    #[test]
    fn a_document_frame_is_cropped_to_the_card_guide_as_the_browser_measures_it() {
        // 640 × 480: a border of 0 around a centre of 200, the guide inside the centre.
        let (w, h) = (640usize, 480usize);
        let grey: Vec<u8> = (0..w * h)
            .map(|i| {
                if (i % w) >= 40 && (i % w) < 600 && (i / w) >= 60 && (i / w) < 420 {
                    200
                } else {
                    0
                }
            })
            .collect();
        let (out, gw, gh) = crop_to_guide(&grey, w, h);
        assert_eq!((gw, gh), (550, 347));
        assert_eq!(out.len(), gw * gh);
        assert!(
            out.iter().all(|&v| v == 200),
            "only the guide's area is kept"
        );
        // A picture shorter than its size says is left as it is.
        assert_eq!(crop_to_guide(&[1, 2, 3], w, h).0, vec![1, 2, 3]);
    }
}
