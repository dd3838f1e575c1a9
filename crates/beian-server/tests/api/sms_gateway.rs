//! The HTTP SMS gateway against a stand-in provider on this machine: the message goes out as
//! `POST` with the bearer key and `{"to", "text"}`; a refusing or unreachable provider is a clear
//! `502 sms_failed` to the applicant, and no code is usable.

use crate::support;

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use beian_server::sms::HttpGateway;
use serde_json::{json, Value};
use support::{request, test_app_with, Reply};

const KEY: &str = "provider-key-0123456789";

/// A provider that keeps what it receives and refuses a wrong key. Its URL.
async fn provider(received: Arc<Mutex<Vec<Value>>>) -> String {
    let app = Router::new().route(
        "/send",
        post(move |headers: HeaderMap, Json(body): Json<Value>| {
            let received = received.clone();
            async move {
                let auth = headers.get("authorization").and_then(|v| v.to_str().ok());
                if auth != Some(&format!("Bearer {KEY}")) {
                    return (StatusCode::UNAUTHORIZED, "bad key");
                }
                received.lock().unwrap().push(body);
                (StatusCode::OK, "queued")
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

async fn ask_code(router: &Router, phone: &str) -> Reply {
    let body = json!({ "phone": phone }).to_string().into_bytes();
    request(
        router,
        "POST",
        "/api/v1/sign-in/code",
        Some(("application/json", body)),
        &[],
    )
    .await
}

#[tokio::test]
async fn codes_go_to_the_provider_and_its_failures_are_said_clearly() {
    let received = Arc::new(Mutex::new(Vec::new()));
    let url = provider(received.clone()).await;
    let gateway = Arc::new(HttpGateway::new(&url, KEY).unwrap());
    let t = test_app_with(|s| s.with_sms(gateway)).await;
    let reply = ask_code(&t.bare, "13800138000").await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text());
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["to"], "13800138000");
    assert!(got[0]["text"].as_str().unwrap().contains("验证码"));
    // The development outbox is not there with a real gateway.
    let (status, _) =
        support::json_call(&t.bare, "GET", "/api/v1/dev/sms/13800138000", &Value::Null).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A provider that refuses the key, and one that is not there.
    let refusing = Arc::new(HttpGateway::new(&url, "wrong-key").unwrap());
    let t = test_app_with(|s| s.with_sms(refusing)).await;
    let reply = ask_code(&t.bare, "13900139000").await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
    assert_eq!(reply.json()["error"]["code"], "sms_failed");
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead_url = format!("http://{}/send", closed.local_addr().unwrap());
    drop(closed);
    let dead = Arc::new(HttpGateway::new(&dead_url, KEY).unwrap());
    let t = test_app_with(|s| s.with_sms(dead)).await;
    let reply = ask_code(&t.bare, "13700137000").await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
    assert!(
        !reply.text().contains("127.0.0.1"),
        "no detail for the client"
    );
}
