//! The beian server: filing applications over a JSON API, re-validated with the shared rules
//! crate, stored in SQLite, and the built web client served from the same origin.

pub mod api;
pub mod config;
pub mod media;
pub mod store;
mod web;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::store::{Store, StoreError};

/// What request handlers share.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub media_dir: Arc<PathBuf>,
    /// The reviewers' bearer token (`BEIAN_REVIEWER_TOKEN`); `None`: no review endpoint.
    pub reviewer_token: Option<Arc<str>>,
}

impl AppState {
    /// Opens the database and creates the media folder under `data_dir`.
    pub async fn open(data_dir: &std::path::Path) -> Result<AppState, StoreError> {
        let store = Store::open(data_dir).await?;
        let media_dir = data_dir.join("media");
        std::fs::create_dir_all(&media_dir).map_err(|source| StoreError::CreateDir {
            path: media_dir.display().to_string(),
            source,
        })?;
        Ok(AppState {
            store,
            media_dir: Arc::new(media_dir),
            reviewer_token: None,
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
        .nest("/api", api::router(state))
        .merge(web::router(web_dir))
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
}

/// Opens the data folder, binds the address and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> Result<(), ServeError> {
    let state = AppState::open(&config.data_dir)
        .await?
        .with_reviewer_token(config.reviewer_token.as_deref());
    let store = state.store.clone();
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })?;
    let addr = listener.local_addr()?;
    // The first line on stdout is the URL: scripts and the e2e tests read it.
    println!("beian listening on http://{addr}");
    tracing::info!(data_dir = %config.data_dir.display(), web_dir = %config.web_dir.display(), "started");
    axum::serve(listener, app(state, &config.web_dir))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    store.close().await;
    Ok(())
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
