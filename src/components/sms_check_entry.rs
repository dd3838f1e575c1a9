//! The SMS check (短信核验) on the progress page: until when, and for each person whose code is
//! still to enter, a field for it. A wrong code says how many tries are left under its field;
//! the sixth sends the filing back (the server decides, and the page then shows it returned).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::keep_focus;
use crate::api::{self, ApiError, SmsCheck};
use crate::i18n::{message, t, tr};
use crate::wizard::use_wizard;

/// Who a path of the SMS check is: the subject's responsible person or a website's.
fn who(path: &str) -> (String, String) {
    match path
        .strip_prefix("websites[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse::<usize>().ok())
    {
        Some(i) => t::SMS_WEBSITE_OWNER.fill(&[&(i + 1).to_string()]),
        None => t::SMS_SUBJECT_OWNER.fill(&[]),
    }
}

/// A time from the server (RFC 3339) in the reader's local time and language.
fn local_time(iso: &str, lang: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_owned();
    }
    date.to_locale_string(lang, &wasm_bindgen::JsValue::UNDEFINED)
        .into()
}

/// One person's code field.
#[component]
fn CodeField(index: usize, path: String, mobile: String, unsent: bool) -> impl IntoView {
    let w = use_wizard();
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let id = format!("sms-code-{index}");
    let messages_id = format!("{id}-messages");
    let (who_zh, who_en) = who(&path);
    let (zh, en) = t::SMS_CODE_OF.fill_each(&[&who_zh, &mobile], &[&who_en, &mobile]);
    let data_path = path.clone();
    let confirm = move |_| {
        let Some(app) = w.app_id.get_untracked() else {
            return;
        };
        let entered = code.get_untracked().trim().to_owned();
        let path = path.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::enter_sms_code(&app, &path, &entered).await {
                Ok(now) => w.take_server_state(now),
                // Sent back after too many wrong codes: the page shows where it is now.
                Err(e) if e.code() == "sms_check_failed" => {
                    error.set(Some(e));
                    w.refresh_now();
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="field sms-code" data-path=data_path>
            <label for=id.clone()>{message(zh, en)}</label>
            <div class="input-row">
                <input id=id.clone() type="text" inputmode="numeric" autocomplete="one-time-code"
                    maxlength="6" aria-describedby=messages_id.clone()
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    prop:value=code on:input=move |ev| { code.set(event_target_value(&ev)); error.set(None); } />
                <button type="button" class="secondary confirm-code" on:mousedown=keep_focus
                    disabled=move || busy.get() on:click=confirm>
                    {tr(t::SMS_CONFIRM)}
                </button>
            </div>
            <div class="field-messages" id=messages_id aria-live="polite">
                {unsent.then(|| view! {
                    <p class="msg msg-warning" data-code="sms_unsent">{tr(t::SMS_UNSENT)}</p>
                })}
                {move || error.get().map(|e| view! {
                    <p class="msg msg-error" data-code=e.code()>{e.view()}</p>
                })}
            </div>
        </div>
    }
}

/// Asks for new codes (a lost or late SMS); what went wrong shows under the button.
#[component]
fn ResendCodes() -> impl IntoView {
    let w = use_wizard();
    let error = RwSignal::new(None::<ApiError>);
    let sent = RwSignal::new(false);
    let resend = move |_| {
        let Some(app) = w.app_id.get_untracked() else {
            return;
        };
        error.set(None);
        spawn_local(async move {
            match api::resend_sms_codes(&app).await {
                Ok(now) => {
                    sent.set(true);
                    w.take_server_state(now);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="resend">
            <button type="button" class="secondary resend-codes" on:click=resend
                aria-describedby="resend-messages">
                {tr(t::SMS_RESEND)}
            </button>
            <div class="field-messages" id="resend-messages" aria-live="polite">
                {move || sent.get().then(|| view! { <p class="msg msg-info">{tr(t::SMS_RESENT)}</p> })}
                {move || error.get().map(|e| view! {
                    <p class="msg msg-error" data-code=e.code()>{e.view()}</p>
                })}
            </div>
        </div>
    }
}

/// The check's deadline and a field per person still to confirm.
#[component]
pub fn SmsCheckEntry(check: SmsCheck) -> impl IntoView {
    let deadline = (
        local_time(&check.expires_at, "zh-CN"),
        local_time(&check.expires_at, "en"),
    );
    let left = check.attempts_left.to_string();
    let (zh, en) = t::SMS_DEADLINE.fill_each(&[&deadline.0, &left], &[&deadline.1, &left]);
    view! {
        <div class="sms-check" role="group">
            <p class="hint">{message(zh, en)}</p>
            {check.recipients.into_iter().enumerate().filter(|(_, r)| !r.confirmed).map(|(i, r)| view! {
                <CodeField index=i path=r.path mobile=r.mobile unsent=r.unsent />
            }).collect_view()}
            <ResendCodes />
        </div>
    }
}
