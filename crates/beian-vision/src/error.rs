use std::path::PathBuf;

/// Why a model could not be loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum VisionError {
    #[error("model file {path} is missing: run scripts/bootstrap")]
    Missing { path: PathBuf },
    #[error("model file {path} cannot be read: {message}")]
    Unreadable { path: PathBuf, message: String },
    #[error("model file {path} does not have the expected sha256 (run scripts/bootstrap again)")]
    Checksum { path: PathBuf },
    #[error("model {name} cannot be loaded: {message}")]
    Load { name: &'static str, message: String },
    #[error("model {name} failed on a picture: {message}")]
    Run { name: &'static str, message: String },
    #[error("picture of {width}×{height} has {bytes} bytes, not {expected}")]
    BadPicture {
        width: usize,
        height: usize,
        bytes: usize,
        expected: usize,
    },
}
