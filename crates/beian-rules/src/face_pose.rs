//! A head's pose from the six keypoints a face detector gives (MediaPipe BlazeFace: the
//! person's right eye, left eye, nose tip, mouth centre, right ear, left ear), in a camera
//! picture that is not mirrored.
//!
//! Measured in the face's own frame (the line through the eyes is its x axis), so a tilted
//! head (roll) does not read as a turn:
//! - `yaw`: how far the nose tip is from the eyes' midpoint along the eye line, in eye
//!   distances. Positive when the nose moves toward the person's left eye: the head turned to
//!   the person's left. The nose stands about 2.5 cm in front of the eyes, 6.3 cm apart, so a
//!   turn of θ gives about 0.4 tan θ (20° ≈ 0.15).
//! - `pitch`: the same across the eye line, positive downward: larger when the head bows.
//!
//! Both have a resting value of their own per face; challenges are judged on the change from
//! the session's rest (`face_verdict`).

use serde::Serialize;

/// Keypoints in picture pixels: right eye, left eye, nose tip, mouth, right ear, left ear.
pub type Keypoints = [[f32; 2]; 6];

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Pose {
    pub yaw: f32,
    pub pitch: f32,
    /// The eye line's angle from horizontal, degrees (positive: the person's left eye lower in
    /// the picture).
    pub roll: f32,
}

/// The pose of a face with these keypoints; `None` when the eyes are at one point.
pub fn pose(k: &Keypoints) -> Option<Pose> {
    let [right_eye, left_eye, nose, ..] = *k;
    let (ex, ey) = (left_eye[0] - right_eye[0], left_eye[1] - right_eye[1]);
    let distance = (ex * ex + ey * ey).sqrt();
    if !distance.is_finite() || distance < 1e-3 {
        return None;
    }
    let (ux, uy) = (ex / distance, ey / distance);
    // Perpendicular to the eye line, pointing down the face.
    let (vx, vy) = (-uy, ux);
    let mid = [
        (left_eye[0] + right_eye[0]) / 2.0,
        (left_eye[1] + right_eye[1]) / 2.0,
    ];
    let (dx, dy) = (nose[0] - mid[0], nose[1] - mid[1]);
    Some(Pose {
        yaw: (dx * ux + dy * uy) / distance,
        pitch: (dx * vx + dy * vy) / distance,
        roll: uy.atan2(ux).to_degrees(),
    })
}

/// The keypoints of a face seen in a mirrored picture `width` wide (for tests and for cameras
/// that mirror): left and right swap.
pub fn mirrored(k: &Keypoints, width: f32) -> Keypoints {
    let m = |p: [f32; 2]| [width - p[0], p[1]];
    [m(k[1]), m(k[0]), m(k[2]), m(k[3]), m(k[5]), m(k[4])]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A frontal face: eyes 40 apart at y 100, nose 30 below their midpoint.
    fn frontal() -> Keypoints {
        [
            [180.0, 100.0],
            [220.0, 100.0],
            [200.0, 130.0],
            [200.0, 150.0],
            [150.0, 110.0],
            [250.0, 110.0],
        ]
    }

    fn rotate(k: &Keypoints, degrees: f32, centre: [f32; 2]) -> Keypoints {
        let (s, c) = degrees.to_radians().sin_cos();
        k.map(|p| {
            let (x, y) = (p[0] - centre[0], p[1] - centre[1]);
            [centre[0] + c * x - s * y, centre[1] + s * x + c * y]
        })
    }

    #[test]
    fn a_frontal_face_has_no_yaw_and_its_nose_below_the_eyes() {
        let p = pose(&frontal()).unwrap();
        assert!(p.yaw.abs() < 1e-6 && p.roll.abs() < 1e-6);
        assert!((p.pitch - 0.75).abs() < 1e-6);
    }

    #[test]
    fn the_nose_toward_the_left_eye_is_a_turn_to_the_left_and_mirroring_turns_it_back() {
        let mut k = frontal();
        k[2][0] += 8.0; // toward the person's left eye (the picture's right)
        let p = pose(&k).unwrap();
        assert!((p.yaw - 0.2).abs() < 1e-6, "{p:?}");
        let m = pose(&mirrored(&k, 640.0)).unwrap();
        assert!((m.yaw + 0.2).abs() < 1e-6, "{m:?}");
        assert!((m.pitch - p.pitch).abs() < 1e-6);
    }

    #[test]
    fn a_tilted_head_keeps_its_yaw_and_pitch() {
        let mut k = frontal();
        k[2][0] += 8.0;
        let straight = pose(&k).unwrap();
        for degrees in [-12.0, 12.0, 30.0] {
            let p = pose(&rotate(&k, degrees, [320.0, 240.0])).unwrap();
            assert!((p.yaw - straight.yaw).abs() < 1e-4, "{degrees}: {p:?}");
            assert!((p.pitch - straight.pitch).abs() < 1e-4, "{degrees}: {p:?}");
            assert!((p.roll - degrees).abs() < 1e-3, "{degrees}: {p:?}");
        }
    }

    #[test]
    fn eyes_at_one_point_have_no_pose() {
        let mut k = frontal();
        k[1] = k[0];
        assert_eq!(pose(&k), None);
    }
}
