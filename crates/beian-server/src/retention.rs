//! Personal data is not kept for ever: a draft nobody submitted and nobody touched for
//! `BEIAN_RETENTION_DAYS` (default 180; 0 keeps everything) is deleted with its uploads. Filings
//! that were submitted have an audit trail and are kept. Rows only kept for a while (hourly request
//! counts, spent sign-in codes, ended sessions, used partner tokens) go too. The server runs this
//! at start and every hour; running it in several processes at once does no harm.

use std::time::Duration;

use crate::store::{Store, StoreError};
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

impl Store {
    /// Deletes what is only kept for a while (run hourly, not on each request): request counts of
    /// past hours, sign-in codes older than the hour their limit counts, ended sessions, and
    /// used partner tokens that have expired anyway.
    pub async fn delete_expired(&self) -> Result<(), StoreError> {
        let now = self.clock.now();
        let now_text = crate::clock::format_time(now);
        let hour = now_text[..13].to_owned();
        let hour_ago = crate::clock::format_time(now - time::Duration::hours(1));
        for (sql, at) in [
            ("DELETE FROM request_counts WHERE hour < $1", &hour),
            ("DELETE FROM sign_in_codes WHERE created_at < $1", &hour_ago),
            ("DELETE FROM sessions WHERE expires_at < $1", &now_text),
            (
                "DELETE FROM reviewer_sessions WHERE expires_at < $1",
                &now_text,
            ),
            (
                "DELETE FROM partner_tokens_used WHERE expires_at < $1",
                &now_text,
            ),
        ] {
            sqlx::query(sql).bind(at).execute(&self.pool).await?;
        }
        Ok(())
    }
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
