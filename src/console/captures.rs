//! The live captures of a filing (真实性核验), for a reviewer: by person, each session with how it
//! ended, the photos kept, the frame at which each face challenge was done, frames spread over
//! the session, and the recording. Complete sessions are open; the others are folded.

use beian_rules::capture::SessionState;
use beian_rules::identity_check::people_to_check;
use beian_rules::FilingDraft;
use leptos::prelude::*;

use super::api::{self, CaptureEntry, CaptureVerification, EvidenceEntry, VerdictEntry};
use crate::capture::kind_title;
use crate::i18n::{both, t, tr, Text};
use beian_rules::capture_quality::Feedback;

fn state_text(state: SessionState) -> Text {
    match state {
        SessionState::Open => t::CONSOLE_CAPTURE_OPEN,
        SessionState::Complete => t::CONSOLE_CAPTURE_COMPLETE,
        SessionState::Incomplete => t::CONSOLE_CAPTURE_INCOMPLETE,
        SessionState::Expired => t::CONSOLE_CAPTURE_EXPIRED,
    }
}

/// A stored time (`2026-11-23T19:06:05.524Z`) to the second, as the server keeps it (UTC).
fn shown_time(at: &str) -> String {
    format!("{} UTC", at.get(..19).unwrap_or(at).replace('T', " "))
}

/// The sessions under the person they are of (the filing's people first, in its order), newest
/// first.
#[component]
pub fn Captures(draft: FilingDraft, captures: Vec<CaptureEntry>) -> impl IntoView {
    if captures.is_empty() {
        return view! { <p class="empty">{tr(t::CONSOLE_NO_CAPTURES)}</p> }.into_any();
    }
    let people = people_to_check(&draft);
    let mut paths: Vec<String> = people.iter().map(|p| p.path.clone()).collect();
    for c in &captures {
        if !paths.contains(&c.person) {
            paths.push(c.person.clone());
        }
    }
    paths
        .into_iter()
        .filter_map(|path| {
            let mine: Vec<CaptureEntry> = captures
                .iter()
                .filter(|c| c.person == path)
                .cloned()
                .collect();
            if mine.is_empty() {
                return None;
            }
            let name = people
                .iter()
                .find(|p| p.path == path)
                .map(|p| p.name.clone())
                .unwrap_or_default();
            let shown = path.clone();
            Some(view! {
                <h4 class="capture-person" data-person=path>
                    {name} " " <code class="path">{shown}</code>
                </h4>
                {mine.into_iter().map(|c| view! { <Session capture=c /> }).collect_view()}
            })
        })
        .collect_view()
        .into_any()
}

#[component]
fn Session(capture: CaptureEntry) -> impl IntoView {
    let id = capture.id.clone();
    let image = move |seq: u32, alt: String| {
        let url = api::capture_image_url(&id, seq);
        let full = url.clone();
        view! {
            <a href=full target="_blank" rel="noopener">
                <img src=url alt=alt loading="lazy" width="120" data-seq=seq />
            </a>
        }
    };
    let title = kind_title(capture.kind);
    let media = capture.media;
    let summary = t::CONSOLE_CAPTURE_SUMMARY.view_with(&[
        &capture.received.frames.to_string(),
        &capture.received.stills.to_string(),
        &shown_time(&capture.created_at),
    ]);
    let challenges = (!capture.challenges.is_empty()).then(|| {
        view! {
            <p class="capture-challenges">
                {t::CONSOLE_CAPTURE_CHALLENGES.view_with(&[
                    &capture.received.challenges_done.len().to_string(),
                    &capture.challenges.len().to_string(),
                ])}
            </p>
        }
    });
    let moments = (!media.challenges_done_at.is_empty()).then(|| {
        let image = image.clone();
        view! {
            <h5>{tr(t::CONSOLE_CAPTURE_MOMENTS)}</h5>
            <ul class="capture-strip capture-moments">
                {media.challenges_done_at.into_iter().map(|m| {
                    let alt = crate::i18n::plain(&m.zh, &m.en);
                    view! {
                        <li>
                            {m.frame.map(|f| image(f, alt))}
                            <span>{both(m.zh, m.en)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    });
    let strip = |heading: Text, class: &'static str, seqs: Vec<u32>| {
        let image = image.clone();
        (!seqs.is_empty()).then(|| {
            let alt = title.plain();
            view! {
                <h5>{tr(heading)}</h5>
                <ul class=format!("capture-strip {class}")>
                    {seqs.into_iter().map(|s| view! { <li>{image(s, alt.clone())}</li> }).collect_view()}
                </ul>
            }
        })
    };
    let stills = strip(t::CONSOLE_CAPTURE_STILLS, "capture-stills", media.stills);
    let frames = strip(t::CONSOLE_CAPTURE_FRAMES, "capture-frames", media.frames);
    let recording = match media.recording {
        Some(r) => view! {
            <h5>{tr(t::CONSOLE_CAPTURE_RECORDING)}</h5>
            <video class="capture-recording" controls preload="none" playsinline
                src=api::capture_recording_url(&capture.id) data-mime=r.mime data-bytes=r.bytes></video>
        }
        .into_any(),
        None => view! { <p class="empty">{tr(t::CONSOLE_CAPTURE_NO_RECORDING)}</p> }.into_any(),
    };
    let verification = capture
        .verification
        .clone()
        .map(|v| view! { <Verification verification=v session=capture.id.clone() /> });
    let complete = capture.state == SessionState::Complete;
    view! {
        <details class="capture" data-kind=capture.kind.key() data-state=capture.state.key()
            data-capture=capture.id.clone() open=complete>
            <summary>
                {tr(title)} " · "
                <span class=if complete { "badge ok" } else { "badge" }>{tr(state_text(capture.state))}</span>
                " · " {summary}
            </summary>
            {verification}
            {challenges}
            {moments}
            {stills}
            {frames}
            {recording}
        </details>
    }
}

/// The server's checks of a session: waiting, running, failed to run, or each verdict with the
/// pictures it reports (each opening full size, with what it measured).
#[component]
fn Verification(verification: CaptureVerification, session: String) -> impl IntoView {
    let state = match verification.state.as_str() {
        "queued" => Some(t::CONSOLE_VERIFY_QUEUED),
        "running" => Some(t::CONSOLE_VERIFY_RUNNING),
        "failed" => Some(t::CONSOLE_VERIFY_FAILED),
        _ => None,
    };
    let verdicts = verification.results.unwrap_or_default();
    view! {
        <div class="verification" data-state=verification.state.clone()>
            <h5>{tr(t::CONSOLE_VERIFY_TITLE)}</h5>
            {state.map(|s| view! { <p class="msg msg-info">{tr(s)}</p> })}
            {verdicts.into_iter().map(|v| view! { <Verdict verdict=v session=session.clone() /> }).collect_view()}
        </div>
    }
}

#[component]
fn Verdict(verdict: VerdictEntry, session: String) -> impl IntoView {
    let (class, outcome) = match verdict.outcome.as_str() {
        "pass" => ("msg msg-ok", t::CONSOLE_VERIFY_PASS),
        "fail" => ("msg msg-error", t::CONSOLE_VERIFY_FAIL),
        _ => ("msg msg-warning", t::CONSOLE_VERIFY_REVIEW),
    };
    let reported = (!verdict.reported.is_empty()).then(|| {
        view! {
            <p class="verdict-reported-title">{tr(t::CONSOLE_VERIFY_REPORTED)}</p>
            <ul class="capture-strip verdict-reported">
                {verdict.reported.into_iter().map(|p| {
                    let url = api::capture_image_url(&session, p.seq);
                    let full = url.clone();
                    let (zh, en) = Feedback::from_key(&p.feedback).map_or(("", ""), Feedback::message);
                    let label = format!("#{} · {:.0} / {:.0}", p.seq, p.brightness, p.sharpness);
                    view! {
                        <li data-seq=p.seq data-feedback=p.feedback.clone()>
                            <a href=full target="_blank" rel="noopener">
                                <img src=url alt=crate::i18n::plain(zh, en) loading="lazy" width="120" />
                            </a>
                            <span>{both(zh, en)}</span>
                            <span class="measures">{label}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    });
    let evidence = (!verdict.evidence.is_empty()).then(|| {
        view! {
            <p class="verdict-reported-title">{tr(t::CONSOLE_VERIFY_EVIDENCE)}</p>
            <ul class="capture-strip verdict-evidence">
                {verdict.evidence.into_iter().map(|e| view! { <Evidence evidence=e session=session.clone() /> }).collect_view()}
            </ul>
        }
    });
    let counts = (verdict.measured > 0).then(|| {
        view! {
            " " <span class="counts">{t::CONSOLE_VERIFY_COUNTS.view_with(&[&verdict.measured.to_string(), &verdict.good.to_string()])}</span>
        }
    });
    view! {
        <div class="verdict" data-check=verdict.check.clone() data-outcome=verdict.outcome.clone()>
            <p class=class>
                {check_title(&verdict.check).map(|title| view! { <span class="check">{tr(title)}</span> " " })}
                <strong>{tr(outcome)}</strong> " " {crate::i18n::message(verdict.zh, verdict.en)}
                {counts}
            </p>
            {reported}
            {evidence}
        </div>
    }
}

/// The name of a check (`beian_rules::capture_verdict`, `face_verdict`, `card_verdict`).
fn check_title(check: &str) -> Option<crate::i18n::Text> {
    Some(match check {
        "picture_quality" => t::CONSOLE_CHECK_PICTURE_QUALITY,
        "face" => t::CONSOLE_CHECK_FACE,
        "challenges" => t::CONSOLE_CHECK_CHALLENGES,
        "id_number" => t::CONSOLE_CHECK_ID_NUMBER,
        "id_name" => t::CONSOLE_CHECK_ID_NAME,
        "id_validity" => t::CONSOLE_CHECK_ID_VALIDITY,
        "models" => t::CONSOLE_CHECK_MODELS,
        _ => return None,
    })
}

/// A picture a verdict rests on, opening full size, with what was seen and read in it.
#[component]
fn Evidence(evidence: EvidenceEntry, session: String) -> impl IntoView {
    let url = api::capture_image_url(&session, evidence.seq);
    let full = url.clone();
    let alt = crate::i18n::plain(&evidence.zh, &evidence.en);
    let score = evidence
        .score
        .map(|s| view! { <span class="measures">{t::CONSOLE_EVIDENCE_SCORE.view_with(&[&format!("{s:.2}")])}</span> });
    view! {
        <li data-seq=evidence.seq>
            <a href=full target="_blank" rel="noopener">
                <img src=url alt=alt loading="lazy" width="120" />
            </a>
            <span>"#" {evidence.seq} " " {both(evidence.zh, evidence.en)}</span>
            {evidence.text.map(|text| view! { <code class="read">{text}</code> })}
            {score}
        </li>
    }
}
