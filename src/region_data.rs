//! The division table (cities and districts) for the region picker and its rules, fetched after
//! the first render instead of being compiled into the wasm. index.html copies
//! `crates/beian-rules/data/regions.tsv` into the build and preloads it, so the download runs
//! alongside the wasm's; a release build writes it in the rules' compact form (45 KiB raw,
//! 16.4 KiB brotli instead of 61.0 and 19.8: `scripts/compact-regions.mjs`).

use gloo_net::http::Request;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where index.html puts the table.
const URL: &str = "/regions.tsv";

/// Whether the table is there, and whether fetching it failed.
#[derive(Clone, Copy)]
pub struct RegionData {
    pub ready: RwSignal<bool>,
    pub failed: RwSignal<bool>,
}

/// Starts loading the table (unless it is already there) and shares its state with the app.
pub fn provide_region_data() -> RegionData {
    let data = RegionData {
        ready: RwSignal::new(beian_rules::regions::is_loaded()),
        failed: RwSignal::new(false),
    };
    if !data.ready.get_untracked() {
        data.load();
    }
    provide_context(data);
    data
}

impl RegionData {
    /// Fetches the table; on failure `failed` is set and [`RegionData::load`] may be called
    /// again (the "retry" button), since a phone on a bad network often loses one request.
    pub fn load(self) {
        self.failed.set(false);
        spawn_local(async move {
            match fetch_table().await {
                Some(text) => {
                    // Kept for the page's lifetime, as the rules crate's tables are.
                    let text: &'static str = Box::leak(text.into_boxed_str());
                    self.ready.set(beian_rules::regions::install(text));
                }
                None => self.failed.set(true),
            }
        });
    }
}

async fn fetch_table() -> Option<String> {
    let response = Request::get(URL).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    response.text().await.ok()
}

/// The shared state, or (outside the app, e.g. a component test that installed the table
/// itself) the table's state as it is now.
pub fn use_region_data() -> RegionData {
    use_context::<RegionData>().unwrap_or_else(|| RegionData {
        ready: RwSignal::new(beian_rules::regions::is_loaded()),
        failed: RwSignal::new(false),
    })
}
