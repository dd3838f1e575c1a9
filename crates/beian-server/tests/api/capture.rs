//! Live capture sessions over a real socket: made for a person of the filing, streamed as
//! numbered messages that the server stores and acknowledges, resumed after a cut connection and
//! after a server restart with every message stored exactly once, and refused with a specific
//! close code for every kind of bad input (with nothing stored for it).

use crate::support::{self, json_call, TestApp};
use beian_server::captures::read_part;

use axum::http::StatusCode;
use beian_rules::capture::{limits, message, Part};
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub(crate) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The first website's 负责人 in the example filing: a person the filing checks.
const PERSON: &str = "websites[0].owner";

/// A small but whole JPEG: start and end markers around `n` bytes.
fn jpeg(n: usize) -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0];
    j.extend((0..n).map(|i| (i % 251) as u8));
    j.extend([0xFF, 0xD9]);
    j
}

/// `router` on a loopback port; the server task (aborted to stop it).
pub(crate) async fn serve(router: axum::Router) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let task = tokio::spawn(async move {
        axum::serve(listener, service).await.unwrap();
    });
    (format!("127.0.0.1:{}", addr.port()), task)
}

/// A draft with the example filing; its id.
pub(crate) async fn application(t: &TestApp) -> String {
    application_of(t, &support::example()).await
}

/// A new application of `document`: its id.
pub(crate) async fn application_of(t: &TestApp, document: &Value) -> String {
    let (status, body) = json_call(&t.router, "POST", "/api/v1/applications", document).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

/// A new capture session of `kind` for the example's 负责人: its JSON (with `token`).
async fn start(t: &TestApp, id: &str, kind: &str) -> Value {
    let (status, body) = json_call(
        &t.router,
        "POST",
        &format!("/api/v1/applications/{id}/captures"),
        &json!({ "person": PERSON, "kind": kind, "recording": "video/webm;codecs=vp8" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

/// Opens the session's stream with `cookie` (the applicant's session) and `token`.
async fn open_with(addr: &str, session: &str, cookie: &str, token: Option<&str>) -> Socket {
    let mut req = format!("ws://{addr}/api/v1/captures/{session}/stream")
        .into_client_request()
        .unwrap();
    let protocols = match token {
        Some(t) => format!("beian-capture, token.{t}"),
        None => "beian-capture".to_owned(),
    };
    req.headers_mut()
        .insert("sec-websocket-protocol", protocols.parse().unwrap());
    req.headers_mut()
        .insert("cookie", format!("beian_session={cookie}").parse().unwrap());
    tokio_tungstenite::connect_async(req).await.unwrap().0
}

async fn open(t: &TestApp, addr: &str, session: &Value) -> Socket {
    open_with(
        addr,
        session["id"].as_str().unwrap(),
        &t.token,
        session["token"].as_str(),
    )
    .await
}

/// A new session of `kind`, its stream opened, told to start from the beginning.
pub(crate) async fn started(t: &TestApp, addr: &str, id: &str, kind: &str) -> (Value, Socket) {
    let session = start(t, id, kind).await;
    let mut ws = open(t, addr, &session).await;
    assert_eq!(next(&mut ws).await.unwrap()["resume"], 0);
    (session, ws)
}

/// The next text message as JSON, or the close frame's code and reason.
async fn next(ws: &mut Socket) -> Result<Value, (u16, String)> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(t))) => return Ok(serde_json::from_str(&t).unwrap()),
            Some(Ok(Message::Close(Some(f)))) => return Err((f.code.into(), f.reason.to_string())),
            Some(Ok(Message::Close(None))) | None => return Err((1005, String::new())),
            Some(Ok(_)) => continue,
            Some(Err(e)) => return Err((1006, e.to_string())),
        }
    }
}

/// Sends message `seq` and reads what comes back.
pub(crate) async fn send(
    ws: &mut Socket,
    seq: u32,
    part: Part,
    payload: &[u8],
) -> Result<Value, (u16, String)> {
    ws.send(Message::Binary(message(seq, part, payload).into()))
        .await
        .unwrap();
    next(ws).await
}

pub(crate) async fn captures(t: &TestApp, id: &str) -> Vec<Value> {
    let (status, body) = json_call(
        &t.router,
        "GET",
        &format!("/api/v1/applications/{id}/captures"),
        &Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    body["captures"].as_array().unwrap().clone()
}

async fn stored_parts(t: &TestApp, session: &Value) -> Vec<(u32, Part)> {
    t.state
        .store
        .capture_parts(session["id"].as_str().unwrap())
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.seq, p.part))
        .collect()
}

/// Every frame, recording chunk and still a session stored, read back from the media: by
/// number, in order.
async fn stored_payloads(t: &TestApp, session: &Value) -> Vec<(u32, Vec<u8>)> {
    let id = session["id"].as_str().unwrap();
    let session = t.state.store.capture_session(id).await.unwrap().unwrap();
    let mut out = Vec::new();
    for part in t.state.store.capture_parts(id).await.unwrap() {
        if matches!(part.part, Part::Frame | Part::Recording | Part::Still) {
            let bytes = read_part(&t.state, &session, &part).await.unwrap();
            out.push((part.seq, bytes));
        }
    }
    out
}

/// The numbers a session stored, in order.
async fn stored_seqs(t: &TestApp, session: &Value) -> Vec<u32> {
    stored_parts(t, session)
        .await
        .iter()
        .map(|(s, _)| *s)
        .collect()
}

/// The media files of a session (its log in a folder; an object per message in a bucket).
async fn session_files(t: &TestApp, id: &str, session: &Value) -> Vec<String> {
    let prefix = format!("capture-{}", session["id"].as_str().unwrap());
    let mut names: Vec<String> = t
        .media_names(id)
        .await
        .into_iter()
        .filter(|n| n.starts_with(&prefix))
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn an_id_card_side_is_streamed_acknowledged_and_ends_complete() {
    let t = support::test_app().await;
    let (addr, _server) = serve(t.bare.clone()).await;
    let id = application(&t).await;
    let session = start(&t, &id, "id_front").await;
    assert_eq!(session["state"], "open");
    assert!(session["challenges"].as_array().unwrap().is_empty());
    let mut ws = open(&t, &addr, &session).await;
    assert_eq!(
        next(&mut ws).await.unwrap(),
        json!({ "resume": 0, "state": "open" })
    );
    for seq in 1..=5 {
        assert_eq!(
            send(&mut ws, seq, Part::Frame, &jpeg(2000)).await.unwrap(),
            json!({ "ack": seq })
        );
    }
    assert_eq!(
        send(&mut ws, 6, Part::Recording, b"webm chunk")
            .await
            .unwrap()["ack"],
        6
    );
    assert_eq!(
        send(&mut ws, 7, Part::Still, &jpeg(3000)).await.unwrap()["ack"],
        7
    );
    assert_eq!(
        send(&mut ws, 8, Part::End, &[]).await.unwrap(),
        json!({ "ack": 8, "state": "complete" })
    );
    assert_eq!(next(&mut ws).await, Err((1000, "complete".to_owned())));

    assert_eq!(stored_seqs(&t, &session).await, (1..=8).collect::<Vec<_>>());
    assert_eq!(
        stored_payloads(&t, &session).await,
        (1..=5)
            .map(|seq| (seq, jpeg(2000)))
            .chain([(6, b"webm chunk".to_vec()), (7, jpeg(3000))])
            .collect::<Vec<_>>(),
        "frames, recording and still, each as sent"
    );
    assert!(!session_files(&t, &id, &session).await.is_empty());
    // Sealed at rest like every upload: the frame's bytes are not in the file as sent.
    let frame = jpeg(2000);
    for (name, bytes) in t.stored_media(&id).await {
        assert!(
            !bytes.windows(64).any(|w| w == &frame[100..164]),
            "{name} is in the clear"
        );
    }
    let listed = captures(&t, &id).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["state"], "complete");
    assert_eq!(listed[0]["received"]["frames"], 5);
    assert_eq!(listed[0]["received"]["stills"], 1);
    assert!(listed[0].get("token").is_none(), "the token is shown once");
}

#[tokio::test]
async fn a_face_session_is_complete_only_with_every_challenge_met_in_order() {
    let t = support::test_app().await;
    let (addr, _server) = serve(t.bare.clone()).await;
    let id = application(&t).await;
    for (order, expected) in [(vec![0, 1, 2], "complete"), (vec![0, 2, 1], "incomplete")] {
        let session = start(&t, &id, "face").await;
        let challenges = session["challenges"].as_array().unwrap();
        assert_eq!(challenges.len(), 3);
        assert!(challenges
            .iter()
            .all(|c| c["zh"].is_string() && c["en"].is_string()));
        let mut ws = open(&t, &addr, &session).await;
        next(&mut ws).await.unwrap();
        let mut seq = 0;
        for challenge in order {
            for event in ["shown", "done"] {
                seq += 1;
                let marker = json!({ "challenge": challenge, "event": event }).to_string();
                assert_eq!(
                    send(&mut ws, seq, Part::Marker, marker.as_bytes())
                        .await
                        .unwrap()["ack"],
                    seq
                );
                seq += 1;
                send(&mut ws, seq, Part::Frame, &jpeg(500)).await.unwrap();
            }
        }
        seq += 1;
        assert_eq!(
            send(&mut ws, seq, Part::End, &[]).await.unwrap()["state"],
            expected
        );
    }
}

#[tokio::test]
async fn a_cut_connection_resumes_after_the_last_acknowledged_message_without_duplicates() {
    let t = support::test_app().await;
    let (addr, _server) = serve(t.bare.clone()).await;
    let id = application(&t).await;
    let (session, mut ws) = started(&t, &addr, &id, "id_back").await;
    for seq in 1..=5 {
        send(&mut ws, seq, Part::Frame, &jpeg(1000)).await.unwrap();
    }
    // 6 and 7 go out, the connection drops before their acknowledgements are read.
    for seq in 6..=7 {
        ws.send(Message::Binary(
            message(seq, Part::Frame, &jpeg(1000)).into(),
        ))
        .await
        .unwrap();
    }
    drop(ws);

    let mut ws = open(&t, &addr, &session).await;
    let resume = next(&mut ws).await.unwrap()["resume"].as_u64().unwrap() as u32;
    assert!((5..=7).contains(&resume), "resume from {resume}");
    // The client sends again what was not acknowledged to it (6 and 7), and a message it had
    // acknowledged (5) as a careless client might: each is acknowledged, none stored twice.
    for seq in 5..=7 {
        assert_eq!(
            send(&mut ws, seq, Part::Frame, &jpeg(1000)).await.unwrap()["ack"],
            seq
        );
    }
    send(&mut ws, 8, Part::Still, &jpeg(1000)).await.unwrap();
    assert_eq!(
        send(&mut ws, 9, Part::End, &[]).await.unwrap()["state"],
        "complete"
    );

    assert_eq!(stored_seqs(&t, &session).await, (1..=9).collect::<Vec<_>>());
    assert_eq!(
        stored_payloads(&t, &session).await,
        (1..=8).map(|seq| (seq, jpeg(1000))).collect::<Vec<_>>()
    );
    // The list says so too: as many messages stored as the last number.
    let listed = captures(&t, &id).await;
    assert_eq!(listed[0]["received"]["messages"], 9);
    assert_eq!(listed[0]["received"]["last"], 9);
}

#[tokio::test]
async fn a_full_window_is_acknowledged_in_order_and_what_came_before_a_drop_is_stored() {
    let t = support::test_app().await;
    let (addr, _server) = serve(t.bare.clone()).await;
    let id = application(&t).await;
    let (session, mut ws) = started(&t, &addr, &id, "id_front").await;
    // A whole window at once, as a phone catching up after a stall sends it: the server stores
    // them side by side and acknowledges each, in order.
    for seq in 1..=limits::IN_FLIGHT {
        ws.send(Message::Binary(
            message(seq, Part::Frame, &jpeg(3000)).into(),
        ))
        .await
        .unwrap();
    }
    for seq in 1..=limits::IN_FLIGHT {
        assert_eq!(next(&mut ws).await.unwrap(), json!({ "ack": seq }));
    }
    // Four more, and the client closes the connection right after them: the server still stores
    // the four it received before the close, though it can no longer acknowledge them.
    let last = limits::IN_FLIGHT + 4;
    for seq in limits::IN_FLIGHT + 1..=last {
        ws.send(Message::Binary(
            message(seq, Part::Frame, &jpeg(3000)).into(),
        ))
        .await
        .unwrap();
    }
    ws.close(None).await.unwrap();
    while ws.next().await.is_some() {}
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while stored_seqs(&t, &session).await.len() < last as usize {
        assert!(
            std::time::Instant::now() < deadline,
            "the last four were not stored"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        stored_seqs(&t, &session).await,
        (1..=last).collect::<Vec<_>>()
    );
    assert_eq!(
        stored_payloads(&t, &session).await,
        (1..=last).map(|seq| (seq, jpeg(3000))).collect::<Vec<_>>()
    );
    let mut ws = open(&t, &addr, &session).await;
    assert_eq!(next(&mut ws).await.unwrap()["resume"], last);
}

#[tokio::test]
async fn a_server_restart_loses_no_acknowledged_message() {
    let t = support::test_app().await;
    let (addr, server) = serve(t.bare.clone()).await;
    let id = application(&t).await;
    let (session, mut ws) = started(&t, &addr, &id, "id_front").await;
    for seq in 1..=4 {
        send(&mut ws, seq, Part::Frame, &jpeg(1500)).await.unwrap();
    }
    server.abort();
    drop(ws);

    // A new server process on the same data.
    let (addr, _server) = serve(t.reopen().await).await;
    let mut ws = open(&t, &addr, &session).await;
    assert_eq!(next(&mut ws).await.unwrap()["resume"], 4);
    send(&mut ws, 5, Part::Still, &jpeg(1500)).await.unwrap();
    assert_eq!(
        send(&mut ws, 6, Part::End, &[]).await.unwrap()["state"],
        "complete"
    );
    assert_eq!(stored_seqs(&t, &session).await, (1..=6).collect::<Vec<_>>());
}

/// What a refused stream leaves: no part and no file.
async fn assert_nothing_stored(t: &TestApp, id: &str, session: &Value) {
    assert!(stored_parts(t, session).await.is_empty());
    assert!(session_files(t, id, session).await.is_empty());
}

#[tokio::test]
async fn bad_input_is_refused_with_its_close_code_and_nothing_stored() {
    let t = support::test_app().await;
    let (addr, _server) = serve(t.bare.clone()).await;
    let id = application(&t).await;

    // No token, a wrong token, another applicant's session with the right token, no session.
    let session = start(&t, &id, "face").await;
    let sid = session["id"].as_str().unwrap();
    let stranger = support::session_for(&t.state, "13900139000").await;
    // (No session cookie at all, as in a partner's iframe whose cookie was not sent: refused
    // with a close code the page can read, not a failed upgrade it would retry for ever.)
    for (cookie, token) in [
        ("", session["token"].as_str()),
        (t.token.as_str(), None),
        (t.token.as_str(), Some("not-the-token")),
        (stranger.as_str(), session["token"].as_str()),
    ] {
        let mut ws = open_with(&addr, sid, cookie, token).await;
        assert_eq!(next(&mut ws).await, Err((4401, "unauthorized".to_owned())));
    }

    // A frame larger than the limit; non-image bytes as a frame; a text message; a gap.
    let oversized = jpeg(limits::MAX_MESSAGE_BYTES);
    let cases: [(Part, Vec<u8>, u32, u16); 3] = [
        (Part::Frame, oversized, 1, 4413),
        (Part::Frame, b"GIF89a, not a JPEG".to_vec(), 1, 4415),
        (Part::Frame, jpeg(100), 2, 4409),
    ];
    for (part, payload, seq, code) in cases {
        let (session, mut ws) = started(&t, &addr, &id, "id_front").await;
        assert_eq!(
            send(&mut ws, seq, part, &payload).await.unwrap_err().0,
            code
        );
        assert_nothing_stored(&t, &id, &session).await;
    }
    let (session, mut ws) = started(&t, &addr, &id, "id_front").await;
    ws.send(Message::Text("hello".into())).await.unwrap();
    assert_eq!(next(&mut ws).await.unwrap_err().0, 4400);
    assert_nothing_stored(&t, &id, &session).await;

    // An expired session.
    let session = start(&t, &id, "id_back").await;
    t.clock
        .advance(time::Duration::minutes(limits::SESSION_MINUTES + 1));
    let mut ws = open(&t, &addr, &session).await;
    assert_eq!(next(&mut ws).await, Err((4410, "session_ended".to_owned())));
    assert_nothing_stored(&t, &id, &session).await;
    let listed = captures(&t, &id).await;
    let state = |sid: &Value| listed.iter().find(|c| c["id"] == *sid).unwrap()["state"].clone();
    assert_eq!(state(&session["id"]), "expired");

    // A session replayed after it ended: told how it ended, then closed; nothing more stored.
    let (session, mut ws) = started(&t, &addr, &id, "id_front").await;
    send(&mut ws, 1, Part::Still, &jpeg(100)).await.unwrap();
    send(&mut ws, 2, Part::End, &[]).await.unwrap();
    let mut ws = open(&t, &addr, &session).await;
    assert_eq!(
        next(&mut ws).await.unwrap(),
        json!({ "resume": 2, "state": "complete" })
    );
    assert_eq!(next(&mut ws).await, Err((4410, "session_ended".to_owned())));
    assert_eq!(stored_parts(&t, &session).await.len(), 2);
}

#[tokio::test]
async fn sessions_are_made_only_for_the_filings_people_and_known_kinds() {
    let t = support::test_app().await;
    let id = application(&t).await;
    let uri = format!("/api/v1/applications/{id}/captures");
    for (body, code) in [
        (
            json!({ "person": PERSON, "kind": "selfie" }),
            "unknown_capture_kind",
        ),
        (
            json!({ "person": "websites[7].owner", "kind": "face" }),
            "not_a_person_to_check",
        ),
        (
            json!({ "person": PERSON, "kind": "face", "recording": "video/avi" }),
            "unsupported_recording",
        ),
    ] {
        let (status, reply) = json_call(&t.router, "POST", &uri, &body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{reply}");
        assert_eq!(reply["error"]["code"], code);
        assert!(reply["error"]["message"]["zh-CN"].is_string());
    }
    // Not signed in; someone else's application.
    let body = json!({ "person": PERSON, "kind": "face" });
    let (status, _) = json_call(&t.bare, "POST", &uri, &body).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let stranger = support::with_session(
        t.bare.clone(),
        &support::session_for(&t.state, "13900139000").await,
    );
    let (status, _) = json_call(&stranger, "POST", &uri, &body).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Starting again ends the person's earlier open session of that kind.
    let first = start(&t, &id, "face").await;
    start(&t, &id, "face").await;
    let listed = captures(&t, &id).await;
    assert_eq!(
        listed.iter().find(|c| c["id"] == first["id"]).unwrap()["state"],
        "incomplete"
    );
}

/// The reviewer's view of the application's sessions (its detail's `captures`).
pub(crate) async fn reviewed(t: &TestApp, id: &str) -> Vec<Value> {
    let cookie = support::reviewer_cookie(t).await;
    let reply = get_with(t, &format!("/api/v1/reviewer/applications/{id}"), &cookie).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json()["captures"].as_array().unwrap().clone()
}

/// `GET` `uri` with the cookie `cookie`: status, content type and body.
pub(crate) async fn get_with(t: &TestApp, uri: &str, cookie: &str) -> support::Reply {
    support::request(&t.bare, "GET", uri, None, &[("cookie", cookie)]).await
}

#[tokio::test]
async fn a_reviewer_sees_each_session_its_frames_the_challenge_moments_and_the_recording() {
    let t = support::test_app().await;
    let (addr, _server) = serve(t.bare.clone()).await;
    let id = application(&t).await;
    let (session, mut ws) = started(&t, &addr, &id, "face").await;
    // Frames 1..=20 around the three challenges' markers; two recording chunks.
    let frame = |n: usize| jpeg(300 + n);
    let mut seq = 0;
    let mut frames = Vec::new();
    let mut done_after = Vec::new();
    for challenge in 0..3 {
        for event in ["shown", "done"] {
            for _ in 0..3 {
                seq += 1;
                send(&mut ws, seq, Part::Frame, &frame(seq as usize))
                    .await
                    .unwrap();
                frames.push(seq);
            }
            seq += 1;
            let marker = json!({ "challenge": challenge, "event": event }).to_string();
            send(&mut ws, seq, Part::Marker, marker.as_bytes())
                .await
                .unwrap();
            if event == "done" {
                done_after.push(seq - 1);
            }
        }
    }
    let chunks = [
        b"\x1a\x45\xdf\xa3 first chunk".to_vec(),
        b" second chunk".to_vec(),
    ];
    for chunk in &chunks {
        seq += 1;
        send(&mut ws, seq, Part::Recording, chunk).await.unwrap();
    }
    seq += 1;
    assert_eq!(
        send(&mut ws, seq, Part::End, &[]).await.unwrap()["state"],
        "complete"
    );

    let cookie = support::reviewer_cookie(&t).await;
    let captures = reviewed(&t, &id).await;
    assert_eq!(captures.len(), 1);
    let shown = &captures[0];
    assert_eq!(shown["id"], session["id"]);
    assert_eq!(shown["state"], "complete");
    assert_eq!(shown["received"]["frames"], 18);
    assert!(shown.get("token").is_none());
    let media = &shown["media"];
    let spread: Vec<u64> = media["frames"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(spread.len(), 8);
    assert_eq!(spread.first(), Some(&u64::from(frames[0])));
    assert_eq!(spread.last(), Some(&u64::from(*frames.last().unwrap())));
    let moments: Vec<(Value, u64)> = media["challenges_done_at"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["challenge"].clone(), m["frame"].as_u64().unwrap()))
        .collect();
    let expected: Vec<(Value, u64)> = session["challenges"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&done_after)
        .map(|(c, f)| (c["key"].clone(), u64::from(*f)))
        .collect();
    assert_eq!(moments, expected);
    assert_eq!(media["recording"]["mime"], "video/webm");
    assert_eq!(
        media["recording"]["bytes"],
        chunks.iter().map(Vec::len).sum::<usize>()
    );

    // The images and the recording, as sent.
    let sid = session["id"].as_str().unwrap();
    let image = get_with(
        &t,
        &format!("/api/v1/reviewer/captures/{sid}/parts/{}", spread[3]),
        &cookie,
    )
    .await;
    assert_eq!(image.status, StatusCode::OK);
    assert_eq!(image.header("content-type").as_deref(), Some("image/jpeg"));
    assert_eq!(
        image.header("cache-control").as_deref(),
        Some("private, no-store")
    );
    assert_eq!(image.body, frame(spread[3] as usize));
    let recording = get_with(
        &t,
        &format!("/api/v1/reviewer/captures/{sid}/recording"),
        &cookie,
    )
    .await;
    assert_eq!(recording.status, StatusCode::OK);
    assert_eq!(
        recording.header("content-type").as_deref(),
        Some("video/webm")
    );
    assert_eq!(recording.body, chunks.concat());

    // A marker, a number not stored, a word, an unknown session: not found.
    let marker_seq = done_after[0] + 1;
    for uri in [
        format!("/api/v1/reviewer/captures/{sid}/parts/{marker_seq}"),
        format!("/api/v1/reviewer/captures/{sid}/parts/9999"),
        format!("/api/v1/reviewer/captures/{sid}/parts/first"),
        format!("/api/v1/reviewer/captures/{}/parts/1", uuid_like()),
        format!("/api/v1/reviewer/captures/{}/recording", uuid_like()),
    ] {
        let reply = get_with(&t, &uri, &cookie).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(reply.json()["error"]["code"], "not_found", "{uri}");
    }
    // The applicant who streamed them, and nobody signed in, may not read them here.
    for cookie in [format!("beian_session={}", t.token), String::new()] {
        for uri in [
            format!("/api/v1/reviewer/captures/{sid}/parts/1"),
            format!("/api/v1/reviewer/captures/{sid}/recording"),
        ] {
            let reply = get_with(&t, &uri, &cookie).await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{uri} {cookie}");
        }
    }
}

fn uuid_like() -> &'static str {
    "00000000-0000-4000-8000-000000000000"
}

#[tokio::test]
async fn a_sessions_messages_are_sealed_again_by_reseal_and_open_with_the_new_key_alone() {
    let t = support::test_app().await;
    let (addr, _server) = serve(t.bare.clone()).await;
    let id = application(&t).await;
    let (session, mut ws) = started(&t, &addr, &id, "id_front").await;
    for seq in 1..=3 {
        send(&mut ws, seq, Part::Frame, &jpeg(700 + seq as usize))
            .await
            .unwrap();
    }
    send(&mut ws, 4, Part::Still, &jpeg(900)).await.unwrap();
    drop(ws);
    let sent: Vec<(u32, Vec<u8>)> = (1..=3)
        .map(|seq| (seq, jpeg(700 + seq as usize)))
        .chain([(4, jpeg(900))])
        .collect();
    assert_eq!(stored_payloads(&t, &session).await, sent);

    // A new key first, the old one kept below; `beian-server reseal` seals every message again
    // (each record of the session's log, in place), then the old key goes.
    let key_file = t.dir.path().join("data.key");
    let old = std::fs::read_to_string(&key_file).unwrap();
    std::fs::write(&key_file, format!("{}\n{old}", "ef".repeat(32))).unwrap();
    let (_, files) = beian_server::reseal(&t.config()).await.unwrap();
    assert_eq!(files, 4, "three frames and the still");
    std::fs::write(&key_file, format!("{}\n", "ef".repeat(32))).unwrap();
    let reopened = TestApp {
        state: beian_server::AppState::open_with_clock(&t.storage, t.clock.clone())
            .await
            .unwrap(),
        ..t
    };
    assert_eq!(stored_payloads(&reopened, &session).await, sent);
}
