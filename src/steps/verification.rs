//! Step 真实性核验: the responsible person of each website checks their identity in person (ID
//! card, then a live face check), once however many sites they answer for
//! (`identity_check::people_to_check`). What to prepare, and the province's own way (Shanghai:
//! its administration's app) or limits, come from `data/identity-check.tsv`. Each person has a
//! [`CaptureSlot`], where the camera capture mounts.

use beian_rules::identity_check::{check_notes, check_way, people_to_check, CheckWay};
use leptos::prelude::*;

use crate::capture::preflight;
use crate::components::capture_slot::CaptureSlot;
use crate::components::step_page::StepPage;
use crate::i18n::{both, t, tr};
use crate::steps::Step;
use crate::wizard::use_wizard;

#[component]
pub fn VerificationStep() -> impl IntoView {
    let w = use_wizard();
    let people = w.read(people_to_check);
    let province = w.read(|d| d.subject.region.province.clone());
    let notes = move || {
        check_notes(&province.get())
            .into_iter()
            .map(|n| view! { <li>{both(n.zh, n.en)}</li> })
            .collect_view()
    };
    // The checks before any camera starts, once for everyone on the page (each is a request or
    // a browser query).
    let checks = LocalResource::new(preflight::run);
    let problems = move || {
        let live_here = check_way(&province.get()) == CheckWay::Here;
        checks.get().filter(|_| live_here).map(|c| {
            c.problems
                .into_iter()
                .map(|p| {
                    let key = format!("{p:?}")
                        .split('(')
                        .next()
                        .unwrap_or_default()
                        .to_owned();
                    view! { <li class="field-error" data-problem=key>{p.view()}</li> }
                })
                .collect_view()
        })
    };
    view! {
        <StepPage step=Step::Verification class="verification" hint=t::VERIFICATION_HINT>
            <section class="check-notes">
                <h3>{tr(t::VERIFICATION_PREPARE)}</h3>
                <ul>{notes}</ul>
            </section>
            <ul class="preflight">{problems}</ul>
            {move || people.get().is_empty().then(|| view! {
                <p class="hint">{tr(t::VERIFICATION_NOBODY)}</p>
            })}
            {move || {
                let way = check_way(&province.get());
                people.get().into_iter().map(|p| view! { <CaptureSlot person=p way=way checks=checks /> }).collect_view()
            }}
        </StepPage>
    }
}
