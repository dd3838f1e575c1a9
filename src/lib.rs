//! The applicant client: a mobile-first Leptos single-page app for ICP filing.
//!
//! Rules come from the `beian-rules` crate (the same code the server re-runs); this crate
//! only renders them and talks to the API.

pub mod api;
pub mod clock;
pub mod components;
pub mod draft_store;
pub mod region_data;
pub mod steps;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::steps::type_determination::TypeDeterminationStep;

/// The app shell: title, step indicator, current step.
#[component]
pub fn App() -> impl IntoView {
    region_data::provide_region_data();
    view! {
        <header class="app-header">
            <h1>"ICP 备案 " <span lang="en">"ICP filing"</span></h1>
            <ol class="steps" aria-label="步骤 Steps">
                <li aria-current="step">"1 备案类型判定"</li>
                <li>"2 产品验证"</li>
                <li>"3 主体信息"</li>
                <li>"4 网站信息"</li>
            </ol>
        </header>
        <main class="step">
            <TypeDeterminationStep />
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
