//! Group sync of the media folder: on Linux, a file written to the folder is made durable by
//! one `syncfs` of the folder's file system for every write waiting at that moment, instead of
//! one `fsync` per file. Under a capture load (hundreds of streams at 10 frames a second) this
//! is one sync for tens of frames; each stream still waits for a sync begun after its own write
//! before it acknowledges it, so an acknowledged frame is as durable as with its own `fsync`,
//! and its directory entry (the rename into place) is durable too.
//!
//! The syncs run on a thread of their own (a sync blocks), which ends with the last handle.

use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::mpsc;

use tokio::sync::oneshot;

/// A waiting write's answer: whether the sync after it succeeded.
type Waiting = oneshot::Sender<Result<(), io::ErrorKind>>;

/// The handle writes ask for their sync through.
#[derive(Debug)]
pub struct GroupSync {
    requests: mpsc::Sender<Waiting>,
}

impl GroupSync {
    /// Starts the syncing thread for the file system of `dir` (an existing folder).
    pub fn start(dir: &Path) -> io::Result<GroupSync> {
        let handle = File::open(dir)?;
        let (requests, queue) = mpsc::channel::<Waiting>();
        std::thread::Builder::new()
            .name("media-sync".into())
            .spawn(move || run(&handle, &queue))?;
        Ok(GroupSync { requests })
    }

    /// Returns once everything written before this call is on disk.
    pub async fn sync(&self) -> io::Result<()> {
        let (reply, answer) = oneshot::channel();
        self.requests
            .send(reply)
            .map_err(|_| io::Error::other("the media sync thread has stopped"))?;
        match answer.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(kind)) => Err(io::Error::new(kind, "syncing the media folder failed")),
            Err(_) => Err(io::Error::other("the media sync thread has stopped")),
        }
    }
}

fn run(handle: &File, queue: &mpsc::Receiver<Waiting>) {
    while let Ok(first) = queue.recv() {
        // Every write asking now was done before this sync starts: one sync answers them all.
        let mut waiting = vec![first];
        waiting.extend(queue.try_iter());
        let result = sync_file_system(handle).map_err(|e| e.kind());
        if let Err(kind) = result {
            tracing::error!(
                ?kind,
                writes = waiting.len(),
                "syncing the media folder failed"
            );
        }
        for reply in waiting {
            let _ = reply.send(result);
        }
    }
}

/// Flushes the whole file system `handle` is on (data and metadata).
#[cfg(target_os = "linux")]
fn sync_file_system(handle: &File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: `syncfs` takes a file descriptor, which `handle` keeps open for the call.
    if unsafe { libc::syncfs(handle.as_raw_fd()) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Elsewhere there is no `syncfs`: each write syncs its own file (see `media.rs`), and this is
/// not used.
#[cfg(not(target_os = "linux"))]
fn sync_file_system(handle: &File) -> io::Result<()> {
    handle.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn many_writers_are_answered_and_a_dropped_handle_ends_the_thread() {
        let dir = tempfile::tempdir().unwrap();
        let sync = std::sync::Arc::new(GroupSync::start(dir.path()).unwrap());
        let mut waits = Vec::new();
        for i in 0..50 {
            let sync = sync.clone();
            let path = dir.path().join(format!("{i}.bin"));
            waits.push(tokio::spawn(async move {
                std::fs::write(&path, [i as u8; 64]).unwrap();
                sync.sync().await
            }));
        }
        for w in waits {
            w.await.unwrap().unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 50);
        assert!(GroupSync::start(&dir.path().join("missing")).is_err());
    }
}
