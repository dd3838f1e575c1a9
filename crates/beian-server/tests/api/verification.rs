//! The verification worker on finished capture sessions: a complete session is queued once, the
//! worker decodes and measures its real JPEG pictures and records a verdict with its evidence
//! (the reviewer's detail shows it), an incomplete session is not queued, and a job whose worker
//! died is taken again after its lease until its tries run out.

use crate::capture::{
    application, application_of, captures, reviewed, send, serve, started, Socket,
};
use crate::support;

use beian_rules::capture::Part;
use beian_server::verifications::{LEASE, MAX_ATTEMPTS};
use beian_server::verifier::verify_next;
use beian_server::AppState;
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
async fn the_worker_runs_the_queue_and_stops_when_told_leaving_no_job_half_done() {
    let t = support::test_app().await;
    let (addr, _server) = serve(t.bare.clone()).await;
    let id = application(&t).await;
    let (session, mut ws) = started(&t, &addr, &id, "id_front").await;
    id_side(&mut ws, 180).await;
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(beian_server::verifier::run(t.state.clone(), stopping));
    // It takes the waiting job by itself.
    let mut state = Value::Null;
    for _ in 0..200 {
        let listed = reviewed(&t, &id).await;
        state = listed.iter().find(|c| c["id"] == session["id"]).unwrap()["verification"]["state"]
            .clone();
        if state == "done" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(state, "done");
    // Told to stop while it waits for work, it ends (the bound only keeps a broken stop from
    // hanging the tests).
    stop.send(true).unwrap();
    tokio::time::timeout(beian_server::verifier::STOP_WAIT, worker)
        .await
        .expect("the worker stops when told")
        .unwrap();
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

/// A worker with the models verifies the sessions of `id` that are waiting: the verdicts of
/// the session `session`, by check.
async fn verified(t: &support::TestApp, id: &str, session: &Value) -> Vec<Value> {
    while verify_next(&t.state).await.unwrap() {}
    let listed = reviewed(t, id).await;
    let entry = listed.iter().find(|c| c["id"] == session["id"]).unwrap();
    assert_eq!(entry["verification"]["state"], "done", "{entry}");
    entry["verification"]["results"].as_array().unwrap().clone()
}

fn check<'a>(verdicts: &'a [Value], key: &str) -> &'a Value {
    verdicts
        .iter()
        .find(|v| v["check"] == key)
        .unwrap_or_else(|| panic!("no {key} in {verdicts:?}"))
}

/// Streams a card side as the rear camera sees it: two frames and the kept still.
async fn card(ws: &mut Socket, name: &str) -> Value {
    let frame = support::capture_media_jpeg(name);
    for seq in 1..=2 {
        send(ws, seq, Part::Frame, &frame).await.unwrap();
    }
    send(ws, 3, Part::Still, &frame).await.unwrap();
    send(ws, 4, Part::End, &[]).await.unwrap()
}

#[tokio::test]
async fn the_cards_text_is_read_and_matches_the_form() {
    let t = support::test_app_with(|s| AppState {
        models: support::models(),
        ..s
    })
    .await;
    let (addr, _server) = serve(t.bare.clone()).await;
    let id = application(&t).await;
    let (front, mut ws) = started(&t, &addr, &id, "id_front").await;
    assert_eq!(
        card(&mut ws, "id-front-frame.png").await["state"],
        "complete"
    );
    let (back, mut ws) = started(&t, &addr, &id, "id_back").await;
    assert_eq!(
        card(&mut ws, "id-back-frame.png").await["state"],
        "complete"
    );

    let verdicts = verified(&t, &id, &front).await;
    let number = check(&verdicts, "id_number");
    assert_eq!(number["outcome"], "pass", "{number}");
    // The evidence: the still, by its number, and the text read on it.
    assert_eq!(number["evidence"][0]["seq"], 3);
    assert_eq!(number["evidence"][0]["text"], "440305199003071236");
    assert_eq!(check(&verdicts, "id_name")["outcome"], "pass");
    let verdicts = verified(&t, &id, &back).await;
    let validity = check(&verdicts, "id_validity");
    assert_eq!(validity["outcome"], "pass", "{validity}");
    assert!(
        validity["zh"].as_str().unwrap().contains("2040-03-07"),
        "{validity}"
    );
}

#[tokio::test]
async fn a_card_whose_number_is_not_the_forms_fails_in_words_the_applicant_sees() {
    let t = support::test_app_with(|s| AppState {
        models: support::models(),
        ..s
    })
    .await;
    let (addr, _server) = serve(t.bare.clone()).await;
    // The form names another person's number for the 负责人.
    let mut document = support::example();
    document["websites"][0]["owner"]["certificate_number"] = "11010519491231002X".into();
    let id = application_of(&t, &document).await;
    let (front, mut ws) = started(&t, &addr, &id, "id_front").await;
    assert_eq!(
        card(&mut ws, "id-front-frame.png").await["state"],
        "complete"
    );
    let verdicts = verified(&t, &id, &front).await;
    let number = check(&verdicts, "id_number");
    assert_eq!(number["outcome"], "fail", "{number}");
    // The applicant's list says it in plain words, while still in the capture step.
    let mine = captures(&t, &id).await;
    let listed = mine.iter().find(|c| c["id"] == front["id"]).unwrap();
    let words: Vec<&str> = listed["verification"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["outcome"] == "fail")
        .map(|v| v["en"].as_str().unwrap())
        .collect();
    assert!(
        words
            .iter()
            .any(|w| w.contains("does not match the number you entered")),
        "{words:?}"
    );
}

/// Streams a face session: `rest` frames at rest, then each challenge shown, `during` (a pose
/// of the capture media per challenge, or rest) for 3 s at 10 fps, and its end marker.
async fn face(
    ws: &mut Socket,
    challenges: &[String],
    pose: impl Fn(&str) -> &'static str,
) -> Value {
    let rest = support::capture_media_jpeg("face-rest.png");
    let mut seq = 0;
    for _ in 0..10 {
        seq += 1;
        send(ws, seq, Part::Frame, &rest).await.unwrap();
    }
    for (i, challenge) in challenges.iter().enumerate() {
        let marker = |event: &str| {
            serde_json::to_vec(&serde_json::json!({ "challenge": i, "event": event })).unwrap()
        };
        seq += 1;
        send(ws, seq, Part::Marker, &marker("shown")).await.unwrap();
        let moved = support::capture_media_jpeg(pose(challenge));
        for n in 0..30 {
            seq += 1;
            // Half a second to react, a second in the pose, then back to rest.
            let frame = if (5..15).contains(&n) { &moved } else { &rest };
            send(ws, seq, Part::Frame, frame).await.unwrap();
        }
        seq += 1;
        send(ws, seq, Part::Marker, &marker("done")).await.unwrap();
    }
    seq += 1;
    send(ws, seq, Part::End, &[]).await.unwrap()
}

fn challenges(session: &Value) -> Vec<String> {
    session["challenges"]
        .as_array()
        .unwrap_or_else(|| panic!("{session}"))
        .iter()
        .map(|c| c["key"].as_str().or(c.as_str()).unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_face_that_follows_its_challenges_passes_and_one_that_does_not_fails() {
    let t = support::test_app_with(|s| AppState {
        models: support::models(),
        ..s
    })
    .await;
    let (addr, _server) = serve(t.bare.clone()).await;
    let id = application(&t).await;

    let (followed, mut ws) = started(&t, &addr, &id, "face").await;
    let asked = challenges(&followed);
    let pose = |c: &str| match c {
        "turn_left" => "face-turn_left.png",
        "turn_right" => "face-turn_right.png",
        "nod" => "face-nod.png",
        "look_up" => "face-look_up.png",
        other => panic!("challenge {other}"),
    };
    assert_eq!(face(&mut ws, &asked, pose).await["state"], "complete");
    let verdicts = verified(&t, &id, &followed).await;
    let one = check(&verdicts, "face");
    assert_eq!(one["outcome"], "pass", "{one}");
    let done = check(&verdicts, "challenges");
    assert_eq!(done["outcome"], "pass", "{done}");
    // Each challenge's evidence is a frame of its window showing the movement.
    assert_eq!(done["evidence"].as_array().unwrap().len(), asked.len());

    // The same, with the movements in the wrong order: each shown a challenge late.
    let (wrong, mut ws) = started(&t, &addr, &id, "face").await;
    let asked = challenges(&wrong);
    let late = |c: &str| {
        let i = asked.iter().position(|a| a == c).unwrap();
        pose(&asked[(i + 1) % asked.len()])
    };
    assert_eq!(face(&mut ws, &asked, late).await["state"], "complete");
    let verdicts = verified(&t, &id, &wrong).await;
    assert_eq!(check(&verdicts, "face")["outcome"], "pass");
    let done = check(&verdicts, "challenges");
    assert_eq!(done["outcome"], "fail", "{done}");
    assert!(
        done["en"].as_str().unwrap().contains("Not done as asked"),
        "{done}"
    );
}
