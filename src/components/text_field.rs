//! A labelled text input bound to one field of the draft: its rule messages appear after a
//! typing pause or when the field is left, under the field, with `aria-invalid` and
//! `aria-describedby` set.

use std::time::Duration;

use leptos::prelude::*;

use super::field_messages::{has_error, FieldMessages};
use super::FieldParts;
use crate::i18n::{tr, Text};
use crate::wizard::use_wizard;

/// How long typing must pause before a field's messages appear.
pub const TYPING_PAUSE: Duration = Duration::from_millis(600);

/// Keyboard and autofill hints for a field (`inputmode`, `autocomplete`, `type`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Keyboard {
    /// Free text (names, addresses).
    #[default]
    Text,
    /// Digits and letters of a certificate number: capitals, no autocorrect.
    Code,
    /// A mobile number.
    Mobile,
    /// A landline `086-...`.
    Phone,
    Email,
    /// A domain or URL.
    Url,
    Password,
}

impl Keyboard {
    fn input_type(self) -> &'static str {
        match self {
            Keyboard::Mobile | Keyboard::Phone => "tel",
            Keyboard::Email => "email",
            Keyboard::Password => "password",
            _ => "text",
        }
    }

    fn inputmode(self) -> &'static str {
        match self {
            Keyboard::Mobile | Keyboard::Phone => "tel",
            Keyboard::Email => "email",
            Keyboard::Url => "url",
            _ => "text",
        }
    }

    fn autocapitalize(self) -> &'static str {
        match self {
            Keyboard::Code => "characters",
            Keyboard::Text => "sentences",
            _ => "none",
        }
    }
}

#[component]
pub fn TextField(
    /// The document path of the field, e.g. `subject.name` (also gives the element id).
    #[prop(into)]
    field: String,
    label: Text,
    #[prop(into)] value: Signal<String>,
    /// Called with the new text on every input. A callback, not a generic closure: one copy of
    /// this component's code serves every field (the wasm is the phone user's wait).
    #[prop(into)]
    on_input: Callback<String>,
    #[prop(optional)] keyboard: Keyboard,
    /// `autocomplete` token (`name`, `tel`, `email`, `street-address` ...).
    #[prop(default = "off")]
    autocomplete: &'static str,
    #[prop(default = 200)] maxlength: u32,
    /// An example of the expected form (shown in the page's language).
    #[prop(optional)]
    placeholder: Option<Text>,
    /// Shown before the input, e.g. the region the 通讯地址 continues.
    #[prop(optional, into)]
    prefix: Option<Signal<String>>,
    /// A hint under the label.
    #[prop(optional)]
    hint: Option<Text>,
) -> impl IntoView {
    let w = use_wizard();
    let FieldParts {
        id,
        messages_id,
        findings,
    } = FieldParts::of(&field);
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let clear_pending = move || {
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        pending.set_value(None);
    };
    on_cleanup(clear_pending);
    let f1 = field.clone();
    let on_input_event = move |ev| {
        on_input.run(event_target_value(&ev));
        clear_pending();
        let f = f1.clone();
        pending.set_value(set_timeout_with_handle(move || w.touch(&f), TYPING_PAUSE).ok());
    };
    // A returned filing: only the fields the review named stay open.
    let locked_field = field.clone();
    let leave = move || {
        clear_pending();
        w.touch(&field);
    };
    let leave2 = leave.clone();
    view! {
        <div class="field">
            <label for=id.clone()>{tr(label)}</label>
            {hint.map(|h| view! { <p class="field-hint">{tr(h)}</p> })}
            <div class="input-row">
                {prefix.map(|p| view! { <span class="input-prefix">{p}</span> })}
                <input id=id.clone() name=id type=keyboard.input_type() inputmode=keyboard.inputmode()
                    autocomplete=autocomplete autocapitalize=keyboard.autocapitalize()
                    spellcheck="false" maxlength=maxlength placeholder=placeholder.map(Text::first)
                    aria-describedby=messages_id.clone()
                    readonly=move || w.locked(&locked_field)
                    aria-invalid=move || has_error(&findings.get()).to_string()
                    prop:value=value
                    on:input=on_input_event
                    on:change=move |_| leave()
                    on:blur=move |_| leave2() />
            </div>
            <FieldMessages id=messages_id findings=findings />
        </div>
    }
}
