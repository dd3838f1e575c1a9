//! Limits per client address on what could be abused from one machine: asking for SMS codes
//! (each one costs money and bothers someone) and trying codes. Counted per hour in the
//! database, so every server process behind a load balancer shares the counts. The limits per
//! number are in `accounts.rs`; these stop one machine from walking through many numbers.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use sqlx::Row;

use crate::store::{Store, StoreError};

/// Code requests (applicant and reviewer sign-in) one address may make in an hour.
pub const CODE_REQUESTS_PER_HOUR: i64 = 20;
/// Code entries (sign-in attempts) one address may make in an hour.
pub const SIGN_IN_ATTEMPTS_PER_HOUR: i64 = 60;

/// The client's address: the connection's, or behind a trusted proxy the last address in
/// `X-Forwarded-For` (the one the proxy added). `None` when neither is known (tests without a
/// socket): those requests share one count.
pub fn client_address(parts: &Parts, trust_proxy: bool) -> Option<IpAddr> {
    if trust_proxy {
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .next_back();
        if forwarded.is_some() {
            return forwarded;
        }
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

/// The client's address, for the limits (see [`client_address`]).
pub struct ClientAddress(pub Option<IpAddr>);

impl axum::extract::FromRequestParts<crate::AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(client_address(parts, state.trust_proxy)))
    }
}

impl Store {
    /// Counts one request of `what` from `address` in the current hour: `Err(seconds to wait)`
    /// once more than `limit` were made.
    pub async fn count_request(
        &self,
        what: &str,
        address: Option<IpAddr>,
        limit: i64,
    ) -> Result<Result<(), i64>, StoreError> {
        let now = self.clock.now();
        let hour = crate::clock::format_time(now)[..13].to_owned();
        let key = format!(
            "{what}:{}",
            address.map_or_else(|| "unknown".to_owned(), |a| a.to_string())
        );
        let count: i64 = sqlx::query(
            "INSERT INTO request_counts (key, hour, count) VALUES ($1, $2, 1)
             ON CONFLICT (key, hour) DO UPDATE SET count = request_counts.count + 1
             RETURNING count",
        )
        .bind(&key)
        .bind(&hour)
        .fetch_one(&self.pool)
        .await?
        .get("count");
        if count <= limit {
            return Ok(Ok(()));
        }
        let into_hour = i64::from(now.minute()) * 60 + i64::from(now.second());
        Ok(Err((3600 - into_hour).max(1)))
    }
}

#[cfg(test)]
mod tests {
    use sqlx::Row;

    use crate::clock::Clock;
    use crate::config::Storage;
    use crate::crypto::DataKeys;
    use crate::store::Store;

    #[tokio::test]
    async fn counts_of_past_hours_go_in_the_hourly_clean_up_not_on_each_request() {
        let dir = tempfile::tempdir().unwrap();
        let keys =
            std::sync::Arc::new(DataKeys::load_or_create(&dir.path().join("data.key")).unwrap());
        let clock = Clock::manual(time::macros::datetime!(2026-11-23 08:00 UTC));
        let store = Store::open(&Storage::local(dir.path()), clock.clone(), keys)
            .await
            .unwrap();
        let rows = || async {
            sqlx::query("SELECT COUNT(*) AS n FROM request_counts")
                .fetch_one(&store.pool)
                .await
                .unwrap()
                .get::<i64, _>("n")
        };
        let address = Some("192.0.2.1".parse().unwrap());
        assert_eq!(
            store.count_request("code", address, 1).await.unwrap(),
            Ok(())
        );
        assert!(store
            .count_request("code", address, 1)
            .await
            .unwrap()
            .is_err());
        clock.advance(time::Duration::hours(1));
        // A new hour counts anew; the old hour's row stays until the clean-up.
        assert_eq!(
            store.count_request("code", address, 1).await.unwrap(),
            Ok(())
        );
        assert_eq!(rows().await, 2);
        store.delete_expired().await.unwrap();
        assert_eq!(rows().await, 1);
    }
}
