//! 我的备案 (`#/applications`): sign in, then the applicant's filings from any device, to resume
//! one here or start a new one. A draft this device has not synced yet is never replaced
//! without a second tap.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError, ApplicationItem, SessionInfo};
use crate::components::record_card::RecordCard;
use crate::components::sign_in_form::SignInForm;
use crate::i18n::{both, t, tr};
use crate::wizard::use_wizard;
use beian_rules::records::FilingRecord;

/// The address of the page (`#/applications`).
pub const SLUG: &str = "applications";

/// Whether the page's address is this page's.
pub fn is_location() -> bool {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .is_some_and(|h| h.trim_start_matches('#').trim_start_matches('/') == SLUG)
}

/// What the page knows so far.
#[derive(Clone, Debug, PartialEq)]
enum Load {
    Loading,
    SignedOut,
    SignedIn(SessionInfo, Vec<ApplicationItem>, Vec<FilingRecord>),
    Failed(ApiError),
}

/// The filings and who the session is, in one request (a phone on a slow network pays for
/// each round trip). No session at all, or a guest's: signed out.
async fn load() -> Load {
    match api::list_applications().await {
        Ok(list) if list.signed_in => Load::SignedIn(
            SessionInfo {
                signed_in: true,
                phone: list.phone,
            },
            list.applications,
            list.records,
        ),
        Ok(_) => Load::SignedOut,
        Err(e) if e.code() == "not_signed_in" => Load::SignedOut,
        Err(e) => Load::Failed(e),
    }
}

/// A status in words.
fn status_text(status: &str) -> crate::i18n::Text {
    match status {
        "draft" => t::FILINGS_STATUS_DRAFT,
        "rejected" => t::FILINGS_STATUS_REJECTED,
        "documents_requested" => t::STAGE_FIRST_REVIEW,
        "sms_check" => t::STAGE_SMS_CHECK,
        "bureau_review" => t::STAGE_BUREAU_REVIEW,
        "approved" => t::STAGE_APPROVED,
        _ => t::STAGE_SUBMITTED,
    }
}

/// A filing card's heading: its type's names (empty while not determined) and the subject's
/// name (or a note that it is not entered yet).
pub(crate) fn card_heading(
    filing_type: Option<beian_rules::FilingType>,
    subject_name: &str,
) -> (&'static str, &'static str, AnyView) {
    let (zh, en) = filing_type.map_or(("", ""), |t| (t.info().name_zh, t.info().name_en));
    let name = if subject_name.is_empty() {
        tr(t::FILINGS_NO_NAME)
    } else {
        subject_name.to_owned().into_any()
    };
    (zh, en, name)
}

/// One filing: what it is, where it stands, and the button to work on it here.
#[component]
fn FilingCard(item: ApplicationItem, confirm: RwSignal<Option<String>>) -> impl IntoView {
    let w = use_wizard();
    let id = item.id.clone();
    let here = w.app_id.get_untracked().as_deref() == Some(id.as_str());
    let error = RwSignal::new(None::<ApiError>);
    let (type_zh, type_en, name) = card_heading(item.filing_type, &item.subject_name);
    let domains = item.domains.join(" · ");
    let open = {
        let id = id.clone();
        move |_| {
            // Another draft with changes not on the server yet: a second tap replaces it.
            let id = id.clone();
            let other_unsynced =
                w.unsynced() && w.app_id.get_untracked().as_deref() != Some(id.as_str());
            if other_unsynced && confirm.get_untracked().as_deref() != Some(id.as_str()) {
                confirm.set(Some(id));
                return;
            }
            confirm.set(None);
            spawn_local(async move {
                match api::fetch_full_application(&id).await {
                    Ok(full) => w.take_application(full),
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };
    let confirming = {
        let id = id.clone();
        move || confirm.get().as_deref() == Some(id.as_str())
    };
    let confirming2 = confirming.clone();
    let label = if item.status == "draft" {
        t::FILINGS_CONTINUE
    } else {
        t::FILINGS_VIEW
    };
    view! {
        <li class="card filing" data-application-id=id.clone() data-status=item.status.clone()>
            <p class="filing-name"><strong>{name}</strong>
                {(!type_zh.is_empty()).then(|| view! { " " <span class="badge">{both(type_zh, type_en)}</span> })}
            </p>
            {(!domains.is_empty()).then(|| view! { <p class="filing-domains">{domains}</p> })}
            <p class="filing-status">{tr(status_text(&item.status))} " · "
                <time datetime=item.updated_at.clone()>{item.updated_at.get(..10).unwrap_or("").to_owned()}</time>
                {here.then(|| view! { " · " <span class="here">{tr(t::FILINGS_HERE)}</span> })}
            </p>
            {move || confirming().then(|| view! {
                <p class="msg msg-warning" role="alert">{tr(t::FILINGS_REPLACE_UNSYNCED)}</p>
            })}
            <button type="button" class="primary resume" on:click=open>
                {move || if confirming2() { tr(t::FILINGS_REPLACE_CONFIRM) } else { tr(label) }}
            </button>
            {move || error.get().map(|e| view! {
                <p class="msg msg-error" role="alert" data-code=e.code()>{e.view()}</p>
            })}
        </li>
    }
}

#[component]
pub fn MyFilingsPage() -> impl IntoView {
    let w = use_wizard();
    let state = RwSignal::new(Load::Loading);
    let reload = move || {
        spawn_local(async move {
            let now = load().await;
            match &now {
                Load::SignedIn(..) => w.signed_in.set(Some(true)),
                Load::SignedOut => w.signed_in.set(Some(false)),
                _ => {}
            }
            state.set(now);
        })
    };
    reload();
    let confirm = RwSignal::new(None::<String>);
    let new_confirm = RwSignal::new(false);
    let start_new = move |_| {
        if w.unsynced() && !new_confirm.get_untracked() {
            new_confirm.set(true);
            return;
        }
        w.start_new();
    };
    let sign_out = move |_| {
        spawn_local(async move {
            match api::sign_out(api::Who::Applicant).await {
                Ok(()) => {
                    w.signed_in.set(Some(false));
                    state.set(Load::SignedOut);
                }
                Err(e) => state.set(Load::Failed(e)),
            }
        })
    };
    view! {
        <section class="my-filings">
            <h2 tabindex="-1">{tr(t::FILINGS_TITLE)}</h2>
            {move || match state.get() {
                Load::Loading => view! { <p class="hint" role="status">{tr(t::FILINGS_LOADING)}</p> }.into_any(),
                Load::Failed(e) => view! {
                    <p class="msg msg-error" role="alert" data-code=e.code()>{e.view()}</p>
                    <button type="button" class="secondary" on:click=move |_| { state.set(Load::Loading); reload(); }>
                        {tr(t::FILINGS_RETRY)}
                    </button>
                }.into_any(),
                Load::SignedOut => view! {
                    <p class="hint">{tr(t::FILINGS_SIGN_IN_WHY)}</p>
                    <SignInForm on_signed_in=move |_| { state.set(Load::Loading); reload(); } />
                }.into_any(),
                Load::SignedIn(session, items, records) => view! {
                    <p class="signed-in-as">
                        {t::FILINGS_SIGNED_IN_AS.view_with(&[session.phone.as_deref().unwrap_or("")])} " "
                        <button type="button" class="secondary sign-out" on:click=sign_out>{tr(t::FILINGS_SIGN_OUT)}</button>
                    </p>
                    {items.is_empty().then(|| view! { <p class="hint">{tr(t::FILINGS_NONE)}</p> })}
                    <ul class="filings">
                        {items.into_iter().map(|item| view! { <FilingCard item=item confirm=confirm /> }).collect_view()}
                    </ul>
                    {(!records.is_empty()).then(|| view! {
                        <h3>{tr(t::RECORDS_TITLE)}</h3>
                        <p class="hint">{tr(t::RECORDS_WHY)}</p>
                        <ul class="filings records">
                            {records.into_iter().map(|record| view! { <RecordCard record=record confirm=new_confirm /> }).collect_view()}
                        </ul>
                    })}
                }.into_any(),
            }}
            {move || new_confirm.get().then(|| view! {
                <p class="msg msg-warning" role="alert">{tr(t::FILINGS_REPLACE_UNSYNCED)}</p>
            })}
            <div class="actions">
                <button type="button" class="secondary start-new" on:click=start_new>
                    {move || if new_confirm.get() { tr(t::FILINGS_REPLACE_CONFIRM) } else { tr(t::FILINGS_START_NEW) }}
                </button>
            </div>
        </section>
    }
}
