//! One filing for a reviewer: what was entered (each field can be returned with a reason), the
//! full rule report grouped by step, the uploads, the live captures, the SMS check, the 备案号,
//! the audit trail, and the decision.

use beian_rules::{FilingDraft, Finding, Severity};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use super::api::{self, Detail, EventEntry, UploadEntry};
use super::captures::Captures;
use super::decision::{can_return, DecisionPanel, ReasonDraft};
use super::queue::status_view;
use super::Route;
use crate::api::ApiError;
use crate::i18n::{both, t, tr};
use crate::steps::{field_label, Step};

/// Every filled-in field of a draft as `(path, value)`, in document order: paths as the rules
/// write them (`websites[0].owner.email`). Empty values and the uploads (shown as images) are
/// left out.
pub fn entered_fields(draft: &FilingDraft) -> Vec<(String, String)> {
    fn walk(path: &str, value: &Value, out: &mut Vec<(String, String)>) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    let p = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    walk(&p, v, out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(&format!("{path}[{i}]"), v, out);
                }
            }
            Value::Null => {}
            Value::String(s) if s.trim().is_empty() => {}
            Value::String(s) => out.push((path.to_owned(), s.clone())),
            other => out.push((path.to_owned(), other.to_string())),
        }
    }
    let mut out = Vec::new();
    let mut document = serde_json::to_value(draft).unwrap_or_default();
    if let Value::Object(map) = &mut document {
        map.remove("schema_version");
        map.remove("uploads");
    }
    walk("", &document, &mut out);
    out
}

/// A stored value in words where the rules' data names it (certificate types, natures,
/// provinces, the filing type); otherwise as stored.
pub fn value_names(path: &str, value: &str) -> Option<(String, String)> {
    let last = path.rsplit('.').next().unwrap_or(path);
    match last {
        "certificate_type" => beian_rules::subject::certificate_type(value)
            .map(|c| (c.name_zh.to_owned(), c.name_en.to_owned())),
        "nature" => beian_rules::subject::natures()
            .iter()
            .find(|n| n.id.to_string() == value)
            .map(|n| (n.name_zh.to_owned(), n.name_en.to_owned())),
        "province" if path.ends_with("region.province") => {
            let name = beian_rules::provinces::province_name(value);
            (name != value && !name.is_empty()).then(|| (name.to_owned(), value.to_owned()))
        }
        "filing_type" => {
            serde_json::from_value::<beian_rules::FilingType>(Value::String(value.to_owned()))
                .ok()
                .map(|t| (t.info().name_zh.to_owned(), t.info().name_en.to_owned()))
        }
        _ => None,
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Load {
    Loading,
    Loaded(Box<Detail>),
    Failed(ApiError),
}

#[component]
pub fn FilingPage(id: String) -> impl IntoView {
    let load = RwSignal::new(Load::Loading);
    let reasons = RwSignal::new(Vec::<ReasonDraft>::new());
    let fetch = {
        let id = id.clone();
        move || {
            let id = id.clone();
            spawn_local(async move {
                load.set(match api::detail(&id).await {
                    Ok(d) => Load::Loaded(Box::new(d)),
                    Err(e) => Load::Failed(e),
                });
            });
        }
    };
    fetch();
    let reload = Callback::new({
        let fetch = fetch.clone();
        move |()| {
            reasons.set(Vec::new());
            fetch()
        }
    });
    view! {
        <p><a class="back-link" href=Route::Queue.href()>{tr(t::CONSOLE_BACK)}</a></p>
        {move || match load.get() {
            Load::Loading => view! { <p class="loading" role="status">{tr(t::CONSOLE_LOADING)}</p> }.into_any(),
            Load::Failed(e) => view! {
                <div class="form-error" role="alert" data-code=e.code()>{e.view()}</div>
                <button type="button" on:click=move |_| reload.run(())>{tr(t::CONSOLE_RETRY)}</button>
            }.into_any(),
            Load::Loaded(detail) => view! { <FilingView detail=*detail reasons=reasons reload=reload /> }.into_any(),
        }}
    }
}

#[component]
fn FilingView(
    detail: Detail,
    reasons: RwSignal<Vec<ReasonDraft>>,
    reload: Callback<()>,
) -> impl IntoView {
    let app = detail.application;
    let returnable = can_return(&app.status);
    let name = app.draft.subject.name.clone();
    let findings = app.findings.clone();
    let fields = entered_fields(&app.draft);
    let sms = app.sms_check.clone().map(|c| {
        let pending: Vec<String> = c
            .recipients
            .iter()
            .filter(|r| !r.confirmed)
            .map(|r| r.mobile.clone())
            .collect();
        let unsent: Vec<String> = c
            .recipients
            .iter()
            .filter(|r| !r.confirmed && r.unsent)
            .map(|r| r.mobile.clone())
            .collect();
        view! {
            <p class="sms-state">{t::CONSOLE_SMS_PENDING.view_with(&[&pending.join(" · "), &c.expires_at.replace('T', " ")])}</p>
            {(!unsent.is_empty()).then(|| view! {
                <p class="msg msg-warning sms-unsent" data-code="sms_unsent">{t::CONSOLE_SMS_UNSENT.view_with(&[&unsent.join(" · ")])}</p>
            })}
        }
    });
    // A filing on an existing 备案号: the record here, or the numbers the 管局 must give.
    let named = beian_rules::records::named_subject_number(&app.draft);
    let numbers_for_sites =
        (named.is_some() && detail.record.is_none() && app.status == "bureau_review")
            .then_some(app.draft.websites.len());
    let record = match (&named, detail.record) {
        (Some(_), Some(r)) => {
            let status = serde_json::to_value(r.status).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
            Some(view! { <p class="record-here" data-status=status>{t::CONSOLE_RECORD_HERE.view_with(&[&r.subject_number, &r.websites.len().to_string()])}</p> }.into_any())
        }
        (Some(number), None) => Some(view! { <p class="record-elsewhere">{t::CONSOLE_RECORD_ELSEWHERE.view_with(&[number])}</p> }.into_any()),
        _ => None,
    };
    let numbers = app.numbers.clone().map(|n| {
        let all = std::iter::once(n.subject)
            .chain(n.websites)
            .collect::<Vec<_>>();
        view! { <p class="numbers">{t::CONSOLE_NUMBERS.view_with(&[&all.join(" · ")])}</p> }
    });
    view! {
        <h2 class="filing-title" data-status=app.status.clone()>
            {name} " · " {status_view(&app.status)}
        </h2>
        {sms}
        {numbers}
        {record}
        <DecisionPanel id=app.id.clone() status=app.status.clone() reasons=reasons on_decided=reload
            numbers_for_sites=numbers_for_sites />
        <section class="console-section">
            <h3>{tr(t::CONSOLE_FINDINGS)}</h3>
            <FindingsByStep findings=findings />
        </section>
        <section class="console-section">
            <h3>{tr(t::CONSOLE_FIELDS)}</h3>
            <dl class="entered">
                {fields.into_iter().map(|(path, value)| {
                    // The rules' message on the field, if any: the reason's first words.
                    let hint = app.findings.iter().find(|f| f.field == path)
                        .map(|f| (f.message.zh_cn.clone(), f.message.en.clone()));
                    view! {
                        <FieldRow path=path value=value returnable=returnable reasons=reasons hint=hint />
                    }
                }).collect_view()}
            </dl>
        </section>
        <section class="console-section">
            <h3>{tr(t::CONSOLE_UPLOADS)}</h3>
            <Uploads application=app.id.clone() uploads=detail.uploads />
        </section>
        <section class="console-section">
            <h3>{tr(t::CONSOLE_CAPTURES)}</h3>
            <Captures draft=app.draft.clone() captures=detail.captures />
        </section>
        <section class="console-section">
            <h3>{tr(t::CONSOLE_EVENTS)}</h3>
            <AuditTrail events=detail.events />
        </section>
    }
}

/// A field as entered, and (while a decision is open) the choice to return it with a reason,
/// prefilled with the rules' message on it when there is one.
#[component]
fn FieldRow(
    path: String,
    value: String,
    returnable: bool,
    reasons: RwSignal<Vec<ReasonDraft>>,
    /// The rules' message on this field (Chinese, English), to start the reason with.
    hint: Option<(String, String)>,
) -> impl IntoView {
    let (zh, en) = field_label(&path);
    let dom = format!("return-{}", crate::steps::dom_id(&path));
    let chosen = {
        let path = path.clone();
        Signal::derive(move || reasons.with(|r| r.iter().any(|d| d.field == path)))
    };
    let toggle = {
        let path = path.clone();
        move |_| {
            let path = path.clone();
            reasons.update(|r| match r.iter().position(|d| d.field == path) {
                Some(i) => {
                    r.remove(i);
                }
                None => {
                    let (zh, en) = hint.clone().unwrap_or_default();
                    r.push(ReasonDraft {
                        field: path.clone(),
                        zh,
                        en,
                    });
                }
            })
        }
    };
    let edit = move |path: String, zh_side: bool| {
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            reasons.update(|r| {
                if let Some(d) = r.iter_mut().find(|d| d.field == path) {
                    if zh_side {
                        d.zh = text;
                    } else {
                        d.en = text;
                    }
                }
            })
        }
    };
    let current = {
        let path = path.clone();
        move |zh_side: bool| {
            let path = path.clone();
            move || {
                reasons.with(|r| {
                    r.iter()
                        .find(|d| d.field == path)
                        .map(|d| if zh_side { d.zh.clone() } else { d.en.clone() })
                        .unwrap_or_default()
                })
            }
        }
    };
    let label = if zh.is_empty() {
        path.clone().into_any()
    } else {
        both(zh, en)
    };
    let edited = path.clone();
    let shown = path.clone();
    let value = match value_names(&path, &value) {
        Some((zh, en)) => both(zh, en),
        None => value.into_any(),
    };
    view! {
        <div class="entered-field" data-field=path>
            <dt>{label} <code class="path">{shown}</code></dt>
            <dd>{value}</dd>
            {returnable.then(move || view! {
                <dd class="return-choice">
                    <label class="chip">
                        <input type="checkbox" id=dom.clone() prop:checked=chosen on:change=toggle />
                        {tr(t::CONSOLE_RETURN_FIELD)}
                    </label>
                    {move || chosen.get().then(|| view! {
                        <div class="reason-inputs">
                            <label>{tr(t::CONSOLE_REASON_ZH)}
                                <textarea class="reason-zh" maxlength="500" rows="2"
                                    prop:value=current(true) on:input=edit(edited.clone(), true)></textarea>
                            </label>
                            <label>{tr(t::CONSOLE_REASON_EN)}
                                <textarea class="reason-en" maxlength="500" rows="2"
                                    prop:value=current(false) on:input=edit(edited.clone(), false)></textarea>
                            </label>
                        </div>
                    })}
                </dd>
            })}
        </div>
    }
}

/// The rule report: the findings of each step under the step's title, errors first.
#[component]
fn FindingsByStep(findings: Vec<Finding>) -> impl IntoView {
    if findings.is_empty() {
        return view! { <p class="msg msg-ok">{tr(t::CONSOLE_NO_FINDINGS)}</p> }.into_any();
    }
    Step::ALL
        .into_iter()
        .filter_map(|step| {
            let mut mine: Vec<Finding> = findings
                .iter()
                .filter(|f| Step::of_field(&f.field) == step)
                .cloned()
                .collect();
            if mine.is_empty() {
                return None;
            }
            mine.sort_by_key(|f| !f.is_error());
            Some(view! {
                <h4>{tr(step.title())}</h4>
                <ul class="findings">
                    {mine.into_iter().map(|f| {
                        let (zh, en) = field_label(&f.field);
                        let class = match f.severity {
                            Severity::Error => "msg msg-error",
                            Severity::Warning => "msg msg-warning",
                            _ => "msg msg-info",
                        };
                        view! {
                            <li class=class data-code=f.code.as_str() data-field=f.field.clone()>
                                <span class="where">{both(zh, en)}</span>
                                {crate::i18n::message(f.message.zh_cn.clone(), f.message.en.clone())}
                                <span class="source">{f.source.clone()}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })
        })
        .collect_view()
        .into_any()
}

/// The uploaded images, each opening full size.
#[component]
fn Uploads(application: String, uploads: Vec<UploadEntry>) -> impl IntoView {
    if uploads.is_empty() {
        return view! { <p class="empty">{tr(t::CONSOLE_NO_UPLOADS)}</p> }.into_any();
    }
    view! {
        <ul class="upload-grid">
            {uploads.into_iter().map(|u| {
                let url = api::upload_url(&application, &u.id);
                let full = url.clone();
                let kind = t::field_name(&u.kind).map_or_else(|| u.kind.clone(), |t| t.plain());
                view! {
                    <li data-kind=u.kind.clone()>
                        <a href=full target="_blank" rel="noopener">
                            <img src=url alt=kind.clone() loading="lazy" width="160" />
                        </a>
                        <span>{kind} " · " {format!("{}×{}", u.width, u.height)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Who did what when, oldest first.
#[component]
fn AuditTrail(events: Vec<EventEntry>) -> impl IntoView {
    view! {
        <ol class="events">
            {events.into_iter().map(|e| {
                let event = t::event_name(&e.event).map_or_else(|| e.event.clone(), |t| t.plain());
                let from = t::status_name(&e.from).map_or_else(|| e.from.clone(), |t| t.plain());
                let to = t::status_name(&e.to).map_or_else(|| e.to.clone(), |t| t.plain());
                view! {
                    <li data-event=e.event.clone()>
                        <time>{e.at.replace('T', " ")}</time> " "
                        {event} " · " {e.actor} " · " {from} " → " {to}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
