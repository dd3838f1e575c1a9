//! Retention: a draft nobody submitted and nobody touched for the retention period is deleted
//! with its uploads; a recent draft and a submitted filing are kept.

use crate::support;

use axum::http::StatusCode;
use serde_json::Value;
use support::{json_call, request, test_app, with_session};

/// A 1200 x 800 PNG header, 60 KiB.
fn png() -> Vec<u8> {
    support::png(1200, 800, 60 * 1024)
}

#[tokio::test]
async fn stale_drafts_go_with_their_files_and_submitted_filings_stay() {
    let t = test_app().await;
    // Sessions last 30 days: each step of this test signs in afresh.
    let fresh = || async {
        with_session(
            t.bare.clone(),
            &support::session_for(&t.state, support::PHONE).await,
        )
    };
    let create = || async {
        let (_, created) = json_call(
            &fresh().await,
            "POST",
            "/api/v1/applications",
            &support::example(),
        )
        .await;
        created["id"].as_str().unwrap().to_owned()
    };
    let stale = create().await;
    let upload = request(
        &t.router,
        "POST",
        &format!("/api/v1/applications/{stale}/uploads?kind=id_front"),
        Some(("image/png", png())),
        &[],
    )
    .await;
    assert_eq!(upload.status, StatusCode::CREATED);
    let submitted = create().await;
    json_call(
        &t.router,
        "POST",
        &format!("/api/v1/applications/{submitted}/submit"),
        &Value::Null,
    )
    .await;

    // Nothing is old enough yet.
    t.clock.advance(time::Duration::days(100));
    let recent = create().await;
    assert_eq!(
        beian_server::retention::purge(&t.state, 180).await.unwrap(),
        0
    );
    // 181 days after the first draft: it goes, its images with it; the others stay.
    t.clock.advance(time::Duration::days(81));
    assert_eq!(
        beian_server::retention::purge(&t.state, 180).await.unwrap(),
        1
    );
    let me = fresh().await;
    let (status, _) = json_call(
        &me,
        "GET",
        &format!("/api/v1/applications/{stale}"),
        &Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(t.media_names(&stale).await.is_empty());
    for kept in [&submitted, &recent] {
        let (status, _) = json_call(
            &me,
            "GET",
            &format!("/api/v1/applications/{kept}"),
            &Value::Null,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{kept} (stale {stale})");
    }
    // 0 days: keep everything.
    t.clock.advance(time::Duration::days(1000));
    assert_eq!(
        beian_server::retention::purge(&t.state, 0).await.unwrap(),
        0
    );
}
