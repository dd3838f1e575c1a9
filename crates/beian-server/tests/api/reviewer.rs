//! The reviewers' side through `app()` without a socket: their own sign-in (only numbers added as
//! reviewers), the queue with masked numbers, an application in full, decisions made with the
//! reviewer's session and recorded under their id; applicants and reviewers cannot use each
//! other's endpoints.

use crate::support;

use axum::http::StatusCode;
use axum::Router;
use serde_json::{json, Value};
use support::{json_call, request, test_app, with_session, Reply, TestApp};

const REVIEWER_PHONE: &str = "13700137000";

async fn post(router: &Router, uri: &str, body: Value) -> Reply {
    request(
        router,
        "POST",
        uri,
        Some(("application/json", body.to_string().into_bytes())),
        &[],
    )
    .await
}

/// `router` with the reviewer's cookie on every request.
fn as_reviewer(router: &Router, token: &str) -> Router {
    let cookie = format!("beian_reviewer={token}");
    router.clone().layer(axum::middleware::map_request(
        move |mut req: axum::http::Request<axum::body::Body>| {
            let cookie = cookie.clone();
            async move {
                req.headers_mut()
                    .insert(axum::http::header::COOKIE, cookie.parse().unwrap());
                req
            }
        },
    ))
}

/// Signs the reviewer in through the API (code from the development gateway); their token.
async fn reviewer_token(t: &TestApp) -> String {
    t.state
        .store
        .add_reviewer(REVIEWER_PHONE, "李审核")
        .await
        .unwrap();
    let sent = post(
        &t.bare,
        "/api/v1/reviewer/sign-in/code",
        json!({ "phone": REVIEWER_PHONE }),
    )
    .await;
    assert_eq!(sent.status, StatusCode::ACCEPTED);
    assert_eq!(
        sent.json(),
        json!({ "sent_to": "137****7000", "expires_in": 300, "resend_in": 60 })
    );
    let code = support::dev_code(&t.bare, REVIEWER_PHONE).await;
    let reply = post(
        &t.bare,
        "/api/v1/reviewer/sign-in",
        json!({ "phone": REVIEWER_PHONE, "code": code }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(
        reply.json(),
        json!({ "signed_in": true, "name": "李审核", "phone": "137****7000" })
    );
    let set = reply.header("set-cookie").unwrap();
    assert!(
        set.starts_with("beian_reviewer=") && set.contains("HttpOnly"),
        "{set}"
    );
    set["beian_reviewer=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn only_reviewers_sign_in_and_the_answer_does_not_tell_who_is_one() {
    let t = test_app().await;
    // Not a reviewer: the same answer, but no code is sent.
    let sent = post(
        &t.bare,
        "/api/v1/reviewer/sign-in/code",
        json!({ "phone": "13900139000" }),
    )
    .await;
    assert_eq!(sent.status, StatusCode::ACCEPTED);
    assert_eq!(
        sent.json(),
        json!({ "sent_to": "139****9000", "expires_in": 300, "resend_in": 60 })
    );
    let (_, sms) = json_call(&t.bare, "GET", "/api/v1/dev/sms/13900139000", &Value::Null).await;
    assert_eq!(sms["messages"], json!([]));
    // An applicant's code does not make an applicant a reviewer.
    post(
        &t.bare,
        "/api/v1/sign-in/code",
        json!({ "phone": "13900139000" }),
    )
    .await;
    let code = support::dev_code(&t.bare, "13900139000").await;
    let reply = post(
        &t.bare,
        "/api/v1/reviewer/sign-in",
        json!({ "phone": "13900139000", "code": code }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);

    let token = reviewer_token(&t).await;
    let me = as_reviewer(&t.bare, &token);
    let (_, session) = json_call(&me, "GET", "/api/v1/reviewer/session", &Value::Null).await;
    assert_eq!(session["name"], "李审核");
    // A reviewer's session is not an applicant's, nor the other way round.
    assert_eq!(
        json_call(&me, "GET", "/api/v1/applications", &Value::Null)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        json_call(
            &t.router,
            "GET",
            "/api/v1/reviewer/applications",
            &Value::Null
        )
        .await
        .0,
        StatusCode::UNAUTHORIZED
    );
    // Signed out: gone.
    assert_eq!(
        request(&me, "POST", "/api/v1/reviewer/sign-out", None, &[])
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        json_call(&me, "GET", "/api/v1/reviewer/applications", &Value::Null)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_queue_the_full_application_and_a_decision_under_the_reviewers_name() {
    let t = test_app().await;
    let (_, created) = json_call(
        &t.router,
        "POST",
        "/api/v1/applications",
        &support::example(),
    )
    .await;
    let id = created["id"].as_str().unwrap().to_owned();
    // A draft is not in the queue; a submitted application is.
    let token = reviewer_token(&t).await;
    let me = as_reviewer(&t.bare, &token);
    let (_, queue) = json_call(&me, "GET", "/api/v1/reviewer/applications", &Value::Null).await;
    assert_eq!(queue["applications"], json!([]));
    json_call(
        &t.router,
        "POST",
        &format!("/api/v1/applications/{id}/submit"),
        &Value::Null,
    )
    .await;
    let (status, queue) =
        json_call(&me, "GET", "/api/v1/reviewer/applications", &Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    let item = &queue["applications"][0];
    assert_eq!(
        (item["id"].as_str(), item["status"].as_str()),
        (Some(id.as_str()), Some("submitted"))
    );
    assert_eq!(item["province"], "44");
    let certificate = item["certificate"].as_str().unwrap();
    assert!(
        certificate.contains("****") && certificate.len() == 18,
        "masked: {certificate}"
    );
    let (status, body) = json_call(
        &me,
        "GET",
        "/api/v1/reviewer/applications?status=nonsense",
        &Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (_, only) = json_call(
        &me,
        "GET",
        "/api/v1/reviewer/applications?status=approved",
        &Value::Null,
    )
    .await;
    assert_eq!(only["applications"], json!([]));

    // The application in full: the report, the uploads, the trail.
    let (status, detail) = json_call(
        &me,
        "GET",
        &format!("/api/v1/reviewer/applications/{id}"),
        &Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(detail["application"]["draft"]["subject"]["name"], "张三");
    assert!(detail["application"]["findings"].is_array());
    assert_eq!(detail["uploads"], json!([]));
    assert_eq!(detail["events"][0]["event"], "submit");
    assert_eq!(
        json_call(
            &me,
            "GET",
            "/api/v1/reviewer/applications/nope",
            &Value::Null
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );

    // The decision with the reviewer's session (no token configured): recorded under their id.
    let reply = post(
        &me,
        &format!("/api/v1/applications/{id}/review"),
        json!({ "decision": "approve" }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let reviewer_id = t
        .state
        .store
        .reviewer_by_phone(REVIEWER_PHONE)
        .await
        .unwrap()
        .unwrap()
        .id;
    let (_, trail) = json_call(
        &t.router,
        "GET",
        &format!("/api/v1/applications/{id}/events"),
        &Value::Null,
    )
    .await;
    assert_eq!(
        trail["events"][1]["actor"],
        format!("reviewer:{reviewer_id}")
    );
    // An applicant's session is no reviewer's.
    let applicant = with_session(t.bare.clone(), &t.token);
    let reply = post(
        &applicant,
        &format!("/api/v1/applications/{id}/bureau"),
        json!({ "decision": "approve" }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}
