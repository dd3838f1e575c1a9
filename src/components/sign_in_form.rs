//! Signing in with a mobile number and the code the server sends by SMS. Each error shows under
//! the field it concerns: the number's (not a mobile number, sent too often, SMS down) under the
//! number, the code's (wrong, expired) under the code.

use beian_rules::contact::{is_sms_code, normalize_mobile};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::keep_focus;
use crate::api::{self, ApiError, SessionInfo};
use crate::i18n::{t, tr};

/// Error codes of the server that concern the code field (the others concern the number).
const CODE_ERRORS: [&str; 3] = ["wrong_code", "code_expired", "invalid_code"];

/// A message under a field: the server's error, or the client's own check, in both languages.
#[derive(Clone, Debug, PartialEq)]
struct FieldError {
    code: String,
    zh: String,
    en: String,
}

impl FieldError {
    fn from_api(e: &ApiError) -> FieldError {
        let (zh, en) = e.messages();
        FieldError {
            code: e.code(),
            zh,
            en,
        }
    }

    fn local(code: &str, text: crate::i18n::Text) -> FieldError {
        let (zh, en) = text.fill(&[]);
        FieldError {
            code: code.to_owned(),
            zh,
            en,
        }
    }
}

/// The messages under one field, with the id its input references.
fn messages(id: &'static str, error: RwSignal<Option<FieldError>>) -> impl IntoView {
    view! {
        <div class="field-messages" id=id aria-live="polite">
            {move || error.get().map(|e| view! {
                <p class="msg msg-error" data-code=e.code>{crate::i18n::message(e.zh, e.en)}</p>
            })}
        </div>
    }
}

#[component]
pub fn SignInForm(
    /// Runs once the applicant is signed in.
    #[prop(into)]
    on_signed_in: Callback<SessionInfo>,
    /// The button's words (default 登录 / Sign in), e.g. "sign in and submit".
    #[prop(optional)]
    action: Option<crate::i18n::Text>,
    /// Runs first when the button is tapped; `false` stops the sign-in (e.g. the application
    /// still has errors to fix before it can be submitted).
    #[prop(optional, into)]
    before: Option<Callback<(), bool>>,
    /// Who signs in (default an applicant).
    #[prop(optional)]
    who: api::Who,
) -> impl IntoView {
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let phone_error = RwSignal::new(None::<FieldError>);
    let code_error = RwSignal::new(None::<FieldError>);
    // The number the code went to (masked), once sent.
    let sent_to = RwSignal::new(None::<String>);
    let wait = RwSignal::new(0i64);
    let busy = RwSignal::new(false);
    let ticker = StoredValue::new(None::<IntervalHandle>);
    let stop_ticker = move || {
        if let Some(h) = ticker.get_value() {
            h.clear();
        }
        ticker.set_value(None);
    };
    on_cleanup(stop_ticker);
    let count_down = move |seconds: i64| {
        stop_ticker();
        wait.set(seconds);
        let h = set_interval_with_handle(
            move || {
                wait.update(|w| *w = (*w - 1).max(0));
                if wait.get_untracked() == 0 {
                    stop_ticker();
                }
            },
            std::time::Duration::from_secs(1),
        );
        ticker.set_value(h.ok());
    };
    // A server error goes under the field it concerns.
    let show = move |e: ApiError| {
        let error = FieldError::from_api(&e);
        if CODE_ERRORS.contains(&error.code.as_str()) {
            code_error.set(Some(error));
        } else {
            phone_error.set(Some(error));
        }
    };
    // The number typed, if it is a mobile number; otherwise said under it, with the focus there.
    let number = move || {
        let n = normalize_mobile(&phone.get_untracked());
        if n.is_none() {
            phone_error.set(Some(FieldError::local(
                "invalid_phone",
                t::SIGN_IN_BAD_PHONE,
            )));
            crate::focus::element("#sign-in-phone");
        }
        n
    };
    let send = move |_| {
        phone_error.set(None);
        let Some(number) = number() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            match api::send_code(who, &number).await {
                Ok(sent) => {
                    sent_to.set(Some(sent.sent_to));
                    count_down(sent.resend_in);
                    crate::focus::element("#sign-in-code");
                }
                Err(e) => {
                    if let ApiError::Server { status: 429, .. } = e {
                        count_down(60);
                    }
                    show(e);
                }
            }
            busy.set(false);
        });
    };
    let submit = move |_| {
        if before.is_some_and(|b| !b.run(())) {
            return;
        }
        code_error.set(None);
        let Some(number) = number() else {
            return;
        };
        let entered = code.get_untracked().trim().to_owned();
        if !is_sms_code(&entered) {
            code_error.set(Some(FieldError::local("invalid_code", t::SIGN_IN_BAD_CODE)));
            crate::focus::element("#sign-in-code");
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match api::sign_in(who, &number, &entered).await {
                Ok(session) => {
                    if let Some(w) = use_context::<crate::wizard::Wizard>() {
                        w.signed_in.set(Some(true));
                    }
                    on_signed_in.run(session)
                }
                Err(e) => {
                    show(e);
                    crate::focus::element("#sign-in-code");
                }
            }
            busy.set(false);
        });
    };
    view! {
        // A group, not a form: it also sits inside the review step's form.
        <div class="sign-in">
            <div class="field">
                <label for="sign-in-phone">{tr(t::SIGN_IN_PHONE)}</label>
                <div class="input-row">
                    <input id="sign-in-phone" type="tel" inputmode="tel" autocomplete="tel"
                        maxlength="20" aria-describedby="sign-in-phone-messages"
                        aria-invalid=move || phone_error.with(Option::is_some).to_string()
                        prop:value=phone on:input=move |ev| { phone.set(event_target_value(&ev)); phone_error.set(None); } />
                    <button type="button" class="secondary send-code" on:mousedown=keep_focus
                        disabled=move || { busy.get() || wait.get() > 0 } on:click=send>
                        {move || match wait.get() {
                            0 => tr(t::SIGN_IN_SEND_CODE),
                            n => t::SIGN_IN_RESEND_IN.view_with(&[&n.to_string()]),
                        }}
                    </button>
                </div>
                {messages("sign-in-phone-messages", phone_error)}
                {move || sent_to.get().map(|to| view! {
                    <p class="field-hint code-sent" role="status">{t::SIGN_IN_CODE_SENT.view_with(&[&to])}</p>
                })}
            </div>
            <div class="field">
                <label for="sign-in-code">{tr(t::SIGN_IN_CODE)}</label>
                <input id="sign-in-code" type="text" inputmode="numeric" autocomplete="one-time-code"
                    maxlength="6" aria-describedby="sign-in-code-messages"
                    aria-invalid=move || code_error.with(Option::is_some).to_string()
                    prop:value=code on:input=move |ev| { code.set(event_target_value(&ev)); code_error.set(None); }
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); submit(()); } />
                {messages("sign-in-code-messages", code_error)}
            </div>
            <div class="actions">
                <button type="button" class="primary sign-in-submit" on:mousedown=keep_focus
                    disabled=move || busy.get() on:click=move |_| submit(())>
                    {tr(action.unwrap_or(t::SIGN_IN_SUBMIT))}
                </button>
            </div>
        </div>
    }
}
