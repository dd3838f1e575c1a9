//! Step 进度: where the application is after submission. The stages after 初审 (SMS check,
//! 管局) are driven by the server's lifecycle; this page shows each with what it means and who
//! receives the SMS codes (every distinct responsible mobile, as the seed guides say).
//! The times are the seed guides' (备案流程: 初审 within 1 working day, 管局 3–20 working days).

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::steps::Step;
use crate::wizard::use_wizard;

/// The stages, in order: the server's status, and what the applicant reads.
const STAGES: [(&str, &str, &str, &str, &str); 5] = [
    (
        "submitted",
        "已提交",
        "Submitted",
        "我们已收到，服务商将在 1 个工作日内初审。",
        "Received: the provider reviews it within 1 working day.",
    ),
    (
        "first_review",
        "初审",
        "Provider review",
        "服务商审核资料，必要时电话联系您。",
        "The provider checks the documents and may call you.",
    ),
    (
        "sms_check",
        "短信核验",
        "SMS check",
        "工信部向下面的手机发送验证码，需在 24 小时内完成验证。",
        "The MIIT texts a code to each phone below: confirm it within 24 hours.",
    ),
    (
        "bureau_review",
        "管局审核",
        "Bureau review",
        "通信管理局审核，一般需要 3–20 个工作日。",
        "The communications bureau reviews it, usually in 3–20 working days.",
    ),
    (
        "approved",
        "备案成功",
        "Approved",
        "获得备案号后，请将其放在网站首页底部并链接到工信部网站。",
        "With the filing number, put it in the site's footer, linked to the MIIT site.",
    ),
];

#[component]
pub fn ProgressStep() -> impl IntoView {
    let w = use_wizard();
    let status = Signal::derive(move || w.status.get().unwrap_or_default());
    let reached = move |stage: &str| {
        let now = status.get();
        let at = STAGES.iter().position(|s| s.0 == now);
        let this = STAGES.iter().position(|s| s.0 == stage);
        matches!((at, this), (Some(a), Some(t)) if t <= a)
    };
    let phones = w.read(|d| {
        std::iter::once(&d.subject_owner)
            .chain(d.websites.iter().map(|s| &s.owner))
            .filter(|p| !p.mobile.trim().is_empty())
            .map(|p| format!("{} {}", p.name, mask(&p.mobile)))
            .collect::<BTreeSet<_>>()
    });
    view! {
        <section class="progress">
            <h2 tabindex="-1">"备案进度 " <span lang="en">"Progress"</span></h2>
            {move || (status.get() == "draft" || status.get().is_empty()).then(|| view! {
                <p class="hint">"还没有提交。 " <span lang="en">"Not submitted yet."</span>
                    <button type="button" class="secondary" on:click=move |_| w.go(Step::Review)>
                        "去核验并提交 " <span lang="en">"Review and submit"</span>
                    </button>
                </p>
            })}
            <ol class="timeline">
                {STAGES.into_iter().map(|(id, zh, en, what_zh, what_en)| {
                    let done = move || reached(id);
                    let current = move || status.get() == id;
                    view! {
                        <li data-stage=id class:done=done aria-current=move || current().then_some("step")>
                            <strong>{zh} " " <span lang="en">{en}</span></strong>
                            <p>{what_zh} " " <span lang="en">{what_en}</span></p>
                            {(id == "sms_check").then(|| view! {
                                <ul class="sms-phones">
                                    {move || phones.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                                </ul>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {move || w.app_id.get().map(|id| {
                let shown = id.clone();
                view! {
                    <p class="field-hint" data-application-id=id>"申请编号 " <span lang="en">"Application"</span> " " <code>{shown}</code></p>
                }
            })}
        </section>
    }
}

/// A mobile number with its middle hidden: 138****8000.
fn mask(mobile: &str) -> String {
    let digits: Vec<char> = mobile.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return "****".to_owned();
    }
    let head: String = digits[..3].iter().collect();
    let tail: String = digits[digits.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}
