//! The live capture of the 真实性核验 step: checks before any camera starts (`preflight`), the
//! camera (`camera`), frames and their quality from the video (`frames`), and the stream to the
//! server that survives a bad network (`uplink`). The component that puts them together is
//! `components::live_capture`.

pub mod camera;
pub mod frames;
pub mod preflight;
pub mod uplink;

use beian_rules::capture::CaptureKind;

use crate::i18n::{t, Text};

/// What a capture of `kind` is called (the applicant's step and the reviewer's console).
pub fn kind_title(kind: CaptureKind) -> Text {
    match kind {
        CaptureKind::IdFront => t::CAPTURE_ID_FRONT,
        CaptureKind::IdBack => t::CAPTURE_ID_BACK,
        CaptureKind::Face => t::CAPTURE_FACE,
    }
}
