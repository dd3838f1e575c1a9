//! The beian server: filing applications over a JSON API, re-validated with the shared rules
//! crate, stored in SQLite, and the built web client served from the same origin.

pub mod accounts;
pub mod api;
pub mod capture_log;
pub mod capture_writer;
pub mod captures;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod lifecycle;
pub mod media;
pub mod model_checks;
pub mod partner_demo;
pub mod partners;
pub mod phones;
pub mod rate_limit;
pub mod records;
pub mod retention;
pub mod reviewers;
mod secret;
pub mod security;
pub mod sms;
pub mod store;
pub mod verifications;
pub mod verifier;
pub mod vision;
mod web;

use std::sync::Arc;

use axum::Router;
use tower_http::trace::TraceLayer;

use crate::clock::Clock;
use crate::config::{Config, SmsSetting, Storage};
use crate::media::Media;
use crate::sms::{DevGateway, SmsGateway};
use crate::store::{Store, StoreError};

/// What request handlers share. Nothing in it is per-process state that several server
/// processes would need to agree on: sessions and codes are in the database.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Where uploads are kept: a folder, or an S3-compatible bucket.
    pub media: Media,
    /// The reviewers' bearer token (`BEIAN_REVIEWER_TOKEN`); `None`: no review endpoint.
    pub reviewer_token: Option<Arc<str>>,
    /// Sends the sign-in codes; `None`: signing in by SMS is unavailable.
    pub sms: Option<Arc<dyn SmsGateway>>,
    /// The development gateway, when it is the one in use: its messages are readable at
    /// `/api/v1/dev/sms/{phone}`.
    pub dev_sms: Option<Arc<DevGateway>>,
    /// The partners whose signed tokens sign their users in (`BEIAN_PARTNER_KEYS`).
    pub partners: Arc<partners::PartnerKeys>,
    /// Behind a proxy that adds the client's address to `X-Forwarded-For` (`BEIAN_TRUST_PROXY`).
    pub trust_proxy: bool,
    /// The site is served over HTTPS: the session cookie carries `Secure`, and HSTS is sent.
    pub https: bool,
    /// Who may frame the client (`frame-ancestors`): `'none'`, or the partners' origins.
    pub frame_ancestors: Arc<str>,
    /// The verification models (`BEIAN_MODELS`), loaded on first use.
    pub models: vision::ModelSlot,
}

impl AppState {
    /// Opens the database and creates the media folder under `storage.data_dir`, on the system
    /// clock.
    pub async fn open(storage: &Storage) -> Result<AppState, StoreError> {
        Self::open_with_clock(storage, Clock::system()).await
    }

    /// The same with the given clock (tests drive time limits with a manual one).
    pub async fn open_with_clock(storage: &Storage, clock: Clock) -> Result<AppState, StoreError> {
        Self::open_with(storage, clock, None).await
    }

    /// The same with the key file that seals personal data (default `<data dir>/data.key`,
    /// made on first start).
    pub async fn open_with(
        storage: &Storage,
        clock: Clock,
        key_file: Option<&std::path::Path>,
    ) -> Result<AppState, StoreError> {
        std::fs::create_dir_all(&storage.data_dir).map_err(|source| StoreError::CreateDir {
            path: storage.data_dir.display().to_string(),
            source,
        })?;
        let keys = data_keys(storage, key_file)?;
        let store = Store::open(storage, clock, Arc::new(keys)).await?;
        let media = Media::of(storage)?;
        Ok(AppState {
            store,
            media,
            reviewer_token: None,
            sms: None,
            dev_sms: None,
            https: false,
            trust_proxy: false,
            frame_ancestors: Arc::from("'none'"),
            partners: Arc::new(partners::PartnerKeys::default()),
            models: vision::ModelSlot::default(),
        })
    }

    /// The same state, with the verification models in `dir`.
    pub fn with_models(self, dir: Option<std::path::PathBuf>) -> AppState {
        AppState {
            models: vision::ModelSlot::at(dir),
            ..self
        }
    }

    /// The same state, accepting tokens signed with these partners' keys.
    pub fn with_partners(self, partners: partners::PartnerKeys) -> AppState {
        AppState {
            partners: Arc::new(partners),
            ..self
        }
    }

    /// The same state, sending codes through the development gateway.
    pub fn with_dev_sms(self) -> AppState {
        let dev = Arc::new(DevGateway::default());
        AppState {
            sms: Some(dev.clone()),
            dev_sms: Some(dev),
            ..self
        }
    }

    /// The same state, sending codes through `gateway`.
    pub fn with_sms(self, gateway: Arc<dyn SmsGateway>) -> AppState {
        AppState {
            sms: Some(gateway),
            dev_sms: None,
            ..self
        }
    }

    /// The same state with the settings of `config` that are not the data folder.
    pub fn configured(self, config: &Config) -> Result<AppState, sms::SmsError> {
        let state = AppState {
            https: config.https,
            trust_proxy: config.trust_proxy,
            frame_ancestors: Arc::from(config.frame_ancestors.as_str()),
            ..self
                .with_reviewer_token(config.reviewer_token.as_deref())
                .with_models(config.models_dir.clone())
        };
        Ok(match &config.sms {
            SmsSetting::None => state,
            SmsSetting::Dev => state.with_dev_sms(),
            SmsSetting::Http { url, key } => {
                state.with_sms(Arc::new(sms::HttpGateway::new(url, key)?))
            }
        })
    }

    /// The same state, with the reviewers' bearer token.
    pub fn with_reviewer_token(self, token: Option<&str>) -> AppState {
        AppState {
            reviewer_token: token.map(Arc::from),
            ..self
        }
    }
}

/// The whole HTTP application: `/api/...` and the client. Testable without a socket.
pub fn app(state: AppState, web_dir: &std::path::Path) -> Router {
    Router::new()
        .nest("/api", api::router(state.clone()))
        .merge(partner_demo::scripts())
        .merge(web::router(web_dir, &state.frame_ancestors))
        .layer(axum::middleware::from_fn_with_state(
            state,
            security::headers,
        ))
        .layer(TraceLayer::new_for_http())
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("server stopped: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    PartnerKeys(#[from] partners::PartnerKeysError),
    #[error("SMS gateway: {0}")]
    Sms(#[from] sms::SmsError),
}

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0:?} is not a mainland mobile number (11 digits starting with 13 to 19)")]
    BadPhone(String),
    #[error("the reviewer's name must be 1 to 50 characters")]
    BadName,
    #[error(transparent)]
    Media(#[from] media::MediaError),
}

/// The keys that seal personal data: `key_file`, or `<data dir>/data.key` (made on first use).
fn data_keys(
    storage: &Storage,
    key_file: Option<&std::path::Path>,
) -> Result<crypto::DataKeys, crypto::CryptoError> {
    let default_key = storage.data_dir.join("data.key");
    crypto::DataKeys::load_or_create(key_file.unwrap_or(&default_key))
}

/// `beian-server add-reviewer <mobile> <name>`: adds a reviewer to the database of `config`
/// (or renames and re-enables the one with that number). They then sign in with an SMS code.
pub async fn add_reviewer(
    config: &Config,
    phone: &str,
    name: &str,
) -> Result<reviewers::Reviewer, AdminError> {
    let phone = beian_rules::contact::normalize_mobile(phone)
        .ok_or_else(|| AdminError::BadPhone(phone.to_owned()))?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(AdminError::BadName);
    }
    let storage = &config.storage;
    let keys = data_keys(storage, config.data_key_file.as_deref()).map_err(StoreError::from)?;
    let store = Store::open(storage, Clock::system(), Arc::new(keys)).await?;
    let reviewer = store.add_reviewer(&phone, name).await?;
    store.close().await;
    Ok(reviewer)
}

/// `beian-server reseal`: seals every document, review and uploaded file again with the first
/// key of the key file, so that after a rotation the old keys can be removed. Returns the
/// numbers of rows and files.
pub async fn reseal(config: &Config) -> Result<(usize, usize), AdminError> {
    let storage = &config.storage;
    let keys =
        Arc::new(data_keys(storage, config.data_key_file.as_deref()).map_err(StoreError::from)?);
    let store = Store::open(storage, Clock::system(), keys.clone()).await?;
    let rows = store.reseal_all().await?;
    store.close().await;
    let files = Media::of(storage)?.reseal_all(&keys).await?;
    Ok((rows, files))
}

/// Runs the verification worker alone (`beian-server verify-worker`), on the same database and
/// media as the servers, until the process is stopped.
pub async fn verify_worker(config: &Config) -> Result<(), ServeError> {
    let state = AppState::open_with(
        &config.storage,
        Clock::system(),
        config.data_key_file.as_deref(),
    )
    .await?
    .configured(config)?;
    tracing::info!("verification worker started");
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(verifier::run(state.clone(), stopping));
    shutdown_signal().await;
    stop_worker(stop, worker).await;
    state.store.close().await;
    Ok(())
}

/// Opens the data folder, binds the address and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> Result<(), ServeError> {
    let state = AppState::open_with(
        &config.storage,
        Clock::system(),
        config.data_key_file.as_deref(),
    )
    .await?
    .configured(&config)?;
    let state = match &config.partner_keys_file {
        Some(path) => state.with_partners(partners::PartnerKeys::load(path)?),
        None => state,
    };
    if config.sms == SmsSetting::Dev {
        tracing::warn!("development SMS gateway: sign-in codes are logged, not sent");
    }
    let store = state.store.clone();
    retention::spawn(state.clone(), config.retention_days);
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let worker = config
        .verifier
        .then(|| tokio::spawn(verifier::run(state.clone(), stopping)));
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })?;
    let addr = listener.local_addr()?;
    // The partner demo listens before the URL is printed: whoever reads it (the e2e tests) may
    // open the demo at once. It used to bind in its own task, a moment later.
    let demo = match config.partner_demo_addr {
        Some(demo) => Some(
            tokio::net::TcpListener::bind(demo)
                .await
                .map_err(|source| ServeError::Bind { addr: demo, source })?,
        ),
        None => None,
    };
    // The first line on stdout is the URL: scripts and the e2e tests read it.
    println!("beian listening on http://{addr}");
    if let Some(demo) = demo {
        let origin = format!("http://{addr}");
        tokio::spawn(async move {
            if let Err(error) = partner_demo::serve(demo, origin).await {
                tracing::error!(%error, "partner demo page");
            }
        });
    }
    tracing::info!(database = store.backend().name(), data_dir = %config.storage.data_dir.display(), web_dir = %config.web_dir.display(), "started");
    // The connection's address is known to the sign-in limits (rate_limit.rs).
    let service =
        app(state, &config.web_dir).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    if let Some(worker) = worker {
        stop_worker(stop, worker).await;
    }
    store.close().await;
    Ok(())
}

/// Tells the verification worker to stop and waits for the job in hand (at most
/// [`verifier::STOP_WAIT`]), so that the database is not closed under it.
async fn stop_worker(stop: tokio::sync::watch::Sender<bool>, worker: tokio::task::JoinHandle<()>) {
    let _ = stop.send(true);
    if tokio::time::timeout(verifier::STOP_WAIT, worker)
        .await
        .is_err()
    {
        tracing::warn!("stopping with a verification unfinished: it runs again on the next start");
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// Log to stderr; `RUST_LOG` overrides the default `info`.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}
