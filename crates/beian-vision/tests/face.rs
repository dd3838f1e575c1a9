//! BlazeFace on a real face photo (scikit-image's astronaut.png, public domain) in the front
//! camera's frame, at rest and in each liveness challenge's pose (tests/fixtures/
//! capture_media.py), mirrored and tilted: what the rules crate's pose logic reads from the
//! keypoints the model gives.

mod support;

use beian_rules::capture::Challenge;
use beian_rules::face_pose::{pose, Pose};
use beian_rules::face_verdict::{NOD, TURN};
use beian_vision::Picture;
use support::{jpeg, png, MODELS};

/// The one face's pose in `picture` (through a browser-like JPEG).
fn pose_in(picture: &Picture) -> Pose {
    let faces = MODELS.face.detect(&jpeg(picture, 80)).expect("runs");
    assert_eq!(faces.len(), 1, "one face: {faces:?}");
    pose(&faces[0].keypoints).expect("a pose")
}

#[test]
fn the_face_is_found_once_with_its_keypoints_in_place() {
    let faces = MODELS.face.detect(&png("face-rest.png")).expect("runs");
    assert_eq!(faces.len(), 1, "{faces:?}");
    let f = faces[0];
    assert!(f.score > 0.9, "{f:?}");
    // Large and central in the frame, as the oval guide asks.
    assert!(f.width() / 640.0 > 0.2, "{f:?}");
    let [right_eye, left_eye, nose, mouth, ..] = f.keypoints;
    for p in [right_eye, left_eye, nose, mouth] {
        assert!(p[0] > f.bbox[0] && p[0] < f.bbox[2] && p[1] > f.bbox[1] && p[1] < f.bbox[3]);
    }
    assert!(
        right_eye[0] < nose[0] && nose[0] < left_eye[0],
        "unmirrored: {f:?}"
    );
    assert!(left_eye[1] < nose[1] && nose[1] < mouth[1], "{f:?}");
}

#[test]
fn each_challenge_pose_moves_the_keypoints_the_way_it_asks_and_no_other() {
    let rest = pose_in(&png("face-rest.png"));
    let moved = |name: &str| {
        let p = pose_in(&png(&format!("face-{name}.png")));
        (p.yaw - rest.yaw, p.pitch - rest.pitch)
    };
    for (challenge, name) in [
        (Challenge::TurnLeft, "turn_left"),
        (Challenge::TurnRight, "turn_right"),
        (Challenge::Nod, "nod"),
        (Challenge::LookUp, "look_up"),
    ] {
        let (yaw, pitch) = moved(name);
        let (along, across) = match challenge {
            Challenge::TurnLeft => (yaw / TURN, pitch / NOD),
            Challenge::TurnRight => (-yaw / TURN, pitch / NOD),
            Challenge::Nod => (pitch / NOD, yaw / TURN),
            _ => (-pitch / NOD, yaw / TURN),
        };
        assert!(along >= 1.0, "{name}: {along:.2} of the movement");
        assert!(across.abs() < 1.0, "{name}: also {across:.2} of another");
    }
}

#[test]
fn a_mirrored_turn_is_the_other_turn_and_a_tilt_is_no_turn() {
    let rest = pose_in(&png("face-rest.png"));
    let left = png("face-turn_left.png");
    // The mirror image of a left turn is a right turn (from the mirrored face's rest).
    let mirrored_rest = pose_in(&png("face-rest.png").mirrored());
    let mirrored = pose_in(&left.mirrored());
    assert!(
        mirrored.yaw - mirrored_rest.yaw <= -TURN,
        "{mirrored:?} from {mirrored_rest:?}"
    );
    // Tilted 12° either way, the head has not turned; and a tilted left turn is still one.
    for (name, degrees) in [("tilted_left", 12.0), ("tilted_right", -12.0)] {
        let tilted = pose_in(&png(&format!("face-{name}.png")));
        assert!(
            (tilted.yaw - rest.yaw).abs() < TURN / 2.0,
            "{name}: {tilted:?}"
        );
        assert!(
            (tilted.roll - rest.roll).signum() == -f32::signum(degrees),
            "{name}: {tilted:?}"
        );
        let tilted_left = pose_in(&left.rotated(degrees));
        assert!(
            tilted_left.yaw - rest.yaw >= TURN,
            "{name}: {tilted_left:?}"
        );
    }
}

#[test]
fn a_card_or_an_empty_desk_has_no_face_the_size_of_a_persons() {
    // The ID card's photo is a face, but a small one: far under the face check's minimum.
    let card = support::photographed(&png("id-front.png"), 0.8);
    for f in MODELS.face.detect(&card).expect("runs") {
        assert!(f.width() / 640.0 < 0.2, "{f:?}");
    }
    let desk = Picture::new(640, 480, [110u8, 90, 70].repeat(640 * 480)).unwrap();
    assert!(MODELS.face.detect(&desk).expect("runs").is_empty());
}
