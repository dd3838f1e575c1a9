//! The parts of the client that the first screen does not need: every step after 备案类型判定,
//! and 我的备案.
//!
//! In the release build (`scripts/build-client` sets `--cfg beian_split`), each part's code is
//! split into a wasm module of its own (`wasm_split`, split by `wasm-split-cli`), fetched
//! the first time the part is shown, or earlier by [`preload_all`] once the first screen is
//! interactive. A phone waits only for the first screen's code. Other builds (`trunk serve`,
//! the component tests) compile the same functions in, and a part renders at once.

use leptos::prelude::*;

use crate::my_filings::MyFilingsPage;
use crate::steps::product::ProductStep;
use crate::steps::progress::ProgressStep;
use crate::steps::review::ReviewStep;
use crate::steps::subject::SubjectStep;
use crate::steps::uploads::UploadsStep;
use crate::steps::verification::VerificationStep;
use crate::steps::websites::WebsitesStep;
use crate::steps::Step;

/// `fn $name()`: `$component`'s view. In a split build it is a split point (`wasm_split`, which
/// Leptos' `#[lazy]` is made of, here with `fallible`: a module that does not arrive is an error
/// to show, not a panic), and `$preload()` fetches its module.
// rustfmt indents the attribute's arguments further on every run: it is left as written.
#[rustfmt::skip]
macro_rules! part {
    ($name:ident, $preload:ident, $component:ident) => {
        #[cfg(beian_split)]
        #[leptos::wasm_split::wasm_split(
            $name,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload(#[allow(non_snake_case)] $preload)
        )]
        fn $name() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
            Ok(view! { <$component /> }.into_any())
        }
        #[cfg(not(beian_split))]
        fn $name() -> AnyView {
            view! { <$component /> }.into_any()
        }
    };
}

part!(product, __preload_product, ProductStep);
part!(subject, __preload_subject, SubjectStep);
part!(websites, __preload_websites, WebsitesStep);
part!(uploads, __preload_uploads, UploadsStep);
part!(verification, __preload_verification, VerificationStep);
part!(review, __preload_review, ReviewStep);
part!(progress, __preload_progress, ProgressStep);
part!(my_filings, __preload_my_filings, MyFilingsPage);

/// Shows a part: at once when it is compiled in or its module has arrived. Else a loading
/// line: its module is fetched, and the view that asked renders again when it arrives, or shows why
/// not with a retry button (the focus helpers wait for the step's heading meanwhile).
#[cfg(beian_split)]
macro_rules! show {
    ($part:ident, $preload:ident) => {{
        thread_local! {
            static LOAD: split::Load = split::Load::default();
        }
        split::show(&LOAD, $preload, $part)
    }};
}
#[cfg(not(beian_split))]
macro_rules! show {
    ($part:ident, $preload:ident) => {
        $part()
    };
}

#[cfg(beian_split)]
mod split {
    use std::future::Future;
    use std::thread::LocalKey;

    use leptos::prelude::*;
    use leptos::wasm_split::SplitLoaderError;

    use crate::i18n::{message, t, tr};
    pub(super) use crate::split_load::Load;
    use crate::split_load::{at_once, ensure, State};

    /// The part's view is made in the render that asks for it, as in a build without the
    /// split, not in a future: a future would run later under an owner that may be gone by
    /// then (a step left before its module arrived).
    pub(super) fn show<P, V>(
        load: &'static LocalKey<Load>,
        preload: impl FnOnce() -> P + 'static,
        part: impl FnOnce() -> V,
    ) -> AnyView
    where
        P: Future<Output = Result<(), SplitLoaderError>> + 'static,
        V: Future<Output = Result<AnyView, SplitLoaderError>>,
    {
        // Arrived already when `preload_all` fetched it: ready at once.
        if ensure(load, preload, |_| {}) == State::Loaded {
            if let Some(view) = at_once(part()) {
                return view;
            }
        }
        if load.with(Load::state) == State::Failed {
            failed(load)
        } else {
            loading()
        }
    }

    /// While a part's module is on its way (a reload on a later step waits for it after the
    /// first module): said where the step will be, not a blank page.
    fn loading() -> AnyView {
        view! { <p class="loading" role="status">{tr(t::APP_PART_LOADING)}</p> }.into_any()
    }

    /// The part's module did not arrive (a lost request on a phone's network): say so where the
    /// step would be, with a button that fetches it again.
    fn failed(load: &'static LocalKey<Load>) -> AnyView {
        let retry = move |_| load.with(Load::retry);
        view! {
            <p class="msg msg-error" role="alert" data-code="client.part_unavailable">
                {message(t::APP_PART_UNAVAILABLE.zh.to_owned(), t::APP_PART_UNAVAILABLE.en.to_owned())}
                <button type="button" class="retry" on:click=retry>{tr(t::APP_RETRY)}</button>
            </p>
        }
        .into_any()
    }
}

/// The view of a step (the first is always compiled in).
pub fn step(step: Step) -> AnyView {
    match step {
        Step::Type => {
            view! { <crate::steps::type_determination::TypeDeterminationStep /> }.into_any()
        }
        Step::Product => show!(product, __preload_product),
        Step::Subject => show!(subject, __preload_subject),
        Step::Websites => show!(websites, __preload_websites),
        Step::Uploads => show!(uploads, __preload_uploads),
        Step::Verification => show!(verification, __preload_verification),
        Step::Review => show!(review, __preload_review),
        Step::Progress => show!(progress, __preload_progress),
    }
}

/// 我的备案.
pub fn my_filings_page() -> AnyView {
    show!(my_filings, __preload_my_filings)
}

/// Fetches every part's module in the background (a split build only), so that a later step
/// opens at once. Called when the first screen is interactive and the rules' module has arrived
/// (or failed to), which the first screen's messages wait for.
pub fn preload_all() {
    #[cfg(beian_split)]
    leptos::task::spawn_local(async {
        // One at a time: the first screen's own requests (the division table, the draft's
        // sync) are not held up behind several downloads at once.
        // One that fails is fetched again when its step is shown.
        let _ = __preload_product().await;
        let _ = __preload_subject().await;
        let _ = __preload_websites().await;
        let _ = __preload_uploads().await;
        let _ = __preload_verification().await;
        let _ = __preload_review().await;
        let _ = __preload_progress().await;
        let _ = __preload_my_filings().await;
    });
}
