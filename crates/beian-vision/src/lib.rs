//! The server's vision models, run offline with `tract-onnx` (pure Rust): face detection with
//! six keypoints (MediaPipe BlazeFace short range) and text reading (PP-OCRv4 detection and
//! recognition). Native only; the browser never loads it.
//!
//! The model files are fetched by `scripts/bootstrap` from PyPI (pinned, sha256-checked) into a
//! cache outside the repository; [`Models::load`] checks them again before use. What the
//! pictures mean (a pose, a challenge followed, an ID number read) is decided by the rules crate
//! (`beian_rules::face_pose`, `beian_rules::id_card_text`), which needs no model.

mod error;
pub mod face;
mod models;
pub mod ocr;
mod ocr_boxes;
mod ocr_decode;
pub mod picture;

pub use error::VisionError;
pub use face::{Face, FaceDetector};
pub use models::{ModelFile, Models, MODEL_FILES};
pub use ocr::{Ocr, TextLine};
pub use picture::Picture;
