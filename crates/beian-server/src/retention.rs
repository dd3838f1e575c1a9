//! Personal data is not kept for ever: a draft nobody submitted and nobody touched for
//! `BEIAN_RETENTION_DAYS` (default 180; 0 keeps everything) is deleted with its uploads. Filings
//! that were submitted have an audit trail and are kept. Rows only kept for a while (hourly request
//! counts, spent sign-in codes, ended sessions, used partner tokens) go too. The server runs this
//! at start and every hour; running it in several processes at once does no harm.

use std::time::Duration;

use crate::store::StoreError;
use crate::AppState;

/// The default number of days an untouched draft is kept.
pub const DEFAULT_RETENTION_DAYS: u32 = 180;

/// How often the server looks for stale drafts.
pub const PURGE_EVERY: Duration = Duration::from_secs(3600);

/// Deletes the drafts untouched for `days` days (never submitted) and their media; how many.
pub async fn purge(state: &AppState, days: u32) -> Result<usize, StoreError> {
    if days == 0 {
        return Ok(0);
    }
    let before = state.store.clock.now() - time::Duration::days(i64::from(days));
    let ids = state.store.delete_stale_drafts(before).await?;
    for id in &ids {
        if let Err(e) = state.media.delete_application(id).await {
            tracing::error!(application = %id, error = %e, "media of a purged draft not removed");
        }
    }
    if !ids.is_empty() {
        tracing::info!(drafts = ids.len(), days, "stale drafts deleted");
    }
    Ok(ids.len())
}

/// Runs [`purge`] now and then every [`PURGE_EVERY`], until the server stops.
pub fn spawn(state: AppState, days: u32) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = purge(&state, days).await {
                tracing::error!(error = %e, "purging stale drafts failed");
            }
            if let Err(e) = state.store.delete_expired().await {
                tracing::error!(error = %e, "deleting expired rows failed");
            }
            tokio::time::sleep(PURGE_EVERY).await;
        }
    });
}
