//! The fields of a responsible person (主体负责人 or 网站负责人): name, certificate, mobile,
//! landline, emergency phone, email. `prefix` is the person's path (`subject_owner`,
//! `websites[0].owner`).

use beian_rules::{subject, FilingDraft, Person};
use leptos::prelude::*;

use super::select_field::{certificate_choices, Choice, SelectField};
use super::text_field::{Keyboard, TextField};
use crate::i18n::t;
use crate::wizard::use_wizard;

/// The certificate types a person can hold (those of 个人).
fn person_certificates() -> Vec<Choice> {
    certificate_choices(Some(subject::PERSONAL_NATURE))
}

#[component]
pub fn PersonFields(
    /// The person's path in the document.
    prefix: String,
    /// Reads the person from the draft.
    get: fn(&FilingDraft, usize) -> Option<&Person>,
    /// The person to change.
    get_mut: fn(&mut FilingDraft, usize) -> Option<&mut Person>,
    /// The website index for `get`/`get_mut` (0 for the subject's owner).
    #[prop(default = 0)]
    index: usize,
) -> impl IntoView {
    let w = use_wizard();
    let value = move |f: fn(&Person) -> &String| {
        w.read(move |d| get(d, index).map(|p| f(p).clone()).unwrap_or_default())
    };
    let set = move |f: fn(&mut Person) -> &mut String| {
        move |v: String| {
            w.edit(|d| {
                if let Some(p) = get_mut(d, index) {
                    *f(p) = v;
                }
            })
        }
    };
    let path = |name: &str| format!("{prefix}.{name}");
    view! {
        <TextField field=path("name") label=t::PERSON_NAME autocomplete="name" maxlength=64
            value=value(|p| &p.name) on_input=set(|p| &mut p.name) />
        <SelectField field=path("certificate_type") label=t::FIELD_CERTIFICATE_TYPE
            choices=Signal::derive(person_certificates) value=value(|p| &p.certificate_type)
            on_pick=set(|p| &mut p.certificate_type) />
        <TextField field=path("certificate_number") label=t::FIELD_CERTIFICATE_NUMBER
            keyboard=Keyboard::Code maxlength=64
            value=value(|p| &p.certificate_number) on_input=set(|p| &mut p.certificate_number) />
        <TextField field=path("mobile") label=t::FIELD_MOBILE keyboard=Keyboard::Mobile
            autocomplete="tel-national" maxlength=20
            hint=t::PERSON_MOBILE_HINT
            value=value(|p| &p.mobile) on_input=set(|p| &mut p.mobile) />
        <TextField field=path("phone2") label=t::PERSON_PHONE2
            keyboard=Keyboard::Phone maxlength=24 placeholder=t::PERSON_PHONE2_PLACEHOLDER
            value=value(|p| &p.phone2) on_input=set(|p| &mut p.phone2) />
        <TextField field=path("emergency_phone") label=t::FIELD_EMERGENCY_PHONE
            keyboard=Keyboard::Mobile maxlength=24
            hint=t::PERSON_EMERGENCY_HINT
            value=value(|p| &p.emergency_phone) on_input=set(|p| &mut p.emergency_phone) />
        <TextField field=path("email") label=t::FIELD_EMAIL keyboard=Keyboard::Email
            autocomplete="email" maxlength=100
            value=value(|p| &p.email) on_input=set(|p| &mut p.email) />
    }
}
