//! Step 信息核验: every rule finding on the whole application, grouped by the step where its
//! field is filled in; one tap goes to the field. The declaration, then submit: the draft is
//! saved and submitted at the revision this device has, and the server validates it again.

use beian_rules::{Finding, Severity};
use leptos::prelude::*;

use crate::components::keep_focus;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::field_messages::FieldMessages;
use crate::components::sign_in_form::SignInForm;
use crate::components::step_nav::StepNav;
use crate::i18n::{both, message, t, tr};
use crate::steps::{dom_id, Step};
use crate::wizard::{use_wizard, SaveState};

const DECLARATION: &str = "declarations.information_true";

/// One finding with a button to its field.
#[component]
fn FindingLink(finding: Finding) -> impl IntoView {
    let w = use_wizard();
    let step = Step::of_field(&finding.field);
    let id = dom_id(&finding.field);
    let class = match finding.severity {
        Severity::Error => "review-item msg-error",
        Severity::Warning => "review-item msg-warning",
        Severity::Info => "review-item msg-info",
    };
    let field = finding.field.clone();
    let (where_zh, where_en) = crate::steps::field_label(&finding.field);
    view! {
        <li class=class data-code=finding.code.as_str() data-field=finding.field.clone()>
            <button type="button" on:mousedown=keep_focus class="jump" on:click=move |_| {
                w.touch(&field);
                w.go(step);
                crate::focus::field(id.clone());
            }>
                <strong class="review-where">{both(where_zh, where_en)}</strong>
                {message(finding.message.zh_cn, finding.message.en)}
            </button>
        </li>
    }
}

#[component]
pub fn ReviewStep() -> impl IntoView {
    let w = use_wizard();
    let steps = w.read(Step::for_draft);
    let declared = w.read(|d| d.declarations.information_true);
    let errors = Memo::new(move |_| {
        w.findings
            .with(|all| all.iter().filter(|f| f.is_error()).count())
    });
    let submitting = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<ApiError>);
    // The server asks a guest to sign in first: the form shows, and the filing is submitted as
    // soon as the applicant is signed in.
    let needs_sign_in = RwSignal::new(w.signed_in.get_untracked() == Some(false));
    // Asked once per visit (not each time the step is shown), so the form shows before the tap
    // on "submit". If this fails, e.g. offline, the server still says so at submission.
    if w.signed_in.get_untracked().is_none() {
        spawn_local(async move {
            if let Ok(session) = api::session().await {
                w.signed_in.set(Some(session.signed_in));
                needs_sign_in.set(!session.signed_in);
            }
        });
    }
    // The rules' module may still be on its way after a reload on this step: nothing is called
    // clean, and nothing is submitted, before the rules have run.
    let rules_ready = crate::validation::ready;
    // Every error shown, the focus on the first: `false` while there is one (or no rules yet).
    let ready = move || {
        if !rules_ready() {
            return false;
        }
        w.touch_steps(&Step::ALL);
        if errors.get_untracked() > 0 {
            crate::focus::first_review_error();
            return false;
        }
        true
    };
    let submit = move || {
        if !ready() {
            return;
        }
        submitting.set(true);
        submit_error.set(None);
        // Save what this device has, then submit exactly that revision.
        w.save(move |saved| {
            spawn_local(async move {
                match api::submit(&saved.id, saved.revision).await {
                    Ok(done) => {
                        w.remember(&done);
                        w.save_state.set(SaveState::Idle);
                        w.go(Step::Progress);
                    }
                    Err(e) if e.code() == "sign_in_required" => {
                        w.signed_in.set(Some(false));
                        needs_sign_in.set(true);
                        crate::focus::element("#sign-in-phone");
                    }
                    Err(e) => submit_error.set(Some(e)),
                }
                submitting.set(false);
            });
        });
    };
    // A failed save ends the submission too (its message shows in the save status).
    Effect::new(move |_| {
        if matches!(w.save_state.get(), SaveState::Failed(_)) {
            submitting.set(false);
        }
    });
    let groups = move || {
        if !rules_ready() {
            return None;
        }
        Some(steps
            .get()
            .into_iter()
            // The identity check has no findings of its own yet: no "all good" for a check not done.
            .filter(|s| !matches!(s, Step::Review | Step::Progress | Step::Verification))
            .map(|s| {
                let items = w.findings.with(|all| {
                    let mut v: Vec<Finding> = all
                        .iter()
                        .filter(|f| Step::of_field(&f.field) == s && f.severity != Severity::Info)
                        .cloned()
                        .collect();
                    v.sort_by_key(|f| std::cmp::Reverse(f.severity));
                    v
                });
                let n = items.len();
                view! {
                    <section class="review-group" data-step=s.slug()>
                        <h3>{tr(s.title())}
                            {if n == 0 {
                                view! { <span class="badge ok">{tr(t::REVIEW_ALL_GOOD)}</span> }.into_any()
                            } else {
                                view! { <span class="badge">{t::REVIEW_ITEMS.view_with(&[&n.to_string()])}</span> }.into_any()
                            }}
                        </h3>
                        <ul class="review-list">
                            {items.into_iter().map(|f| view! { <FindingLink finding=f /> }).collect_view()}
                        </ul>
                    </section>
                }
            })
            .collect_view())
    };
    let declaration_findings = w.shown(DECLARATION.to_owned());
    view! {
        <form class="review" novalidate on:submit=|ev| ev.prevent_default()>
            <h2 tabindex="-1">{tr(Step::Review.title())}</h2>
            <p class="hint" id="review-summary" tabindex="-1" role="status">
                {move || match errors.get() {
                    _ if !rules_ready() => tr(t::REVIEW_RULES_LOADING),
                    0 => tr(t::REVIEW_READY),
                    n => t::REVIEW_ERRORS.view_with(&[&n.to_string()]),
                }}
            </p>
            {groups}
            <div class="field declaration">
                <label class="check" for=dom_id(DECLARATION)>
                    <input type="checkbox" id=dom_id(DECLARATION) prop:checked=declared
                        aria-describedby=format!("{}-messages", dom_id(DECLARATION))
                        on:change=move |ev| { let on = event_target_checked(&ev); w.edit(|d| d.declarations.information_true = on); w.touch(DECLARATION); } />
                    <span>{tr(t::REVIEW_DECLARATION)}</span>
                </label>
                <FieldMessages id=format!("{}-messages", dom_id(DECLARATION)) findings=declaration_findings />
            </div>
            {move || needs_sign_in.get().then(|| view! {
                <section class="sign-in-before-submit">
                    <p class="hint" role="status">{tr(t::SIGN_IN_BEFORE_SUBMIT)}</p>
                    // One button signs in and submits; the errors are checked before signing in.
                    <SignInForm action=t::SIGN_IN_AND_SUBMIT before=move |_| ready()
                        on_signed_in=move |_| { needs_sign_in.set(false); submit(); } />
                </section>
            })}
            <div class="actions">
                {move || (!needs_sign_in.get()).then(|| view! {
                    <button type="button" on:mousedown=keep_focus class="primary submit" on:click=move |_| submit() disabled=move || submitting.get() || !rules_ready()>
                        {tr(t::REVIEW_SUBMIT)}
                    </button>
                })}
                {move || submit_error.get().map(|e| view! {
                    <p class="save-status failed" role="alert" data-code=e.code()>{e.view()}</p>
                })}
            </div>
            <StepNav step=Step::Review />
        </form>
    }
}
