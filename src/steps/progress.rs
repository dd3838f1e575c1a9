//! Step 进度: where the application is after submission, as the server has it when the page is
//! opened. The stages after 初审 (SMS check, 管局) are driven by the server's lifecycle; this page
//! shows each with what it means and who receives the SMS codes (by filing type, one per
//! distinct mobile: `filing_type::sms_recipients`). Types without an SMS check skip that stage.
//! The times are the seed guides' (备案流程: 初审 within 1 working day, 管局 3–20 working days).

use beian_rules::filing_type::{sms_recipients, SmsTo};
use leptos::prelude::*;

use crate::components::approved_numbers::ApprovedNumbers;
use crate::components::sms_check_entry::SmsCheckEntry;
use crate::i18n::{t, tr, Text};
use crate::steps::Step;
use crate::wizard::use_wizard;
use beian_rules::lifecycle::{sms_check_hours, sms_max_wrong};
use beian_rules::mask::mask_mobile;

/// The stages, in order: the server's status, its name, and what it means for the applicant.
const STAGES: [(&str, Text, Text); 5] = [
    ("submitted", t::STAGE_SUBMITTED, t::STAGE_SUBMITTED_WHAT),
    (
        "first_review",
        t::STAGE_FIRST_REVIEW,
        t::STAGE_FIRST_REVIEW_WHAT,
    ),
    ("sms_check", t::STAGE_SMS_CHECK, t::STAGE_SMS_CHECK_WHAT),
    (
        "bureau_review",
        t::STAGE_BUREAU_REVIEW,
        t::STAGE_BUREAU_REVIEW_WHAT,
    ),
    ("approved", t::STAGE_APPROVED, t::STAGE_APPROVED_WHAT),
];

#[component]
pub fn ProgressStep() -> impl IntoView {
    let w = use_wizard();
    // Where the application is now: the server moves it on (初审, SMS check, 管局) after
    // submission, or returns it. Without a connection the stage last seen stays shown.
    w.refresh();
    let status = Signal::derive(move || w.status.get().unwrap_or_default());
    let reached = move |stage: &str| {
        // Waiting for posted documents is part of the provider's review.
        let now = match status.get().as_str() {
            "documents_requested" => "first_review".to_owned(),
            other => other.to_owned(),
        };
        let at = STAGES.iter().position(|s| s.0 == now);
        let this = STAGES.iter().position(|s| s.0 == stage);
        matches!((at, this), (Some(a), Some(t)) if t <= a)
    };
    // Who receives the MIIT SMS code depends on the filing type; some types have no SMS check.
    let phones = w.read(|d| {
        sms_recipients(d)
            .into_iter()
            .map(|r| format!("{} {}", r.name, mask_mobile(&r.mobile)))
            .collect::<Vec<_>>()
    });
    let sms_check = w.read(|d| {
        d.filing_type
            .is_none_or(|t| t.info().sms_to != SmsTo::Nobody)
    });
    view! {
        <section class="progress">
            <h2 tabindex="-1">{tr(Step::Progress.title())}</h2>
            {move || (status.get() == "draft" || status.get().is_empty()).then(|| view! {
                <p class="hint">{tr(t::PROGRESS_NOT_SUBMITTED)} " "
                    <button type="button" class="secondary" on:click=move |_| w.go(Step::Review)>
                        {tr(t::PROGRESS_GO_REVIEW)}
                    </button>
                </p>
            })}
            {move || (status.get() == "rejected").then(|| view! {
                <div class="returned" role="alert" data-returned-by=move || w.returned_by.get()>
                    <p>{move || if w.returned_by.get().as_deref() == Some("sms_check_failed") {
                        t::PROGRESS_SMS_FAILED.view_with(&[&sms_check_hours().to_string(), &sms_max_wrong().to_string()])
                    } else {
                        tr(t::PROGRESS_RETURNED)
                    }}</p>
                    <button type="button" class="primary fix-returned" on:click=move |_| w.go(Step::Review)>
                        {tr(t::PROGRESS_FIX)}
                    </button>
                </div>
            })}
            <ol class="timeline">
                {move || STAGES.into_iter().filter(|(id, _, _)| *id != "sms_check" || sms_check.get()).map(|(id, name, what)| {
                    let done = move || reached(id);
                    let current = move || status.get() == id;
                    view! {
                        <li data-stage=id class:done=done aria-current=move || current().then_some("step")>
                            <strong>{tr(name)}</strong>
                            // The SMS check's hours come from the rules' data.
                            <p>{what.view_with(&[&sms_check_hours().to_string()])}</p>
                            {(id == "sms_check").then(|| view! {
                                <ul class="sms-phones">
                                    {move || phones.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                                </ul>
                                {move || (status.get() == "sms_check").then(|| w.sms_check.get()).flatten().map(|check| view! {
                                    <SmsCheckEntry check=check />
                                })}
                            })}
                            {(id == "approved").then_some(move || {
                                w.numbers.get().map(|numbers| view! {
                                    <ApprovedNumbers numbers=numbers draft=w.draft.get_untracked() />
                                })
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {move || w.app_id.get().map(|id| {
                let shown = id.clone();
                view! {
                    <p class="field-hint" data-application-id=id>{tr(t::PROGRESS_APPLICATION)} " " <code>{shown}</code></p>
                }
            })}
        </section>
    }
}
