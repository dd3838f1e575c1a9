//! A fake partner console for development (`BEIAN_PARTNER_DEMO_ADDR`): pages on an origin of
//! their own that embed the client, with `/embed/beian-frame.js` (the iframe mode) or, at
//! `/element`, with the `<beian-filing>` element of `/embed/beian-filing.js`
//! (`docs/embedding.md`), and log the messages they get. Add its origin to
//! `BEIAN_FRAME_ANCESTORS` so the client lets it frame it.

use std::net::SocketAddr;
use std::sync::LazyLock;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The host side of the iframe mode, served at `/embed/beian-frame.js`.
pub const FRAME_SCRIPT: &str = include_str!("../../../embed/beian-frame.js");
/// The `<beian-filing>` custom element with the iframe mode it is built on, served at
/// `/embed/beian-filing.js`.
pub const ELEMENT_SCRIPT: &str = concat!(
    include_str!("../../../embed/beian-frame.js"),
    include_str!("../../../embed/beian-filing.js")
);
const DEMO_PAGE: &str = include_str!("../../../embed/partner-demo.html");
const DEMO_ELEMENT_PAGE: &str = include_str!("../../../embed/partner-demo-element.html");

/// The partner scripts' routes: compressed (brotli or gzip, as the browser accepts) and
/// revalidated by ETag, so a partner's page downloads them again only when they change (the
/// element's script: 2.8 KB brotli instead of 7.6 KB, then a `304` until it changes).
pub fn scripts() -> Router {
    Router::new()
        .route("/embed/beian-frame.js", get(frame_script))
        .route("/embed/beian-filing.js", get(element_script))
        .layer(
            tower_http::compression::CompressionLayer::new()
                .br(true)
                .gzip(true),
        )
}

/// A script's entity tag: weak (its compressed forms differ byte for byte), from its SHA-256.
fn entity_tag(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(text.as_bytes());
    let hex: String = hash[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("W/\"{hex}\"")
}

/// Whether `If-None-Match` names `tag` (or `*`).
fn not_modified(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == tag.trim_start_matches("W/"))
}

fn script(text: &'static str, tag: &str, headers: &HeaderMap) -> Response {
    let tag = HeaderValue::from_str(tag).unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""));
    let cache = (header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if not_modified(headers, tag.to_str().unwrap_or_default()) {
        return (StatusCode::NOT_MODIFIED, [cache, (header::ETAG, tag)]).into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            cache,
            (header::ETAG, tag),
        ],
        text,
    )
        .into_response()
}

/// `GET /embed/beian-frame.js` on the beian server.
pub async fn frame_script(headers: HeaderMap) -> Response {
    static TAG: LazyLock<String> = LazyLock::new(|| entity_tag(FRAME_SCRIPT));
    script(FRAME_SCRIPT, &TAG, &headers)
}

/// `GET /embed/beian-filing.js` on the beian server.
pub async fn element_script(headers: HeaderMap) -> Response {
    static TAG: LazyLock<String> = LazyLock::new(|| entity_tag(ELEMENT_SCRIPT));
    script(ELEMENT_SCRIPT, &TAG, &headers)
}

/// The demo page (iframe mode) for a beian server at `origin`.
pub fn page(origin: &str) -> String {
    DEMO_PAGE.replace("__BEIAN_ORIGIN__", origin)
}

/// The demo page of the custom element for a beian server at `origin`.
pub fn element_page(origin: &str) -> String {
    DEMO_ELEMENT_PAGE.replace("__BEIAN_ORIGIN__", origin)
}

/// Where the demo finds the validator package (`scripts/build-js-package` builds its `dist/`),
/// from the working directory: the repository's root, as `scripts/run` starts the server.
pub const PACKAGE_DIR: &str = "packages/beian-rules";

/// Serves the demo pages on `addr` until the process ends (`/element`: the custom element;
/// `/validator/example/`: the validator package's example form, checking the partner's own
/// fields; any other path: the iframe mode); the client is at `origin`.
pub async fn serve(addr: SocketAddr, origin: String) -> std::io::Result<()> {
    let html = |text: String| {
        get(move || {
            let text = text.clone();
            async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], text) }
        })
    };
    let router = Router::new()
        .route("/element", html(element_page(&origin)))
        .nest_service(
            "/validator",
            tower_http::services::ServeDir::new(PACKAGE_DIR),
        )
        .fallback(html(page(&origin)));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(url = %format!("http://{}", listener.local_addr()?), "partner demo page (development)");
    axum::serve(listener, router).await
}
