//! The server's verdict on a finished capture session's pictures, before a reviewer looks: the
//! same measures as the browser's quality check (`capture_quality`), on every frame and still the
//! server stored. A frame too dark, too bright, with glare or blurred is reported with its number,
//! never passed over in silence.
//!
//! A document side passes when the photo kept (its still) measures good, and fails when it does
//! not: a still taken with the shutter skipped the browser's check. The face passes when at
//! least half its frames are exposed well enough and sharp enough to judge, fails when none are,
//! and otherwise goes to a person.
//!
//! Model-based checks (the face and its challenges, the card's number read by OCR) are separate
//! checks with their own keys; this module is the picture quality only.

use serde::{Deserialize, Serialize};

use crate::capture::CaptureKind;
pub use crate::capture_quality::MEASURE_WIDTH;
use crate::capture_quality::{feedback, measure, Feedback, FrameQuality};

/// A face is judged on how it is lit and how sharp it is, with a lower bar for sharpness than a
/// document's text (a face has far fewer hard edges).
pub const FACE_MIN_SHARPNESS: f32 = 20.0;

/// A check's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Fail,
    /// A person must look.
    Review,
}

/// One picture as measured, with its message number.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Measured {
    pub seq: u32,
    pub brightness: f32,
    pub sharpness: f32,
    pub glare: f32,
    /// What the browser would have said about it (`too_dark`, `blurry`, `good` ...).
    pub feedback: &'static str,
}

/// The result of one check, with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    /// Which check (`picture_quality`).
    pub check: &'static str,
    pub outcome: Outcome,
    pub zh: String,
    pub en: String,
    /// The pictures that did not measure good, at most [`MAX_REPORTED`].
    pub reported: Vec<Measured>,
    /// Pictures measured, and how many measured good.
    pub measured: u32,
    pub good: u32,
    /// What the model-based checks saw, picture by picture (empty for picture quality).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// One picture's part in a verdict: what was seen in it, in words, with the model's score or
/// the text read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    /// The message number of the frame or still.
    pub seq: u32,
    pub zh: String,
    pub en: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Verdict {
    /// A verdict of a model-based check (no picture measures).
    pub fn judged(
        check: &'static str,
        outcome: Outcome,
        (zh, en): (String, String),
        evidence: Vec<Evidence>,
    ) -> Verdict {
        Verdict {
            check,
            outcome,
            zh,
            en,
            reported: Vec::new(),
            measured: 0,
            good: 0,
            evidence,
        }
    }
}

/// Reported pictures kept as evidence per check.
pub const MAX_REPORTED: usize = 20;

/// A grey picture scaled down (box filter) to at most `max_width` wide: the picture, its width
/// and height. One narrower already is returned as it is.
pub fn shrink(
    grey: &[u8],
    width: usize,
    height: usize,
    max_width: usize,
) -> (Vec<u8>, usize, usize) {
    if width <= max_width || width == 0 || height == 0 || grey.len() < width * height {
        return (grey.to_vec(), width, height);
    }
    let factor = width.div_ceil(max_width);
    let (w, h) = (width / factor, height / factor);
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let mut sum = 0u32;
            for dy in 0..factor {
                let row = (y * factor + dy) * width + x * factor;
                sum += grey[row..row + factor]
                    .iter()
                    .map(|&v| u32::from(v))
                    .sum::<u32>();
            }
            out.push((sum / (factor * factor) as u32) as u8);
        }
    }
    (out, w, h)
}

/// Measures one picture (already grey and shrunk), on its own (no motion: the frames a server
/// reads are not consecutive camera frames).
pub fn measured(seq: u32, grey: &[u8], width: usize, height: usize, kind: CaptureKind) -> Measured {
    let q = measure(grey, width, height, None);
    Measured {
        seq,
        brightness: q.brightness,
        sharpness: q.sharpness,
        glare: q.glare,
        feedback: judged(&q, kind).key(),
    }
}

/// What a picture of `kind` measuring `q` is: the browser's feedback, with the face's lower bar
/// for sharpness and no glare test (skin and eyes shine).
fn judged(q: &FrameQuality, kind: CaptureKind) -> Feedback {
    if kind != CaptureKind::Face {
        return feedback(q);
    }
    let mut face = *q;
    face.glare = 0.0;
    match feedback(&face) {
        Feedback::Blurry if q.sharpness >= FACE_MIN_SHARPNESS => Feedback::Good,
        other => other,
    }
}

/// The verdict on a session of `kind` from its measured `stills` and `frames`.
pub fn picture_quality(kind: CaptureKind, stills: &[Measured], frames: &[Measured]) -> Verdict {
    let good = |m: &&Measured| m.feedback == Feedback::Good.key();
    let bad: Vec<Measured> = stills
        .iter()
        .chain(frames)
        .filter(|m| !good(m))
        .take(MAX_REPORTED)
        .copied()
        .collect();
    let measured = (stills.len() + frames.len()) as u32;
    let good_count = stills.iter().chain(frames).filter(good).count() as u32;
    let (outcome, zh, en) = match kind {
        CaptureKind::IdFront | CaptureKind::IdBack => match stills.last() {
            None => (
                Outcome::Fail,
                "没有保留的证件照片。".to_owned(),
                "No photo of the card was kept.".to_owned(),
            ),
            Some(s) if good(&s) => (
                Outcome::Pass,
                "证件照片清晰、曝光正常。".to_owned(),
                "The card's photo is sharp and well exposed.".to_owned(),
            ),
            Some(s) => {
                let (zh, en) = reason(s.feedback);
                (
                    Outcome::Fail,
                    format!("保留的证件照片不合格：{zh}"),
                    format!("The card's photo kept is not usable: {en}"),
                )
            }
        },
        CaptureKind::Face => {
            let total = frames.len() as u32;
            let good_frames = frames.iter().filter(good).count() as u32;
            if total == 0 || good_frames == 0 {
                (
                    Outcome::Fail,
                    "没有一帧人脸画面可以判断（太暗、太亮或模糊）。".to_owned(),
                    "No frame of the face can be judged (too dark, too bright or blurred)."
                        .to_owned(),
                )
            } else if good_frames * 2 >= total {
                (
                    Outcome::Pass,
                    format!("{good_frames}/{total} 帧人脸画面清晰、曝光正常。"),
                    format!(
                        "{good_frames} of {total} frames of the face are sharp and well exposed."
                    ),
                )
            } else {
                (
                    Outcome::Review,
                    format!("只有 {good_frames}/{total} 帧人脸画面清晰、曝光正常，请人工查看。"),
                    format!(
                        "Only {good_frames} of {total} frames of the face are sharp and well exposed: a person should look."
                    ),
                )
            }
        }
    };
    Verdict {
        check: "picture_quality",
        outcome,
        zh,
        en,
        reported: bad,
        measured,
        good: good_count,
        evidence: Vec::new(),
    }
}

/// Why a picture is not good, in words (the browser's messages, without the advice).
fn reason(feedback: &str) -> (&'static str, &'static str) {
    match feedback {
        "too_dark" => ("太暗", "too dark"),
        "too_bright" => ("太亮", "too bright"),
        "glare" => ("有反光", "glare"),
        "hold_still" => ("晃动", "moving"),
        "blurry" => ("模糊", "blurred"),
        _ => ("无法判断", "cannot be judged"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `w` × `h` grey picture: a sharp black-and-white checkerboard of `cell` pixels at `level`
    /// brightness, or flat when `cell` is 0.
    fn picture(w: usize, h: usize, cell: usize, level: u8) -> Vec<u8> {
        (0..w * h)
            .map(|i| {
                let (x, y) = (i % w, i / w);
                if cell == 0 || (x / cell + y / cell).is_multiple_of(2) {
                    level
                } else {
                    level / 4
                }
            })
            .collect()
    }

    #[test]
    fn shrinking_averages_blocks_and_keeps_small_pictures() {
        let (small, w, h) = shrink(&picture(640, 480, 0, 100), 640, 480, 200);
        assert_eq!((w, h), (160, 120));
        assert!(small.iter().all(|&v| v == 100));
        let (same, w, h) = shrink(&[1, 2, 3, 4], 2, 2, 200);
        assert_eq!((same, w, h), (vec![1, 2, 3, 4], 2, 2));
        // Fewer bytes than the size says: returned as is, measured as unusable later.
        assert_eq!(shrink(&[1, 2], 640, 480, 200).0, vec![1, 2]);
    }

    #[test]
    fn a_document_passes_on_a_good_still_and_fails_on_a_dark_one_with_the_reason() {
        let good = measured(
            7,
            &picture(200, 120, 4, 200),
            200,
            120,
            CaptureKind::IdFront,
        );
        assert_eq!(good.feedback, "good");
        let dark = measured(8, &picture(200, 120, 4, 30), 200, 120, CaptureKind::IdFront);
        assert_eq!(dark.feedback, "too_dark");
        let flat = measured(
            9,
            &picture(200, 120, 0, 128),
            200,
            120,
            CaptureKind::IdFront,
        );
        assert_eq!(flat.feedback, "blurry");

        let v = picture_quality(CaptureKind::IdFront, &[good], &[dark, flat]);
        assert_eq!(v.outcome, Outcome::Pass);
        assert_eq!((v.measured, v.good), (3, 1));
        assert_eq!(v.reported.iter().map(|m| m.seq).collect::<Vec<_>>(), [8, 9]);

        let v = picture_quality(CaptureKind::IdBack, &[dark], &[good]);
        assert_eq!(v.outcome, Outcome::Fail);
        assert!(v.zh.contains("太暗") && v.en.contains("too dark"), "{v:?}");
        assert_eq!(
            picture_quality(CaptureKind::IdBack, &[], &[good]).outcome,
            Outcome::Fail
        );
    }

    #[test]
    fn a_face_passes_with_half_its_frames_good_goes_to_a_person_below_and_fails_with_none() {
        let good = measured(1, &picture(200, 150, 6, 180), 200, 150, CaptureKind::Face);
        let dark = measured(2, &picture(200, 150, 6, 20), 200, 150, CaptureKind::Face);
        assert_eq!(good.feedback, "good");
        assert_eq!(
            picture_quality(CaptureKind::Face, &[], &[good, dark]).outcome,
            Outcome::Pass
        );
        assert_eq!(
            picture_quality(CaptureKind::Face, &[], &[good, dark, dark]).outcome,
            Outcome::Review
        );
        let none = picture_quality(CaptureKind::Face, &[], &[dark, dark]);
        assert_eq!(none.outcome, Outcome::Fail);
        assert_eq!(none.reported.len(), 2);
        assert_eq!(
            picture_quality(CaptureKind::Face, &[], &[]).outcome,
            Outcome::Fail
        );
    }

    #[test]
    fn reported_pictures_are_capped() {
        let dark = measured(2, &picture(50, 50, 5, 10), 50, 50, CaptureKind::Face);
        let v = picture_quality(CaptureKind::Face, &[], &vec![dark; 100]);
        assert_eq!(v.reported.len(), MAX_REPORTED);
        assert_eq!(v.measured, 100);
    }
}
