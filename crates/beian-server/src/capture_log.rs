//! A capture session's log file in a media folder: `<application id>/capture-<session id>.log`,
//! every stored message appended as one record, sealed on its own:
//!
//! ```text
//! "BCL1" | seq (u32 LE) | length (u32 LE) | the sealed payload (`length` bytes)
//! ```
//!
//! One file per session, not one per message: a file per message made the file system allocate
//! an inode for every frame (thousands a second under load), and after many files were deleted
//! (a retention purge) ext4 searched past each recently freed inode on every new file, which
//! stalled ingest for minutes. A record is appended with one `write` on a file opened for
//! appending, so records of two connections to the same session never interleave, and its offset
//! goes into the capture index once it is synced: a reader seeks straight to it. A record that a
//! crash cut short was never acknowledged nor indexed, and nothing points at it; a walk over the
//! whole file (resealing) steps over such a piece to the next record.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::crypto::DataKeys;
use crate::media::MediaError;

/// The start of every record.
const MAGIC: &[u8; 4] = b"BCL1";
/// Magic, number and length.
const HEADER: usize = 12;
/// The largest sealed payload a record may claim (a message and the seal's overhead).
const MAX_RECORD: usize = beian_rules::capture::limits::MAX_MESSAGE_BYTES + 1024;

/// The log of session `session` in the application folder `folder`.
pub fn path(folder: &Path, session: &str) -> PathBuf {
    folder.join(format!("capture-{session}.log"))
}

/// The session a file name is the log of, if it is one.
pub fn session_of(name: &str) -> Option<&str> {
    name.strip_prefix("capture-")?.strip_suffix(".log")
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> MediaError + '_ {
    move |source| MediaError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn record(seq: u32, sealed: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + sealed.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&seq.to_le_bytes());
    out.extend_from_slice(&(sealed.len() as u32).to_le_bytes());
    out.extend_from_slice(sealed);
    out
}

/// Makes the log at `path` (under the media folder `media`) if it is not there, with its folder,
/// and syncs the folders it was made in: a log exists durably before anything is appended.
pub fn create(media: &Path, path: &Path) -> Result<(), MediaError> {
    let io = io(path);
    if path.exists() {
        return Ok(());
    }
    let folder = path.parent().unwrap_or(media);
    std::fs::create_dir_all(folder).map_err(&io)?;
    OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .and_then(|f| f.sync_all())
        .map_err(&io)?;
    crate::media::sync_folder(folder).map_err(&io)?;
    crate::media::sync_folder(media).map_err(&io)?;
    Ok(())
}

/// Appends message `seq`'s sealed bytes to the log at `path` (made by [`create`]) in one write,
/// and syncs it (`fdatasync`: this file only) before it returns the record's offset.
pub fn append(path: &Path, seq: u32, sealed: &[u8]) -> Result<u64, MediaError> {
    let io = io(path);
    let bytes = record(seq, sealed);
    let mut file = OpenOptions::new().append(true).open(path).map_err(&io)?;
    let written = file.write(&bytes).map_err(&io)?;
    if written != bytes.len() {
        // Writing the rest in a second call could put another connection's record between the
        // two halves: this record is given up instead (its message is not acknowledged).
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::WriteZero,
            format!("short write: {written} of {} bytes", bytes.len()),
        )));
    }
    file.sync_data().map_err(&io)?;
    // Opened for appending, the file's position is now the end of this record.
    let end = file.stream_position().map_err(&io)?;
    Ok(end - bytes.len() as u64)
}

/// Reads the sealed bytes of message `seq` at `offset` of the log at `path`.
pub fn read(path: &Path, offset: u64, seq: u32) -> Result<Vec<u8>, MediaError> {
    let io = io(path);
    let mut file = File::open(path).map_err(&io)?;
    file.seek(SeekFrom::Start(offset)).map_err(&io)?;
    let mut header = [0u8; HEADER];
    file.read_exact(&mut header).map_err(&io)?;
    let (found, length) =
        parse_header(&header).ok_or(MediaError::Crypto(crate::crypto::CryptoError::Damaged))?;
    if found != seq {
        return Err(MediaError::Crypto(crate::crypto::CryptoError::Damaged));
    }
    let mut sealed = vec![0u8; length];
    file.read_exact(&mut sealed).map_err(&io)?;
    Ok(sealed)
}

/// The number and length of a record header, if it is one.
fn parse_header(header: &[u8]) -> Option<(u32, usize)> {
    let rest = header.strip_prefix(MAGIC.as_slice())?;
    let seq = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?);
    let length = u32::from_le_bytes(rest.get(4..8)?.try_into().ok()?) as usize;
    (length <= MAX_RECORD).then_some((seq, length))
}

/// Seals every record of the log `bytes` (of session `session` in `application`) again with the
/// first key, in place: a sealed record keeps its length, so every offset in the index stays
/// true. A piece that is not a whole record (cut short by a crash) is stepped over. How many
/// records.
pub fn reseal(
    bytes: &mut [u8],
    keys: &DataKeys,
    application: &str,
    session: &str,
) -> Result<usize, MediaError> {
    let mut count = 0;
    let mut at = 0;
    while at + HEADER <= bytes.len() {
        let whole = parse_header(&bytes[at..at + HEADER])
            .filter(|(_, length)| at + HEADER + length <= bytes.len());
        let Some((seq, length)) = whole else {
            at = next_record(bytes, at + 1);
            continue;
        };
        let body = at + HEADER..at + HEADER + length;
        let context = crate::media::part_context(application, session, seq);
        match keys.open_bytes(bytes[body.clone()].to_vec(), &context) {
            Ok(plain) => {
                let sealed = keys.seal_bytes(&plain, &context);
                if sealed.len() != length {
                    // Only a record stored before sealing could differ; none is written so.
                    at = next_record(bytes, at + 1);
                    continue;
                }
                bytes[body].copy_from_slice(&sealed);
                count += 1;
                at += HEADER + length;
            }
            Err(crate::crypto::CryptoError::Damaged) => at = next_record(bytes, at + 1),
            Err(other) => return Err(other.into()),
        }
    }
    Ok(count)
}

/// Where the next record may start at or after `from` (the end when none does).
fn next_record(bytes: &[u8], from: usize) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.windows(MAGIC.len()).position(|w| w == MAGIC))
        .map_or(bytes.len(), |i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> DataKeys {
        let dir = tempfile::tempdir().unwrap();
        crate::crypto::DataKeys::load_or_create(&dir.path().join("keys")).unwrap()
    }

    #[test]
    fn records_are_appended_read_back_by_offset_and_a_cut_piece_is_stepped_over() {
        let dir = tempfile::tempdir().unwrap();
        let log = path(&dir.path().join("app"), "s1");
        assert_eq!(session_of("capture-s1.log"), Some("s1"));
        assert_eq!(session_of("capture-s1-00000001.jpg"), None);
        let keys = keys();
        let seal = |seq: u32, text: &str| {
            keys.seal_bytes(
                text.as_bytes(),
                &crate::media::part_context("app", "s1", seq),
            )
        };
        assert!(append(&log, 1, &seal(1, "one")).is_err(), "no log made yet");
        create(dir.path(), &log).unwrap();
        create(dir.path(), &log).unwrap();
        let first = append(&log, 1, &seal(1, "one")).unwrap();
        let second = append(&log, 2, &seal(2, "two")).unwrap();
        assert_eq!(first, 0);
        assert!(second > first);
        // A crash in the middle of message 3's write: a piece of it, never indexed.
        let cut = record(3, &seal(3, "three"));
        let mut file = OpenOptions::new().append(true).open(&log).unwrap();
        file.write_all(&cut[..cut.len() / 2]).unwrap();
        let third = append(&log, 3, &seal(3, "three")).unwrap();

        let open = |offset, seq| {
            let sealed = read(&log, offset, seq).unwrap();
            keys.open_bytes(sealed, &crate::media::part_context("app", "s1", seq))
                .unwrap()
        };
        assert_eq!(open(second, 2), b"two");
        assert_eq!(open(third, 3), b"three");
        // The wrong number at an offset is refused, not read as another message.
        assert!(read(&log, second, 3).is_err());

        // Resealing walks every whole record, over the cut piece, and keeps every offset.
        let mut bytes = std::fs::read(&log).unwrap();
        let before = bytes.clone();
        assert_eq!(reseal(&mut bytes, &keys, "app", "s1").unwrap(), 3);
        assert_eq!(bytes.len(), before.len());
        assert_ne!(bytes, before, "sealed again with a new nonce");
        std::fs::write(&log, &bytes).unwrap();
        assert_eq!(open(first, 1), b"one");
        assert_eq!(open(third, 3), b"three");
    }
}
