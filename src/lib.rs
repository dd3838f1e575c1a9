//! The applicant client: a mobile-first Leptos single-page app for ICP filing.
//!
//! Rules come from the `beian-rules` crate (the same code the server re-runs); this crate
//! only renders them and talks to the API.

pub mod api;
pub mod clock;
pub mod components;
pub mod draft_store;
pub mod focus;
pub mod region_data;
pub mod steps;
pub mod wizard;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::steps::product::ProductStep;
use crate::steps::progress::ProgressStep;
use crate::steps::review::ReviewStep;
use crate::steps::subject::SubjectStep;
use crate::steps::type_determination::TypeDeterminationStep;
use crate::steps::uploads::UploadsStep;
use crate::steps::websites::WebsitesStep;
use crate::steps::Step;
use crate::wizard::Wizard;

/// The step indicator: the steps of this filing type, the current one marked, each a button.
#[component]
fn StepIndicator() -> impl IntoView {
    let w = wizard::use_wizard();
    let steps = w.read(Step::for_draft);
    view! {
        <ol class="steps" aria-label="步骤 Steps">
            {move || steps.get().into_iter().enumerate().map(|(i, s)| {
                let (zh, en) = s.title();
                let errors = Signal::derive(move || w.touched.with(|t| !t.is_empty()) && {
                    w.findings.with(|all| all.iter().any(|f| f.is_error() && Step::of_field(&f.field) == s))
                });
                view! {
                    <li aria-current=move || (w.step.get() == s).then_some("step") class:has-errors=errors>
                        <button type="button" data-step=s.slug() on:click=move |_| w.go(s)>
                            {format!("{} {zh}", i + 1)} <span class="visually-hidden" lang="en">{en}</span>
                        </button>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// The step now shown.
#[component]
pub fn CurrentStep() -> impl IntoView {
    let w = wizard::use_wizard();
    // A memo: setting the same step again renders nothing anew.
    let step = Memo::new(move |_| w.step.get());
    move || match step.get() {
        Step::Type => view! { <TypeDeterminationStep /> }.into_any(),
        Step::Product => view! { <ProductStep /> }.into_any(),
        Step::Subject => view! { <SubjectStep /> }.into_any(),
        Step::Websites => view! { <WebsitesStep /> }.into_any(),
        Step::Uploads => view! { <UploadsStep /> }.into_any(),
        Step::Review => view! { <ReviewStep /> }.into_any(),
        Step::Progress => view! { <ProgressStep /> }.into_any(),
    }
}

/// The app shell: title, step indicator, current step.
#[component]
pub fn App() -> impl IntoView {
    region_data::provide_region_data();
    let w = Wizard::provide();
    // "Back" in the browser returns to the step before.
    // (Only a real change: re-rendering the same step would drop the focus a jump just set.)
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let step = Step::from_location();
        if w.step.get_untracked() != step {
            w.step.set(step);
        }
    });
    on_cleanup(move || listener.remove());
    view! {
        <header class="app-header">
            <h1>"ICP 备案 " <span lang="en">"ICP filing"</span></h1>
            <StepIndicator />
        </header>
        <main class="step">
            <CurrentStep />
        </main>
    }
}

/// Mounts [`App`] into `#app`, or the body if the page has no such element.
pub fn mount() {
    let root = document()
        .get_element_by_id("app")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match root {
        Some(root) => {
            root.set_inner_html("");
            leptos::mount::mount_to(root, App).forget();
        }
        None => leptos::mount::mount_to_body(App),
    }
}
