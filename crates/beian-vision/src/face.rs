//! Face detection with MediaPipe BlazeFace short range: every face in a picture, with its box
//! and six keypoints (the person's right eye, left eye, nose tip, mouth centre, right ear,
//! left ear). The model and its decoding follow MediaPipe's `face_detection_short_range` graph:
//! 128×128 RGB in [-1, 1], 896 anchors (16×16×2 and 8×8×6), sigmoid scores, weighted
//! non-maximum suppression.

use std::sync::Arc;

use tract_onnx::prelude::*;

use crate::models::FACE_DETECTION;
use crate::{Picture, VisionError};

/// The model's input side.
pub const INPUT: usize = 128;
/// Detections below this score are dropped (MediaPipe's `min_score_thresh`).
pub const MIN_SCORE: f32 = 0.5;
/// Overlap above which two detections are one face (MediaPipe's `min_suppression_threshold`).
pub const SAME_FACE_IOU: f32 = 0.3;
/// Values per anchor: box (x, y, w, h), then the keypoints' (x, y).
const COORDS: usize = 16;
const KEYPOINTS: usize = 6;

/// A face found in a picture, in the picture's pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Face {
    pub score: f32,
    /// Left, top, right, bottom.
    pub bbox: [f32; 4],
    /// The person's right eye, left eye, nose tip, mouth centre, right ear, left ear.
    pub keypoints: [[f32; 2]; KEYPOINTS],
}

impl Face {
    pub fn width(&self) -> f32 {
        self.bbox[2] - self.bbox[0]
    }

    pub fn height(&self) -> f32 {
        self.bbox[3] - self.bbox[1]
    }

    fn area(&self) -> f32 {
        self.width().max(0.0) * self.height().max(0.0)
    }

    fn iou(&self, other: &Face) -> f32 {
        let w = self.bbox[2].min(other.bbox[2]) - self.bbox[0].max(other.bbox[0]);
        let h = self.bbox[3].min(other.bbox[3]) - self.bbox[1].max(other.bbox[1]);
        if w <= 0.0 || h <= 0.0 {
            return 0.0;
        }
        let inter = w * h;
        inter / (self.area() + other.area() - inter)
    }
}

/// The anchors' centres (x, y), in the input's 0..1 space, in the model's output order.
pub fn anchors() -> Vec<[f32; 2]> {
    let mut out = Vec::with_capacity(896);
    // Stride 8: a 16×16 grid, 2 anchors a cell; the three stride-16 layers: 8×8, 6 a cell.
    for (grid, per_cell) in [(16usize, 2usize), (8, 6)] {
        for y in 0..grid {
            for x in 0..grid {
                let centre = [
                    (x as f32 + 0.5) / grid as f32,
                    (y as f32 + 0.5) / grid as f32,
                ];
                out.extend(std::iter::repeat_n(centre, per_cell));
            }
        }
    }
    out
}

/// The detections in the model's raw output (`regressors`: 896 × 16, `logits`: 896), in the
/// input's 0..1 space, before suppression.
pub fn decode(regressors: &[f32], logits: &[f32], anchors: &[[f32; 2]]) -> Vec<Face> {
    let scale = INPUT as f32;
    let mut faces = Vec::new();
    for (i, (anchor, logit)) in anchors.iter().zip(logits).enumerate() {
        let score = 1.0 / (1.0 + (-logit.clamp(-100.0, 100.0)).exp());
        if score < MIN_SCORE {
            continue;
        }
        let Some(r) = regressors.get(i * COORDS..(i + 1) * COORDS) else {
            break;
        };
        let (cx, cy) = (r[0] / scale + anchor[0], r[1] / scale + anchor[1]);
        let (w, h) = (r[2] / scale, r[3] / scale);
        let mut keypoints = [[0.0; 2]; KEYPOINTS];
        for (k, point) in keypoints.iter_mut().enumerate() {
            *point = [
                r[4 + 2 * k] / scale + anchor[0],
                r[5 + 2 * k] / scale + anchor[1],
            ];
        }
        faces.push(Face {
            score,
            bbox: [cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0],
            keypoints,
        });
    }
    faces
}

/// One detection per face: the best-scoring first, each merged with the detections overlapping
/// it (box and keypoints averaged by score, as MediaPipe's weighted suppression does).
pub fn suppress(mut faces: Vec<Face>) -> Vec<Face> {
    faces.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut kept = Vec::new();
    while let Some(best) = faces.first().copied() {
        let (same, rest): (Vec<Face>, Vec<Face>) = faces
            .into_iter()
            .partition(|f| f.iou(&best) > SAME_FACE_IOU);
        faces = rest;
        let total: f32 = same.iter().map(|f| f.score).sum();
        let mut merged = best;
        merged.bbox = [0.0; 4];
        merged.keypoints = [[0.0; 2]; KEYPOINTS];
        for f in &same {
            let weight = f.score / total;
            for (m, v) in merged.bbox.iter_mut().zip(f.bbox) {
                *m += v * weight;
            }
            for (m, v) in merged.keypoints.iter_mut().zip(f.keypoints) {
                m[0] += v[0] * weight;
                m[1] += v[1] * weight;
            }
        }
        kept.push(merged);
    }
    kept
}

/// BlazeFace, loaded.
pub struct FaceDetector {
    plan: Arc<TypedRunnableModel>,
    anchors: Vec<[f32; 2]>,
}

impl FaceDetector {
    /// The detector from the ONNX model's bytes.
    pub fn new(onnx: &[u8]) -> Result<FaceDetector, VisionError> {
        let load = |e: TractError| VisionError::Load {
            name: FACE_DETECTION,
            message: format!("{e:#}"),
        };
        let plan = tract_onnx::onnx()
            .model_for_read(&mut &onnx[..])
            .and_then(|m| m.with_input_fact(0, f32::fact([1, 3, INPUT, INPUT]).into()))
            .and_then(|m| m.into_optimized())
            .and_then(|m| m.into_runnable())
            .map_err(load)?;
        Ok(FaceDetector {
            plan,
            anchors: anchors(),
        })
    }

    /// The faces in `picture`, best first, in its pixels. The picture is fitted into the
    /// model's square whole (letterboxed), as MediaPipe does.
    pub fn detect(&self, picture: &Picture) -> Result<Vec<Face>, VisionError> {
        let run = |e: TractError| VisionError::Run {
            name: FACE_DETECTION,
            message: format!("{e:#}"),
        };
        let side = picture.width().max(picture.height()) as f32;
        let x0 = (picture.width() as f32 - side) / 2.0;
        let y0 = (picture.height() as f32 - side) / 2.0;
        let input = picture.planes(
            (x0, y0, side, side),
            (INPUT, INPUT),
            [0, 1, 2],
            |_, v| v / 127.5 - 1.0,
            -1.0,
        );
        let tensor = Tensor::from_shape(&[1, 3, INPUT, INPUT], &input).map_err(run)?;
        let out = self.plan.run(tvec!(tensor.into())).map_err(run)?;
        let regressors = out[0].to_plain_array_view::<f32>().map_err(run)?;
        let logits = out[1].to_plain_array_view::<f32>().map_err(run)?;
        let regressors: Vec<f32> = regressors.iter().copied().collect();
        let logits: Vec<f32> = logits.iter().copied().collect();
        let faces = suppress(decode(&regressors, &logits, &self.anchors));
        let to_picture = |p: [f32; 2]| [x0 + p[0] * side, y0 + p[1] * side];
        Ok(faces
            .into_iter()
            .map(|mut f| {
                let [l, t] = to_picture([f.bbox[0], f.bbox[1]]);
                let [r, b] = to_picture([f.bbox[2], f.bbox[3]]);
                f.bbox = [l, t, r, b];
                for k in f.keypoints.iter_mut() {
                    *k = to_picture(*k);
                }
                f
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_896_anchors_the_first_and_last_at_their_cells_centres() {
        let a = anchors();
        assert_eq!(a.len(), 896);
        assert_eq!(a[0], [1.0 / 32.0, 1.0 / 32.0]);
        assert_eq!(a[1], a[0]);
        assert_eq!(a[512], [1.0 / 16.0, 1.0 / 16.0]);
        assert_eq!(a[895], [15.0 / 16.0, 15.0 / 16.0]);
    }

    #[test]
    fn decoding_offsets_the_box_and_keypoints_from_the_anchor_and_drops_low_scores() {
        let anchors = vec![[0.5, 0.5], [0.25, 0.25]];
        let mut regressors = vec![0.0; 32];
        // Anchor 0: centre moved 12.8 px right (0.1), 64 px wide and high (0.5).
        regressors[0] = 12.8;
        regressors[2] = 64.0;
        regressors[3] = 64.0;
        regressors[4] = -12.8; // the right eye 0.1 left of the anchor
        let faces = decode(&regressors, &[3.0, -3.0], &anchors);
        assert_eq!(faces.len(), 1, "the second anchor scores under 0.5");
        let f = faces[0];
        assert!((f.score - 0.9526).abs() < 1e-3);
        let expected = [0.35, 0.25, 0.85, 0.75];
        for (got, want) in f.bbox.iter().zip(expected) {
            assert!((got - want).abs() < 1e-6, "{:?}", f.bbox);
        }
        assert!((f.keypoints[0][0] - 0.4).abs() < 1e-6);
        assert!((f.keypoints[1][0] - 0.5).abs() < 1e-6);
    }

    #[test]
    fn overlapping_detections_are_one_face_and_separate_ones_stay() {
        let face = |x: f32, score: f32| Face {
            score,
            bbox: [x, 0.0, x + 1.0, 1.0],
            keypoints: [[x, 0.0]; KEYPOINTS],
        };
        let kept = suppress(vec![face(0.0, 0.6), face(0.1, 0.9), face(5.0, 0.7)]);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].score, 0.9);
        // Weighted by score: (0.1 × 0.9 + 0 × 0.6) / 1.5.
        assert!((kept[0].bbox[0] - 0.06).abs() < 1e-6, "{:?}", kept[0].bbox);
        assert_eq!(kept[1].bbox[0], 5.0);
        assert!(suppress(Vec::new()).is_empty());
    }
}
