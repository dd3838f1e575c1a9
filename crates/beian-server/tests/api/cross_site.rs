//! Requests from other sites: a browser's change (POST, PUT …) sent from another origin is refused
//! with `403 cross_origin` and changes nothing, while this site's own pages, reads and scripts
//! pass; the session cookie is `SameSite=None; Secure; Partitioned` only where partners may frame
//! the client over HTTPS, so that it works in their frames.

use std::sync::Arc;

use crate::support::{self, request, test_app_with, Reply, TestApp};

use axum::http::StatusCode;
use beian_server::AppState;

async fn create(t: &TestApp, headers: &[(&str, &str)]) -> Reply {
    let body = support::example().to_string().into_bytes();
    request(
        &t.bare,
        "POST",
        "/api/v1/applications",
        Some(("application/json", body)),
        headers,
    )
    .await
}

#[tokio::test]
async fn a_change_from_another_site_is_refused_and_changes_nothing() {
    let t = support::test_app().await;
    let host = ("host", "beian.example.com");
    for headers in [
        vec![host, ("origin", "https://evil.example")],
        vec![host, ("origin", "null")],
        vec![host, ("sec-fetch-site", "cross-site")],
        // The same name on another scheme's port is another origin.
        vec![host, ("origin", "https://beian.example.com:8443")],
    ] {
        let reply = create(&t, &headers).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{headers:?}");
        let body = reply.json();
        assert_eq!(body["error"]["code"], "cross_origin");
        assert!(body["error"]["message"]["zh-CN"]
            .as_str()
            .unwrap()
            .contains("其他网站"));
        assert!(
            reply.header("set-cookie").is_none(),
            "no session made for it"
        );
    }
    assert!(t.state.store.queue(&["draft"]).await.unwrap().is_empty());

    // This site's page, and a script without Origin, may.
    let own = create(
        &t,
        &[
            host,
            ("origin", "https://beian.example.com"),
            ("sec-fetch-site", "same-origin"),
        ],
    )
    .await;
    assert_eq!(own.status, StatusCode::CREATED);
    assert_eq!(create(&t, &[host]).await.status, StatusCode::CREATED);
    // Reads are not changes.
    let read = request(
        &t.bare,
        "GET",
        "/api/v1/health",
        None,
        &[host, ("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(read.status, StatusCode::OK);
}

#[tokio::test]
async fn the_cookie_is_partitioned_and_cross_site_only_where_partners_frame_the_client_over_https()
{
    let cookie = |t: TestApp| async move { create(&t, &[]).await.header("set-cookie").unwrap() };
    let plain = cookie(support::test_app().await).await;
    assert!(
        plain.contains("SameSite=Lax") && !plain.contains("Secure"),
        "{plain}"
    );
    let https = cookie(test_app_with(|s| AppState { https: true, ..s }).await).await;
    assert!(
        https.contains("SameSite=Lax") && https.contains("Secure"),
        "{https}"
    );
    assert!(!https.contains("Partitioned"), "{https}");
    let framed = cookie(
        test_app_with(|s| AppState {
            https: true,
            frame_ancestors: Arc::from("https://portal.example.com"),
            ..s
        })
        .await,
    )
    .await;
    assert!(
        framed.contains("SameSite=None; Secure; Partitioned"),
        "{framed}"
    );
    assert!(
        framed.contains("HttpOnly") && framed.contains("Path=/api"),
        "{framed}"
    );
}

#[tokio::test]
async fn the_embed_config_lists_the_allowed_origins_and_the_host_script_is_served() {
    let t = support::test_app_with(|s| beian_server::AppState {
        frame_ancestors: std::sync::Arc::from("https://console.partner.cn https://*.reseller.com"),
        ..s
    })
    .await;
    let (status, body) =
        support::json_call(&t.bare, "GET", "/api/v1/embed", &serde_json::Value::Null).await;
    assert_eq!(status, axum::http::StatusCode::OK, "{body}");
    assert_eq!(
        body,
        serde_json::json!({ "version": 1, "origins": ["https://console.partner.cn", "https://*.reseller.com"] })
    );
    let none = support::test_app().await;
    let (_, body) =
        support::json_call(&none.bare, "GET", "/api/v1/embed", &serde_json::Value::Null).await;
    assert_eq!(body["origins"], serde_json::json!([]));
    let script = support::request(&t.bare, "GET", "/embed/beian-frame.js", None, &[]).await;
    assert_eq!(script.status, axum::http::StatusCode::OK);
    assert!(script
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    assert!(script.text().contains("BeianFrame"));
    // The element's script carries the iframe mode it is built on.
    let element = support::request(&t.bare, "GET", "/embed/beian-filing.js", None, &[]).await;
    assert_eq!(element.status, axum::http::StatusCode::OK);
    assert!(element.text().contains("BeianFrame") && element.text().contains("beian-filing"));
    // Compressed for a browser that accepts it, and revalidated by its tag: a partner's page
    // downloads it again only when it changed.
    let tag = element.header("etag").unwrap().to_owned();
    assert_eq!(element.header("cache-control").as_deref(), Some("no-cache"));
    let brotli = support::request(
        &t.bare,
        "GET",
        "/embed/beian-filing.js",
        None,
        &[("accept-encoding", "br, gzip")],
    )
    .await;
    assert_eq!(brotli.header("content-encoding").as_deref(), Some("br"));
    assert!(
        brotli.body.len() * 2 < element.body.len(),
        "{} bytes",
        brotli.body.len()
    );
    let again = support::request(
        &t.bare,
        "GET",
        "/embed/beian-filing.js",
        None,
        &[("if-none-match", tag.as_str())],
    )
    .await;
    assert_eq!(again.status, axum::http::StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(tag.clone()));
    let other = support::request(
        &t.bare,
        "GET",
        "/embed/beian-frame.js",
        None,
        &[("if-none-match", tag.as_str())],
    )
    .await;
    assert_eq!(
        other.status,
        axum::http::StatusCode::OK,
        "another script's tag"
    );
}

#[tokio::test]
async fn the_api_grants_no_other_origin_a_read_even_a_partner_allowed_to_frame_the_client() {
    // The embeddings call the API from the client's own origin, inside the frame: a partner's
    // page is let frame the client, never read the API itself (no CORS grant, preflight refused).
    let t = support::test_app_with(|s| beian_server::AppState {
        frame_ancestors: std::sync::Arc::from("https://console.partner.cn"),
        ..s
    })
    .await;
    let origin = [("origin", "https://console.partner.cn")];
    let read = support::request(&t.bare, "GET", "/api/v1/session", None, &origin).await;
    assert_eq!(read.header("access-control-allow-origin"), None);
    let preflight = support::request(
        &t.bare,
        "OPTIONS",
        "/api/v1/applications",
        None,
        &[
            ("origin", "https://console.partner.cn"),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content-type"),
        ],
    )
    .await;
    assert_eq!(preflight.header("access-control-allow-origin"), None);
    assert_eq!(preflight.header("access-control-allow-credentials"), None);
}
