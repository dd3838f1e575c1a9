//! The server's verdicts on a face session, from what a face detector saw in its frames
//! (`face_pose` for the geometry): is there one face, large enough and centred (`face`), and did
//! it follow the challenges the server issued, each while it was asked (`challenges`).
//!
//! A challenge's window is the frames between its `shown` and `done` markers in the stream
//! (the stream is ordered, so message numbers are time), and [`LATE_FRAMES`] after, for a
//! person who reacts late. It is followed when, in its window, the pose moved from the
//! session's rest (the median pose of the frames before the first challenge) by at least
//! [`TURN`] (left or right) or [`NOD`] (down or up). Frames without exactly one face are not
//! judged; a window without any goes to a person.

use crate::capture::{Challenge, Marker, MarkerEvent};
use crate::capture_verdict::{Evidence, Outcome, Verdict};
use crate::face_pose::Pose;

/// The change of yaw that counts as a turn (about 17°, see `face_pose`).
pub const TURN: f32 = 0.12;
/// The change of pitch that counts as a nod or a look up (about 12°).
pub const NOD: f32 = 0.08;
/// Frames after a challenge's end that still count for it (half a second at 10 fps).
pub const LATE_FRAMES: u32 = 5;
/// A face narrower than this share of the frame is too far from the camera.
pub const MIN_FACE_WIDTH: f32 = 0.2;
/// A face whose centre is further than this from the frame's centre (as a share of the
/// frame's width and height) is not in the guide.
pub const MAX_OFF_CENTRE: f32 = 0.25;
/// Frames named as evidence per verdict at most.
pub const MAX_EVIDENCE: usize = 12;

/// The one face seen in a frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SeenFace {
    /// The detector's confidence.
    pub score: f32,
    /// Its width as a share of the frame's.
    pub width_share: f32,
    /// Its centre, as shares of the frame's width and height.
    pub centre: [f32; 2],
    pub pose: Pose,
}

/// What the detector saw in one frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FaceFrame {
    pub seq: u32,
    /// How many faces.
    pub faces: u32,
    /// The face, when there is exactly one (and its pose could be measured).
    pub face: Option<SeenFace>,
}

/// A challenge and the message numbers of its markers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChallengeWindow {
    pub challenge: Challenge,
    pub shown: Option<u32>,
    pub done: Option<u32>,
}

/// The windows of a session's `challenges` from its markers (message number, marker).
pub fn windows(challenges: &[Challenge], markers: &[(u32, Marker)]) -> Vec<ChallengeWindow> {
    challenges
        .iter()
        .enumerate()
        .map(|(i, &challenge)| {
            let at = |event| {
                markers
                    .iter()
                    .find(|(_, m)| m.challenge == i && m.event == event)
                    .map(|(seq, _)| *seq)
            };
            ChallengeWindow {
                challenge,
                shown: at(MarkerEvent::Shown),
                done: at(MarkerEvent::Done),
            }
        })
        .collect()
}

fn median(mut values: Vec<f32>) -> Option<f32> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f32::total_cmp);
    Some(values[values.len() / 2])
}

fn evidence(seq: u32, (zh, en): (String, String), score: f32) -> Evidence {
    Evidence {
        seq,
        zh,
        en,
        score: Some(score),
        text: None,
    }
}

/// Whether the session shows one face, large enough and in the guide.
pub fn face_presence(frames: &[FaceFrame]) -> Verdict {
    let total = frames.len();
    let one: Vec<(u32, SeenFace)> = frames
        .iter()
        .filter_map(|f| f.face.filter(|_| f.faces == 1).map(|face| (f.seq, face)))
        .collect();
    let crowded: Vec<&FaceFrame> = frames.iter().filter(|f| f.faces > 1).collect();
    let judged = |outcome, words, evidence| Verdict::judged("face", outcome, words, evidence);
    if total == 0 {
        return judged(
            Outcome::Review,
            (
                "没有可以分析的人脸画面，请人工查看。".into(),
                "No frame of the face could be analysed: a person should look.".into(),
            ),
            Vec::new(),
        );
    }
    if one.is_empty() && crowded.is_empty() {
        return judged(
            Outcome::Fail,
            (
                format!("{total} 帧画面中都没有找到人脸。"),
                format!("No face was found in any of {total} frames."),
            ),
            Vec::new(),
        );
    }
    if !crowded.is_empty() {
        let shown = crowded
            .iter()
            .take(MAX_EVIDENCE)
            .map(|f| {
                evidence(
                    f.seq,
                    (
                        format!("画面中有 {} 张人脸", f.faces),
                        format!("{} faces in the frame", f.faces),
                    ),
                    f.faces as f32,
                )
            })
            .collect();
        return judged(
            Outcome::Review,
            (
                format!("{} 帧画面中不止一张人脸，请人工查看。", crowded.len()),
                format!(
                    "More than one face in {} frames: a person should look.",
                    crowded.len()
                ),
            ),
            shown,
        );
    }
    let width = median(one.iter().map(|(_, f)| f.width_share).collect()).unwrap_or(0.0);
    let centred = one
        .iter()
        .filter(|(_, f)| {
            (f.centre[0] - 0.5).abs() <= MAX_OFF_CENTRE
                && (f.centre[1] - 0.5).abs() <= MAX_OFF_CENTRE
        })
        .count();
    let sample: Vec<Evidence> = spread_evidence(&one);
    let percent = |n: usize| n * 100 / total;
    if width < MIN_FACE_WIDTH {
        return judged(
            Outcome::Fail,
            (
                format!("人脸太小（约占画面宽度的 {:.0}%），离镜头太远。", width * 100.0),
                format!(
                    "The face is too small (about {:.0}% of the frame's width): too far from the camera.",
                    width * 100.0
                ),
            ),
            sample,
        );
    }
    if one.len() * 2 < total || centred * 2 < one.len() {
        return judged(
            Outcome::Review,
            (
                format!(
                    "只有 {}% 的画面中有居中的一张人脸，请人工查看。",
                    percent(centred)
                ),
                format!(
                    "Only {}% of the frames show one face in the guide: a person should look.",
                    percent(centred)
                ),
            ),
            sample,
        );
    }
    judged(
        Outcome::Pass,
        (
            format!("{}% 的画面中有一张居中的人脸。", percent(centred)),
            format!(
                "{}% of the frames show one face, in the guide.",
                percent(centred)
            ),
        ),
        sample,
    )
}

/// A few of the frames with one face, spread over the session.
fn spread_evidence(one: &[(u32, SeenFace)]) -> Vec<Evidence> {
    let step = one.len().div_ceil(4).max(1);
    one.iter()
        .step_by(step)
        .map(|(seq, f)| {
            evidence(
                *seq,
                (
                    format!("一张人脸，占画面宽度 {:.0}%", f.width_share * 100.0),
                    format!(
                        "one face, {:.0}% of the frame's width",
                        f.width_share * 100.0
                    ),
                ),
                f.score,
            )
        })
        .collect()
}

/// How far a frame's pose went in the direction `challenge` asks, from `rest`; `None` for a
/// challenge the keypoints cannot judge.
fn progress(challenge: Challenge, pose: &Pose, rest: &Pose) -> Option<f32> {
    Some(match challenge {
        Challenge::TurnLeft => (pose.yaw - rest.yaw) / TURN,
        Challenge::TurnRight => (rest.yaw - pose.yaw) / TURN,
        Challenge::Nod => (pose.pitch - rest.pitch) / NOD,
        Challenge::LookUp => (rest.pitch - pose.pitch) / NOD,
        Challenge::Blink => return None,
    })
}

/// What happened to one challenge.
enum Followed {
    /// Yes, best at this frame (progress ≥ 1).
    Yes(u32, f32),
    /// No: the best frame reached only this much of the movement.
    No(Option<(u32, f32)>),
    /// Cannot be judged: no frame with one face, or a blink.
    Unknown,
    /// It was never shown (the session ended first).
    NotShown,
}

/// Whether the face followed each challenge while it was asked.
pub fn challenges_followed(frames: &[FaceFrame], windows: &[ChallengeWindow]) -> Verdict {
    let posed: Vec<(u32, Pose)> = frames
        .iter()
        .filter(|f| f.faces == 1)
        .filter_map(|f| f.face.map(|face| (f.seq, face.pose)))
        .collect();
    let first_shown = windows.iter().filter_map(|w| w.shown).min();
    let before: Vec<&(u32, Pose)> = posed
        .iter()
        .filter(|(seq, _)| first_shown.is_some_and(|s| *seq < s))
        .collect();
    let rest_of = |set: &[&(u32, Pose)]| -> Option<Pose> {
        Some(Pose {
            yaw: median(set.iter().map(|(_, p)| p.yaw).collect())?,
            pitch: median(set.iter().map(|(_, p)| p.pitch).collect())?,
            roll: 0.0,
        })
    };
    let rest = rest_of(&before).or_else(|| rest_of(&posed.iter().collect::<Vec<_>>()));
    let mut results = Vec::new();
    for (i, w) in windows.iter().enumerate() {
        let Some(shown) = w.shown else {
            results.push((i, w.challenge, Followed::NotShown));
            continue;
        };
        // Until its end marker, or the next challenge's, or the session's end.
        let end = w
            .done
            .or_else(|| windows.get(i + 1).and_then(|n| n.shown))
            .unwrap_or(u32::MAX)
            .saturating_add(LATE_FRAMES);
        let best = rest.and_then(|rest| {
            posed
                .iter()
                .filter(|(seq, _)| *seq > shown && *seq <= end)
                .filter_map(|(seq, pose)| progress(w.challenge, pose, &rest).map(|p| (*seq, p)))
                .max_by(|a, b| a.1.total_cmp(&b.1))
        });
        let judged_here = posed.iter().any(|(seq, _)| *seq > shown && *seq <= end);
        let followed = match best {
            Some((seq, p)) if p >= 1.0 => Followed::Yes(seq, p),
            _ if w.challenge == Challenge::Blink || !judged_here => Followed::Unknown,
            best => Followed::No(best),
        };
        results.push((i, w.challenge, followed));
    }
    challenge_verdict(&results)
}

fn challenge_verdict(results: &[(usize, Challenge, Followed)]) -> Verdict {
    let mut evidence_list = Vec::new();
    let (mut failed, mut unknown) = (Vec::new(), Vec::new());
    for (i, challenge, followed) in results {
        let (zh, en) = challenge.prompt();
        let n = i + 1;
        match followed {
            Followed::Yes(seq, p) => evidence_list.push(evidence(
                *seq,
                (
                    format!("第 {n} 个动作「{zh}」已完成"),
                    format!("challenge {n} “{en}” done"),
                ),
                *p,
            )),
            Followed::No(best) => {
                failed.push((n, zh, en));
                if let Some((seq, p)) = best {
                    evidence_list.push(evidence(
                        *seq,
                        (
                            format!(
                                "第 {n} 个动作「{zh}」幅度最大的一帧，只做到 {:.0}%",
                                p * 100.0
                            ),
                            format!(
                                "challenge {n} “{en}”: its best frame reached {:.0}%",
                                p * 100.0
                            ),
                        ),
                        *p,
                    ));
                }
            }
            Followed::Unknown => unknown.push((n, zh, en)),
            Followed::NotShown => failed.push((n, zh, en)),
        }
    }
    let list = |items: &[(usize, &str, &str)]| -> (String, String) {
        (
            items
                .iter()
                .map(|(n, zh, _)| format!("第 {n} 个「{zh}」"))
                .collect::<Vec<_>>()
                .join("、"),
            items
                .iter()
                .map(|(n, _, en)| format!("{n} “{en}”"))
                .collect::<Vec<_>>()
                .join(", "),
        )
    };
    let (outcome, words) = if results.is_empty() {
        (
            Outcome::Review,
            (
                "这次录制没有动作指令，请人工查看。".to_owned(),
                "This session issued no challenge: a person should look.".to_owned(),
            ),
        )
    } else if !failed.is_empty() {
        let (zh, en) = list(&failed);
        (
            Outcome::Fail,
            (
                format!("没有按要求完成动作：{zh}。请重新录制，并在提示出现时做动作。"),
                format!("Not done as asked: challenge {en}. Record again and move when the prompt shows."),
            ),
        )
    } else if !unknown.is_empty() {
        let (zh, en) = list(&unknown);
        (
            Outcome::Review,
            (
                format!("无法判断动作 {zh}，请人工查看。"),
                format!("Challenge {en} cannot be judged: a person should look."),
            ),
        )
    } else {
        (
            Outcome::Pass,
            (
                format!("{} 个动作都按顺序在时限内完成。", results.len()),
                format!(
                    "All {} challenges were done in order, in time.",
                    results.len()
                ),
            ),
        )
    };
    Verdict::judged("challenges", outcome, words, evidence_list)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posed(seq: u32, yaw: f32, pitch: f32) -> FaceFrame {
        FaceFrame {
            seq,
            faces: 1,
            face: Some(SeenFace {
                score: 0.9,
                width_share: 0.35,
                centre: [0.5, 0.45],
                pose: Pose {
                    yaw,
                    pitch,
                    roll: 0.0,
                },
            }),
        }
    }

    fn marker(challenge: usize, event: MarkerEvent) -> Marker {
        Marker { challenge, event }
    }

    /// Rest frames 1–9, then challenge 0 shown at 10, done at 40; 1 shown at 41, done at 71.
    fn session(challenges: [Challenge; 2]) -> Vec<ChallengeWindow> {
        windows(
            &challenges,
            &[
                (10, marker(0, MarkerEvent::Shown)),
                (40, marker(0, MarkerEvent::Done)),
                (41, marker(1, MarkerEvent::Shown)),
                (71, marker(1, MarkerEvent::Done)),
            ],
        )
    }

    fn frames(moves: &[(u32, f32, f32)]) -> Vec<FaceFrame> {
        let mut out: Vec<FaceFrame> = (1..=80).map(|s| posed(s, 0.05, 0.7)).collect();
        for &(seq, yaw, pitch) in moves {
            out[seq as usize - 1] = posed(seq, yaw, pitch);
        }
        out
    }

    #[test]
    fn challenges_followed_in_their_windows_pass_with_the_frames_that_show_them() {
        let w = session([Challenge::TurnLeft, Challenge::Nod]);
        // Left by 0.2 at frame 20; the head bowed by 0.1 at frame 55.
        let v = challenges_followed(&frames(&[(20, 0.25, 0.7), (55, 0.05, 0.8)]), &w);
        assert_eq!(v.outcome, Outcome::Pass, "{v:?}");
        let seqs: Vec<u32> = v.evidence.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [20, 55]);
    }

    #[test]
    fn the_wrong_way_or_the_wrong_time_fails_and_says_which_challenge() {
        let w = session([Challenge::TurnLeft, Challenge::LookUp]);
        // Turned right instead of left; looked up, but during the first challenge's window.
        let v = challenges_followed(&frames(&[(20, -0.2, 0.7), (30, 0.05, 0.55)]), &w);
        assert_eq!(v.outcome, Outcome::Fail);
        assert!(
            v.zh.contains("第 1 个「请向左转头」") && v.zh.contains("第 2 个「请抬头」"),
            "{}",
            v.zh
        );
        assert!(v.en.contains("1 “Turn your head to the left”"), "{}", v.en);
        // Half a turn is not a turn.
        let v = challenges_followed(&frames(&[(20, 0.11, 0.7), (50, 0.05, 0.6)]), &w);
        assert_eq!(v.outcome, Outcome::Fail);
        assert!(v.evidence[0].zh.contains("只做到 50%"), "{:?}", v.evidence);
        // A late reaction, just after the end marker, still counts.
        let v = challenges_followed(&frames(&[(44, 0.2, 0.7), (50, 0.05, 0.6)]), &w);
        assert_eq!(v.outcome, Outcome::Pass, "{v:?}");
    }

    #[test]
    fn a_window_without_a_face_goes_to_a_person_and_a_challenge_never_shown_fails() {
        let w = session([Challenge::TurnRight, Challenge::TurnLeft]);
        let mut f = frames(&[(20, -0.1, 0.7)]);
        for frame in f.iter_mut().filter(|f| f.seq > 41) {
            frame.faces = 0;
            frame.face = None;
        }
        let v = challenges_followed(&f, &w);
        assert_eq!(v.outcome, Outcome::Review, "{v:?}");

        let w = windows(
            &[Challenge::TurnRight, Challenge::TurnLeft],
            &[
                (10, marker(0, MarkerEvent::Shown)),
                (40, marker(0, MarkerEvent::Done)),
            ],
        );
        let v = challenges_followed(&frames(&[(20, -0.1, 0.7)]), &w);
        assert_eq!(v.outcome, Outcome::Fail);
        assert!(v.zh.contains("第 2 个"), "{}", v.zh);
        assert_eq!(challenges_followed(&[], &[]).outcome, Outcome::Review);
    }

    #[test]
    fn a_blink_cannot_be_judged_from_keypoints() {
        let w = session([Challenge::TurnLeft, Challenge::Blink]);
        let v = challenges_followed(&frames(&[(20, 0.25, 0.7)]), &w);
        assert_eq!(v.outcome, Outcome::Review, "{v:?}");
        assert!(v.zh.contains("请眨眨眼"));
    }

    #[test]
    fn one_face_large_and_centred_passes_others_do_not() {
        let f = frames(&[]);
        assert_eq!(face_presence(&f).outcome, Outcome::Pass);
        assert!(!face_presence(&f).evidence.is_empty());

        let none: Vec<FaceFrame> = (1..10)
            .map(|seq| FaceFrame {
                seq,
                faces: 0,
                face: None,
            })
            .collect();
        assert_eq!(face_presence(&none).outcome, Outcome::Fail);

        let mut two = f.clone();
        two[3].faces = 2;
        two[3].face = None;
        let v = face_presence(&two);
        assert_eq!(v.outcome, Outcome::Review);
        assert_eq!(v.evidence[0].seq, 4);

        let mut far = f.clone();
        for frame in far.iter_mut() {
            frame.face.as_mut().unwrap().width_share = 0.1;
        }
        let v = face_presence(&far);
        assert_eq!(v.outcome, Outcome::Fail);
        assert!(v.en.contains("too small"));

        let mut aside = f.clone();
        for frame in aside.iter_mut() {
            frame.face.as_mut().unwrap().centre = [0.9, 0.5];
        }
        assert_eq!(face_presence(&aside).outcome, Outcome::Review);
        assert_eq!(face_presence(&[]).outcome, Outcome::Review);
    }
}
