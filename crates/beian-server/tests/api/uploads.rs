//! Uploads through `app()` without a socket: the rules' type and size checks, the real type read
//! from the bytes, durable storage and reading the file back.

use crate::support;

use axum::http::StatusCode;
use axum::Router;
use serde_json::{json, Value};

async fn test_app() -> (Router, support::TestApp) {
    let t = support::test_app().await;
    (t.router.clone(), t)
}

async fn request(
    router: &Router,
    method: &str,
    uri: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (StatusCode, Vec<(String, String)>, Vec<u8>) {
    let reply = support::request(router, method, uri, Some((content_type, body)), &[]).await;
    let headers = reply
        .headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    (reply.status, headers, reply.body)
}

fn json_of(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| json!({ "raw": String::from_utf8_lossy(bytes) }))
}

use support::png;

async fn new_application(router: &Router) -> String {
    let (status, _, body) = request(
        router,
        "POST",
        "/api/v1/applications",
        "application/json",
        br#"{"schema_version":1}"#.to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    json_of(&body)["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_upload_is_stored_read_back_and_described() {
    let (router, dir) = test_app().await;
    let id = new_application(&router).await;
    let bytes = png(1600, 1000, 50_000);
    let (status, _, body) = request(
        &router,
        "POST",
        &format!("/api/v1/applications/{id}/uploads?kind=id_front"),
        "image/png",
        bytes.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{}", json_of(&body));
    let meta = json_of(&body);
    assert_eq!(meta["kind"], "id_front");
    assert_eq!(meta["mime"], "image/png");
    assert_eq!(meta["bytes"], 50_000);
    assert_eq!(
        (meta["width"].clone(), meta["height"].clone()),
        (json!(1600), json!(1000))
    );
    assert_eq!(meta["website"], Value::Null);
    let upload = meta["id"].as_str().unwrap();
    // On disk under the application's folder, no temporary file left.
    assert_eq!(dir.media_names(&id).await, vec![format!("{upload}.png")]);

    // The metadata goes into the draft as it is.
    let draft = json!({ "schema_version": 1, "uploads": [meta] });
    let (status, _, _) = request(
        &router,
        "PUT",
        &format!("/api/v1/applications/{id}"),
        "application/json",
        draft.to_string().into_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let (status, headers, back) = request(
        &router,
        "GET",
        &format!("/api/v1/applications/{id}/uploads/{upload}"),
        "",
        Vec::new(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(back, bytes);
    let h = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(h("content-type"), Some("image/png"));
    assert_eq!(h("cache-control"), Some("private, no-store"));
    assert_eq!(h("x-content-type-options"), Some("nosniff"));

    // Another application's id does not reach it.
    let other = new_application(&router).await;
    let (status, _, _) = request(
        &router,
        "GET",
        &format!("/api/v1/applications/{other}/uploads/{upload}"),
        "",
        Vec::new(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_uploads_get_clear_errors_and_nothing_is_stored() {
    let (router, dir) = test_app().await;
    let id = new_application(&router).await;
    let post = |query: &'static str, content_type: &'static str, body: Vec<u8>| {
        let router = router.clone();
        let uri = format!("/api/v1/applications/{id}/uploads{query}");
        async move {
            let (status, _, body) = request(&router, "POST", &uri, content_type, body).await;
            let v = json_of(&body);
            (
                status,
                v["error"]["code"].as_str().unwrap_or("").to_owned(),
                v,
            )
        }
    };
    let (s, code, v) = post("?kind=selfie", "image/png", png(800, 600, 100)).await;
    assert_eq!(
        (s, code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "unknown_upload_kind")
    );
    assert!(v["error"]["message"]["en"]
        .as_str()
        .unwrap()
        .contains("id_front"));
    let (s, code, _) = post("", "image/png", png(800, 600, 100)).await;
    assert_eq!(
        (s, code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "unknown_upload_kind")
    );
    let (s, code, _) = post("?kind=licence", "image/gif", b"GIF89a".to_vec()).await;
    assert_eq!(
        (s, code.as_str()),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_image_type")
    );
    // Declared a JPEG, is a PNG: refused, the real type is what counts.
    let (s, code, _) = post("?kind=licence", "image/jpeg", png(800, 600, 100)).await;
    assert_eq!(
        (s, code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "unreadable_image")
    );
    let (s, code, _) = post("?kind=licence", "image/png", b"not an image".to_vec()).await;
    assert_eq!(
        (s, code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "unreadable_image")
    );
    // Over the 4 MiB of the upload rules.
    let (s, code, _) = post(
        "?kind=licence",
        "image/png",
        png(800, 600, 4 * 1024 * 1024 + 1),
    )
    .await;
    assert_eq!(
        (s, code.as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "too_large")
    );
    // No such application.
    let (status, _, _) = request(
        &router,
        "POST",
        "/api/v1/applications/00000000-0000-0000-0000-000000000000/uploads?kind=licence",
        "image/png",
        png(800, 600, 100),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(dir.media_names(&id).await.is_empty(), "nothing stored");
}

#[tokio::test]
async fn an_upload_through_one_server_process_is_read_through_another() {
    let (router, t) = test_app().await;
    // A second process on the same data: on PostgreSQL with the media in an S3-compatible
    // bucket, as behind a load balancer (scripts/test's second pass).
    let other = support::with_session(t.reopen().await, &t.token);
    let id = new_application(&router).await;
    let bytes = png(1600, 1000, 40_000);
    let (status, _, body) = request(
        &router,
        "POST",
        &format!("/api/v1/applications/{id}/uploads?kind=id_front"),
        "image/png",
        bytes.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{}", json_of(&body));
    let upload = json_of(&body)["id"].as_str().unwrap().to_owned();
    let (status, _, read) = request(
        &other,
        "GET",
        &format!("/api/v1/applications/{id}/uploads/{upload}"),
        "application/json",
        Vec::new(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read, bytes, "the same image, opened by the other process");
}
