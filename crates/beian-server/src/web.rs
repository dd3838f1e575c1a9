//! Serves the built client (`dist/`): files by path (the reviewer console is `dist/review/`, at
//! `/review/`), `index.html` for every other route so the single-page app handles it, compressed for phones on slow networks (precompressed copies
//! when the build made them). Trunk names assets with a
//! content hash, so those are cached for a year; everything else is revalidated on each visit.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

pub fn router(web_dir: &Path, frame_ancestors: &str) -> Router {
    let index = web_dir.join("index.html");
    if !index.is_file() {
        tracing::warn!(
            "{} not found: only the API is served; build the client with scripts/run",
            index.display()
        );
        return Router::new().fallback(client_missing);
    }
    // Release builds ship .br/.gz copies (scripts/precompress.mjs); other files are compressed
    // on the fly, which skips responses that already have a Content-Encoding.
    let index = ServeFile::new(index)
        .precompressed_br()
        .precompressed_gzip();
    let files = ServeDir::new(web_dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    // The pages' policy allows their start-up scripts by hash: read from the pages served (the
    // applicant client and the reviewer console, `review/index.html`).
    let html = ["index.html", "review/index.html"]
        .iter()
        .filter_map(|page| std::fs::read_to_string(web_dir.join(page)).ok())
        .collect::<Vec<_>>()
        .join("\n");
    let policy = HeaderValue::from_str(&crate::security::client_policy(&html, frame_ancestors))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(policy, page_policy))
        .layer(middleware::from_fn(cache_control))
        .layer(CompressionLayer::new().br(true).gzip(true))
}

/// The client's policy on its HTML page (other files need none of their own).
async fn page_policy(
    axum::extract::State(policy): axum::extract::State<HeaderValue>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    // The page, or a `304` that revalidates it (its headers replace the cached ones).
    let html = response.status() == StatusCode::NOT_MODIFIED
        || response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html"));
    if html {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

async fn cache_control(request: Request, next: Next) -> Response {
    let immutable = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() {
        let value = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// `/beian-web-1e9231d1d191d6db_bg.wasm`, `/main-886fca1c0e0b3eb7.css`: trunk's hashed names.
fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let Some((stem, _ext)) = name.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    // A u64 in hex without zero padding: usually 16 digits, sometimes fewer. Shorter ones
    // (one in 65,536) fall back to revalidation, which is only slower.
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

async fn client_missing() -> impl IntoResponse {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "客户端尚未构建：请运行 scripts/run。\nThe web client is not built: run scripts/run.\n",
    )
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn recognises_trunk_hashed_names_only() {
        assert!(is_hashed_asset("/beian-web-1e9231d1d191d6db_bg.wasm"));
        assert!(is_hashed_asset("/beian-web-1e9231d1d191d6db.js"));
        assert!(is_hashed_asset("/main-886fca1c0e0b3eb7.css"));
        assert!(
            is_hashed_asset("/beian-web-608344ac76400ca_bg.wasm"),
            "15 digits"
        );
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/"));
        assert!(!is_hashed_asset("/applications/42"));
        assert!(!is_hashed_asset("/my-site.css"));
    }
}
