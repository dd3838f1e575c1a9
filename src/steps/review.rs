//! Step 信息核验: every rule finding on the whole application, grouped by the step where its
//! field is filled in; one tap goes to the field. The declaration, then submit: the draft is
//! saved and submitted at the revision this device has, and the server validates it again.

use beian_rules::{Finding, Severity};
use leptos::prelude::*;

use crate::components::keep_focus;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::field_messages::FieldMessages;
use crate::components::step_nav::StepNav;
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
                <strong class="review-where">{where_zh} " " <span lang="en">{where_en}</span></strong>
                <span lang="zh-CN">{finding.message.zh_cn}</span>
                <span lang="en">{finding.message.en}</span>
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
    let submit = move |_| {
        w.touch_steps(&Step::ALL);
        if errors.get_untracked() > 0 {
            crate::focus::field("review-summary".to_owned());
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
        steps
            .get()
            .into_iter()
            .filter(|s| !matches!(s, Step::Review | Step::Progress))
            .map(|s| {
                let (zh, en) = s.title();
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
                        <h3>{zh} " " <span lang="en">{en}</span>
                            {if n == 0 {
                                view! { <span class="badge ok">"✓ 无问题 " <span lang="en">"all good"</span></span> }.into_any()
                            } else {
                                view! { <span class="badge">{format!("{n} 项 ")} <span lang="en">{format!("{n} item(s)")}</span></span> }.into_any()
                            }}
                        </h3>
                        <ul class="review-list">
                            {items.into_iter().map(|f| view! { <FindingLink finding=f /> }).collect_view()}
                        </ul>
                    </section>
                }
            })
            .collect_view()
    };
    let declaration_findings = w.shown(DECLARATION.to_owned());
    view! {
        <form class="review" novalidate on:submit=|ev| ev.prevent_default()>
            <h2 tabindex="-1">"信息核验 " <span lang="en">"Review"</span></h2>
            <p class="hint" id="review-summary" tabindex="-1" role="status">
                {move || match errors.get() {
                    0 => view! { "没有需要修改的错误，可以提交。 " <span lang="en">"No errors: ready to submit."</span> }.into_any(),
                    n => view! { {format!("还有 {n} 个错误需要修改，点按一项即可前往。")} " " <span lang="en">{format!("{n} error(s) to fix: tap one to go to its field.")}</span> }.into_any(),
                }}
            </p>
            {groups}
            <div class="field declaration">
                <label class="check" for=dom_id(DECLARATION)>
                    <input type="checkbox" id=dom_id(DECLARATION) prop:checked=declared
                        aria-describedby=format!("{}-messages", dom_id(DECLARATION))
                        on:change=move |ev| { let on = event_target_checked(&ev); w.edit(|d| d.declarations.information_true = on); w.touch(DECLARATION); } />
                    <span>"我确认所填信息真实有效，并已阅读备案须知。 " <span lang="en">"I confirm the information is true and I have read the filing rules."</span></span>
                </label>
                <FieldMessages id=format!("{}-messages", dom_id(DECLARATION)) findings=declaration_findings />
            </div>
            <div class="actions">
                <button type="button" on:mousedown=keep_focus class="primary submit" on:click=submit disabled=move || submitting.get()>
                    "提交备案 " <span lang="en">"Submit the filing"</span>
                </button>
                {move || submit_error.get().map(|e| view! {
                    <p class="save-status failed" role="alert" data-code=e.code()>{e.zh()} " " <span lang="en">{e.to_string()}</span></p>
                })}
            </div>
            <StepNav step=Step::Review />
        </form>
    }
}
