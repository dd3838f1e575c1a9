//! What the benchmarks share: the real server on a loopback socket, applicants with an
//! application of the example filing, and capture sessions with their streams open.
#![allow(dead_code)]

use beian_server::{app, AppState};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

pub type Stream =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Serves `state` on a free loopback port: its address.
pub async fn serve(state: &AppState, dir: &std::path::Path) -> std::net::SocketAddr {
    let router = app(state.clone(), &dir.join("no-client"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, service).await.unwrap();
    });
    addr
}

/// A signed-in applicant (`phone`) with an application of the example filing: their cookie and
/// the application's id.
pub async fn applicant(
    state: &AppState,
    http: &reqwest::Client,
    addr: std::net::SocketAddr,
    phone: &str,
) -> (String, String) {
    let example: Value = serde_json::from_str(include_str!(
        "../../../../docs/examples/first-filing-personal.json"
    ))
    .unwrap();
    let token = state.store.sign_in(phone, None).await.unwrap().token;
    let cookie = format!("beian_session={token}");
    let created: Value = http
        .post(format!("http://{addr}/api/v1/applications"))
        .header("cookie", &cookie)
        .json(&example)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (cookie, created["id"].as_str().unwrap().to_owned())
}

/// A capture session of `kind` for the example's 负责人: its JSON (id, token, challenges).
pub async fn session(
    http: &reqwest::Client,
    addr: std::net::SocketAddr,
    cookie: &str,
    application: &str,
    kind: &str,
) -> Value {
    http.post(format!(
        "http://{addr}/api/v1/applications/{application}/captures"
    ))
    .header("cookie", cookie)
    .json(&json!({ "person": "websites[0].owner", "kind": kind }))
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap()
}

/// The session's stream, opened with its token and the applicant's cookie.
pub async fn open(addr: std::net::SocketAddr, session: &Value, cookie: &str) -> Stream {
    let mut req = format!(
        "ws://{addr}/api/v1/captures/{}/stream",
        session["id"].as_str().unwrap()
    )
    .into_client_request()
    .unwrap();
    let protocols = format!(
        "beian-capture, token.{}",
        session["token"].as_str().unwrap()
    );
    req.headers_mut()
        .insert("sec-websocket-protocol", protocols.parse().unwrap());
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    tokio_tungstenite::connect_async(req).await.unwrap().0
}
