//! Every applicant-facing endpoint refuses another applicant's ids (as not found: ids are not
//! confirmed to strangers) and refuses requests without a session; the reviewers' endpoint
//! refuses applicants.

use crate::support;

use axum::http::StatusCode;
use serde_json::{json, Value};
use support::{request, test_app_with, with_session};

/// A request: method, address, body (content type, bytes).
type Call<'a> = (&'a str, String, Option<(&'a str, Vec<u8>)>);

const REVIEWER: &str = "reviewer-token-for-the-tests-0123456789";

/// A 1200 x 800 PNG header, 60 KiB.
fn png() -> Vec<u8> {
    support::png(1200, 800, 60 * 1024)
}

#[tokio::test]
async fn another_applicants_ids_are_not_found_and_no_session_is_refused() {
    let t = test_app_with(|s| s.with_reviewer_token(Some(REVIEWER))).await;
    // The owner's application, with an upload.
    let example = support::example().to_string().into_bytes();
    let created = request(
        &t.router,
        "POST",
        "/api/v1/applications",
        Some(("application/json", example.clone())),
        &[],
    )
    .await;
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let upload = request(
        &t.router,
        "POST",
        &format!("/api/v1/applications/{id}/uploads?kind=id_front"),
        Some(("image/png", png())),
        &[],
    )
    .await;
    assert_eq!(upload.status, StatusCode::CREATED, "{}", upload.text());
    let upload_id = upload.json()["id"].as_str().unwrap().to_owned();

    let stranger = with_session(
        t.bare.clone(),
        &support::session_for(&t.state, "13900139000").await,
    );
    let app = format!("/api/v1/applications/{id}");
    let calls: Vec<Call> = vec![
        ("GET", app.clone(), None),
        (
            "PUT",
            app.clone(),
            Some(("application/json", example.clone())),
        ),
        ("POST", format!("{app}/submit"), None),
        (
            "POST",
            format!("{app}/uploads?kind=id_front"),
            Some(("image/png", png())),
        ),
        ("GET", format!("{app}/uploads/{upload_id}"), None),
        ("GET", format!("{app}/verification-form/0"), None),
        ("GET", format!("{app}/events"), None),
        (
            "POST",
            format!("{app}/sms-check"),
            Some((
                "application/json",
                br#"{"path":"subject_owner","code":"123456"}"#.to_vec(),
            )),
        ),
    ];
    for (method, uri, body) in &calls {
        let reply = request(&stranger, method, uri, body.clone(), &[]).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{method} {uri} by another applicant: {}",
            reply.text()
        );
        assert_eq!(reply.json()["error"]["code"], "not_found");
        let reply = request(&t.bare, method, uri, body.clone(), &[]).await;
        assert_eq!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "{method} {uri} without a session"
        );
        assert_eq!(reply.json()["error"]["code"], "not_signed_in");
    }
    // Nothing the stranger sent changed anything: the owner's draft and uploads are as they were.
    let mine = request(&t.router, "GET", &app, None, &[]).await;
    assert_eq!(mine.json()["revision"], 1);
    assert_eq!(t.media_names(&id).await.len(), 1);
    // The stranger's list is empty.
    let list = request(&stranger, "GET", "/api/v1/applications", None, &[]).await;
    assert_eq!(
        list.json(),
        json!({ "signed_in": true, "phone": "139****9000", "applications": [], "records": [] })
    );

    // The reviewers' endpoint: an applicant's session is not a reviewer's token.
    request(&t.router, "POST", &format!("{app}/submit"), None, &[]).await;
    let review = json!({ "decision": "reject", "reasons": [{ "field": "subject.name", "message": { "zh-CN": "请核对。", "en": "Check it." } }] });
    let reply = request(
        &t.router,
        "POST",
        &format!("{app}/review"),
        Some(("application/json", review.to_string().into_bytes())),
        &[],
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.json()["error"]["code"], "unauthorized");
    let (status, body): (StatusCode, Value) = (reply.status, reply.json());
    assert_ne!(body["status"], "rejected", "{status}");
}
