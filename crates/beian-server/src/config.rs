//! Server settings, from environment variables with embedded defaults.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("BEIAN_ADDR={value:?} is not an address like 127.0.0.1:8080")]
    BadAddr { value: String },
    #[error("BEIAN_PARTNER_DEMO_ADDR={value:?} is not an address like 127.0.0.1:8081")]
    BadDemoAddr { value: String },
    #[error("BEIAN_REVIEWER_TOKEN must be at least {min} characters long")]
    ShortReviewerToken { min: usize },
    #[error("BEIAN_SMS_GATEWAY={value:?} is not a known gateway (known: dev, http)")]
    UnknownSmsGateway { value: String },
    #[error("BEIAN_SMS_GATEWAY=dev shows sign-in codes to anyone who asks, so it only runs on a loopback address (BEIAN_ADDR is {addr})")]
    DevSmsNotLoopback { addr: SocketAddr },
    #[error("BEIAN_RETENTION_DAYS={value:?} must be a number of days (0 keeps everything)")]
    BadRetention { value: String },
    #[error("{name}={value:?} must be true or false (or on, off, 1, 0)")]
    BadFlag { name: &'static str, value: String },
    #[error("BEIAN_SMS_GATEWAY=http needs BEIAN_SMS_URL (https://, or http:// to this machine) and BEIAN_SMS_KEY")]
    BadSmsHttp,
    #[error("BEIAN_FRAME_ANCESTORS: {value:?} is not an origin like https://portal.example.com")]
    BadFrameAncestor { value: String },
    // The URL may carry a password: it is not repeated.
    #[error("DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:port/database); unset, the embedded SQLite database is used")]
    BadDatabaseUrl,
    #[error("BEIAN_MEDIA_URL={value:?} must be s3://<bucket>[/<prefix>] (credentials, region and endpoint from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT)")]
    BadMediaUrl { value: String },
}

/// Where the server keeps its data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Storage {
    /// The data folder: the embedded database (when there is no `database_url`), the media
    /// folder `media/` and the default key file.
    pub data_dir: PathBuf,
    /// A PostgreSQL database instead of the embedded SQLite one.
    pub database_url: Option<String>,
    /// An S3-compatible bucket (`s3://bucket/prefix`) for the media instead of `<data dir>/media`.
    pub media_url: Option<String>,
}

impl Storage {
    /// Everything in `data_dir`, with the embedded database.
    pub fn local(data_dir: impl Into<PathBuf>) -> Storage {
        Storage {
            data_dir: data_dir.into(),
            database_url: None,
            media_url: None,
        }
    }
}

/// Which SMS gateway sends the sign-in codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SmsSetting {
    /// None configured: signing in by SMS answers that it is unavailable.
    None,
    /// The development gateway: codes in the server log and at `/api/v1/dev/sms/{phone}`.
    Dev,
    /// The HTTP gateway (`sms.rs`): `BEIAN_SMS_URL` (https) and `BEIAN_SMS_KEY`.
    Http { url: String, key: String },
}

/// The shortest reviewer token accepted.
pub const MIN_REVIEWER_TOKEN: usize = 24;

#[derive(Clone, Debug)]
pub struct Config {
    /// `BEIAN_ADDR`, default `127.0.0.1:8080`. Port 0 picks a free port.
    pub addr: SocketAddr,
    /// Where the data is kept: `BEIAN_DATA_DIR` (default `var`: `beian.sqlite3`, `media/`,
    /// created on first start), `DATABASE_URL` (a PostgreSQL database instead of the embedded
    /// SQLite one) and `BEIAN_MEDIA_URL` (an S3-compatible bucket, `s3://bucket/prefix`, with the
    /// `AWS_*` variables, instead of `<data dir>/media`).
    pub storage: Storage,
    /// `BEIAN_WEB_DIR`, default `dist`: the built client (`trunk build --release`).
    pub web_dir: PathBuf,
    /// `BEIAN_REVIEWER_TOKEN`: the bearer token of the provider's reviewers (初审) until the
    /// reviewer sign-in exists; unset, the review endpoint does not exist.
    pub reviewer_token: Option<String>,
    /// `BEIAN_SMS_GATEWAY`: `dev` for the development gateway (loopback only); unset, none.
    pub sms: SmsSetting,
    /// `BEIAN_HTTPS`: `true` when the site is served over HTTPS (behind a TLS proxy): the session
    /// cookie carries `Secure` and responses send HSTS. Default `false`, for `http://127.0.0.1`.
    pub https: bool,
    /// `BEIAN_DATA_KEY_FILE`: the keys that seal personal data at rest (one 64-hex-digit key per
    /// line, the first seals). Unset: `<data dir>/data.key`, made on first start.
    pub data_key_file: Option<PathBuf>,
    /// `BEIAN_RETENTION_DAYS`: untouched drafts that were never submitted are deleted with their
    /// uploads after this many days; 0 keeps them. Default 180.
    pub retention_days: u32,
    /// `BEIAN_TRUST_PROXY`: `true` behind a load balancer or proxy that appends the client's
    /// address to `X-Forwarded-For` (the sign-in limits count per address). Default `false`.
    pub trust_proxy: bool,
    /// `BEIAN_VERIFIER`: run the verification worker inside the server (default `true`); `false`
    /// when it runs as its own process (`beian-server verify-worker`).
    pub verifier: bool,
    /// `BEIAN_MODELS`: the folder of the verification models (scripts/bootstrap fetches them;
    /// scripts/env.sh sets it). Unset: no model checks (a reviewer is told).
    pub models_dir: Option<PathBuf>,
    /// `BEIAN_PARTNER_KEYS`: the file of partner keys for partner sign-in tokens
    /// (`<partner id> <64 hex digits>` per line); unset, no partner sign-in.
    pub partner_keys_file: Option<PathBuf>,
    /// `BEIAN_FRAME_ANCESTORS`: the partner origins that may embed the client in a frame,
    /// space-separated; unset, none may (`'none'`).
    pub frame_ancestors: String,
    /// `BEIAN_PARTNER_DEMO_ADDR`: for development, also serve a fake partner console on this
    /// address (another origin) that embeds the client (`partner_demo.rs`); unset, none.
    pub partner_demo_addr: Option<SocketAddr>,
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
            storage: Storage {
                data_dir: get("BEIAN_DATA_DIR")
                    .unwrap_or_else(|| "var".to_owned())
                    .into(),
                database_url: match get("DATABASE_URL").filter(|u| !u.is_empty()) {
                    None => None,
                    Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
                        Some(u)
                    }
                    Some(_) => return Err(ConfigError::BadDatabaseUrl),
                },
                media_url: match get("BEIAN_MEDIA_URL").filter(|u| !u.is_empty()) {
                    None => None,
                    Some(u) if u.len() > "s3://".len() && u.starts_with("s3://") => Some(u),
                    Some(value) => return Err(ConfigError::BadMediaUrl { value }),
                },
            },
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
                Some("http") => {
                    let url = get("BEIAN_SMS_URL").unwrap_or_default();
                    let key = get("BEIAN_SMS_KEY").unwrap_or_default();
                    // Plain http only to this machine (a local relay); anything else is https.
                    let local = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
                        .iter()
                        .any(|p| url.starts_with(p));
                    if !(url.starts_with("https://") || local) || key.trim().is_empty() {
                        return Err(ConfigError::BadSmsHttp);
                    }
                    SmsSetting::Http { url, key }
                }
                Some(other) => {
                    return Err(ConfigError::UnknownSmsGateway {
                        value: other.to_owned(),
                    })
                }
            },
            frame_ancestors: frame_ancestors(get("BEIAN_FRAME_ANCESTORS").as_deref())?,
            partner_demo_addr: match get("BEIAN_PARTNER_DEMO_ADDR").filter(|a| !a.is_empty()) {
                None => None,
                Some(a) => Some(
                    a.parse()
                        .map_err(|_| ConfigError::BadDemoAddr { value: a.clone() })?,
                ),
            },
            retention_days: match get("BEIAN_RETENTION_DAYS").filter(|v| !v.is_empty()) {
                None => crate::retention::DEFAULT_RETENTION_DAYS,
                Some(v) => v
                    .parse()
                    .map_err(|_| ConfigError::BadRetention { value: v.clone() })?,
            },
            trust_proxy: flag(&get, "BEIAN_TRUST_PROXY", false)?,
            verifier: flag(&get, "BEIAN_VERIFIER", true)?,
            models_dir: get("BEIAN_MODELS")
                .filter(|d| !d.is_empty())
                .map(PathBuf::from),
            partner_keys_file: get("BEIAN_PARTNER_KEYS")
                .filter(|f| !f.is_empty())
                .map(PathBuf::from),
            data_key_file: get("BEIAN_DATA_KEY_FILE")
                .filter(|f| !f.is_empty())
                .map(PathBuf::from),
            https: flag(&get, "BEIAN_HTTPS", false)?,
        })
    }
}

/// A true-or-false setting: `true`/`1`/`on` or `false`/`0`/`off`; unset or empty, `default`.
fn flag(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: bool,
) -> Result<bool, ConfigError> {
    match get(name).as_deref() {
        None | Some("") => Ok(default),
        Some("true" | "1" | "on") => Ok(true),
        Some("false" | "0" | "off") => Ok(false),
        Some(other) => Err(ConfigError::BadFlag {
            name,
            value: other.to_owned(),
        }),
    }
}

/// The `frame-ancestors` source list: `'none'`, or each origin checked (scheme, host, optional
/// port; nothing that could end the directive).
fn frame_ancestors(value: Option<&str>) -> Result<String, ConfigError> {
    let origins: Vec<&str> = value.unwrap_or("").split_whitespace().collect();
    if origins.is_empty() {
        return Ok("'none'".to_owned());
    }
    for o in &origins {
        let host = o
            .strip_prefix("https://")
            .or_else(|| o.strip_prefix("http://"))
            .unwrap_or("");
        let ok = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:*".contains(&b));
        if !ok {
            return Err(ConfigError::BadFrameAncestor {
                value: (*o).to_owned(),
            });
        }
    }
    Ok(origins.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_bad_address() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.storage, Storage::local("var"));
        let e = Config::from_lookup(|k| (k == "BEIAN_ADDR").then(|| "nope".to_owned()));
        assert!(e.unwrap_err().to_string().contains("nope"));
        assert!(c.reviewer_token.is_none());
        let short =
            Config::from_lookup(|k| (k == "BEIAN_REVIEWER_TOKEN").then(|| "short".to_owned()));
        assert!(matches!(short, Err(ConfigError::ShortReviewerToken { .. })));
        assert_eq!(c.sms, SmsSetting::None);
        assert!(!c.https);
        assert_eq!(c.frame_ancestors, "'none'");
    }

    #[test]
    fn frame_ancestors_are_origins_only() {
        assert_eq!(frame_ancestors(None).unwrap(), "'none'");
        assert_eq!(
            frame_ancestors(Some(" https://a.example.com  http://localhost:3000 ")).unwrap(),
            "https://a.example.com http://localhost:3000"
        );
        for bad in ["a.example.com", "https://a.example.com;", "https://", "*"] {
            assert!(frame_ancestors(Some(bad)).is_err(), "{bad}");
        }
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

    #[test]
    fn the_http_sms_gateway_needs_https_and_a_key() {
        let env = |url: &'static str, key: &'static str| {
            move |k: &str| match k {
                "BEIAN_SMS_GATEWAY" => Some("http".to_owned()),
                "BEIAN_SMS_URL" => Some(url.to_owned()),
                "BEIAN_SMS_KEY" => Some(key.to_owned()),
                _ => None,
            }
        };
        let ok = Config::from_lookup(env("https://sms.example.com/send", "k")).unwrap();
        assert!(matches!(ok.sms, SmsSetting::Http { .. }));
        assert!(Config::from_lookup(env("http://127.0.0.1:9000/send", "k")).is_ok());
        for (url, key) in [
            ("http://sms.example.com/send", "k"),
            ("https://sms.example.com", " "),
        ] {
            assert!(matches!(
                Config::from_lookup(env(url, key)),
                Err(ConfigError::BadSmsHttp)
            ));
        }
    }

    #[test]
    fn database_url_is_postgres_and_never_repeated_in_errors() {
        let env = |url: &'static str| move |k: &str| (k == "DATABASE_URL").then(|| url.to_owned());
        let pg = Config::from_lookup(env("postgres://beian:secret@db:5432/beian")).unwrap();
        assert_eq!(
            pg.storage.database_url.as_deref(),
            Some("postgres://beian:secret@db:5432/beian")
        );
        assert_eq!(
            Config::from_lookup(env("")).unwrap().storage.database_url,
            None
        );
        let bad = Config::from_lookup(env("mysql://beian:secret@db/beian")).unwrap_err();
        assert!(matches!(bad, ConfigError::BadDatabaseUrl));
        assert!(!bad.to_string().contains("secret"));
    }
}
