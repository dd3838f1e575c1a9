//! Security headers. Every response: `nosniff`, `Referrer-Policy`, HSTS when served over HTTPS,
//! and a content security policy: the client's page gets one that allows only its own files,
//! its start-up script (by hash) and wasm compilation, and names who may frame it (the partner
//! allowlist, `BEIAN_FRAME_ANCESTORS`); the API's responses (JSON, images) get
//! `default-src 'none'`. (Only those: a `304` revalidating the page must not carry another
//! policy, or the browser would take it for the page's.)

use axum::extract::{Request, State};
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::AppState;

/// The policy of the API's responses (JSON, images): nothing to load or run, no framing.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// For the API router: its policy on each response that has none of its own.
pub async fn api_policy(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if !response.headers().contains_key(CONTENT_SECURITY_POLICY) {
        response.headers_mut().insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(API_POLICY),
        );
    }
    response
}

pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if state.https {
        h.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if &*state.frame_ancestors == "'none'" {
        h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}

/// The `sha256-…` sources of the page's inline scripts (trunk's start-up module).
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body_and_more = &after[open_end + 1..];
        let Some(close) = body_and_more.find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            let digest = Sha256::digest(&body_and_more.as_bytes()[..close]);
            out.push(format!("'sha256-{}'", STANDARD.encode(digest)));
        }
        rest = &body_and_more[close..];
    }
    out
}

/// The client page's policy for this `index.html`.
pub fn client_policy(index_html: &str, frame_ancestors: &str) -> String {
    let scripts = inline_script_hashes(index_html).join(" ");
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {scripts}; style-src 'self'; \
         img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {frame_ancestors}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_allowed_by_hash_and_external_ones_by_origin() {
        let html = "<script type=\"module\">\nimport init from '/a.js';\n</script>\
                    <script src=\"/b.js\"></script><script>x()</script>";
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        assert_eq!(
            hashes[1],
            format!("'sha256-{}'", STANDARD.encode(Sha256::digest(b"x()")))
        );
        let policy = client_policy(html, "https://portal.example.com");
        assert!(policy.contains(&hashes[0]), "{policy}");
        assert!(policy.contains("'wasm-unsafe-eval'"));
        assert!(policy.ends_with("frame-ancestors https://portal.example.com"));
        assert!(!policy.contains("unsafe-inline"));
    }
}
