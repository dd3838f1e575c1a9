//! The rules on the whole draft (`validate_draft`), as the wizard runs them.
//!
//! In the release build (`--cfg beian_split`) the validator is a wasm module of its own: every
//! rule's code and message (names, addresses, phones, uploads, the provinces' rules...) would
//! otherwise be in the first screen's module, which the phone waits for. It is fetched as the
//! wizard starts, and arrives while the first screen is being read. Until then there are no
//! findings, and [`ready`] says so: the review neither submits nor calls a step clean before it.
//! When it arrives, everything that asked runs again. A module that did not arrive is asked for
//! again after a pause (offline: once per pause). Other builds (`trunk serve`, the component
//! tests) compile the rules in, and findings are there at once.

use beian_rules::review::ReturnReason;
use beian_rules::{Context, FilingDraft, Finding};

/// The findings on `draft`, with the reviewer's reasons that still stand on a returned filing,
/// or `None` while the validator's module is on its way. Tracked: a caller in a reactive scope
/// runs again when it arrives (or fails to).
pub fn validate(
    draft: &FilingDraft,
    ctx: &Context,
    returned: &[ReturnReason],
) -> Option<Vec<Finding>> {
    #[cfg(beian_split)]
    {
        split::call(|| split::validate(draft, ctx, returned))
    }
    #[cfg(not(beian_split))]
    {
        Some(findings(draft, ctx, returned))
    }
}

/// The domain as it will be filed ([`beian_rules::domain::as_filed`]), or `None` for input with
/// an error or while the validator's module is on its way (tracked, as [`validate`]). In that
/// module because a check of a domain brings every rule message with it.
pub fn domain_as_filed(input: &str) -> Option<String> {
    #[cfg(beian_split)]
    {
        split::call(|| split::domain_as_filed(input)).flatten()
    }
    #[cfg(not(beian_split))]
    {
        beian_rules::domain::as_filed(input)
    }
}

fn findings(draft: &FilingDraft, ctx: &Context, returned: &[ReturnReason]) -> Vec<Finding> {
    let mut all = beian_rules::validate_draft(draft, ctx);
    // A returned filing: each reason stands until its field changes.
    all.extend(beian_rules::review::returned_findings(draft, returned));
    all
}

/// Fetches the validator's module if it is not in yet (a split build only): called as the
/// wizard starts, before anything asks for findings.
pub fn preload() {
    #[cfg(beian_split)]
    split::preload();
}

/// Runs `f` once the validator's module has arrived, or failed to (at once in a build without
/// the split, or if it is in already): what else the page fetches in the background waits for it.
pub fn after_settled(f: impl FnOnce() + 'static) {
    #[cfg(beian_split)]
    split::after_settled(Box::new(f));
    #[cfg(not(beian_split))]
    f();
}

/// Whether the rules have run on the draft (the validator's module is in). Tracked.
pub fn ready() -> bool {
    #[cfg(beian_split)]
    {
        split::ready()
    }
    #[cfg(not(beian_split))]
    {
        true
    }
}

#[cfg(beian_split)]
mod split {
    use std::cell::RefCell;
    use std::future::Future;

    use beian_rules::review::ReturnReason;
    use beian_rules::{Context, FilingDraft, Finding};
    use leptos::wasm_split::SplitLoaderError;

    use crate::split_load::{at_once, ensure, Load, State, RETRY_MS};

    // Two functions of one module (`validator`). Each has a loader of its own, which answers
    // at once only after it has been awaited: `load` awaits both.
    #[leptos::wasm_split::wasm_split(
        validator,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(#[allow(non_snake_case)] __preload_validator)
    )]
    pub(super) fn validate(
        draft: &FilingDraft,
        ctx: &Context,
        returned: &[ReturnReason],
    ) -> Result<Vec<Finding>, SplitLoaderError> {
        Ok(super::findings(draft, ctx, returned))
    }

    #[leptos::wasm_split::wasm_split(
        validator,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(#[allow(non_snake_case)] __preload_domain_as_filed)
    )]
    pub(super) fn domain_as_filed(input: &str) -> Result<Option<String>, SplitLoaderError> {
        Ok(beian_rules::domain::as_filed(input))
    }

    thread_local! {
        static LOAD: Load = Load::default();
        /// What runs when the module arrives, or does not (`after_settled`).
        static AFTER: RefCell<Vec<Box<dyn FnOnce()>>> = RefCell::default();
    }

    async fn load() -> Result<(), SplitLoaderError> {
        __preload_validator().await?;
        __preload_domain_as_filed().await
    }

    /// The module arrived, or did not: what waits for it runs either way, and a lost request
    /// (or offline) is asked for again after a pause, not at once, which would ask again and
    /// again.
    fn settled(arrived: bool) {
        for f in AFTER.with(|a| std::mem::take(&mut *a.borrow_mut())) {
            f();
        }
        if !arrived {
            leptos::task::spawn_local(async {
                crate::clock::sleep(RETRY_MS).await;
                LOAD.with(Load::retry);
            });
        }
    }

    pub fn preload() -> State {
        ensure(&LOAD, load, settled)
    }

    pub fn after_settled(f: Box<dyn FnOnce()>) {
        if matches!(preload(), State::Loaded | State::Failed) {
            f();
        } else {
            AFTER.with(|a| a.borrow_mut().push(f));
        }
    }

    pub fn ready() -> bool {
        LOAD.with(Load::state) == State::Loaded
    }

    /// `f`'s answer (a call into the validator's module) once that module is in; `None` before.
    pub(super) fn call<T, F>(f: impl FnOnce() -> F) -> Option<T>
    where
        F: Future<Output = Result<T, SplitLoaderError>>,
    {
        preload();
        if !ready() {
            return None;
        }
        at_once(f())
    }
}
