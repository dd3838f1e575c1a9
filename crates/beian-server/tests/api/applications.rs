//! The applications API driven through `app()` without a socket, on a real SQLite file.

use crate::support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use beian_server::{app, AppState};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use support::{test_app, with_session};
use tower::ServiceExt;

async fn send(
    router: &Router,
    method: &str,
    uri: &str,
    body: Option<(&str, String)>,
) -> (StatusCode, Value) {
    let (status, _, value) = send_with_headers(router, method, uri, body, &[]).await;
    (status, value)
}

async fn post_json(router: &Router, body: &Value) -> (StatusCode, Value) {
    send(
        router,
        "POST",
        "/api/v1/applications",
        Some(("application/json", body.to_string())),
    )
    .await
}

/// The complete example application of the docs, with another domain.
fn draft(domain: &str) -> Value {
    let mut d = support::example();
    d["websites"][0]["domain"] = json!(domain);
    d["websites"][0]["homepage_url"] = json!("");
    d
}

/// The document as the server stores and returns it: every default filled in.
fn normal_form(draft: Value) -> Value {
    serde_json::to_value(serde_json::from_value::<beian_rules::FilingDraft>(draft).unwrap())
        .unwrap()
}

fn codes(findings: &Value) -> Vec<String> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_saved_draft_reads_back_with_fresh_findings() {
    let t = test_app().await;
    let (status, created) = post_json(&t.router, &draft("shop.example.cn")).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["status"], "draft");
    assert_eq!(created["draft"], normal_form(draft("shop.example.cn")));
    assert_eq!(
        codes(&created["findings"]),
        [
            "domain.subdomain",
            "domain.suffix_fileable",
            "province.extra_document"
        ]
    );
    assert_eq!(created["findings"][0]["field"], "websites[0].domain");
    assert_eq!(created["findings"][0]["severity"], "error");
    assert!(created["findings"][0]["message"]["zh-CN"]
        .as_str()
        .unwrap()
        .contains("example.cn"));

    let (status, read) = send(
        &t.router,
        "GET",
        &format!("/api/v1/applications/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read, created);
}

#[tokio::test]
async fn a_draft_can_be_replaced_and_survives_a_restart() {
    let t = test_app().await;
    let (_, created) = post_json(&t.router, &draft("shop.example.cn")).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let uri = format!("/api/v1/applications/{id}");
    let (status, updated) = send(
        &t.router,
        "PUT",
        &uri,
        Some(("application/json", draft("example.cn").to_string())),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["revision"], 2);
    assert_eq!(
        codes(&updated["findings"]),
        ["domain.suffix_fileable", "province.extra_document"]
    );

    // A new server on the same data folder sees the same draft.
    let again = with_session(t.reopen().await, &t.token);
    let (status, read) = send(&again, "GET", &uri, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["draft"], normal_form(draft("example.cn")));
    if t.storage.media_url.is_none() {
        assert!(t.dir.path().join("media").is_dir());
    }
}

#[tokio::test]
async fn bad_input_gets_a_clear_4xx() {
    let t = test_app().await;
    let r = &t.router;

    let (status, body) = send(
        r,
        "POST",
        "/api/v1/applications",
        Some(("application/json", "{\"schema_version\":".into())),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "malformed_json");
    assert!(body["error"]["message"]["zh-CN"]
        .as_str()
        .unwrap()
        .contains("JSON"));

    let mut unknown = draft("example.cn");
    unknown["websites"][0]["domian"] = json!("x");
    let (status, body) = post_json(r, &unknown).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "invalid_document");
    assert!(
        body["error"]["message"]["en"]
            .as_str()
            .unwrap()
            .contains("unknown field `domian`"),
        "{body}"
    );

    let (status, body) = post_json(
        r,
        &json!({ "schema_version": 1, "subject": { "nature": "个人" } }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["error"]["message"]["en"]
            .as_str()
            .unwrap()
            .contains("invalid type: string \"个人\", expected u8"),
        "{body}"
    );

    let (status, body) = post_json(r, &json!({ "schema_version": 2 })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "unsupported_schema_version");

    let huge = draft(&"a".repeat(100 * 1024));
    let (status, body) = post_json(r, &huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["error"]["code"], "too_large");

    let (status, body) = send(
        r,
        "POST",
        "/api/v1/applications",
        Some(("text/plain", draft("a.cn").to_string())),
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["error"]["code"], "unsupported_media_type");

    let (status, body) = send(r, "GET", "/api/v1/applications/does-not-exist", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");

    let (status, body) = send(
        r,
        "PUT",
        "/api/v1/applications/does-not-exist",
        Some(("application/json", draft("a.cn").to_string())),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

    let (status, body) = send(r, "GET", "/api/v2/nothing", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn without_a_built_client_the_page_says_how_to_build_it() {
    let t = test_app().await;
    let (status, body) = send(&t.router, "GET", "/", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body["raw"].as_str().unwrap().contains("scripts/run"));
    let (status, body) = send(&t.router, "GET", "/api/v1/health", None).await;
    assert_eq!((status, body), (StatusCode::OK, json!({ "status": "ok" })));
}

#[tokio::test]
async fn the_client_is_served_with_cache_rules_and_spa_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let web = dir.path().join("dist");
    std::fs::create_dir_all(&web).unwrap();
    std::fs::write(
        web.join("index.html"),
        "<!DOCTYPE html><title>beian</title>",
    )
    .unwrap();
    std::fs::write(
        web.join("beian-web-0123456789abcdef_bg.wasm"),
        [0u8, 97, 115, 109],
    )
    .unwrap();
    // A precompressed copy, as scripts/precompress.mjs writes for release builds.
    std::fs::write(
        web.join("beian-web-0123456789abcdef_bg.wasm.br"),
        b"brotli bytes",
    )
    .unwrap();
    // The reviewer console, a page of its own with its own start-up script.
    std::fs::create_dir_all(web.join("review")).unwrap();
    std::fs::write(
        web.join("review").join("index.html"),
        "<!DOCTYPE html><title>review</title><script type=\"module\">review()</script>",
    )
    .unwrap();
    let router = app(
        AppState::open(&support::storage(&dir.path().join("var")).await)
            .await
            .unwrap(),
        &web,
    );

    let get = |uri: &'static str, encoding: Option<&'static str>| {
        let router = router.clone();
        let mut req = Request::builder().uri(uri);
        if let Some(e) = encoding {
            req = req.header(header::ACCEPT_ENCODING, e);
        }
        async move {
            router
                .oneshot(req.body(Body::empty()).unwrap())
                .await
                .unwrap()
        }
    };
    let res = get("/beian-web-0123456789abcdef_bg.wasm", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );

    let res = get("/beian-web-0123456789abcdef_bg.wasm", Some("gzip, br")).await;
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/wasm");
    let body = res.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(
        &body[..],
        b"brotli bytes",
        "the precompressed copy, sent as it is"
    );

    // A client-side route gets index.html, revalidated on every visit, compressed when asked.
    let res = get("/applications/42", Some("br")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");
    let res = get("/applications/42", None).await;
    // The page's policy: its own files, wasm compilation, no framing (no partner configured).
    let policy = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{policy}"
    );
    assert!(policy.ends_with("frame-ancestors 'none'"), "{policy}");
    assert_eq!(res.headers()[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(!res
        .headers()
        .contains_key(header::STRICT_TRANSPORT_SECURITY));
    let modified = res.headers()[header::LAST_MODIFIED].clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"<!DOCTYPE html><title>beian</title>");
    // A revalidation (304) carries the page's policy too: its headers replace the cached ones.
    let res = router
        .clone()
        .oneshot(
            Request::builder()
                .uri("/applications/42")
                .header(header::IF_MODIFIED_SINCE, modified)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(
        res.headers()[header::CONTENT_SECURITY_POLICY],
        policy.as_str()
    );

    // The console at /review/, its start-up script allowed by its hash on every page's policy.
    let res = get("/review/", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let console_policy = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    use base64::Engine;
    use sha2::Digest;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(b"review()"));
    assert!(
        console_policy.contains(&format!("'sha256-{hash}'")),
        "{console_policy}"
    );
    let body = res.into_body().collect().await.unwrap().to_bytes();
    assert!(body.starts_with(b"<!DOCTYPE html><title>review</title>"));

    // The API is not swallowed by the fallback.
    let res = get("/api/v1/nothing", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        res.headers()[header::CONTENT_SECURITY_POLICY],
        "default-src 'none'; frame-ancestors 'none'"
    );
}

#[tokio::test]
async fn submitting_refuses_errors_with_the_report_then_freezes_the_draft() {
    let t = test_app().await;
    let (_, created) = post_json(&t.router, &draft("shop.example.cn")).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let submit = format!("/api/v1/applications/{id}/submit");

    // An error (a sub-domain): refused with the same report the draft carries.
    let (status, body) = send(&t.router, "POST", &submit, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "application_has_errors");
    assert_eq!(body["findings"], created["findings"]);
    assert!(body["error"]["message"]["zh-CN"]
        .as_str()
        .unwrap()
        .contains("错误"));

    // Fixed: submitted. A device that saw only revision 1 cannot submit revision 2 unseen.
    let uri = format!("/api/v1/applications/{id}");
    let (status, _) = send(
        &t.router,
        "PUT",
        &uri,
        Some(("application/json", draft("example.cn").to_string())),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, body) =
        send_with_headers(&t.router, "POST", &submit, None, &[("if-match", "\"1\"")]).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{body}");
    assert_eq!(body["application"]["revision"], 2);
    let (status, body) = send(&t.router, "POST", &submit, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "submitted");
    assert_eq!(body["revision"], 2);

    // A submitted application is no longer a draft: no second submission, no replacement.
    let (status, body) = send(&t.router, "POST", &submit, None).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("not_a_draft"))
    );
    let (status, body) = send(
        &t.router,
        "PUT",
        &uri,
        Some(("application/json", draft("other.cn").to_string())),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("not_a_draft"))
    );
    let (status, _) = send(
        &t.router,
        "POST",
        "/api/v1/applications/00000000-0000-0000-0000-000000000000/submit",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Sends a request with extra headers; the status, the response's ETag and the JSON body
/// (`{"raw": ...}` when the body is not JSON).
async fn send_with_headers(
    router: &Router,
    method: &str,
    uri: &str,
    body: Option<(&str, String)>,
    headers: &[(&str, &str)],
) -> (StatusCode, Option<String>, Value) {
    let body = body.map(|(content_type, text)| (content_type, text.into_bytes()));
    let reply = support::request(router, method, uri, body, headers).await;
    (
        reply.status,
        reply.header(header::ETAG.as_str()),
        reply.json(),
    )
}

fn json_body(text: String) -> (&'static str, String) {
    ("application/json", text)
}

#[tokio::test]
async fn a_change_made_on_an_old_revision_is_refused_with_the_current_one() {
    let t = test_app().await;
    let (_, created) = post_json(&t.router, &draft("example.cn")).await;
    let uri = format!("/api/v1/applications/{}", created["id"].as_str().unwrap());
    let (status, etag, _) = send_with_headers(&t.router, "GET", &uri, None, &[]).await;
    assert_eq!((status, etag.as_deref()), (StatusCode::OK, Some("\"1\"")));

    // Phone and laptop both start from revision 1; the phone saves first.
    let phone = draft("phone.cn").to_string();
    let (status, etag, saved) = send_with_headers(
        &t.router,
        "PUT",
        &uri,
        Some(json_body(phone)),
        &[("if-match", "\"1\"")],
    )
    .await;
    assert_eq!((status, etag.as_deref()), (StatusCode::OK, Some("\"2\"")));
    assert_eq!(saved["revision"], 2);

    // The laptop's change on revision 1 does not overwrite the phone's.
    let laptop = draft("laptop.cn").to_string();
    let (status, _, body) = send_with_headers(
        &t.router,
        "PUT",
        &uri,
        Some(json_body(laptop.clone())),
        &[("if-match", "\"1\"")],
    )
    .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{body}");
    assert_eq!(body["error"]["code"], "revision_conflict");
    assert_eq!(body["application"]["revision"], 2);
    assert_eq!(
        body["application"]["draft"]["websites"][0]["domain"],
        "phone.cn"
    );
    let (_, _, now) = send_with_headers(&t.router, "GET", &uri, None, &[]).await;
    assert_eq!(now["draft"]["websites"][0]["domain"], "phone.cn");

    // Having seen revision 2, the laptop may replace it; `*` means any revision.
    let (status, etag, _) = send_with_headers(
        &t.router,
        "PUT",
        &uri,
        Some(json_body(laptop.clone())),
        &[("if-match", "W/\"2\"")],
    )
    .await;
    assert_eq!((status, etag.as_deref()), (StatusCode::OK, Some("\"3\"")));
    let (status, _, _) = send_with_headers(
        &t.router,
        "PUT",
        &uri,
        Some(json_body(laptop.clone())),
        &[("if-match", "*")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let (status, _, body) = send_with_headers(
        &t.router,
        "PUT",
        &uri,
        Some(json_body(laptop)),
        &[("if-match", "three")],
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_if_match"))
    );
}
