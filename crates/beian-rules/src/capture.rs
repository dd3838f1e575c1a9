//! Live capture (真实性核验): what is captured, the liveness challenges, and the wire format of a
//! capture session's stream, shared by the browser (which sends) and the server (which stores and
//! acknowledges).
//!
//! A capture session streams numbered binary messages over one WebSocket:
//! 4 bytes sequence number (big-endian, from 1), 1 byte [`Part`], then the payload. The server
//! answers each stored message with `{"ack": n}` (text), and on (re)connection first says where
//! to resume with `{"resume": n}` (the last message it stored). A message numbered at or below
//! that is a duplicate: acknowledged again, not stored again. Anything the server refuses ends
//! the socket with a [`Close`] code.

use serde::{Deserialize, Serialize};

/// What one capture session captures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptureKind {
    /// The front of the ID card (photo and number side), rear camera.
    IdFront,
    /// The back of the ID card (issuing authority and validity), rear camera.
    IdBack,
    /// The person's face, front camera, following the server's challenges.
    Face,
}

impl CaptureKind {
    pub const ALL: [CaptureKind; 3] =
        [CaptureKind::IdFront, CaptureKind::IdBack, CaptureKind::Face];

    pub fn key(self) -> &'static str {
        match self {
            CaptureKind::IdFront => "id_front",
            CaptureKind::IdBack => "id_back",
            CaptureKind::Face => "face",
        }
    }

    pub fn from_key(key: &str) -> Option<CaptureKind> {
        CaptureKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Whether the rear camera is the one to use (documents), or the front one (the face).
    pub fn rear_camera(self) -> bool {
        self != CaptureKind::Face
    }

    /// Frames a second the client sends while capturing.
    pub fn frames_per_second(self) -> u32 {
        match self {
            CaptureKind::Face => 10,
            _ => 5,
        }
    }
}

/// One movement the person is asked to make in front of the camera.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Challenge {
    TurnLeft,
    TurnRight,
    Nod,
    LookUp,
    /// No longer issued: the server's face keypoints cannot see eyelids, so a blink could not
    /// be judged (sessions issued before are read, and their blink goes to a person).
    Blink,
}

impl Challenge {
    /// The challenges issued: those the server can judge from the face's keypoints.
    pub const ALL: [Challenge; 4] = [
        Challenge::TurnLeft,
        Challenge::TurnRight,
        Challenge::Nod,
        Challenge::LookUp,
    ];

    /// What the person is asked, in Chinese and English.
    pub fn prompt(self) -> (&'static str, &'static str) {
        match self {
            Challenge::TurnLeft => ("请向左转头", "Turn your head to the left"),
            Challenge::TurnRight => ("请向右转头", "Turn your head to the right"),
            Challenge::Nod => ("请点头", "Nod"),
            Challenge::LookUp => ("请抬头", "Look up"),
            Challenge::Blink => ("请眨眨眼", "Blink"),
        }
    }
}

/// How many challenges a face session asks for.
pub const CHALLENGES_PER_SESSION: usize = 3;

/// Seconds each challenge's prompt shows before the next (the frames of those seconds show
/// whether the person followed it).
pub const SECONDS_PER_CHALLENGE: u32 = 3;

/// A challenge sequence: `CHALLENGES_PER_SESSION` different challenges in an order drawn from
/// `random` (any bytes from a secure source; the server's).
pub fn challenge_sequence(random: &[u8]) -> Vec<Challenge> {
    let mut pool = Challenge::ALL.to_vec();
    let mut sequence = Vec::with_capacity(CHALLENGES_PER_SESSION);
    for i in 0..CHALLENGES_PER_SESSION {
        let r = usize::from(random.get(i).copied().unwrap_or(0));
        sequence.push(pool.remove(r % pool.len()));
    }
    sequence
}

/// Limits of one capture session (both ends check them; the server enforces them).
pub mod limits {
    /// The largest message (header and payload): a 640×480 JPEG is 30–80 KB; a recording chunk
    /// of one second is under 200 KB.
    pub const MAX_MESSAGE_BYTES: usize = 512 * 1024;
    /// The most a session stores (a minute of 10 fps frames and its recording is ~10 MB).
    pub const MAX_SESSION_BYTES: u64 = 48 * 1024 * 1024;
    /// The most messages in a session (5 minutes at 10 fps).
    pub const MAX_MESSAGES: u32 = 3000;
    /// Minutes from creation until a session that has not ended expires.
    pub const SESSION_MINUTES: i64 = 15;
    /// Messages the client may send ahead of the last acknowledgement.
    pub const IN_FLIGHT: u32 = 16;
}

/// What a stream message carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// A camera frame, JPEG, at the kind's steady rate.
    Frame,
    /// A chunk of the MediaRecorder recording, where the browser records.
    Recording,
    /// The still the person kept (a document side), JPEG.
    Still,
    /// An event, JSON ([`Marker`]): a challenge shown, or its time over.
    Marker,
    /// The end of the capture (no payload): the server decides complete or incomplete.
    End,
}

impl Part {
    const ALL: [Part; 5] = [
        Part::Frame,
        Part::Recording,
        Part::Still,
        Part::Marker,
        Part::End,
    ];

    fn byte(self) -> u8 {
        Part::ALL.iter().position(|p| *p == self).unwrap_or(0) as u8
    }

    pub fn key(self) -> &'static str {
        match self {
            Part::Frame => "frame",
            Part::Recording => "recording",
            Part::Still => "still",
            Part::Marker => "marker",
            Part::End => "end",
        }
    }

    pub fn from_key(key: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// What happened to a challenge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkerEvent {
    /// Its prompt appeared.
    Shown,
    /// Its time is over (whether the person followed it is judged from the frames, on the
    /// server).
    Done,
}

/// An event in a face session's stream.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// Index into the session's challenges.
    pub challenge: usize,
    pub event: MarkerEvent,
}

/// The header of a message numbered `seq`.
pub fn header(seq: u32, part: Part) -> [u8; 5] {
    let s = seq.to_be_bytes();
    [s[0], s[1], s[2], s[3], part.byte()]
}

/// A whole message: header and payload.
pub fn message(seq: u32, part: Part, payload: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(5 + payload.len());
    m.extend_from_slice(&header(seq, part));
    m.extend_from_slice(payload);
    m
}

/// Why a message or a session is refused; each has its WebSocket close code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Close {
    /// Not a message of this format (too short, unknown part, a text message).
    BadMessage,
    /// No or a wrong session token, or another applicant's session.
    Unauthorized,
    /// The session has ended (complete or incomplete) or expired: a new one is needed.
    Ended,
    /// A message numbered past the next expected one (a gap: something was lost).
    OutOfOrder,
    /// A message, or the session, is larger than the limits.
    TooLarge,
    /// A frame or still that is not a JPEG image; a marker that is not a marker.
    BadPayload,
    /// The server could not store the message (try again: nothing was acknowledged).
    Unavailable,
}

impl Close {
    pub const ALL: [Close; 7] = [
        Close::BadMessage,
        Close::Unauthorized,
        Close::Ended,
        Close::OutOfOrder,
        Close::TooLarge,
        Close::BadPayload,
        Close::Unavailable,
    ];

    /// The WebSocket close code (4000–4999: the application's own).
    pub fn code(self) -> u16 {
        match self {
            Close::BadMessage => 4400,
            Close::Unauthorized => 4401,
            Close::OutOfOrder => 4409,
            Close::Ended => 4410,
            Close::TooLarge => 4413,
            Close::BadPayload => 4415,
            Close::Unavailable => 4503,
        }
    }

    pub fn from_code(code: u16) -> Option<Close> {
        Close::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Stable key (the close reason's text).
    pub fn key(self) -> &'static str {
        match self {
            Close::BadMessage => "bad_message",
            Close::Unauthorized => "unauthorized",
            Close::Ended => "session_ended",
            Close::OutOfOrder => "out_of_order",
            Close::TooLarge => "too_large",
            Close::BadPayload => "bad_payload",
            Close::Unavailable => "unavailable",
        }
    }

    /// Whether reconnecting can help (the client resumes), or a new session is needed.
    pub fn retry(self) -> bool {
        matches!(self, Close::Unavailable)
    }

    /// What the applicant is told, in Chinese and English.
    pub fn message(self) -> (&'static str, &'static str) {
        match self {
            Close::BadMessage | Close::OutOfOrder | Close::BadPayload => (
                "拍摄数据有误，请重新开始本次拍摄。",
                "The capture data was not accepted. Please start this capture again.",
            ),
            Close::Unauthorized => (
                "拍摄会话无效，请重新开始本次拍摄。",
                "This capture session is not valid. Please start this capture again.",
            ),
            Close::Ended => (
                "本次拍摄已结束或已过期，请重新开始。",
                "This capture has ended or expired. Please start again.",
            ),
            Close::TooLarge => (
                "拍摄数据超出大小限制，请重新开始本次拍摄。",
                "The capture is larger than allowed. Please start this capture again.",
            ),
            Close::Unavailable => (
                "服务器暂时无法保存，正在重试。",
                "The server could not save this just now; retrying.",
            ),
        }
    }
}

/// A message as read off the wire.
#[derive(Debug, PartialEq, Eq)]
pub struct Message<'a> {
    pub seq: u32,
    pub part: Part,
    pub payload: &'a [u8],
}

/// Reads a message: its header and its payload, checked against the limits and the part.
pub fn read_message(bytes: &[u8]) -> Result<Message<'_>, Close> {
    if bytes.len() > limits::MAX_MESSAGE_BYTES {
        return Err(Close::TooLarge);
    }
    if bytes.len() < 5 {
        return Err(Close::BadMessage);
    }
    let seq = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    let part = *Part::ALL
        .get(usize::from(bytes[4]))
        .ok_or(Close::BadMessage)?;
    if seq == 0 {
        return Err(Close::BadMessage);
    }
    let payload = &bytes[5..];
    let fits = match part {
        Part::Frame | Part::Still => is_jpeg(payload),
        Part::Recording => !payload.is_empty(),
        Part::Marker => serde_json::from_slice::<Marker>(payload).is_ok(),
        Part::End => payload.is_empty(),
    };
    if !fits {
        return Err(Close::BadPayload);
    }
    Ok(Message { seq, part, payload })
}

/// Whether `bytes` look like a whole JPEG image: the start-of-image and end-of-image markers.
pub fn is_jpeg(bytes: &[u8]) -> bool {
    bytes.len() > 4 && bytes.starts_with(&[0xFF, 0xD8, 0xFF]) && bytes.ends_with(&[0xFF, 0xD9])
}

/// Where a session ended up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionState {
    /// Created; nothing or part of the capture received; may still resume.
    Open,
    /// Ended with what the kind needs (a still for a document side; every challenge prompted in
    /// order, with frames, for the face).
    Complete,
    /// Ended without it.
    Incomplete,
    /// Not ended within its time.
    Expired,
}

impl SessionState {
    pub fn key(self) -> &'static str {
        match self {
            SessionState::Open => "open",
            SessionState::Complete => "complete",
            SessionState::Incomplete => "incomplete",
            SessionState::Expired => "expired",
        }
    }

    pub fn from_key(key: &str) -> Option<SessionState> {
        [
            SessionState::Open,
            SessionState::Complete,
            SessionState::Incomplete,
            SessionState::Expired,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
}

/// What a session received, to decide how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Received {
    /// Messages stored, of every part: with none lost and none stored twice, the last number.
    pub messages: u32,
    pub frames: u32,
    pub stills: u32,
    /// Indexes of the challenges marked `done`, in the order received.
    pub done: Vec<usize>,
}

/// Whether a session of `kind` with `challenges` that received `received` is complete: a document
/// side needs a still; the face needs frames and every challenge prompted to its end, in order.
pub fn is_complete(kind: CaptureKind, challenges: usize, received: &Received) -> bool {
    match kind {
        CaptureKind::IdFront | CaptureKind::IdBack => received.stills > 0,
        CaptureKind::Face => {
            received.frames > 0 && received.done == (0..challenges).collect::<Vec<_>>()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg() -> Vec<u8> {
        vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9]
    }

    #[test]
    fn messages_read_back() {
        let m = message(7, Part::Frame, &jpeg());
        assert_eq!(
            read_message(&m),
            Ok(Message {
                seq: 7,
                part: Part::Frame,
                payload: &jpeg()
            })
        );
        let end = message(u32::MAX, Part::End, &[]);
        assert_eq!(read_message(&end).unwrap().part, Part::End);
        let marker = message(3, Part::Marker, br#"{"challenge":1,"event":"done"}"#);
        assert_eq!(read_message(&marker).unwrap().part, Part::Marker);
    }

    #[test]
    fn bad_messages_say_why() {
        assert_eq!(read_message(&[0, 0, 1]), Err(Close::BadMessage));
        assert_eq!(
            read_message(&message(0, Part::End, &[])),
            Err(Close::BadMessage)
        );
        let mut unknown = message(1, Part::End, &[]);
        unknown[4] = 9;
        assert_eq!(read_message(&unknown), Err(Close::BadMessage));
        assert_eq!(
            read_message(&message(1, Part::Frame, b"GIF89a not a jpeg")),
            Err(Close::BadPayload)
        );
        assert_eq!(
            read_message(&message(1, Part::Marker, b"{}")),
            Err(Close::BadPayload)
        );
        assert_eq!(
            read_message(&message(1, Part::End, b"x")),
            Err(Close::BadPayload)
        );
        let big = vec![0u8; limits::MAX_MESSAGE_BYTES + 1];
        assert_eq!(read_message(&big), Err(Close::TooLarge));
    }

    #[test]
    fn close_codes_are_distinct_and_read_back() {
        for c in Close::ALL {
            assert_eq!(Close::from_code(c.code()), Some(c));
            assert!((4000..5000).contains(&c.code()));
        }
    }

    #[test]
    fn challenge_sequences_differ_and_never_repeat_a_challenge() {
        let a = challenge_sequence(&[0, 0, 0]);
        let b = challenge_sequence(&[3, 2, 1]);
        assert_ne!(a, b);
        for s in [a, b, challenge_sequence(&[])] {
            assert_eq!(s.len(), CHALLENGES_PER_SESSION);
            let mut d = s.clone();
            d.dedup();
            assert_eq!(d.len(), s.len());
            assert!(s.iter().all(|c| s.iter().filter(|x| *x == c).count() == 1));
        }
    }

    #[test]
    fn completeness_per_kind() {
        let mut r = Received::default();
        assert!(!is_complete(CaptureKind::IdFront, 0, &r));
        r.stills = 1;
        assert!(is_complete(CaptureKind::IdBack, 0, &r));
        r.frames = 30;
        r.done = vec![0, 2, 1];
        assert!(!is_complete(CaptureKind::Face, 3, &r), "out of order");
        r.done = vec![0, 1, 2];
        assert!(is_complete(CaptureKind::Face, 3, &r));
        r.done = vec![0, 1];
        assert!(!is_complete(CaptureKind::Face, 3, &r));
    }

    #[test]
    fn kinds_and_parts_by_key() {
        for k in CaptureKind::ALL {
            assert_eq!(CaptureKind::from_key(k.key()), Some(k));
        }
        for p in Part::ALL {
            assert_eq!(Part::from_key(p.key()), Some(p));
        }
    }
}
