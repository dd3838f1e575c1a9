//! How fast one verification worker checks capture sessions (a benchmark, not a test): streams
//! `N` applicants' real sessions (the ID card's two sides and the face with its three
//! challenges, from the capture media of `tests/fixtures/capture_media.py`) through the real
//! server, then lets one worker (`verify_next`, with the models of `BEIAN_MODELS`) verify them
//! all, and prints the time per session by kind and the sessions verified per minute.
//!
//! `cargo run --release -p beian-server --example verify_rate -- [applicants]` (after
//! `source scripts/env.sh` and the capture media in `target/capture-media`).

use std::time::Instant;

use beian_rules::capture::{message, Part};
use beian_server::clock::Clock;
use beian_server::config::Storage;
use beian_server::verifier::verify_next;
use beian_server::AppState;
use futures::{SinkExt, StreamExt};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

mod common;

/// A picture of the capture media as a JPEG of quality 80 (as the browser sends it).
fn media(name: &str) -> Vec<u8> {
    let dir =
        std::env::var("BEIAN_CAPTURE_MEDIA").unwrap_or_else(|_| "target/capture-media".into());
    let png = std::fs::read(format!("{dir}/{name}")).expect("the capture media");
    let mut decoder = zune_png::PngDecoder::new(&png);
    let pixels = decoder.decode_raw().unwrap();
    let (w, h) = decoder.get_dimensions().unwrap();
    let channels = pixels.len() / (w * h);
    let rgb: Vec<u8> = pixels
        .chunks(channels)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 80)
        .encode(&rgb, w as u16, h as u16, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

/// The messages of a session of `kind`: a card side (frames and the still), or the face (rest,
/// then each challenge's pose in its window).
fn messages(kind: &str, challenges: &[String]) -> Vec<(Part, Vec<u8>)> {
    let mut out = Vec::new();
    match kind {
        "face" => {
            let rest = media("face-rest.png");
            out.extend((0..10).map(|_| (Part::Frame, rest.clone())));
            for (i, c) in challenges.iter().enumerate() {
                let marker = |event: &str| {
                    serde_json::to_vec(&json!({ "challenge": i, "event": event })).unwrap()
                };
                out.push((Part::Marker, marker("shown")));
                let pose = media(&format!("face-{c}.png"));
                for n in 0..30 {
                    out.push((
                        Part::Frame,
                        if (5..15).contains(&n) {
                            pose.clone()
                        } else {
                            rest.clone()
                        },
                    ));
                }
                out.push((Part::Marker, marker("done")));
            }
        }
        side => {
            let frame = media(&format!("{}-frame.png", side.replace('_', "-")));
            out.extend((0..10).map(|_| (Part::Frame, frame.clone())));
            out.push((Part::Still, frame));
        }
    }
    out.push((Part::End, Vec::new()));
    out
}

#[tokio::main]
async fn main() {
    let applicants: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(4);
    let models = std::env::var("BEIAN_MODELS").expect("BEIAN_MODELS (source scripts/env.sh)");
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open_with_clock(&Storage::local(dir.path()), Clock::system())
        .await
        .unwrap()
        .with_models(Some(models.into()));
    let addr = common::serve(&state, dir.path()).await;
    let http = reqwest::Client::new();
    let mut kinds = std::collections::HashMap::new();
    for i in 0..applicants {
        let (cookie, id) = common::applicant(&state, &http, addr, &format!("138{i:08}")).await;
        for kind in ["id_front", "id_back", "face"] {
            let session = common::session(&http, addr, &cookie, &id, kind).await;
            let challenges: Vec<String> = session["challenges"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|c| c["key"].as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let mut ws = common::open(addr, &session, &cookie).await;
            let _resume = ws.next().await;
            for (seq, (part, payload)) in messages(kind, &challenges).into_iter().enumerate() {
                ws.send(Message::Binary(
                    message(seq as u32 + 1, part, &payload).into(),
                ))
                .await
                .unwrap();
                let _ack = ws.next().await;
            }
            kinds.insert(session["id"].as_str().unwrap().to_owned(), kind);
        }
    }
    // The models load on the first verification: load them before the clock starts.
    let slot = state.models.clone();
    tokio::task::spawn_blocking(move || slot.get().map(|_| ()))
        .await
        .unwrap()
        .expect("the models");
    let mut times: std::collections::BTreeMap<&str, Vec<f64>> = Default::default();
    let started = Instant::now();
    loop {
        let one = Instant::now();
        let claimed = state.store.claim_verification().await.unwrap();
        let Some(session) = claimed else { break };
        let verdicts = beian_server::verifier::verify(&state, &session)
            .await
            .unwrap();
        state
            .store
            .finish_verification(&session.id, &serde_json::to_string(&verdicts).unwrap())
            .await
            .unwrap();
        let kind = kinds.get(&session.id).copied().unwrap_or("?");
        let outcomes: Vec<String> = verdicts
            .iter()
            .map(|v| format!("{}={:?}", v.check, v.outcome))
            .collect();
        eprintln!(
            "{kind}: {:.0} ms {outcomes:?}",
            one.elapsed().as_secs_f64() * 1e3
        );
        times
            .entry(kind)
            .or_default()
            .push(one.elapsed().as_secs_f64());
    }
    assert!(!verify_next(&state).await.unwrap(), "the queue is empty");
    let total = started.elapsed().as_secs_f64();
    let count: usize = times.values().map(Vec::len).sum();
    for (kind, t) in &times {
        println!(
            "{kind}: {} sessions, {:.0} ms each on average",
            t.len(),
            t.iter().sum::<f64>() / t.len() as f64 * 1e3
        );
    }
    println!("one worker: {count} sessions in {total:.1} s = {:.0} sessions a minute ({:.0} applicants' three sessions)", count as f64 / total * 60.0, count as f64 / total * 20.0);
}
