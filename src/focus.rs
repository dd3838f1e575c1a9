//! Moving the focus after a step change (to the step's heading) or a jump from the review (to
//! the field), once the new step is in the page.

use wasm_bindgen::JsCast;

fn after_render(f: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(f);
}

fn focus_element(selector: &str) -> bool {
    let Some(el) = leptos::prelude::document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    el.scroll_into_view();
    el.focus().is_ok()
}

/// The new step's heading (`tabindex=-1`), so a screen reader announces the step.
pub fn top_of_step() {
    after_render(|| {
        focus_element(".step h2");
    });
}

/// The input with this DOM id, or its step's heading when the field is not on the page.
pub fn field(dom_id: String) {
    after_render(move || {
        if !focus_element(&format!("#{dom_id}")) {
            focus_element(".step h2");
        }
    });
}
