//! The frame of a form step: the form, its heading (the step's title, focusable so a screen
//! reader announces the step), a hint, the step's fields, and the step buttons.

use leptos::prelude::*;

use super::step_nav::StepNav;
use crate::i18n::{tr, Text};
use crate::steps::Step;

#[component]
pub fn StepPage(
    step: Step,
    /// The form's class.
    class: &'static str,
    /// What the step asks for.
    hint: Text,
    children: Children,
) -> impl IntoView {
    view! {
        <form class=class novalidate on:submit=|ev| ev.prevent_default()>
            <h2 tabindex="-1">{tr(step.title())}</h2>
            <p class="hint">{tr(hint)}</p>
            {children()}
            <StepNav step=step />
        </form>
    }
}
