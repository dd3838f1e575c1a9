//! The verification's model-based checks of a finished capture session (beside picture
//! quality, `verifier.rs`):
//! - a card side: its kept still read by OCR (`beian_vision::Ocr`), then judged by the rules
//!   crate against the form (`card_verdict`: the number and its check character, the name, the
//!   validity dates and the province's minimum);
//! - the face: every frame (up to [`MAX_FACE_FRAMES`], spread) through the face detector, then
//!   judged by the rules crate (`face_verdict`: one face large enough and centred, and each
//!   challenge followed in its window of the stream).

use std::sync::Arc;

use beian_rules::capture::{CaptureKind, Marker, Part};
use beian_rules::capture_verdict::{Outcome, Verdict};
use beian_rules::card_verdict::{
    back_verdicts, front_verdicts, min_id_validity_months, FormPerson, ReadLine,
};
use beian_rules::date::CivilDate;
use beian_rules::document_path::value_at;
use beian_rules::face_pose::pose;
use beian_rules::face_verdict::{challenges_followed, face_presence, windows, FaceFrame, SeenFace};
use beian_vision::{Models, Picture};
use zune_jpeg::zune_core::colorspace::ColorSpace;

use crate::captures::{read_part, spread, CaptureSession, StoredPart};
use crate::verifier::VerifyError;
use crate::AppState;

/// Frames of a face session analysed at most (a session of three challenges at 10 fps has
/// about 100 to 150).
pub const MAX_FACE_FRAMES: usize = 200;

/// The model-based verdicts on `session`.
pub async fn model_verdicts(
    state: &AppState,
    session: &CaptureSession,
    parts: &[StoredPart],
) -> Result<Vec<Verdict>, VerifyError> {
    let slot = state.models.clone();
    let models = match tokio::task::spawn_blocking(move || slot.get()).await? {
        Ok(models) => models,
        Err(reason) => {
            tracing::error!(%reason, "verification models unavailable: the model checks go to a person");
            return Ok(vec![Verdict::judged(
                "models",
                Outcome::Review,
                (
                    "服务器没有核验模型，人脸和证件文字未经核验，请人工查看。".into(),
                    "The server has no verification models: the face and the card's text were not checked; a person should look."
                        .into(),
                ),
                Vec::new(),
            )]);
        }
    };
    match session.kind {
        CaptureKind::Face => face(state, session, parts, models).await,
        kind => card(state, session, parts, models, kind).await,
    }
}

/// A JPEG decoded to RGB.
pub fn decode_rgb(jpeg: &[u8]) -> Option<Picture> {
    let mut decoder = crate::verifier::jpeg_decoder(jpeg, ColorSpace::RGB);
    let rgb = decoder.decode().ok()?;
    let info = decoder.info()?;
    Picture::new(usize::from(info.width), usize::from(info.height), rgb).ok()
}

async fn card(
    state: &AppState,
    session: &CaptureSession,
    parts: &[StoredPart],
    models: Arc<Models>,
    kind: CaptureKind,
) -> Result<Vec<Verdict>, VerifyError> {
    // The still the person kept (the last); without one, picture quality has failed it.
    let Some(still) = parts.iter().rev().find(|p| p.part == Part::Still) else {
        return Ok(Vec::new());
    };
    let (seq, bytes) = (still.seq, read_part(state, session, still).await?);
    let lines = tokio::task::spawn_blocking(move || -> Result<Vec<ReadLine>, String> {
        let Some(picture) = decode_rgb(&bytes) else {
            return Ok(Vec::new());
        };
        let whole = (0.0, 0.0, picture.width() as f32, picture.height() as f32);
        let read = models
            .ocr
            .read(&picture, whole)
            .map_err(|e| e.to_string())?;
        Ok(read
            .into_iter()
            .map(|l| ReadLine {
                seq,
                text: l.text,
                confidence: l.confidence,
            })
            .collect())
    })
    .await?
    .map_err(VerifyError::Model)?;
    let document = form(state, session).await?;
    Ok(if kind == CaptureKind::IdFront {
        let person = value_at(&document, &session.person);
        front_verdicts(
            &lines,
            FormPerson {
                name: person["name"].as_str(),
                number: person["certificate_number"]
                    .as_str()
                    .filter(|n| !n.is_empty()),
            },
        )
    } else {
        let province = value_at(&document, beian_rules::document::fields::PROVINCE);
        let months = province.as_str().map(min_id_validity_months).unwrap_or(0);
        back_verdicts(&lines, today(state), months)
    })
}

/// The application's filing document as JSON (`Null` when it is gone).
async fn form(
    state: &AppState,
    session: &CaptureSession,
) -> Result<serde_json::Value, VerifyError> {
    Ok(state
        .store
        .get_application(&session.application_id)
        .await?
        .and_then(|a| serde_json::from_str(&a.document).ok())
        .unwrap_or(serde_json::Value::Null))
}

/// Today in China, on the store's clock.
fn today(state: &AppState) -> CivilDate {
    let now = state.store.clock.now().unix_timestamp();
    CivilDate::in_china_at(now).unwrap_or(CivilDate {
        year: 1970,
        month: 1,
        day: 1,
    })
}

async fn face(
    state: &AppState,
    session: &CaptureSession,
    parts: &[StoredPart],
    models: Arc<Models>,
) -> Result<Vec<Verdict>, VerifyError> {
    let frames: Vec<&StoredPart> = parts.iter().filter(|p| p.part == Part::Frame).collect();
    let mut seen = Vec::new();
    for frame in spread(&frames, MAX_FACE_FRAMES) {
        let (seq, bytes) = (frame.seq, read_part(state, session, frame).await?);
        let models = models.clone();
        let frame = tokio::task::spawn_blocking(move || -> Result<Option<FaceFrame>, String> {
            let Some(picture) = decode_rgb(&bytes) else {
                return Ok(None);
            };
            let faces = models.face.detect(&picture).map_err(|e| e.to_string())?;
            let (w, h) = (picture.width() as f32, picture.height() as f32);
            let face = match faces.as_slice() {
                [f] => pose(&f.keypoints).map(|pose| SeenFace {
                    score: f.score,
                    width_share: f.width() / w,
                    centre: [
                        (f.bbox[0] + f.bbox[2]) / 2.0 / w,
                        (f.bbox[1] + f.bbox[3]) / 2.0 / h,
                    ],
                    pose,
                }),
                _ => None,
            };
            Ok(Some(FaceFrame {
                seq,
                faces: faces.len() as u32,
                face,
            }))
        })
        .await?
        .map_err(VerifyError::Model)?;
        seen.extend(frame);
    }
    // The markers are in the index itself.
    let markers: Vec<(u32, Marker)> = parts
        .iter()
        .filter_map(|p| p.marker.clone().map(|m| (p.seq, m)))
        .collect();
    Ok(vec![
        face_presence(&seen),
        challenges_followed(&seen, &windows(&session.challenges, &markers)),
    ])
}
