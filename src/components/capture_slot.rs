//! The place in the 真实性核验 step where one person's live capture happens: who (name, masked
//! certificate, the sites they answer for), and the camera capture ([`LiveCapture`]: ID card
//! sides, then the face with the server's liveness challenges), or where the province does the
//! check instead.

use beian_rules::identity_check::{CheckWay, PersonToCheck};
use leptos::prelude::*;

use crate::capture::preflight::Preflight;
use crate::components::live_capture::LiveCapture;
use crate::i18n::{both, t, tr};
use beian_rules::mask::mask_middle;

#[component]
pub fn CaptureSlot(
    person: PersonToCheck,
    way: CheckWay,
    checks: LocalResource<Preflight>,
) -> impl IntoView {
    let sites_zh: Vec<String> = person
        .websites
        .iter()
        .map(|i| t::WHERE_WEBSITE.fill(&[&(i + 1).to_string()]).0)
        .collect();
    let sites_en: Vec<String> = person
        .websites
        .iter()
        .map(|i| t::WHERE_WEBSITE.fill(&[&(i + 1).to_string()]).1)
        .collect();
    let (for_zh, for_en) =
        t::VERIFICATION_FOR_SITES.fill_each(&[&sites_zh.join("、")], &[&sites_en.join(", ")]);
    let name = if person.name.is_empty() {
        tr(t::VERIFICATION_UNNAMED)
    } else {
        person.name.clone().into_any()
    };
    let certificate = (!person.certificate_number.is_empty())
        .then(|| mask_middle(&person.certificate_number, 4, 4));
    view! {
        <section class="capture-card" data-person=person.path.clone()>
            <h3>{name}</h3>
            {certificate.map(|c| view! { <p class="certificate"><code>{c}</code></p> })}
            <p class="field-hint">{both(for_zh, for_en)}</p>
            <div class="capture-slot">
                {match way {
                    CheckWay::Here => view! {
                        <p class="field-hint">{tr(t::VERIFICATION_WHEN)}</p>
                        <LiveCapture person=person.path.clone() checks=checks />
                    }.into_any(),
                    CheckWay::ProvinceApp => view! {
                        <p class="badge" data-status="province_app">{tr(t::VERIFICATION_IN_PROVINCE_APP)}</p>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}
