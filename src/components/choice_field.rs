//! A question answered by one of a few choices, as radio buttons (large touch targets), bound to
//! one field of the draft.

use leptos::prelude::*;

use super::field_messages::{has_error, FieldMessages};
use super::select_field::Choice;
use super::FieldParts;
use crate::i18n::{tr, Text};
use crate::wizard::use_wizard;

#[component]
pub fn ChoiceField(
    /// The document path of the field (also gives the element ids).
    #[prop(into)]
    field: String,
    label: Text,
    /// `(value, label)` pairs.
    choices: Vec<Choice>,
    /// The chosen value ("" for none).
    #[prop(into)]
    value: Signal<String>,
    /// Called with the chosen value (a callback: one copy of the code for every question).
    #[prop(into)]
    on_pick: Callback<String>,
) -> impl IntoView {
    let w = use_wizard();
    let FieldParts {
        id,
        messages_id,
        findings,
    } = FieldParts::of(&field);
    let described_by = messages_id.clone();
    let options = choices
        .into_iter()
        .enumerate()
        .map(|(i, (v, text))| {
            let option_id = format!("{id}-{i}");
            let label_for = option_id.clone();
            let checked_value = v.clone();
            let field = field.clone();
            let locked = field.clone();
            view! {
                <label class="choice" for=label_for>
                    <input type="radio" id=option_id name=id.clone() value=v.clone()
                        disabled=move || w.locked(&locked)
                        prop:checked=move || value.get() == checked_value
                        on:change=move |_| { on_pick.run(v.clone()); w.touch(&field); } />
                    <span>{text}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field choice-field" id=id.clone() tabindex="-1"
            aria-describedby=described_by
            aria-invalid=move || has_error(&findings.get()).to_string()>
            <legend>{tr(label)}</legend>
            {options}
            <FieldMessages id=messages_id findings=findings />
        </fieldset>
    }
}
