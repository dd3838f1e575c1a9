//! The buttons under a step: back, save the draft, and next (which saves to the server on the
//! way; the device copy is kept on every change anyway), with the save status.

use leptos::prelude::*;

use super::keep_focus;

use super::save_status::SaveStatus;
use crate::i18n::{both, t, tr};
use crate::steps::Step;
use crate::wizard::{use_wizard, SaveState};

/// The step before and after `step` for this draft's filing type.
fn neighbours(steps: &[Step], step: Step) -> (Option<Step>, Option<Step>) {
    let i = steps.iter().position(|s| *s == step);
    let before = i.and_then(|i| i.checked_sub(1)).map(|i| steps[i]);
    let after = i.and_then(|i| steps.get(i + 1)).copied();
    (before, after.filter(|s| *s != Step::Progress))
}

#[component]
pub fn StepNav(step: Step) -> impl IntoView {
    let w = use_wizard();
    let around = Memo::new(move |_| w.draft.with(|d| neighbours(&Step::for_draft(d), step)));
    let saving = move || w.save_state.get() == SaveState::Saving;
    view! {
        <div class="actions step-nav">
            {move || around.get().1.map(|next| {
                let title = next.title();
                view! {
                    <button type="button" on:mousedown=keep_focus class="primary next" data-next=next.slug()
                        on:click=move |_| { w.save(|_| {}); w.go(next); }>
                        {let (zh, en) = t::NAV_NEXT.fill_each(&[title.zh], &[title.en]); both(zh, en)}
                    </button>
                }
            })}
            <div class="secondary-actions">
                {move || around.get().0.map(|back| view! {
                    <button type="button" on:mousedown=keep_focus class="secondary back" on:click=move |_| w.go(back)>
                        {tr(t::NAV_BACK)}
                    </button>
                })}
                <button type="button" on:mousedown=keep_focus class="secondary save-draft" disabled=saving
                    on:click=move |_| {
                        w.touch_steps(&[step]);
                        w.save(|_| {});
                        if w.errors_in_step(step) > 0 {
                            crate::focus::first_error();
                        }
                    }>
                    {tr(t::NAV_SAVE_DRAFT)}
                </button>
            </div>
            <SaveStatus />
        </div>
    }
}
