//! Sign-in with a partner's signed token: the partner vouches for its user's mobile number; the
//! token lives at most 10 minutes (server clock) and signs in once; anything else is refused.

use crate::support;

use axum::http::StatusCode;
use beian_server::partners::{sign, PartnerKeys};
use serde_json::{json, Value};
use support::{json_call, request, test_app_with, with_session, Reply, TestApp};

const KEY: &str = "0101010101010101010101010101010101010101010101010101010101010101";

async fn test_app() -> TestApp {
    test_app_with(|s| {
        s.with_partners(PartnerKeys::parse(&format!("portal {KEY}"), "test").unwrap())
    })
    .await
}

fn now(t: &TestApp) -> i64 {
    t.clock.now().unix_timestamp()
}

async fn partner_sign_in(router: &axum::Router, token: &str) -> Reply {
    let body = json!({ "token": token }).to_string().into_bytes();
    request(
        router,
        "POST",
        "/api/v1/sign-in/partner",
        Some(("application/json", body)),
        &[],
    )
    .await
}

#[tokio::test]
async fn a_partner_token_signs_its_user_in_once_and_a_guest_draft_comes_along() {
    let t = test_app().await;
    // A guest's draft in the embedded client, then the portal's token.
    let created = request(
        &t.bare,
        "POST",
        "/api/v1/applications",
        Some(("application/json", br#"{"schema_version":1}"#.to_vec())),
        &[],
    )
    .await;
    let guest = with_session(t.bare.clone(), &created.session_cookie().unwrap());
    let token = sign("portal", KEY, "13600136000", now(&t) + 300, "n-1");
    let reply = partner_sign_in(&guest, &token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(
        reply.json(),
        json!({ "signed_in": true, "phone": "136****6000" })
    );
    let me = with_session(t.bare.clone(), &reply.session_cookie().unwrap());
    let (_, list) = json_call(&me, "GET", "/api/v1/applications", &Value::Null).await;
    assert_eq!(list["applications"].as_array().unwrap().len(), 1);
    // Used once.
    let again = partner_sign_in(&t.bare, &token).await;
    assert_eq!(
        (again.status, again.json()["error"]["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("partner_token_used"))
    );
}

#[tokio::test]
async fn forged_expired_long_lived_and_unknown_tokens_are_refused() {
    let t = test_app().await;
    let cases = [
        (
            sign(
                "portal",
                &"02".repeat(32),
                "13600136000",
                now(&t) + 300,
                "a",
            ),
            "partner_token_invalid",
        ),
        (
            sign("elsewhere", KEY, "13600136000", now(&t) + 300, "b"),
            "partner_token_invalid",
        ),
        (
            sign("portal", KEY, "13600136000", now(&t) + 3600, "c"),
            "partner_token_expired",
        ),
        ("not-a-token".to_owned(), "partner_token_invalid"),
        (
            sign("portal", KEY, "12345", now(&t) + 300, "d"),
            "invalid_phone",
        ),
    ];
    for (token, code) in cases {
        let reply = partner_sign_in(&t.bare, &token).await;
        assert_eq!(reply.json()["error"]["code"], code, "{token:.30}");
        assert!(reply.session_cookie().is_none());
    }
    // Valid when made, expired when used.
    let token = sign("portal", KEY, "13600136000", now(&t) + 60, "e");
    t.clock.advance(time::Duration::seconds(61));
    assert_eq!(
        partner_sign_in(&t.bare, &token).await.json()["error"]["code"],
        "partner_token_expired"
    );
    // Without partner keys there is no partner sign-in.
    let plain = support::test_app().await;
    let reply = partner_sign_in(
        &plain.bare,
        &sign("portal", KEY, "13600136000", now(&plain) + 300, "f"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}
