//! Signing in by mobile number and SMS code, guest drafts, sessions, and the limits on codes,
//! driven with a manual clock through `app()` without a socket.

use crate::support;

use axum::http::StatusCode;
use axum::Router;
use serde_json::{json, Value};
use support::{json_call, request, test_app, with_session, Reply};

const OTHER_PHONE: &str = "13900139000";

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

async fn ask_code(router: &Router, phone: &str) -> Reply {
    post(router, "/api/v1/sign-in/code", json!({ "phone": phone })).await
}

/// The newest code the development gateway "sent" to `phone`.
async fn last_code(router: &Router, phone: &str) -> String {
    support::dev_code(router, phone).await
}

async fn sign_in(router: &Router, phone: &str, code: &str) -> Reply {
    post(
        router,
        "/api/v1/sign-in",
        json!({ "phone": phone, "code": code }),
    )
    .await
}

#[tokio::test]
async fn a_guest_draft_becomes_the_applicants_on_sign_in_and_can_then_be_submitted() {
    let t = test_app().await;
    // No cookie: the first draft makes a guest session.
    let created = post(&t.bare, "/api/v1/applications", support::example()).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let guest = created.session_cookie().expect("a guest session cookie");
    let set = created.header("set-cookie").unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/api"),
        "{set}"
    );
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let as_guest = with_session(t.bare.clone(), &guest);

    let (status, session) = json_call(&as_guest, "GET", "/api/v1/session", &Value::Null).await;
    assert_eq!(
        (status, session),
        (StatusCode::OK, json!({ "signed_in": false, "phone": null }))
    );
    let (status, _) = json_call(
        &as_guest,
        "GET",
        &format!("/api/v1/applications/{id}"),
        &Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Without the cookie the draft is not reachable at all.
    let (status, body) = json_call(
        &t.bare,
        "GET",
        &format!("/api/v1/applications/{id}"),
        &Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "not_signed_in");

    // A guest does not submit.
    let submit = format!("/api/v1/applications/{id}/submit");
    let (status, body) = json_call(&as_guest, "POST", &submit, &Value::Null).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "sign_in_required");
    assert!(body["error"]["message"]["zh-CN"]
        .as_str()
        .unwrap()
        .contains("登录"));

    // Code, a wrong entry, the right one.
    let sent = ask_code(&as_guest, "138 0013 8001").await;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.text());
    assert_eq!(
        sent.json(),
        json!({ "sent_to": "138****8001", "expires_in": 300, "resend_in": 60 })
    );
    let code = last_code(&t.bare, "13800138001").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let reply = sign_in(&as_guest, "13800138001", wrong).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["error"]["code"], "wrong_code");
    assert_eq!(reply.json()["attempts_left"], 4);
    assert!(reply.json()["error"]["message"]["zh-CN"]
        .as_str()
        .unwrap()
        .contains("4 次"));
    let reply = sign_in(&as_guest, "13800138001", &code).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(
        reply.json(),
        json!({ "signed_in": true, "phone": "138****8001" })
    );
    let signed = reply.session_cookie().expect("a new session");
    assert_ne!(signed, guest, "a new token at sign-in");

    // The guest token is spent; the new one owns the draft and submits it.
    let (status, _) = json_call(
        &as_guest,
        "GET",
        &format!("/api/v1/applications/{id}"),
        &Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let me = with_session(t.bare.clone(), &signed);
    let (status, list) = json_call(&me, "GET", "/api/v1/applications", &Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["applications"][0]["id"], id.as_str());
    assert_eq!(
        list["applications"][0]["domains"],
        json!(["zhangsan-notes.cn"])
    );
    let (status, body) = json_call(&me, "POST", &submit, &Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "submitted");

    // A code is used once.
    let reply = sign_in(&t.bare, "13800138001", &code).await;
    assert_eq!(reply.json()["error"]["code"], "code_expired");
    // A used code does not hold back the next one: another device signs in at once.
    assert_eq!(
        ask_code(&t.bare, "13800138001").await.status,
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn another_device_signs_in_and_sees_the_drafts_and_a_guest_joins_them() {
    let t = test_app().await;
    // The signed-in applicant (support::PHONE) has a draft.
    let (_, first) = json_call(
        &t.router,
        "POST",
        "/api/v1/applications",
        &support::example(),
    )
    .await;
    // A second device: a guest draft there, then sign-in with the same number.
    let created = post(
        &t.bare,
        "/api/v1/applications",
        json!({ "schema_version": 1 }),
    )
    .await;
    let guest = with_session(t.bare.clone(), &created.session_cookie().unwrap());
    assert_eq!(
        ask_code(&guest, support::PHONE).await.status,
        StatusCode::ACCEPTED
    );
    let code = last_code(&t.bare, support::PHONE).await;
    let reply = sign_in(&guest, support::PHONE, &code).await;
    assert_eq!(reply.status, StatusCode::OK);
    let second = with_session(t.bare.clone(), &reply.session_cookie().unwrap());
    let (_, list) = json_call(&second, "GET", "/api/v1/applications", &Value::Null).await;
    let ids: Vec<&str> = list["applications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "{list}");
    assert!(ids.contains(&first["id"].as_str().unwrap()));
    // The first device sees the second device's draft too.
    let (_, list) = json_call(&t.router, "GET", "/api/v1/applications", &Value::Null).await;
    assert_eq!(list["applications"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn codes_are_limited_expire_and_are_spent_by_wrong_entries() {
    let t = test_app().await;
    let r = &t.bare;
    assert_eq!(ask_code(r, OTHER_PHONE).await.status, StatusCode::ACCEPTED);
    // Again at once: refused, with when to ask again.
    let again = ask_code(r, OTHER_PHONE).await;
    assert_eq!(again.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(again.header("retry-after").as_deref(), Some("60"));
    assert_eq!(again.json()["error"]["code"], "too_many_codes");
    assert_eq!(again.json()["retry_after"], 60);

    // Expired after 5 minutes.
    let code = last_code(r, OTHER_PHONE).await;
    t.clock.advance(time::Duration::minutes(5));
    assert_eq!(
        sign_in(r, OTHER_PHONE, &code).await.json()["error"]["code"],
        "code_expired"
    );

    // Five wrong entries spend a code: then even the right one fails.
    assert_eq!(ask_code(r, OTHER_PHONE).await.status, StatusCode::ACCEPTED);
    let code = last_code(r, OTHER_PHONE).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (0..5).rev() {
        let reply = sign_in(r, OTHER_PHONE, wrong).await;
        assert_eq!(reply.json()["attempts_left"], left, "{}", reply.text());
    }
    assert_eq!(
        sign_in(r, OTHER_PHONE, &code).await.json()["error"]["code"],
        "code_expired"
    );

    // Five codes an hour: the sixth waits until the first is an hour old.
    for _ in 0..3 {
        t.clock.advance(time::Duration::seconds(61));
        assert_eq!(ask_code(r, OTHER_PHONE).await.status, StatusCode::ACCEPTED);
    }
    t.clock.advance(time::Duration::seconds(61));
    let sixth = ask_code(r, OTHER_PHONE).await;
    assert_eq!(
        sixth.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        sixth.text()
    );
    let wait: i64 = sixth.header("retry-after").unwrap().parse().unwrap();
    assert!(wait > 60 && wait <= 3600, "{wait}");
    t.clock.advance(time::Duration::seconds(wait));
    assert_eq!(ask_code(r, OTHER_PHONE).await.status, StatusCode::ACCEPTED);
    // Other numbers are not affected.
    assert_eq!(
        ask_code(r, "13700137000").await.status,
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn sessions_expire_and_end_at_sign_out() {
    let t = test_app().await;
    let (status, body) = json_call(&t.router, "GET", "/api/v1/session", &Value::Null).await;
    assert_eq!(
        (status, body),
        (
            StatusCode::OK,
            json!({ "signed_in": true, "phone": "138****8000" })
        )
    );
    let out = request(&t.router, "POST", "/api/v1/sign-out", None, &[]).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    let (status, _) = json_call(&t.router, "GET", "/api/v1/applications", &Value::Null).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let token = support::session_for(&t.state, OTHER_PHONE).await;
    let other = with_session(t.bare.clone(), &token);
    t.clock.advance(time::Duration::days(29));
    assert_eq!(
        json_call(&other, "GET", "/api/v1/applications", &Value::Null)
            .await
            .0,
        StatusCode::OK
    );
    t.clock.advance(time::Duration::days(1));
    let (status, body) = json_call(&other, "GET", "/api/v1/applications", &Value::Null).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "not_signed_in");
    // A made-up or malformed token is no session either.
    let fake = with_session(t.bare.clone(), "not-a-real-token");
    assert_eq!(
        json_call(&fake, "GET", "/api/v1/applications", &Value::Null)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn bad_sign_in_input_gets_clear_errors() {
    let t = test_app().await;
    let r = &t.bare;
    for phone in ["12345", "23800138000", "", &"1".repeat(40)] {
        let reply = ask_code(r, phone).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{phone}");
        assert_eq!(reply.json()["error"]["code"], "invalid_phone");
    }
    for code in ["12345", "abcdef", "1234567"] {
        let reply = sign_in(r, support::PHONE, code).await;
        assert_eq!(reply.json()["error"]["code"], "invalid_code", "{code}");
    }
    let reply = sign_in(r, support::PHONE, "123456").await;
    assert_eq!(
        reply.json()["error"]["code"],
        "code_expired",
        "no code was ever sent"
    );
    let reply = post(
        r,
        "/api/v1/sign-in/code",
        json!({ "phone": support::PHONE, "extra": 1 }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["error"]["code"], "invalid_document");

    // Without an SMS gateway there is no SMS sign-in, and no development outbox.
    let plain = support::test_app_with(|s| beian_server::AppState {
        sms: None,
        dev_sms: None,
        ..s
    })
    .await;
    let reply = ask_code(&plain.bare, support::PHONE).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.json()["error"]["code"], "sms_unavailable");
    let (status, _) = json_call(
        &plain.bare,
        "GET",
        &format!("/api/v1/dev/sms/{}", support::PHONE),
        &Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn one_address_may_ask_for_only_so_many_codes_an_hour() {
    let t = support::test_app_with(|s| beian_server::AppState {
        trust_proxy: true,
        ..s
    })
    .await;
    let from = |ip: &'static str, phone: String| {
        let router = t.bare.clone();
        async move {
            let body = json!({ "phone": phone }).to_string().into_bytes();
            request(
                &router,
                "POST",
                "/api/v1/sign-in/code",
                Some(("application/json", body)),
                &[("x-forwarded-for", ip)],
            )
            .await
        }
    };
    // Twenty numbers from one machine: each gets its code; the twenty-first is refused.
    for n in 0..20 {
        let reply = from("203.0.113.7", format!("1390000{n:04}")).await;
        assert_eq!(reply.status, StatusCode::ACCEPTED, "{n}: {}", reply.text());
    }
    let refused = from("203.0.113.7", "13900009999".to_owned()).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.json()["error"]["code"], "too_many_requests");
    assert_eq!(refused.header("retry-after").as_deref(), Some("3600"));
    // Another machine is not held back; the next hour the first one may ask again.
    assert_eq!(
        from("198.51.100.2", "13900009999".to_owned()).await.status,
        StatusCode::ACCEPTED
    );
    t.clock.advance(time::Duration::hours(1));
    assert_eq!(
        from("203.0.113.7", "13900008888".to_owned()).await.status,
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn codes_asked_at_once_send_one() {
    let t = test_app().await;
    // Two server processes on the same data (on PostgreSQL: the same database, as behind a
    // load balancer), eight requests at once for one number.
    let other = t.reopen().await;
    let asks = (0..8).map(|i| {
        let router = if i % 2 == 0 {
            t.bare.clone()
        } else {
            other.clone()
        };
        async move { ask_code(&router, "13600136000").await.status }
    });
    let statuses = futures::future::join_all(asks).await;
    let sent = statuses
        .iter()
        .filter(|s| **s == StatusCode::ACCEPTED)
        .count();
    assert_eq!(sent, 1, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::ACCEPTED || *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}
