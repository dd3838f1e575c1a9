//! The 真实性核验单 page through `app()` without a socket: filled in from the saved application,
//! escaped, private, and a clear JSON error where there is no form to give.

use crate::support;

use axum::http::StatusCode;
use axum::Router;
use serde_json::Value;

async fn test_app() -> (Router, support::TestApp) {
    let t = support::test_app().await;
    (t.router.clone(), t)
}

async fn call(
    router: &Router,
    method: &str,
    uri: &str,
    body: &str,
) -> (StatusCode, String, String) {
    let reply = support::request(
        router,
        method,
        uri,
        Some(("application/json", body.as_bytes().to_vec())),
        &[],
    )
    .await;
    let kind = reply.header("content-type").unwrap_or_default();
    (reply.status, kind, reply.text())
}

/// `GET` the form of website `site` of application `id`.
async fn form(router: &Router, id: &str, site: &str) -> (StatusCode, String, String) {
    call(
        router,
        "GET",
        &format!("/api/v1/applications/{id}/verification-form/{site}"),
        "",
    )
    .await
}

async fn saved(router: &Router, draft: &Value) -> String {
    let (status, _, body) = call(router, "POST", "/api/v1/applications", &draft.to_string()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    serde_json::from_str::<Value>(&body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_form_is_filled_in_from_the_saved_application() {
    let (router, _dir) = test_app().await;
    let draft = support::example();
    let id = saved(&router, &draft).await;
    let (status, kind, page) = form(&router, &id, "0").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "text/html; charset=utf-8");
    assert!(page.contains("网站备案信息真实性核验单"));
    assert!(page.contains(&id), "names the application");
    for value in [
        draft["subject"]["name"].as_str().unwrap(),
        draft["websites"][0]["name"].as_str().unwrap(),
        draft["websites"][0]["owner"]["name"].as_str().unwrap(),
        draft["websites"][0]["owner"]["mobile"].as_str().unwrap(),
    ] {
        assert!(page.contains(value), "the form shows {value}");
    }
    // A personal filer signs; no seal.
    assert!(page.contains("只需网站负责人本人签字"));
    assert!(!page.contains("加盖单位公章"));
}

#[tokio::test]
async fn values_cannot_inject_markup() {
    let (router, _dir) = test_app().await;
    let mut draft = support::example();
    draft["websites"][0]["name"] = Value::from("<script>alert(1)</script>");
    let id = saved(&router, &draft).await;
    let (status, _, page) = form(&router, &id, "0").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("<script>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[tokio::test]
async fn no_such_website_or_no_nature_is_a_clear_json_error() {
    let (router, _dir) = test_app().await;
    let draft = support::example();
    let id = saved(&router, &draft).await;
    let (status, kind, body) = form(&router, &id, "5").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(kind.starts_with("application/json"));
    let error: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(error["error"]["code"], "no_verification_form");
    assert!(error["error"]["message"]["en"]
        .as_str()
        .unwrap()
        .contains("website 6"));

    let mut no_nature = draft.clone();
    no_nature["subject"]["nature"] = Value::Null;
    let id2 = saved(&router, &no_nature).await;
    let (status, _, _) = form(&router, &id2, "0").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    for uri in [
        format!("/api/v1/applications/{id}/verification-form/abc"),
        "/api/v1/applications/nope/verification-form/0".to_owned(),
    ] {
        let (status, _, body) = call(&router, "GET", &uri, "").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {body}");
        assert!(body.contains("not_found"));
    }
}
