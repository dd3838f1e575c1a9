//! Moving the focus after a step change (to the step's heading) or a jump from the review (to
//! the field), once the new step is in the page.

use wasm_bindgen::JsCast;

fn after_render(f: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(f);
}

/// How many frames to wait for a step to appear (about 10 s): in the release build a step's
/// code is a module of its own, fetched the first time the step is shown (`crate::parts`).
const FRAMES_FOR_A_STEP: u16 = 600;

/// Runs `f` once the shown step's heading is in the page (or when waiting is given up).
fn after_step_render(f: impl FnOnce() + 'static) {
    fn wait(f: Box<dyn FnOnce()>, frames: u16) {
        after_render(move || {
            if frames == 0
                || leptos::prelude::document()
                    .query_selector(".step h2")
                    .ok()
                    .flatten()
                    .is_some()
            {
                f();
            } else {
                wait(f, frames - 1);
            }
        });
    }
    wait(Box::new(f), FRAMES_FOR_A_STEP);
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

/// The element matching `selector`, if it is in the page.
pub fn element(selector: &str) {
    focus_element(selector);
}

/// The new step's heading (`tabindex=-1`), so a screen reader announces the step; the step
/// indicator scrolls sideways to show the current step on a narrow phone.
pub fn top_of_step() {
    after_step_render(|| {
        if let Ok(Some(current)) =
            leptos::prelude::document().query_selector(".steps [aria-current=step]")
        {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            options.set_inline(web_sys::ScrollLogicalPosition::Center);
            current.scroll_into_view_with_scroll_into_view_options(&options);
        }
        focus_element(".step h2");
    });
}

/// How many frames to wait for a field to appear (lists such as the site cards render a frame
/// or two after the step).
const FRAMES_FOR_A_FIELD: u8 = 10;

/// The input with this DOM id, or its step's heading when the field never appears.
pub fn field(dom_id: String) {
    after_step_render(move || field_within(format!("#{dom_id}"), FRAMES_FOR_A_FIELD));
}

fn field_within(selector: String, frames: u8) {
    after_render(move || {
        if focus_element(&selector) {
            return;
        }
        if frames == 0 {
            focus_element(".step h2");
        } else {
            field_within(selector, frames - 1);
        }
    });
}

/// The first field of the step that has an error (`aria-invalid=true`), once its messages are
/// shown; the step's heading when there is none.
pub fn first_error() {
    after_render(|| {
        if !focus_element("form [aria-invalid=true]") {
            focus_element(".step h2");
        }
    });
}

/// The first error of the review list (its jump button), or the summary above the list.
pub fn first_review_error() {
    after_render(|| {
        if !focus_element(".review-item.msg-error button.jump") {
            focus_element("#review-summary");
        }
    });
}
