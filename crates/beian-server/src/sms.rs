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
