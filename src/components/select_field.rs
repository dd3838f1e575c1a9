//! A labelled `<select>` whose options and value come from signals.

use beian_rules::Finding;
use leptos::prelude::*;

use super::field_messages::{has_error, FieldMessages};

/// One option: value and label.
pub type Choice = (String, String);

#[component]
pub fn SelectField(
    /// Element id (also the prefix of the message container's id).
    id: &'static str,
    /// Label text, Chinese then English.
    label_zh: &'static str,
    label_en: &'static str,
    /// The options, recomputed when their source changes.
    #[prop(into)]
    choices: Signal<Vec<Choice>>,
    /// The chosen value ("" for none).
    #[prop(into)]
    value: Signal<String>,
    /// Called with the newly chosen value.
    on_pick: impl Fn(String) + 'static,
    /// The rule findings for this field (shown only once the field was touched).
    #[prop(into)]
    findings: Signal<Vec<Finding>>,
) -> impl IntoView {
    let messages_id = format!("{id}-messages");
    view! {
        <div class="field">
            <label for=id>{label_zh} " " <span lang="en">{label_en}</span></label>
            <select
                id=id
                name=id
                aria-describedby=messages_id.clone()
                aria-invalid=move || has_error(&findings.get()).to_string()
                on:change=move |ev| on_pick(event_target_value(&ev))
            >
                <option value="" selected=move || value.get().is_empty()>"请选择 Choose"</option>
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
