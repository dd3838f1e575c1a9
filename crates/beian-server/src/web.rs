//! Serves the built client (`dist/`): files by path, `index.html` for every other route so the
//! single-page app handles it, compressed for phones on slow networks.

use std::path::Path;

use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

pub fn router(web_dir: &Path) -> Router {
    let index = web_dir.join("index.html");
    if !index.is_file() {
        tracing::warn!(
            "{} not found: only the API is served; build the client with scripts/run",
            index.display()
        );
        return Router::new().fallback(client_missing);
    }
    let files = ServeDir::new(web_dir).fallback(ServeFile::new(index));
    Router::new()
        .fallback_service(files)
        .layer(CompressionLayer::new().br(true).gzip(true))
}

async fn client_missing() -> impl IntoResponse {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "客户端尚未构建：请运行 scripts/run。\nThe web client is not built: run scripts/run.\n",
    )
}
