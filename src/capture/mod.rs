//! The live capture of the 真实性核验 step: checks before any camera starts (`preflight`), the
//! camera (`camera`), frames and their quality from the video (`frames`), and the stream to the
//! server that survives a bad network (`uplink`). The component that puts them together is
//! `components::live_capture`.

pub mod camera;
pub mod frames;
pub mod preflight;
pub mod uplink;
