//! The applicant client: a mobile-first Leptos single-page app for ICP filing.
//!
//! Rules come from the `beian-rules` crate (the same code the server re-runs); this crate
//! only renders them and talks to the API.

pub mod api;
pub mod capture;
pub mod clock;
pub mod components;
pub mod console;
pub mod draft_store;
pub mod embed;
pub mod focus;
pub mod i18n;
pub mod my_filings;
pub mod parts;
pub mod region_data;
#[cfg(beian_split)]
pub mod split_load;
pub mod steps;
pub mod validation;
pub mod wizard;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{t, tr, Locale};
use crate::steps::Step;
use crate::wizard::Wizard;

/// The step indicator: the steps of this filing type, the current one marked, each a button.
#[component]
fn StepIndicator() -> impl IntoView {
    let w = wizard::use_wizard();
    let steps = w.read(Step::for_draft);
    let other = i18n::locale().other().tag();
    view! {
        <ol class="steps" aria-label=t::APP_STEPS.plain()>
            {move || steps.get().into_iter().enumerate().map(|(i, s)| {
                let (first, second) = s.title().ordered();
                let errors = Signal::derive(move || w.any_shown() && {
                    w.findings.with(|all| all.iter().any(|f| f.is_error() && Step::of_field(&f.field) == s))
                });
                view! {
                    <li aria-current=move || (w.step.get() == s).then_some("step") class:has-errors=errors>
                        <button type="button" data-step=s.slug() on:click=move |_| w.go(s)>
                            {format!("{} {first}", i + 1)} <span class="visually-hidden" lang=other>{second}</span>
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
    move || parts::step(step.get())
}

/// The button that shows the page in the other language (named in that language).
#[component]
pub(crate) fn LanguageSwitch(locale: RwSignal<Locale>) -> impl IntoView {
    let now = locale.get_untracked();
    let switch = move |_| {
        locale.update(|l| *l = l.other());
        // The page renders anew in the other language: the focus goes back to this button.
        leptos::prelude::request_animation_frame(|| crate::focus::element("#language-switch"));
    };
    view! {
        <button type="button" id="language-switch" class="language-switch" lang=now.other().tag()
            on:click=switch>
            {t::APP_SWITCH_LANGUAGE.first()}
        </button>
    }
}

/// The app shell: title, language switch, step indicator, current step. The shell renders anew
/// when the language changes; the wizard's state lives above it and is kept.
#[component]
pub fn App() -> impl IntoView {
    region_data::provide_region_data();
    let locale = i18n::provide_locale();
    let w = Wizard::provide();
    // In a partner's frame: the postMessage contract with the host page (docs/embedding.md).
    embed::start(w);
    // 我的备案 (`#/applications`) instead of a step.
    let my_filings = RwSignal::new(my_filings::is_location());
    // "Back" in the browser returns to the step before.
    // (Only a real change: re-rendering the same step would drop the focus a jump just set.)
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        // Only a real change: setting the same value would render the step anew (losing focus).
        let on_page = my_filings::is_location();
        if my_filings.get_untracked() != on_page {
            my_filings.set(on_page);
        }
        let step = Step::from_location();
        if w.step.get_untracked() != step {
            w.step.set(step);
        }
    });
    on_cleanup(move || listener.remove());
    move || {
        let lang = locale.get().tag();
        view! {
            // "loading" until the rules' module is in (a split build): tests and the load
            // benchmark wait for "ready".
            <div class="beian-app" lang=lang data-rules=move || if validation::ready() { "ready" } else { "loading" }>
            <header class="app-header">
                <div class="title-row">
                    <h1>{tr(t::APP_TITLE)}</h1>
                    <a id="my-filings-link" class="header-link" href=format!("#/{}", my_filings::SLUG)
                        aria-current=move || my_filings.get().then_some("page")>
                        {t::FILINGS_LINK.ordered().0}
                        <span class="visually-hidden" lang=locale.get().other().tag()>{t::FILINGS_LINK.ordered().1}</span>
                    </a>
                    <LanguageSwitch locale=locale />
                </div>
                <StepIndicator />
            </header>
            <main class="step">
                {move || if my_filings.get() {
                    parts::my_filings_page()
                } else {
                    view! { <CurrentStep /> }.into_any()
                }}
            </main>
            </div>
        }
    }
}

/// Mounts [`App`] into `#app`, or the body if the page has no such element.
pub fn mount() {
    mount_app(App);
    // The other steps' code (a split build), once the first screen is in place and the rules
    // have arrived.
    leptos::prelude::request_animation_frame(|| validation::after_settled(parts::preload_all));
}

/// Mounts `app` into `#app` (replacing the page's loading shell), or the body if the page has
/// no such element.
pub(crate) fn mount_app<V: IntoView + 'static>(app: fn() -> V) {
    let root = document()
        .get_element_by_id("app")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match root {
        Some(root) => {
            root.set_inner_html("");
            leptos::mount::mount_to(root, app).forget();
        }
        None => leptos::mount::mount_to_body(app),
    }
}
