//! The whole-application entry point as the server and the CLI use it: bytes -> JSON document
//! -> every rule. Nothing may panic, whatever the bytes.
#![no_main]

use beian_rules::{validate_draft, CivilDate, Context, FilingDraft};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(draft) = serde_json::from_str::<FilingDraft>(text) else { return };
    let ctx = Context { today: CivilDate::new(2026, 11, 22) };
    for finding in validate_draft(&draft, &ctx) {
        assert!(!finding.message.zh_cn.is_empty());
    }
});
