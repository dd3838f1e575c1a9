//! The server's checks of what a person captured, in the capture step as soon as they are known
//! (the photo too dark is said now, not by the 初审 a day later): each kind's last complete
//! session, being checked, passed, or failed with the reason and a button to take it again.

use beian_rules::capture::CaptureKind;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::live_capture::latest_complete;
use crate::api::{self, CaptureListed};
use crate::capture::kind_title;
use crate::i18n::{both, t, tr};
use crate::wizard::use_wizard;

/// Reads of the list while checks are pending, a second and a half apart (about a minute).
const POLLS: u32 = 40;
const POLL_MS: i32 = 1500;

/// `refresh`: changes when a capture ends (the list is read again, and while checks are pending);
/// `on_retake`: the index in [`CaptureKind::ALL`] of a kind to take again.
#[component]
pub fn CaptureChecks(
    person: String,
    #[prop(into)] refresh: Signal<usize>,
    on_retake: Callback<usize>,
) -> impl IntoView {
    let w = use_wizard();
    let sessions = RwSignal::new(Vec::<CaptureListed>::new());
    let person = StoredValue::new(person);
    // Read again when a capture ends, and once the draft has its id on the server (a memo: every
    // save sets the id again, with the same value).
    let app_id = Memo::new(move |_| w.app_id.get());
    Effect::new(move |_| {
        refresh.track();
        if let Some(id) = app_id.get() {
            spawn_local(poll(id, sessions, person.get_value()));
        }
    });
    let rows = move || {
        let list = sessions.get();
        let mine = person.get_value();
        CaptureKind::ALL
            .iter()
            .enumerate()
            .filter_map(|(i, kind)| {
                let s = latest_complete(&list, &mine, *kind)?;
                let verdicts = s
                    .verification
                    .as_ref()
                    .and_then(|v| v.results.clone())
                    .unwrap_or_default();
                let failed: Vec<_> = verdicts
                    .iter()
                    .filter(|v| v.outcome == "fail")
                    .cloned()
                    .collect();
                let (outcome, text) = if s.checking() {
                    ("checking", tr(t::CAPTURE_CHECKING))
                } else if !failed.is_empty() {
                    let reasons = failed
                        .into_iter()
                        .map(|v| view! { <span class="reason">{both(v.zh, v.en)}</span> })
                        .collect_view();
                    ("fail", view! { {reasons} }.into_any())
                } else if verdicts.iter().any(|v| v.outcome == "review") {
                    ("review", tr(t::CAPTURE_CHECKED_REVIEW))
                } else if verdicts.is_empty() {
                    // Not checked (the checks could not run): a reviewer looks.
                    ("review", tr(t::CAPTURE_CHECKED_REVIEW))
                } else {
                    ("pass", tr(t::CAPTURE_CHECKED_PASS))
                };
                let retake = (outcome == "fail").then(|| {
                    view! {
                        <button type="button" class="retake" on:click=move |_| on_retake.run(i)>
                            {tr(t::CAPTURE_RETAKE)}
                        </button>
                    }
                });
                let class = match outcome {
                    "fail" => "msg msg-error",
                    "pass" => "msg msg-ok",
                    _ => "msg msg-info",
                };
                Some(view! {
                    <li class=class data-kind=kind.key() data-outcome=outcome>
                        <strong>{tr(kind_title(*kind))}</strong> " " {text} {retake}
                    </li>
                })
            })
            .collect_view()
    };
    view! {
        <ul class="capture-checks" aria-live="polite">{rows}</ul>
    }
}

/// Reads the list now, then again while any of the person's checks is pending.
async fn poll(id: String, sessions: RwSignal<Vec<CaptureListed>>, person: String) {
    for _ in 0..POLLS {
        let Ok(list) = api::captures(&id).await else {
            return;
        };
        let pending = CaptureKind::ALL
            .iter()
            .any(|k| latest_complete(&list, &person, *k).is_some_and(CaptureListed::checking));
        if sessions.try_set(list).is_some() || !pending {
            return;
        }
        crate::clock::sleep(POLL_MS).await;
    }
}
