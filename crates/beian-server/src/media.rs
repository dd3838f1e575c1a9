//! Uploaded files on disk: `<media dir>/<application id>/<upload id>.<ext>`. A file is written to
//! a temporary name, synced and renamed, so an upload the server acknowledged survives a crash
//! and a half-written one is never read. (Issue 5 turns this into a storage trait with an
//! S3-compatible backend; the layout stays.)

use std::io::Write;

use crate::crypto::DataKeys;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("media file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("media task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("media file: {0}")]
    Crypto(#[from] crate::crypto::CryptoError),
}

/// The file extension for a stored image type.
pub fn extension(mime: &str) -> &'static str {
    if mime == "image/png" {
        "png"
    } else {
        "jpg"
    }
}

/// Where a sealed file belongs (it opens only there).
fn context(application: &str, upload: &str) -> String {
    format!("media:{application}/{upload}")
}

fn file_path(dir: &Path, application: &str, upload: &str, mime: &str) -> PathBuf {
    dir.join(application)
        .join(format!("{upload}.{}", extension(mime)))
}

/// Writes an upload durably. Ids are server-made UUIDs, never client text.
pub async fn put(
    dir: &Path,
    keys: &DataKeys,
    application: &str,
    upload: &str,
    mime: &str,
    bytes: axum::body::Bytes,
) -> Result<(), MediaError> {
    let path = file_path(dir, application, upload, mime);
    // Sealed: ID cards and licences are personal data.
    let bytes = keys.seal_bytes(&bytes, &context(application, upload));
    tokio::task::spawn_blocking(move || {
        let io = |source| MediaError::Io {
            path: path.display().to_string(),
            source,
        };
        let folder = path.parent().expect("a file under the media folder");
        std::fs::create_dir_all(folder).map_err(io)?;
        let tmp = path.with_extension("part");
        let mut f = std::fs::File::create(&tmp).map_err(io)?;
        f.write_all(&bytes).map_err(io)?;
        f.sync_all().map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)?;
        Ok(())
    })
    .await?
}

/// Seals every stored file again with the first key (after a key rotation); how many. Each file
/// is rewritten through a temporary file, synced and renamed, like a new upload.
pub fn reseal_all(dir: &Path, keys: &DataKeys) -> Result<usize, MediaError> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| MediaError::Io { path, source }
    };
    let mut count = 0;
    let Ok(applications) = std::fs::read_dir(dir) else {
        return Ok(0);
    };
    for application in applications.flatten() {
        let app_dir = application.path();
        let Some(app) = app_dir
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_owned)
        else {
            continue;
        };
        for file in std::fs::read_dir(&app_dir).map_err(io(&app_dir))?.flatten() {
            let path = file.path();
            let (Some(upload), Some("jpg" | "png")) = (
                path.file_stem().and_then(|s| s.to_str()),
                path.extension().and_then(|e| e.to_str()),
            ) else {
                continue;
            };
            let stored = std::fs::read(&path).map_err(io(&path))?;
            let plain = keys.open_bytes(stored, &context(&app, upload))?;
            let sealed = keys.seal_bytes(&plain, &context(&app, upload));
            let tmp = path.with_extension("part");
            let mut f = std::fs::File::create(&tmp).map_err(io(&tmp))?;
            f.write_all(&sealed).map_err(io(&tmp))?;
            f.sync_all().map_err(io(&tmp))?;
            std::fs::rename(&tmp, &path).map_err(io(&path))?;
            count += 1;
        }
    }
    Ok(count)
}

/// Reads an upload back.
pub async fn get(
    dir: &Path,
    keys: &DataKeys,
    application: &str,
    upload: &str,
    mime: &str,
) -> Result<Vec<u8>, MediaError> {
    let path = file_path(dir, application, upload, mime);
    let stored = tokio::fs::read(&path)
        .await
        .map_err(|source| MediaError::Io {
            path: path.display().to_string(),
            source,
        })?;
    Ok(keys.open_bytes(stored, &context(application, upload))?)
}
