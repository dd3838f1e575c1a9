//! The 初审 returning a filing through `app()` without a socket: the reviewer's token, the reasons
//! per field, only those fields reopened, and the filing submitted again.

use crate::support;

use axum::http::StatusCode;
use axum::Router;
use serde_json::{json, Value};

const TOKEN: &str = "reviewer-token-for-the-tests-0123456789";

async fn test_app(token: Option<&str>) -> (Router, support::TestApp) {
    let t = support::test_app_with(|s| s.with_reviewer_token(token)).await;
    (t.router.clone(), t)
}

async fn call(
    router: &Router,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Value,
) -> (StatusCode, Value) {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = bearer
        .iter()
        .map(|b| ("authorization", b.as_str()))
        .collect();
    let body = (!body.is_null()).then(|| ("application/json", body.to_string().into_bytes()));
    let reply = support::request(router, method, uri, body, &headers).await;
    (reply.status, reply.json())
}

/// A submitted application of the example.
async fn submitted(router: &Router) -> (String, Value) {
    let draft = support::example();
    let (status, created) = call(router, "POST", "/api/v1/applications", None, draft.clone()).await;
    assert_eq!(status, StatusCode::CREATED);
    let id = created["id"].as_str().unwrap().to_owned();
    let (status, body) = call(
        router,
        "POST",
        &format!("/api/v1/applications/{id}/submit"),
        None,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (id, draft)
}

fn rejection(field: &str) -> Value {
    json!({
        "decision": "reject",
        "reasons": [{ "field": field, "message": { "zh-CN": "邮箱无法接收邮件，请更换。", "en": "The email bounces: use another." } }]
    })
}

#[tokio::test]
async fn a_returned_filing_reopens_only_the_rejected_fields_and_is_submitted_again() {
    let (router, _dir) = test_app(Some(TOKEN)).await;
    let (id, draft) = submitted(&router).await;
    let review = format!("/api/v1/applications/{id}/review");

    let (status, body) = call(
        &router,
        "POST",
        &review,
        Some(TOKEN),
        rejection("websites[0].owner.email"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "rejected");
    assert_eq!(
        body["review"]["reasons"][0]["field"],
        "websites[0].owner.email"
    );
    assert_eq!(body["review"]["revision"], 1);
    let (_, fetched) = call(
        &router,
        "GET",
        &format!("/api/v1/applications/{id}"),
        None,
        Value::Null,
    )
    .await;
    assert_eq!(
        fetched["review"], body["review"],
        "the applicant reads the reasons"
    );

    // Submitting it again untouched: the reason stands as an error on its field.
    let (status, body) = call(
        &router,
        "POST",
        &format!("/api/v1/applications/{id}/submit"),
        None,
        Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "review.returned" && f["field"] == "websites[0].owner.email"));

    // Anything else is refused, and says which paths.
    let mut other = draft.clone();
    other["subject"]["name"] = "李四".into();
    other["websites"][0]["owner"]["email"] = "new@example.com".into();
    let put = format!("/api/v1/applications/{id}");
    let (status, body) = call(&router, "PUT", &put, None, other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "outside_rejected_fields");
    assert_eq!(body["fields"], json!(["subject.name"]));

    // The rejected field may change; the filing stays returned until submitted again.
    let mut fixed = draft.clone();
    fixed["websites"][0]["owner"]["email"] = "new@example.com".into();
    let (status, body) = call(&router, "PUT", &put, None, fixed).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "rejected");
    assert_eq!(body["revision"], 2);
    let (status, body) = call(&router, "POST", &format!("{put}/submit"), None, Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "submitted");
    assert!(body.get("review").is_none());
    assert_eq!(
        body["draft"]["websites"][0]["owner"]["email"],
        "new@example.com"
    );
    // Submitted again: no more changes.
    let (status, body) = call(&router, "PUT", &put, None, draft).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
}

#[tokio::test]
async fn reviews_need_the_token_a_submitted_filing_and_valid_reasons() {
    let (router, _dir) = test_app(Some(TOKEN)).await;
    let (id, _) = submitted(&router).await;
    let review = format!("/api/v1/applications/{id}/review");
    for token in [None, Some("wrong-token-of-the-same-length-0123456")] {
        let (status, body) = call(&router, "POST", &review, token, rejection("subject.name")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(body["error"]["code"], "unauthorized");
    }
    for bad in [
        rejection("status"),
        rejection("subject.name<b>"),
        json!({ "decision": "accept", "reasons": [] }),
        json!({ "decision": "reject", "reasons": [] }),
        json!({ "decision": "reject", "reasons": [{ "field": "subject.name", "message": { "zh-CN": "", "en": "x" } }] }),
    ] {
        let (status, body) = call(&router, "POST", &review, Some(TOKEN), bad.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert_eq!(body["error"]["code"], "invalid_review");
    }
    // A draft cannot be reviewed.
    let (_, created) = call(
        &router,
        "POST",
        "/api/v1/applications",
        None,
        json!({"schema_version": 1}),
    )
    .await;
    let draft_review = format!(
        "/api/v1/applications/{}/review",
        created["id"].as_str().unwrap()
    );
    let (status, body) = call(
        &router,
        "POST",
        &draft_review,
        Some(TOKEN),
        rejection("subject.name"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["code"], "not_submitted");
}

#[tokio::test]
async fn without_a_configured_token_a_bearer_token_is_no_reviewer() {
    let (router, _dir) = test_app(None).await;
    let (id, _) = submitted(&router).await;
    let (status, body) = call(
        &router,
        "POST",
        &format!("/api/v1/applications/{id}/review"),
        Some(TOKEN),
        rejection("subject.name"),
    )
    .await;
    // Reviewers sign in instead (reviewer.rs).
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "unauthorized");
}
