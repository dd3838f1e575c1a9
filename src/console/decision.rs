//! The decision on a filing: the buttons the lifecycle allows in its status (the rules crate's
//! state machine decides which), and for a return, the reasons chosen on the fields. Errors show
//! here, next to the buttons, in both languages.

use beian_rules::lifecycle::{next, Event, Status};
use beian_rules::review::ReturnReason;
use beian_rules::Message;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::api;
use crate::api::{ApiError, Numbers};
use crate::i18n::{t, tr, Text};

/// A field a reviewer is returning, with the reason being written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReasonDraft {
    pub field: String,
    pub zh: String,
    pub en: String,
}

/// A decision the console offers: the event it is, the endpoint's word for it, its button.
struct Choice {
    event: Event,
    /// `…/bureau` instead of `…/review`.
    bureau: bool,
    decision: &'static str,
    /// It returns the filing: reasons are needed.
    returns: bool,
    label: Text,
}

const CHOICES: [Choice; 6] = [
    Choice {
        event: Event::FirstReviewApprove,
        bureau: false,
        decision: "approve",
        returns: false,
        label: t::CONSOLE_DECISION_APPROVE,
    },
    Choice {
        event: Event::RequestDocuments,
        bureau: false,
        decision: "request_documents",
        returns: false,
        label: t::CONSOLE_DECISION_REQUEST_DOCUMENTS,
    },
    Choice {
        event: Event::DocumentsReceived,
        bureau: false,
        decision: "documents_received",
        returns: false,
        label: t::CONSOLE_DECISION_DOCUMENTS_RECEIVED,
    },
    Choice {
        event: Event::FirstReviewReject,
        bureau: false,
        decision: "reject",
        returns: true,
        label: t::CONSOLE_DECISION_REJECT,
    },
    Choice {
        event: Event::BureauApprove,
        bureau: true,
        decision: "approve",
        returns: false,
        label: t::CONSOLE_DECISION_BUREAU_APPROVE,
    },
    Choice {
        event: Event::BureauReject,
        bureau: true,
        decision: "reject",
        returns: true,
        label: t::CONSOLE_DECISION_BUREAU_REJECT,
    },
];

/// The indexes of the decisions possible in `status`.
pub fn possible(status: &str) -> Vec<usize> {
    let Some(status) = Status::parse(status) else {
        return Vec::new();
    };
    (0..CHOICES.len())
        .filter(|&i| next(status, CHOICES[i].event, true).is_some())
        .collect()
}

/// Whether a filing in `status` can be returned (its fields offer a reason).
pub fn can_return(status: &str) -> bool {
    possible(status).into_iter().any(|i| CHOICES[i].returns)
}

/// The reasons to send, or the message that says what is missing.
pub fn reasons_to_send(drafts: &[ReasonDraft]) -> Result<Vec<ReturnReason>, Text> {
    if drafts.is_empty() {
        return Err(t::CONSOLE_REASONS_NEEDED);
    }
    drafts
        .iter()
        .map(|d| {
            let (zh, en) = (d.zh.trim(), d.en.trim());
            if zh.is_empty() || en.is_empty() {
                return Err(t::CONSOLE_REASON_MISSING);
            }
            Ok(ReturnReason {
                field: d.field.clone(),
                message: Message {
                    zh_cn: zh.to_owned(),
                    en: en.to_owned(),
                },
                reviewed: serde_json::Value::Null,
            })
        })
        .collect()
}

/// What the panel says under its buttons.
#[derive(Clone, Debug, PartialEq)]
enum Said {
    Nothing,
    Missing(Text),
    Failed(ApiError),
}

#[component]
pub fn DecisionPanel(
    id: String,
    status: String,
    reasons: RwSignal<Vec<ReasonDraft>>,
    /// Runs after a decision is recorded (the page loads the filing again).
    on_decided: Callback<()>,
    /// The filing acts on a 备案号 this platform has no record of, with this many websites:
    /// the 管局's approval must give the numbers it issued.
    #[prop(default = None)]
    numbers_for_sites: Option<usize>,
) -> impl IntoView {
    let choices = possible(&status);
    // The 管局's numbers: the subject's, then one per website.
    let numbers = RwSignal::new(vec![String::new(); numbers_for_sites.map_or(0, |n| n + 1)]);
    let said = RwSignal::new(Said::Nothing);
    let busy = RwSignal::new(false);
    if choices.is_empty() {
        return view! {
            <section class="console-section decision" id="decision">
                <h3>{tr(t::CONSOLE_DECIDE)}</h3>
                <p class="field-hint">{tr(t::CONSOLE_NO_ACTION)}</p>
            </section>
        }
        .into_any();
    }
    // A missing reason is said until the reasons change.
    Effect::new(move |_| {
        reasons.track();
        if matches!(said.get_untracked(), Said::Missing(_)) {
            said.set(Said::Nothing);
        }
    });
    let decide = move |index: usize| {
        let choice = &CHOICES[index];
        let sent = if choice.returns {
            match reasons.with_untracked(|r| reasons_to_send(r)) {
                Ok(r) => r,
                Err(text) => {
                    said.set(Said::Missing(text));
                    crate::focus::element("#decision-messages");
                    return;
                }
            }
        } else {
            Vec::new()
        };
        said.set(Said::Nothing);
        busy.set(true);
        let (id, bureau, decision) = (id.clone(), choice.bureau, choice.decision);
        let given = numbers.get_untracked();
        let given = (bureau && !choice.returns && !given.is_empty()).then(|| Numbers {
            subject: given[0].trim().to_owned(),
            websites: given[1..].iter().map(|n| n.trim().to_owned()).collect(),
        });
        spawn_local(async move {
            match api::decide(&id, bureau, decision, &sent, given.as_ref()).await {
                Ok(()) => on_decided.run(()),
                Err(e) => said.set(Said::Failed(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="console-section decision" id="decision">
            <h3>{tr(t::CONSOLE_DECIDE)}</h3>
            <p class="field-hint reasons-chosen">
                {move || t::CONSOLE_REASONS_CHOSEN.view_with(&[&reasons.with(Vec::len).to_string()])}
            </p>
            {numbers_for_sites.map(|sites| view! {
                <fieldset class="bureau-numbers">
                    <legend>{tr(t::CONSOLE_BUREAU_NUMBERS)}</legend>
                    {(0..=sites).map(|i| {
                        let label = if i == 0 {
                            tr(t::CONSOLE_SUBJECT_NUMBER)
                        } else {
                            t::CONSOLE_SITE_NUMBER.view_with(&[&i.to_string()])
                        };
                        let dom = format!("bureau-number-{i}");
                        view! {
                            <div class="field">
                                <label for=dom.clone()>{label}</label>
                                <input id=dom type="text" maxlength="40"
                                    prop:value=move || numbers.with(|n| n.get(i).cloned().unwrap_or_default())
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        numbers.update(|n| if let Some(slot) = n.get_mut(i) { *slot = v; });
                                    } />
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            })}
            <div class="actions decision-buttons">
                {choices.into_iter().map(|i| {
                    let choice = &CHOICES[i];
                    let class = if choice.returns { "secondary" } else { "primary" };
                    let decide = decide.clone();
                    view! {
                        <button type="button" class=class data-decision=choice.decision
                            data-bureau=choice.bureau.to_string()
                            disabled=move || busy.get() on:click=move |_| decide(i)>
                            {tr(choice.label)}
                        </button>
                    }
                }).collect_view()}
            </div>
            <div class="field-messages" id="decision-messages" tabindex="-1" aria-live="polite">
                {move || match said.get() {
                    Said::Nothing => ().into_any(),
                    Said::Missing(text) => view! { <p class="msg msg-error" data-code="reasons_missing">{tr(text)}</p> }.into_any(),
                    Said::Failed(e) => view! { <p class="msg msg-error" data-code=e.code()>{e.view()}</p> }.into_any(),
                }}
            </div>
        </section>
    }
    .into_any()
}
