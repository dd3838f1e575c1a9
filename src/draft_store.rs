//! Keeps the draft on this device (localStorage) so a reload, a crash or going offline loses
//! nothing. The server copy is written on "save" and "next", and by the wizard's background sync
//! while the device is online.

use beian_rules::{json, json_object, FilingDraft};

const KEY: &str = "beian.draft.v1";

/// What is kept locally: the draft and, once saved, its server id and the revision saved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LocalDraft {
    pub id: Option<String>,
    /// The server revision this draft was last saved as (sent back as `If-Match`).
    pub revision: Option<i64>,
    /// The server's status once saved (`draft`, `submitted` ...).
    pub status: Option<String>,
    pub draft: FilingDraft,
    /// Changed since the server last confirmed it (the background sync sends it when online).
    pub unsynced: bool,
}

// Read and written without serde's generic code (`beian_rules::json`): this is the first
// screen's module.
json_object!(
    LocalDraft,
    ignore_unknown {
        id: required,
        revision: default,
        status: default,
        draft: required,
        unsynced: default,
    }
);

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The locally kept draft, if there is a readable one.
pub fn load() -> Option<LocalDraft> {
    let text = storage()?.get_item(KEY).ok()??;
    json::from_str(&text).ok()
}

/// Keeps the draft; silently does nothing where storage is unavailable (private mode).
pub fn save(local: &LocalDraft) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, &json::to_string(local));
    }
}

pub fn clear() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}
