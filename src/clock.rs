//! The rules' view of now, from the device clock (the date in China, UTC+8).

use beian_rules::Context;

pub fn rules_context() -> Context {
    Context::at_unix_seconds((js_sys::Date::now() / 1000.0) as i64)
}
