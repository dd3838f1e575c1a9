//! The frame of a form step: the form, its heading (the step's title, focusable so a screen
//! reader announces the step), a hint in both languages, the step's fields, and the step buttons.

use leptos::prelude::*;

use super::step_nav::StepNav;
use crate::steps::Step;

#[component]
pub fn StepPage(
    step: Step,
    /// The form's class.
    class: &'static str,
    /// What the step asks for, Chinese then English.
    hint: (&'static str, &'static str),
    children: Children,
) -> impl IntoView {
    let (title_zh, title_en) = step.title();
    view! {
        <form class=class novalidate on:submit=|ev| ev.prevent_default()>
            <h2 tabindex="-1">{title_zh} " " <span lang="en">{title_en}</span></h2>
            <p class="hint">{hint.0} " " <span lang="en">{hint.1}</span></p>
            {children()}
            <StepNav step=step />
        </form>
    }
}
