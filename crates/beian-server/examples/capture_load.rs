//! Load on the capture stream (a benchmark, not a test): N capture sessions at once, each sending
//! 640×480-sized JPEG frames (`FRAME_KB`, default 40 KB) at 10 a second for `SECONDS`, through
//! the real server on a loopback socket (SQLite and a media folder in a temporary directory, or
//! `BEIAN_TEST_DATABASE_URL` / `BEIAN_TEST_MEDIA_URL` as the tests use them). Each client keeps
//! at most the protocol's window of unacknowledged frames and leaves frames out beyond it, as
//! the browser does. Prints frames sent and acknowledged, lost (sent but never acknowledged),
//! frames left out, acknowledgement latency (p50, p99), MB stored, and the process's CPU time
//! per MB and memory (client and server share the process: both are counted).
//!
//! `cargo run --release -p beian-server --example capture_load -- <sessions> [seconds]`

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use beian_rules::capture::{limits, message, Part};
use beian_server::clock::Clock;
use beian_server::config::Storage;
use beian_server::AppState;
use futures::{SinkExt, StreamExt};
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;

mod common;

const FPS: u64 = 10;

fn frame(kb: usize) -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0];
    j.extend((0..kb * 1024).map(|i| (i * 7 % 251) as u8));
    j.extend([0xFF, 0xD9]);
    j
}

/// Process CPU seconds (user + system) and resident memory in MB, from /proc.
fn usage() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, r)| r.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let cpu = (ticks(11) + ticks(12)) / 100.0;
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let rss_kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .unwrap_or(0.0);
    (cpu, rss_kb / 1024.0)
}

#[derive(Default)]
struct Totals {
    sent: AtomicU64,
    acked: AtomicU64,
    skipped: AtomicU64,
    bytes: AtomicU64,
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sessions: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let seconds: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10);
    let kb: usize = std::env::var("FRAME_KB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let dir = tempfile::tempdir().unwrap();
    let storage = Storage {
        database_url: std::env::var("BEIAN_TEST_DATABASE_URL").ok(),
        media_url: std::env::var("BEIAN_TEST_MEDIA_URL").ok(),
        ..Storage::local(dir.path())
    };
    let state = AppState::open_with_clock(&storage, Clock::system())
        .await
        .unwrap();
    let addr = common::serve(&state, dir.path()).await;
    let http = reqwest::Client::new();

    // One applicant, one application and one face session per client (a person has one open
    // session per kind).
    let mut clients = Vec::new();
    for i in 0..sessions {
        let (cookie, id) = common::applicant(&state, &http, addr, &format!("139{:08}", i)).await;
        let session = common::session(&http, addr, &cookie, &id, "face").await;
        clients.push((cookie, session));
    }

    let totals = Arc::new(Totals::default());
    let latencies = Arc::new(std::sync::Mutex::new(Vec::<f64>::new()));
    let payload = Arc::new(frame(kb));
    let (cpu0, _) = usage();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (cookie, session) in clients {
        let (totals, latencies, payload) = (totals.clone(), latencies.clone(), payload.clone());
        tasks.push(tokio::spawn(async move {
            let ws = common::open(addr, &session, &cookie).await;
            let (mut tx, mut rx) = ws.split();
            let sent_at = Arc::new(std::sync::Mutex::new(std::collections::HashMap::new()));
            let acked = Arc::new(AtomicU64::new(0));
            let reader = {
                let (sent_at, acked, totals, latencies) = (
                    sent_at.clone(),
                    acked.clone(),
                    totals.clone(),
                    latencies.clone(),
                );
                tokio::spawn(async move {
                    while let Some(Ok(Message::Text(t))) = rx.next().await {
                        let v: Value = serde_json::from_str(&t).unwrap_or_default();
                        if let Some(n) = v["ack"].as_u64() {
                            acked.store(n, Ordering::Relaxed);
                            totals.acked.fetch_add(1, Ordering::Relaxed);
                            if let Some(at) = sent_at.lock().unwrap().remove(&n) {
                                let at: Instant = at;
                                latencies
                                    .lock()
                                    .unwrap()
                                    .push(at.elapsed().as_secs_f64() * 1e3);
                            }
                        }
                    }
                })
            };
            let mut tick = tokio::time::interval(Duration::from_millis(1000 / FPS));
            let mut seq = 0u64;
            for _ in 0..seconds * FPS {
                tick.tick().await;
                if seq - acked.load(Ordering::Relaxed) >= u64::from(limits::IN_FLIGHT) {
                    totals.skipped.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                seq += 1;
                sent_at.lock().unwrap().insert(seq, Instant::now());
                let m = message(seq as u32, Part::Frame, &payload);
                if tx.send(Message::Binary(m.into())).await.is_err() {
                    break;
                }
                totals.sent.fetch_add(1, Ordering::Relaxed);
                totals
                    .bytes
                    .fetch_add(payload.len() as u64, Ordering::Relaxed);
            }
            // Wait for the last acknowledgements (at most 5 s), then go.
            let deadline = Instant::now() + Duration::from_secs(5);
            while acked.load(Ordering::Relaxed) < seq && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            let _ = tx.close().await;
            reader.abort();
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let (cpu1, rss) = usage();
    let mut lat = latencies.lock().unwrap().clone();
    lat.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    let sent = totals.sent.load(Ordering::Relaxed);
    let acked = totals.acked.load(Ordering::Relaxed);
    let mb = totals.bytes.load(Ordering::Relaxed) as f64 / 1e6;
    println!(
        "{sessions} sessions × {seconds} s at {FPS} fps of {kb} KB ({}): sent {sent}, acknowledged {acked}, lost {}, left out {}; ack latency p50 {:.1} ms, p99 {:.1} ms; {:.1} MB in {:.1} s ({:.1} MB/s); CPU {:.4} s per MB; RSS {:.0} MB ({:.2} MB per session)",
        state.store.backend().name(),
        sent.saturating_sub(acked),
        totals.skipped.load(Ordering::Relaxed),
        pct(0.5),
        pct(0.99),
        mb,
        elapsed,
        mb / elapsed,
        (cpu1 - cpu0) / mb.max(0.001),
        rss,
        rss / sessions.max(1) as f64,
    );
}
