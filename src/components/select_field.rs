//! A labelled `<select>` bound to one field of the draft, whose options come from a signal.

use leptos::prelude::*;

use super::field_messages::{has_error, FieldMessages};
use super::FieldParts;
use crate::i18n::{plain, t, tr, Text};
use crate::wizard::use_wizard;

/// One option: value and label.
pub type Choice = (String, String);

/// The certificate types a subject of this nature may use, as choices (names in both languages).
pub fn certificate_choices(nature: Option<u8>) -> Vec<Choice> {
    nature
        .and_then(beian_rules::subject::nature)
        .map(|n| {
            n.certificates
                .iter()
                .filter_map(|c| beian_rules::subject::certificate_type(c))
                .map(|c| (c.id.to_owned(), plain(c.name_zh, c.name_en)))
                .collect()
        })
        .unwrap_or_default()
}

#[component]
pub fn SelectField(
    /// The document path of the field (also gives the element id).
    #[prop(into)]
    field: String,
    label: Text,
    /// The options, recomputed when their source changes.
    #[prop(into)]
    choices: Signal<Vec<Choice>>,
    /// The chosen value ("" for none).
    #[prop(into)]
    value: Signal<String>,
    /// Called with the newly chosen value (a callback: one copy of the code for every select).
    #[prop(into)]
    on_pick: Callback<String>,
) -> impl IntoView {
    let w = use_wizard();
    let FieldParts {
        id,
        messages_id,
        findings,
    } = FieldParts::of(&field);
    // A returned filing: only the fields the review named stay open.
    let locked_field = field.clone();
    view! {
        <div class="field">
            <label for=id.clone()>{tr(label)}</label>
            <select
                id=id.clone()
                name=id
                aria-describedby=messages_id.clone()
                aria-invalid=move || has_error(&findings.get()).to_string()
                disabled=move || w.locked(&locked_field)
                on:change=move |ev| { on_pick.run(event_target_value(&ev)); w.touch(&field); }
            >
                <option value="" selected=move || value.get().is_empty()>{t::FIELD_CHOOSE.plain()}</option>
                {move || {
                    let current = value.get();
                    choices
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let selected = v == current;
                            view! { <option value=v selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <FieldMessages id=messages_id findings=findings />
        </div>
    }
}
