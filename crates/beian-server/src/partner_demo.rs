//! A fake partner console for development (`BEIAN_PARTNER_DEMO_ADDR`): pages on an origin of
//! their own that embed the client, with `/embed/beian-frame.js` (the iframe mode) or, at
//! `/element`, with the `<beian-filing>` element of `/embed/beian-filing.js`
//! (`docs/embedding.md`), and log the messages they get. Add its origin to
//! `BEIAN_FRAME_ANCESTORS` so the client lets it frame it.

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
fn entity_tag(text: &str) -> HeaderValue {
    use sha2::{Digest, Sha256};
    let hex = crate::secret::hex(&Sha256::digest(text.as_bytes())[..12]);
    HeaderValue::from_str(&format!("W/\"{hex}\"")).expect("hex digits in quotes")
}

/// Whether `If-None-Match` names `tag` (or `*`), compared weakly as RFC 9110 says for it.
fn not_modified(headers: &HeaderMap, tag: &HeaderValue) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let ours = opaque(tag.to_str().unwrap_or_default());
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == "*" || opaque(t) == ours)
}

fn script(text: &'static str, tag: &HeaderValue, headers: &HeaderMap) -> Response {
    let cache = (header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    let etag = (header::ETAG, tag.clone());
    if not_modified(headers, tag) {
        return (StatusCode::NOT_MODIFIED, [cache, etag]).into_response();
    }
    let kind = (
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    ([kind, cache, etag], text).into_response()
}

/// `GET /embed/beian-frame.js` on the beian server.
pub async fn frame_script(headers: HeaderMap) -> Response {
    static TAG: LazyLock<HeaderValue> = LazyLock::new(|| entity_tag(FRAME_SCRIPT));
    script(FRAME_SCRIPT, &TAG, &headers)
}

/// `GET /embed/beian-filing.js` on the beian server.
pub async fn element_script(headers: HeaderMap) -> Response {
    static TAG: LazyLock<HeaderValue> = LazyLock::new(|| entity_tag(ELEMENT_SCRIPT));
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

/// Serves the demo pages on `listener` until the process ends (`/element`: the custom element;
/// `/validator/example/`: the validator package's example form, checking the partner's own
/// fields; any other path: the iframe mode); the client is at `origin`.
pub async fn serve(listener: tokio::net::TcpListener, origin: String) -> std::io::Result<()> {
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
    tracing::info!(url = %format!("http://{}", listener.local_addr()?), "partner demo page (development)");
    axum::serve(listener, router).await
}
