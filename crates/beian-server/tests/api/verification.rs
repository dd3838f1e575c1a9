//! The verification worker on finished capture sessions: a complete session is queued once, the
//! worker decodes and measures its real JPEG pictures and records a verdict with its evidence
//! (the reviewer's detail shows it), an incomplete session is not queued, and a job whose worker
//! died is taken again after its lease until its tries run out.

use crate::capture::{application, captures, reviewed, send, serve, started, Socket};
use crate::support;

use beian_rules::capture::Part;
use beian_server::verifications::{LEASE, MAX_ATTEMPTS};
use beian_server::verifier::verify_next;
use serde_json::Value;

/// A real 640×480 JPEG: a black-and-white checkerboard of 8-pixel squares (sharp edges, like a
/// card's print) at `level` brightness.
fn picture(level: u8) -> Vec<u8> {
    let (w, h) = (640u16, 480u16);
    let pixels: Vec<u8> = (0..usize::from(w) * usize::from(h))
        .map(|i| {
            let (x, y) = (i % usize::from(w), i / usize::from(w));
            if (x / 8 + y / 8) % 2 == 0 {
                level
            } else {
                level / 4
            }
        })
        .collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90)
        .encode(&pixels, w, h, jpeg_encoder::ColorType::Luma)
        .unwrap();
    out
}

/// Streams three frames and a still at `still_level` brightness and ends the session.
async fn id_side(ws: &mut Socket, still_level: u8) -> Value {
    for seq in 1..=3 {
        send(ws, seq, Part::Frame, &picture(180)).await.unwrap();
    }
    send(ws, 4, Part::Still, &picture(still_level))
        .await
        .unwrap();
    send(ws, 5, Part::End, &[]).await.unwrap()
}

/// The session a worker claims now, if any.
async fn claimed(t: &support::TestApp) -> Option<String> {
    let session = t.state.store.claim_verification().await.unwrap();
    session.map(|s| s.id)
}

#[tokio::test]
async fn a_complete_session_is_verified_once_with_its_verdict_and_evidence() {
    let t = support::test_app().await;
    let (addr, _server) = serve(t.bare.clone()).await;
    let id = application(&t).await;
    let (good, mut ws) = started(&t, &addr, &id, "id_front").await;
    assert_eq!(id_side(&mut ws, 180).await["state"], "complete");
    let (dark, mut ws) = started(&t, &addr, &id, "id_back").await;
    assert_eq!(id_side(&mut ws, 25).await["state"], "complete");
    // An incomplete session: nothing to verify.
    let (_, mut ws) = started(&t, &addr, &id, "face").await;
    assert_eq!(
        send(&mut ws, 1, Part::End, &[]).await.unwrap()["state"],
        "incomplete"
    );

    let before = reviewed(&t, &id).await;
    assert!(
        before
            .iter()
            .all(|c| c["verification"].is_null() || c["verification"]["state"] == "queued"),
        "{before:?}"
    );
    assert!(verify_next(&t.state).await.unwrap());
    assert!(verify_next(&t.state).await.unwrap());
    assert!(
        !verify_next(&t.state).await.unwrap(),
        "two sessions to verify, no more"
    );

    let after = reviewed(&t, &id).await;
    let by_id = |s: &Value| after.iter().find(|c| c["id"] == s["id"]).unwrap().clone();
    let good = by_id(&good)["verification"].clone();
    assert_eq!(good["state"], "done");
    assert_eq!(good["attempts"], 1);
    let verdict = &good["results"][0];
    assert_eq!(verdict["check"], "picture_quality");
    assert_eq!(verdict["outcome"], "pass", "{verdict}");
    assert_eq!(verdict["measured"], 4);
    let dark = by_id(&dark)["verification"]["results"][0].clone();
    assert_eq!(dark["outcome"], "fail", "{dark}");
    assert!(dark["zh"].as_str().unwrap().contains("太暗"), "{dark}");
    // The evidence: the dark still, by its number, with what it measured.
    assert_eq!(dark["reported"][0]["seq"], 4);
    assert_eq!(dark["reported"][0]["feedback"], "too_dark");
    assert!(dark["reported"][0]["brightness"].as_f64().unwrap() < 60.0);
    let incomplete = after.iter().find(|c| c["kind"] == "face").unwrap();
    assert!(incomplete["verification"].is_null());

    // The applicant's list has the verdicts' words (to retake at once), not the evidence.
    let mine = captures(&t, &id).await;
    let back = mine.iter().find(|c| c["kind"] == "id_back").unwrap();
    let verdict = &back["verification"]["results"][0];
    assert_eq!(verdict["outcome"], "fail");
    assert!(verdict["en"].as_str().unwrap().contains("too dark"));
    assert!(
        verdict.get("reported").is_none() && verdict.get("measured").is_none(),
        "{verdict}"
    );
}

#[tokio::test]
async fn a_job_whose_worker_died_is_taken_again_after_its_lease_until_its_tries_run_out() {
    let t = support::test_app().await;
    let (addr, _server) = serve(t.bare.clone()).await;
    let id = application(&t).await;
    let (session, mut ws) = started(&t, &addr, &id, "id_front").await;
    id_side(&mut ws, 180).await;
    let sid = session["id"].as_str().unwrap();

    // A worker claims it and dies: nobody else takes it while the lease runs.
    assert_eq!(claimed(&t).await.unwrap(), sid);
    assert!(claimed(&t).await.is_none());
    assert!(!verify_next(&t.state).await.unwrap());
    // After the lease, the next worker verifies it.
    t.clock.advance(LEASE + time::Duration::seconds(1));
    assert!(verify_next(&t.state).await.unwrap());
    let done = &reviewed(&t, &id).await[0]["verification"];
    assert_eq!(done["state"], "done");
    assert_eq!(done["attempts"], 2);

    // A job that kills every worker that takes it ends failed after its tries.
    let (session, mut ws) = started(&t, &addr, &id, "id_back").await;
    id_side(&mut ws, 180).await;
    for _ in 0..MAX_ATTEMPTS {
        assert_eq!(claimed(&t).await.unwrap(), session["id"].as_str().unwrap());
        t.clock.advance(LEASE + time::Duration::seconds(1));
    }
    assert!(claimed(&t).await.is_none());
    let failed = reviewed(&t, &id).await;
    let failed = failed.iter().find(|c| c["id"] == session["id"]).unwrap();
    assert_eq!(failed["verification"]["state"], "failed");
    assert_eq!(failed["verification"]["attempts"], MAX_ATTEMPTS);
}
