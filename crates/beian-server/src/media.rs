//! Uploaded files and captured media, sealed, under `<application id>/<upload id>.<ext>` in one
//! of two places:
//!
//! - a folder on this machine (the default, `<data dir>/media`): an upload is written to a
//!   temporary name, synced, renamed into place, and its folder synced; a capture message is
//!   appended to its session's log and synced (`capture_log.rs`). Both before the write returns,
//!   so what the server acknowledged survives a crash and nothing half-written is read. Only the
//!   server's own files are synced (`fsync`, `fdatasync`), never the whole file system: with
//!   `syncfs`, 800 MB another program had written but not yet flushed made capture
//!   acknowledgements wait 3 s;
//! - an S3-compatible bucket through the `object_store` crate (`BEIAN_MEDIA_URL=s3://…`), which
//!   every server process behind a load balancer shares. A PUT is acknowledged by the store once
//!   the object is whole, so nothing half-written is read there either.
//!
//! In a folder a capture session's messages share one log file, each record at an offset the
//! capture index keeps; in a bucket each message is an object of its own.
//!
//! Ids are server-made UUIDs, never client text.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::TryStreamExt;
use object_store::path::Path as ObjectPath;
use object_store::ObjectStore;

use crate::capture_log;
use crate::crypto::DataKeys;

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("media file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("media object store: {0}")]
    Object(#[from] object_store::Error),
    #[error("BEIAN_MEDIA_URL must be s3://<bucket>[/<prefix>]")]
    BadUrl,
    #[error("media task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("media file: {0}")]
    Crypto(#[from] crate::crypto::CryptoError),
}

/// The types media are kept as, with their file extensions (JPEG: any other type).
const TYPES: [(&str, &str); 5] = [
    ("image/jpeg", "jpg"),
    ("image/png", "png"),
    ("video/webm", "webm"),
    ("video/mp4", "mp4"),
    ("application/json", "json"),
];

/// The file extension for a stored type.
pub fn extension(mime: &str) -> &'static str {
    TYPES
        .iter()
        .find(|(m, _)| *m == mime)
        .map_or("jpg", |(_, ext)| ext)
}

/// The upload (or capture part) a media file's name holds, if it is one.
fn upload_in(name: &str) -> Option<&str> {
    let (upload, ext) = name.rsplit_once('.')?;
    TYPES.iter().any(|(_, e)| *e == ext).then_some(upload)
}

/// Where a sealed file belongs (it opens only there).
fn context(application: &str, upload: &str) -> String {
    format!("media:{application}/{upload}")
}

/// Where message `seq` of capture session `session` belongs.
pub(crate) fn part_context(application: &str, session: &str, seq: u32) -> String {
    context(application, &crate::captures::part_name(session, seq))
}

fn file_name(upload: &str, mime: &str) -> String {
    format!("{upload}.{}", extension(mime))
}

/// Which capture message: message `seq` of session `session` of `application`, kept as `mime`.
#[derive(Clone, Copy, Debug)]
pub struct CapturePart<'a> {
    pub application: &'a str,
    pub session: &'a str,
    pub seq: u32,
    pub mime: &'a str,
}

/// A media folder.
#[derive(Debug)]
pub struct Folder {
    dir: PathBuf,
}

impl Folder {
    /// The log of the session `part` belongs to.
    fn log(&self, part: &CapturePart<'_>) -> PathBuf {
        capture_log::path(&self.dir.join(part.application), part.session)
    }
}

impl CapturePart<'_> {
    /// Where it belongs (it opens only there).
    fn context(&self) -> String {
        part_context(self.application, self.session, self.seq)
    }

    /// Its own name, in a bucket or as a file stored before the logs.
    fn name(&self) -> String {
        crate::captures::part_name(self.session, self.seq)
    }
}

/// Where the media are kept.
#[derive(Clone)]
pub enum Media {
    /// A folder on this machine.
    Folder(Arc<Folder>),
    /// An object store (S3-compatible in production; any `ObjectStore` in tests).
    Objects(Arc<dyn ObjectStore>),
}

impl std::fmt::Debug for Media {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Media::Folder(folder) => write!(f, "folder {}", folder.dir.display()),
            Media::Objects(store) => write!(f, "object store {store}"),
        }
    }
}

impl Media {
    /// Where `storage` keeps the media: its bucket, or `<data dir>/media`.
    pub fn of(storage: &crate::config::Storage) -> Result<Media, MediaError> {
        match &storage.media_url {
            Some(url) => Media::s3(url),
            None => Media::folder(storage.data_dir.join("media")),
        }
    }

    /// The folder `dir`, created if needed.
    pub fn folder(dir: PathBuf) -> Result<Media, MediaError> {
        std::fs::create_dir_all(&dir).map_err(|source| MediaError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        Ok(Media::Folder(Arc::new(Folder { dir })))
    }

    /// The bucket (and key prefix) of `s3://<bucket>[/<prefix>]`, with the credentials, region
    /// and endpoint of the usual `AWS_*` variables (`AWS_ENDPOINT` for a service other than
    /// Amazon's; `AWS_ALLOW_HTTP=true` for a plain-http one on a private network).
    pub fn s3(url: &str) -> Result<Media, MediaError> {
        let rest = url.strip_prefix("s3://").ok_or(MediaError::BadUrl)?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(MediaError::BadUrl);
        }
        let store = object_store::aws::AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()?;
        let prefix = prefix.trim_matches('/');
        Ok(Media::Objects(if prefix.is_empty() {
            Arc::new(store)
        } else {
            Arc::new(object_store::prefix::PrefixStore::new(store, prefix))
        }))
    }

    /// Which kind, for the log: "folder" or "object store".
    pub fn kind(&self) -> &'static str {
        match self {
            Media::Folder(_) => "folder",
            Media::Objects(_) => "object store",
        }
    }

    /// Stores an upload, sealed (ID cards and licences are personal data), durably.
    pub async fn put(
        &self,
        keys: &DataKeys,
        application: &str,
        upload: &str,
        mime: &str,
        bytes: &[u8],
    ) -> Result<(), MediaError> {
        let sealed = keys.seal_bytes(bytes, &context(application, upload));
        let name = file_name(upload, mime);
        match self {
            Media::Folder(folder) => {
                let path = folder.dir.join(application).join(name);
                tokio::task::spawn_blocking(move || write_synced(&path, &sealed)).await??;
                Ok(())
            }
            Media::Objects(store) => {
                let key = ObjectPath::from_iter([application, name.as_str()]);
                store.put(&key, sealed.into()).await?;
                Ok(())
            }
        }
    }

    /// Makes the log of the session `part` belongs to ready for [`Media::put_part`]: in a
    /// folder, the log is made if new, and it and its folder synced, so that the file itself
    /// outlives a crash before any of its messages is acknowledged. Nothing in a bucket.
    pub async fn open_log(&self, part: &CapturePart<'_>) -> Result<(), MediaError> {
        if let Media::Folder(folder) = self {
            let (media, log) = (folder.dir.clone(), folder.log(part));
            tokio::task::spawn_blocking(move || capture_log::create(&media, &log)).await??;
        }
        Ok(())
    }

    /// Stores a capture message, sealed, durably: in a folder appended to its session's log
    /// ([`Media::open_log`] first), whose offset it returns; in a bucket as an object of its own
    /// (`None`).
    pub async fn put_part(
        &self,
        keys: &DataKeys,
        part: &CapturePart<'_>,
        bytes: &[u8],
    ) -> Result<Option<u64>, MediaError> {
        match self {
            Media::Folder(folder) => {
                let (sealed, log, seq) = (
                    keys.seal_bytes(bytes, &part.context()),
                    folder.log(part),
                    part.seq,
                );
                let offset =
                    tokio::task::spawn_blocking(move || capture_log::append(&log, seq, &sealed))
                        .await??;
                Ok(Some(offset))
            }
            Media::Objects(_) => {
                self.put(keys, part.application, &part.name(), part.mime, bytes)
                    .await?;
                Ok(None)
            }
        }
    }

    /// Reads a capture message back, opened: from its session's log at `offset`, or (no offset:
    /// a bucket, or a message stored before the logs) its own file.
    pub async fn get_part(
        &self,
        keys: &DataKeys,
        part: &CapturePart<'_>,
        offset: Option<u64>,
    ) -> Result<Vec<u8>, MediaError> {
        match (self, offset) {
            (Media::Folder(folder), Some(offset)) => {
                let (log, seq) = (folder.log(part), part.seq);
                let sealed =
                    tokio::task::spawn_blocking(move || capture_log::read(&log, offset, seq))
                        .await??;
                Ok(keys.open_bytes(sealed, &part.context())?)
            }
            _ => {
                self.get(keys, part.application, &part.name(), part.mime)
                    .await
            }
        }
    }

    /// Reads an upload back, opened.
    pub async fn get(
        &self,
        keys: &DataKeys,
        application: &str,
        upload: &str,
        mime: &str,
    ) -> Result<Vec<u8>, MediaError> {
        let name = file_name(upload, mime);
        let stored = match self {
            Media::Folder(folder) => {
                let path = folder.dir.join(application).join(name);
                tokio::fs::read(&path)
                    .await
                    .map_err(|source| MediaError::Io {
                        path: path.display().to_string(),
                        source,
                    })?
            }
            Media::Objects(store) => {
                let key = ObjectPath::from_iter([application, name.as_str()]);
                store.get(&key).await?.bytes().await?.to_vec()
            }
        };
        Ok(keys.open_bytes(stored, &context(application, upload))?)
    }

    /// The files of an application as they are kept (sealed), by name; none when it has none.
    pub async fn stored(&self, application: &str) -> Result<Vec<(String, Vec<u8>)>, MediaError> {
        let mut files = Vec::new();
        match self {
            Media::Folder(media) => {
                let folder = media.dir.join(application);
                let Ok(entries) = std::fs::read_dir(&folder) else {
                    return Ok(files);
                };
                for entry in entries.flatten() {
                    let path = entry.path();
                    let bytes = tokio::fs::read(&path)
                        .await
                        .map_err(|source| MediaError::Io {
                            path: path.display().to_string(),
                            source,
                        })?;
                    files.push((entry.file_name().to_string_lossy().into_owned(), bytes));
                }
            }
            Media::Objects(store) => {
                let prefix = ObjectPath::from(application);
                let metas: Vec<_> = store.list(Some(&prefix)).try_collect().await?;
                for meta in metas {
                    let bytes = store.get(&meta.location).await?.bytes().await?.to_vec();
                    let name = meta.location.filename().unwrap_or_default().to_owned();
                    files.push((name, bytes));
                }
            }
        }
        files.sort();
        Ok(files)
    }

    /// Deletes every file of an application (a purged draft).
    pub async fn delete_application(&self, application: &str) -> Result<(), MediaError> {
        match self {
            Media::Folder(media) => {
                let folder = media.dir.join(application);
                match tokio::fs::remove_dir_all(&folder).await {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(MediaError::Io {
                        path: folder.display().to_string(),
                        source: e,
                    }),
                    _ => Ok(()),
                }
            }
            Media::Objects(store) => {
                let prefix = ObjectPath::from(application);
                let metas: Vec<_> = store.list(Some(&prefix)).try_collect().await?;
                for meta in metas {
                    store.delete(&meta.location).await?;
                }
                Ok(())
            }
        }
    }

    /// Seals every stored file again with the first key (after a key rotation); how many. Each
    /// is rewritten whole, like a new upload.
    pub async fn reseal_all(&self, keys: &Arc<DataKeys>) -> Result<usize, MediaError> {
        match self {
            Media::Folder(folder) => {
                let (dir, keys) = (folder.dir.clone(), keys.clone());
                tokio::task::spawn_blocking(move || reseal_folder(&dir, &keys)).await?
            }
            Media::Objects(store) => {
                let metas: Vec<_> = store.list(None).try_collect().await?;
                let mut count = 0;
                for meta in metas {
                    let parts: Vec<_> = meta.location.parts().collect();
                    let [application, name] = parts.as_slice() else {
                        continue;
                    };
                    let Some(upload) = upload_in(name.as_ref()) else {
                        continue;
                    };
                    let context = context(application.as_ref(), upload);
                    let stored = store.get(&meta.location).await?.bytes().await?.to_vec();
                    let plain = keys.open_bytes(stored, &context)?;
                    store
                        .put(&meta.location, keys.seal_bytes(&plain, &context).into())
                        .await?;
                    count += 1;
                }
                Ok(count)
            }
        }
    }
}

/// Writes `bytes` to a temporary file beside `path`, syncs it, renames it into place and syncs
/// the folder (the rename). The temporary name is this write's own: two writes of the same file
/// at once do not share one.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), MediaError> {
    let io = |source| MediaError::Io {
        path: path.display().to_string(),
        source,
    };
    let folder = path.parent().expect("a file under the media folder");
    let made = !folder.exists();
    std::fs::create_dir_all(folder).map_err(io)?;
    let tmp = path.with_extension(format!("{}.part", uuid::Uuid::new_v4().simple()));
    let mut f = std::fs::File::create(&tmp).map_err(io)?;
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)?;
    sync_folder(folder).map_err(io)?;
    if made {
        if let Some(parent) = folder.parent() {
            sync_folder(parent).map_err(io)?;
        }
    }
    Ok(())
}

/// Makes the entries of `folder` (files made or renamed in it) durable.
#[cfg(unix)]
pub(crate) fn sync_folder(folder: &Path) -> std::io::Result<()> {
    std::fs::File::open(folder)?.sync_all()
}

/// Elsewhere a folder cannot be opened to sync it; its entries are as durable as the system
/// makes them.
#[cfg(not(unix))]
pub(crate) fn sync_folder(_folder: &Path) -> std::io::Result<()> {
    Ok(())
}

fn reseal_folder(dir: &Path, keys: &DataKeys) -> Result<usize, MediaError> {
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
            let log = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(capture_log::session_of)
                .map(str::to_owned);
            if let Some(session) = log {
                let mut bytes = std::fs::read(&path).map_err(io(&path))?;
                count += capture_log::reseal(&mut bytes, keys, &app, &session)?;
                write_synced(&path, &bytes)?;
                continue;
            }
            let Some(upload) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(upload_in)
            else {
                continue;
            };
            let stored = std::fs::read(&path).map_err(io(&path))?;
            let plain = keys.open_bytes(stored, &context(&app, upload))?;
            write_synced(&path, &keys.seal_bytes(&plain, &context(&app, upload)))?;
            count += 1;
        }
    }
    Ok(count)
}
