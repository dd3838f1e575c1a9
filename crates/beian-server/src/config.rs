//! Server settings, from environment variables with embedded defaults.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("BEIAN_ADDR={value:?} is not an address like 127.0.0.1:8080")]
    BadAddr { value: String },
    #[error("BEIAN_REVIEWER_TOKEN must be at least {min} characters long")]
    ShortReviewerToken { min: usize },
    #[error("BEIAN_SMS_GATEWAY={value:?} is not a known gateway (known: dev)")]
    UnknownSmsGateway { value: String },
    #[error("BEIAN_SMS_GATEWAY=dev shows sign-in codes to anyone who asks, so it only runs on a loopback address (BEIAN_ADDR is {addr})")]
    DevSmsNotLoopback { addr: SocketAddr },
    #[error("BEIAN_SECURE_COOKIE={value:?} must be true or false")]
    BadSecureCookie { value: String },
}

/// Which SMS gateway sends the sign-in codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmsSetting {
    /// None configured: signing in by SMS answers that it is unavailable.
    None,
    /// The development gateway: codes in the server log and at `/api/v1/dev/sms/{phone}`.
    Dev,
}

/// The shortest reviewer token accepted.
pub const MIN_REVIEWER_TOKEN: usize = 24;

#[derive(Clone, Debug)]
pub struct Config {
    /// `BEIAN_ADDR`, default `127.0.0.1:8080`. Port 0 picks a free port.
    pub addr: SocketAddr,
    /// `BEIAN_DATA_DIR`, default `var`: holds `beian.sqlite3` and `media/`, created on first start.
    pub data_dir: PathBuf,
    /// `BEIAN_WEB_DIR`, default `dist`: the built client (`trunk build --release`).
    pub web_dir: PathBuf,
    /// `BEIAN_REVIEWER_TOKEN`: the bearer token of the provider's reviewers (初审) until the
    /// reviewer sign-in exists; unset, the review endpoint does not exist.
    pub reviewer_token: Option<String>,
    /// `BEIAN_SMS_GATEWAY`: `dev` for the development gateway (loopback only); unset, none.
    pub sms: SmsSetting,
    /// `BEIAN_SECURE_COOKIE`: `true` when the site is served over HTTPS (the session cookie then
    /// carries `Secure`). Default `false`, for `http://127.0.0.1`.
    pub secure_cookie: bool,
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let addr_text = get("BEIAN_ADDR").unwrap_or_else(|| "127.0.0.1:8080".to_owned());
        let addr = addr_text
            .parse()
            .map_err(|_| ConfigError::BadAddr { value: addr_text })?;
        Ok(Config {
            addr,
            data_dir: get("BEIAN_DATA_DIR")
                .unwrap_or_else(|| "var".to_owned())
                .into(),
            web_dir: get("BEIAN_WEB_DIR")
                .unwrap_or_else(|| "dist".to_owned())
                .into(),
            reviewer_token: match get("BEIAN_REVIEWER_TOKEN") {
                Some(t) if t.chars().count() < MIN_REVIEWER_TOKEN => {
                    return Err(ConfigError::ShortReviewerToken {
                        min: MIN_REVIEWER_TOKEN,
                    })
                }
                t => t,
            },
            sms: match get("BEIAN_SMS_GATEWAY").as_deref() {
                None | Some("") => SmsSetting::None,
                Some("dev") if addr.ip().is_loopback() => SmsSetting::Dev,
                Some("dev") => return Err(ConfigError::DevSmsNotLoopback { addr }),
                Some(other) => {
                    return Err(ConfigError::UnknownSmsGateway {
                        value: other.to_owned(),
                    })
                }
            },
            secure_cookie: match get("BEIAN_SECURE_COOKIE").as_deref() {
                None | Some("") | Some("false") | Some("0") => false,
                Some("true") | Some("1") => true,
                Some(other) => {
                    return Err(ConfigError::BadSecureCookie {
                        value: other.to_owned(),
                    })
                }
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_bad_address() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.data_dir, PathBuf::from("var"));
        let e = Config::from_lookup(|k| (k == "BEIAN_ADDR").then(|| "nope".to_owned()));
        assert!(e.unwrap_err().to_string().contains("nope"));
        assert!(c.reviewer_token.is_none());
        let short =
            Config::from_lookup(|k| (k == "BEIAN_REVIEWER_TOKEN").then(|| "short".to_owned()));
        assert!(matches!(short, Err(ConfigError::ShortReviewerToken { .. })));
        assert_eq!(c.sms, SmsSetting::None);
        assert!(!c.secure_cookie);
    }

    #[test]
    fn the_dev_sms_gateway_only_on_loopback() {
        let env = |addr: &'static str| {
            move |k: &str| match k {
                "BEIAN_SMS_GATEWAY" => Some("dev".to_owned()),
                "BEIAN_ADDR" => Some(addr.to_owned()),
                _ => None,
            }
        };
        assert_eq!(
            Config::from_lookup(env("127.0.0.1:0")).unwrap().sms,
            SmsSetting::Dev
        );
        assert!(matches!(
            Config::from_lookup(env("0.0.0.0:8080")),
            Err(ConfigError::DevSmsNotLoopback { .. })
        ));
        let other =
            Config::from_lookup(|k| (k == "BEIAN_SMS_GATEWAY").then(|| "aliyun".to_owned()));
        assert!(matches!(other, Err(ConfigError::UnknownSmsGateway { .. })));
    }
}
