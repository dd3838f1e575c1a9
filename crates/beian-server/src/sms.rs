//! Sending SMS: the sign-in codes now, the MIIT-style check codes later. A gateway is a trait so
//! that production plugs in its provider and development needs none.
//!
//! The development gateway sends nothing: it writes each message to the server log (the number
//! masked) and keeps the last ones for `GET /api/v1/dev/sms/{phone}`, which the end-to-end tests
//! read. It is only allowed on a loopback address (see `config.rs`).

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use beian_rules::mask::mask_mobile;

#[derive(Debug, thiserror::Error)]
pub enum SmsError {
    #[error("the SMS gateway refused the message: {0}")]
    Refused(String),
    #[error("the SMS gateway cannot be reached: {0}")]
    Unreachable(String),
    #[error("no SMS gateway is configured (BEIAN_SMS_GATEWAY)")]
    NotConfigured,
}

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), SmsError>> + Send + 'a>>;

/// Something that delivers a text message to a mainland mobile number (11 digits, normalised).
pub trait SmsGateway: Send + Sync {
    fn send<'a>(&'a self, to: &'a str, text: &'a str) -> SendFuture<'a>;
}

/// How many messages the development gateway keeps per number.
const DEV_KEEP: usize = 10;

/// The development gateway: logs and remembers, delivers nothing.
#[derive(Default)]
pub struct DevGateway {
    sent: Mutex<HashMap<String, VecDeque<String>>>,
}

impl DevGateway {
    /// The messages sent to `to`, newest first.
    pub fn messages(&self, to: &str) -> Vec<String> {
        let sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
        sent.get(to)
            .map(|q| q.iter().rev().cloned().collect())
            .unwrap_or_default()
    }
}

impl SmsGateway for DevGateway {
    fn send<'a>(&'a self, to: &'a str, text: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(to = %mask_mobile(to), text, "development SMS gateway: not sent");
            let mut sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
            let queue = sent.entry(to.to_owned()).or_default();
            if queue.len() == DEV_KEEP {
                queue.pop_front();
            }
            queue.push_back(text.to_owned());
            Ok(())
        })
    }
}

/// How long the HTTP gateway waits for the provider.
const HTTP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The production gateway: an HTTPS endpoint of the provider (or of a small relay in front of
/// it, for providers that sign requests their own way). Each message is
/// `POST <url>` with `Authorization: Bearer <key>` and the JSON `{"to": "13800138000", "text":
/// "..."}`; any 2xx means sent, 4xx refused (the answer's first 200 characters are logged),
/// anything else or no answer in 10 s unreachable.
pub struct HttpGateway {
    client: reqwest::Client,
    url: String,
    key: String,
}

impl HttpGateway {
    pub fn new(url: &str, key: &str) -> Result<HttpGateway, SmsError> {
        let client = reqwest::Client::builder()
            .timeout(HTTP_TIMEOUT)
            .build()
            .map_err(|e| SmsError::Unreachable(e.to_string()))?;
        Ok(HttpGateway {
            client,
            url: url.to_owned(),
            key: key.to_owned(),
        })
    }
}

impl SmsGateway for HttpGateway {
    fn send<'a>(&'a self, to: &'a str, text: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            let response = self
                .client
                .post(&self.url)
                .bearer_auth(&self.key)
                .json(&serde_json::json!({ "to": to, "text": text }))
                .send()
                .await
                .map_err(|e| SmsError::Unreachable(e.to_string()))?;
            let status = response.status();
            if status.is_success() {
                return Ok(());
            }
            let body: String = response
                .text()
                .await
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect();
            if status.is_client_error() {
                Err(SmsError::Refused(format!("{status}: {body}")))
            } else {
                Err(SmsError::Unreachable(format!("{status}: {body}")))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_dev_gateway_keeps_the_last_messages_newest_first() {
        let g = DevGateway::default();
        for n in 0..12 {
            g.send("13800138000", &format!("m{n}")).await.unwrap();
        }
        let got = g.messages("13800138000");
        assert_eq!(got.len(), DEV_KEEP);
        assert_eq!(got[0], "m11");
        assert_eq!(got[DEV_KEEP - 1], "m2");
        assert!(g.messages("13900139000").is_empty());
    }
}
