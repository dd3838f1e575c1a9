//! The rules' view of now, from the device clock (the date in China, UTC+8), and waiting.

use beian_rules::Context;

pub fn rules_context() -> Context {
    Context::at_unix_seconds((js_sys::Date::now() / 1000.0) as i64)
}

/// Resolves after `ms` milliseconds (the page's timer).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
