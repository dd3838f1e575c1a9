//! Security headers, and the API's refusal of changes sent from other sites. Every response: `nosniff`, `Referrer-Policy`, HSTS when served over HTTPS,
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
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::IntoResponse;
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

/// For the API router: a request that changes something (any method but GET, HEAD and
/// OPTIONS) that a browser sent from another site is refused with `403 cross_origin`, before any
/// handler runs. The client's own pages, framed by a partner or not, are this site, so nothing
/// legitimate is refused; with the cookie `SameSite=None` (in a partner's frame) this is what
/// stops another site from acting with the applicant's session. Requests without `Origin` or
/// `Sec-Fetch-Site` (scripts, servers) are not browsers' and pass.
pub async fn same_site_writes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe {
        if let Some(origin) = foreign_origin(request.headers(), state.trust_proxy) {
            tracing::warn!(%origin, method = %request.method(), path = %request.uri().path(), "refused a change from another site");
            return crate::api::ApiError::CrossOrigin { origin }.into_response();
        }
    }
    next.run(request).await
}

/// The origin of a browser's request from another site (its `Origin`, or what
/// `Sec-Fetch-Site: cross-site` says), or `None` for this site's own requests and non-browsers.
/// This site is the request's `Host` (`X-Forwarded-Host` first behind a trusted proxy).
pub fn foreign_origin(headers: &HeaderMap, trust_proxy: bool) -> Option<String> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let origin = text("origin");
    if text("sec-fetch-site") == Some("cross-site") {
        return Some(origin.unwrap_or("another site").chars().take(100).collect());
    }
    let origin = origin?;
    let host = trust_proxy
        .then(|| text("x-forwarded-host"))
        .flatten()
        .and_then(|h| h.split(',').next())
        .or_else(|| text("host"))
        .map(str::trim);
    let authority = origin.split_once("://").map(|(_, a)| a);
    match (authority, host) {
        (Some(a), Some(h)) if a.eq_ignore_ascii_case(h) => None,
        // This machine on both sides: a development proxy (`trunk serve` sends the API on with
        // its own Host and port).
        (Some(a), Some(h)) if is_loopback(a) && is_loopback(h) => None,
        _ => Some(origin.chars().take(100).collect()),
    }
}

/// `localhost`, `127.0.0.1` or `[::1]`, with or without a port.
fn is_loopback(authority: &str) -> bool {
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    host.eq_ignore_ascii_case("localhost") || host == "127.0.0.1" || host == "::1"
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

    fn headers_of(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn changes_from_another_site_are_told_apart_from_this_sites_and_from_scripts() {
        let same = headers_of(&[
            ("host", "beian.example.com"),
            ("origin", "https://beian.example.com"),
        ]);
        assert_eq!(foreign_origin(&same, false), None);
        let port = headers_of(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
        ]);
        assert_eq!(foreign_origin(&port, false), None);
        let other = headers_of(&[
            ("host", "beian.example.com"),
            ("origin", "https://evil.example"),
        ]);
        assert_eq!(
            foreign_origin(&other, false).as_deref(),
            Some("https://evil.example")
        );
        let null = headers_of(&[("host", "beian.example.com"), ("origin", "null")]);
        assert_eq!(foreign_origin(&null, false).as_deref(), Some("null"));
        let fetch = headers_of(&[
            ("host", "beian.example.com"),
            ("sec-fetch-site", "cross-site"),
        ]);
        assert_eq!(
            foreign_origin(&fetch, false).as_deref(),
            Some("another site")
        );
        // A script: no Origin, no Sec-Fetch-Site.
        assert_eq!(
            foreign_origin(&headers_of(&[("host", "beian.example.com")]), false),
            None
        );
        // Behind a trusted proxy the public host is X-Forwarded-Host; untrusted, it is ignored.
        let proxied = headers_of(&[
            ("host", "10.0.0.5:8080"),
            ("x-forwarded-host", "beian.example.com"),
            ("origin", "https://beian.example.com"),
        ]);
        assert_eq!(foreign_origin(&proxied, true), None);
        assert!(foreign_origin(&proxied, false).is_some());
        // trunk serve on this machine: its page's port, the server's Host without a port.
        let trunk = headers_of(&[("host", "127.0.0.1"), ("origin", "http://127.0.0.1:8081")]);
        assert_eq!(foreign_origin(&trunk, false), None);
        let v6 = headers_of(&[("host", "[::1]:8080"), ("origin", "http://localhost:8081")]);
        assert_eq!(foreign_origin(&v6, false), None);
        // A page elsewhere posting to this machine's server is still another site.
        let lan = headers_of(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://192.168.1.20:8081"),
        ]);
        assert!(foreign_origin(&lan, false).is_some());
    }

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
