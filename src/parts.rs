//! The parts of the client that the first screen does not need: every step after 备案类型判定,
//! and 我的备案.
//!
//! In the release build (`scripts/build-client` sets `--cfg beian_split`), each part's code is
//! split into a wasm module of its own (Leptos' `#[lazy]`, split by `wasm-split-cli`), fetched
//! the first time the part is shown, or earlier by [`preload_all`] once the first screen is
//! interactive. A phone waits only for the first screen's code. Other builds (`trunk serve`,
//! the component tests) compile the same functions in, and a part renders at once.

use leptos::prelude::*;

use crate::steps::product::ProductStep;
use crate::steps::progress::ProgressStep;
use crate::steps::review::ReviewStep;
use crate::steps::subject::SubjectStep;
use crate::steps::uploads::UploadsStep;
use crate::steps::verification::VerificationStep;
use crate::steps::websites::WebsitesStep;
use crate::steps::Step;

/// `fn $name() -> AnyView`: `$component`'s view, lazily loaded in a split build.
macro_rules! part {
    ($name:ident, $component:ident) => {
        #[cfg_attr(beian_split, leptos::lazy)]
        fn $name() -> AnyView {
            view! { <$component /> }.into_any()
        }
    };
}

part!(product, ProductStep);
part!(subject, SubjectStep);
part!(websites, WebsitesStep);
part!(uploads, UploadsStep);
part!(verification, VerificationStep);
part!(review, ReviewStep);
part!(progress, ProgressStep);
part!(my_filings, MyFilingsPage);

use crate::my_filings::MyFilingsPage;

/// Shows a part: at once when it is compiled in or its module has arrived. Else nothing yet:
/// its module is fetched, and the view that asked renders again when it arrives (the focus
/// helpers wait for the step's heading meanwhile).
#[cfg(beian_split)]
macro_rules! show {
    ($part:ident, $preload:ident) => {{
        static LOADED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        split::show(&LOADED, $preload, $part)
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
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::task::{Context, Poll, Waker};

    use leptos::prelude::*;

    thread_local! {
        /// Notified when any part's module arrives: the views that asked for one render again.
        static ARRIVED: ArcTrigger = ArcTrigger::new();
    }

    /// The part's view is made in the render that asks for it, as in a build without the
    /// split, not in a future: a future would run later under an owner that may be gone by
    /// then (a step left before its module arrived).
    pub(super) fn show<P, V>(
        loaded: &'static AtomicBool,
        preload: impl FnOnce() -> P + 'static,
        part: impl FnOnce() -> V,
    ) -> AnyView
    where
        P: Future<Output = ()> + 'static,
        V: Future<Output = AnyView>,
    {
        let noop = &mut Context::from_waker(Waker::noop());
        // Arrived already when `preload_all` (or an earlier visit) fetched it: the load is then
        // ready at its first poll, and so is the split function's future.
        let mut load = Box::pin(preload());
        if loaded.load(Ordering::Relaxed) || load.as_mut().poll(noop).is_ready() {
            loaded.store(true, Ordering::Relaxed);
            if let Poll::Ready(view) = std::pin::pin!(part()).poll(noop) {
                return view;
            }
        }
        ARRIVED.with(|arrived| arrived.track());
        leptos::task::spawn_local(async move {
            load.await;
            loaded.store(true, Ordering::Relaxed);
            ARRIVED.with(|arrived| arrived.notify());
        });
        ().into_any()
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
/// opens at once. Called when the first screen is interactive.
pub fn preload_all() {
    #[cfg(beian_split)]
    leptos::task::spawn_local(async {
        // One at a time: the first screen's own requests (the division table, the draft's
        // sync) are not held up behind several downloads at once.
        __preload_product().await;
        __preload_subject().await;
        __preload_websites().await;
        __preload_uploads().await;
        __preload_verification().await;
        __preload_review().await;
        __preload_progress().await;
        __preload_my_filings().await;
    });
}
