//! The date the rules need, from the device clock, as the day it is in China (UTC+8).

use beian_rules::{CivilDate, Context};

pub fn rules_context() -> Context {
    const UTC_PLUS_8_MS: f64 = 8.0 * 3600.0 * 1000.0;
    let china = js_sys::Date::new(&(js_sys::Date::now() + UTC_PLUS_8_MS).into());
    Context {
        today: CivilDate::new(
            china.get_utc_full_year() as u16,
            china.get_utc_month() as u8 + 1,
            china.get_utc_date() as u8,
        ),
    }
}
