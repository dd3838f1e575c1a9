//! A module split off the release build (`wasm_split` with `fallible`): where it is, and a
//! trigger for what waits on it. The steps' parts (`src/parts.rs`) and the rules
//! (`src/validation.rs`) load theirs through it; a split build only.

use std::cell::Cell;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::thread::LocalKey;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

/// How long to wait before asking again for a module that did not arrive (a lost request, or
/// offline: once per pause, not again and again).
pub const RETRY_MS: i32 = 5_000;

/// Where a split module is.
#[derive(Clone, Copy, Default, PartialEq)]
pub enum State {
    /// Not asked for yet, or to be asked for again after a failure.
    #[default]
    Unknown,
    Loading,
    Loaded,
    Failed,
}

/// A split module: where it is, and a trigger for those waiting on it (only those: a step already
/// shown does not render again when another module arrives).
#[derive(Default)]
pub struct Load {
    state: Cell<State>,
    settled: ArcTrigger,
}

impl Load {
    /// Where the module is. Tracked: a caller in a reactive scope runs again when it arrives, or
    /// fails to.
    pub fn state(&self) -> State {
        self.settled.track();
        self.state.get()
    }

    /// After a failure: those waiting run again, and ask for it again.
    pub fn retry(&self) {
        self.state.set(State::Unknown);
        self.settled.notify();
    }
}

/// Asks for `load`'s module unless it was asked for already, and says where it is now (not
/// tracked). `preload` is polled once at once: ready if the module is in (a preload fetched it).
/// Else it is awaited in a task, which sets the state, runs `settled` (with whether the module
/// arrived) and wakes those waiting.
pub fn ensure<P>(
    load: &'static LocalKey<Load>,
    preload: impl FnOnce() -> P,
    settled: fn(bool),
) -> State
where
    P: Future<Output = Result<(), SplitLoaderError>> + 'static,
{
    let set = |state| load.with(|l| l.state.set(state));
    let outcome = |arrived: bool| {
        if arrived {
            State::Loaded
        } else {
            State::Failed
        }
    };
    if load.with(|l| l.state.get()) == State::Unknown {
        let mut fetch = Box::pin(preload());
        match fetch.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(result) => {
                set(outcome(result.is_ok()));
                settled(result.is_ok());
            }
            // Not polled again here once done: `fetch` is only a pending load.
            Poll::Pending => {
                set(State::Loading);
                leptos::task::spawn_local(async move {
                    let arrived = fetch.await.is_ok();
                    load.with(|l| l.state.set(outcome(arrived)));
                    settled(arrived);
                    load.with(|l| l.settled.notify());
                });
            }
        }
    }
    load.with(|l| l.state.get())
}

/// The answer of a function of a module that is in: its future is ready at its first poll.
pub fn at_once<T>(call: impl Future<Output = Result<T, SplitLoaderError>>) -> Option<T> {
    match pin!(call).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(Ok(answer)) => Some(answer),
        _ => None,
    }
}
