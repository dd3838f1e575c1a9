//! The reviewer console (`/review/`): the provider's reviewers sign in with their own SMS sign-in,
//! work through the queue, open a filing with its full rule report, uploads, live captures and audit trail, and
//! record decisions (初审, and the 管局's result) with a reason on each field they return.
//!
//! It is a second entry of this crate (`src/bin/review.rs`, `review.html`), so none of it ships
//! to applicants: the applicant bundle does not link this module.
//!
//! Addresses: `#/` the queue (`#/?status=submitted,bureau_review` filtered), `#/filing/{id}` one
//! filing.

pub mod api;
pub mod captures;
pub mod decision;
pub mod detail;
pub mod queue;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::sign_in_form::SignInForm;
use crate::i18n::{t, tr};
use crate::LanguageSwitch;
use api::ReviewerSession;

/// What the address shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Queue,
    Filing(String),
}

impl Route {
    /// The route of a location hash (`#/filing/…`).
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        match path.strip_prefix("filing/") {
            Some(id)
                if !id.is_empty()
                    && id.len() <= 64
                    && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
            {
                Route::Filing(id.to_owned())
            }
            _ => Route::Queue,
        }
    }

    fn current() -> Route {
        Route::parse(&window().location().hash().unwrap_or_default())
    }

    pub fn href(&self) -> String {
        match self {
            Route::Queue => "#/".to_owned(),
            Route::Filing(id) => format!("#/filing/{id}"),
        }
    }
}

/// Who is signed in, as far as the console knows.
#[derive(Clone, Debug, PartialEq)]
enum Session {
    Checking,
    SignedOut,
    SignedIn(ReviewerSession),
    Failed(crate::api::ApiError),
}

/// The console: sign-in, then the queue or a filing.
#[component]
pub fn ReviewConsole() -> impl IntoView {
    let locale = crate::i18n::provide_locale();
    let session = RwSignal::new(Session::Checking);
    let route = RwSignal::new(Route::current());
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let now = Route::current();
        if route.get_untracked() != now {
            route.set(now);
        }
    });
    on_cleanup(move || listener.remove());
    let check = move || {
        session.set(Session::Checking);
        spawn_local(async move {
            session.set(match api::session().await {
                Ok(s) if s.signed_in => Session::SignedIn(s),
                Ok(_) => Session::SignedOut,
                Err(e) => Session::Failed(e),
            });
        });
    };
    check();
    let sign_out = move |_| {
        spawn_local(async move {
            // Signed out here whatever the answer: the cookie is the server's to end.
            let _ = crate::api::sign_out(crate::api::Who::Reviewer).await;
            session.set(Session::SignedOut);
        });
    };
    move || {
        let lang = locale.get().tag();
        view! {
            <div class="beian-app console" lang=lang>
                <header class="app-header">
                    <div class="title-row">
                        <h1>{tr(t::CONSOLE_TITLE)}</h1>
                        {move || match session.get() {
                            Session::SignedIn(s) => {
                                let (name, phone) = (s.name.unwrap_or_default(), s.phone.unwrap_or_default());
                                view! {
                                    <p class="signed-in-as">{t::CONSOLE_SIGNED_IN_AS.view_with(&[&name, &phone])}</p>
                                    <button type="button" class="secondary" id="console-sign-out" on:click=sign_out>
                                        {tr(t::CONSOLE_SIGN_OUT)}
                                    </button>
                                }.into_any()
                            }
                            _ => ().into_any(),
                        }}
                        <LanguageSwitch locale=locale />
                    </div>
                </header>
                <main class="step">
                    {move || match session.get() {
                        Session::Checking => view! { <p class="loading">{tr(t::CONSOLE_LOADING)}</p> }.into_any(),
                        Session::Failed(e) => view! {
                            <div class="form-error" role="alert">{e.view()}</div>
                            <button type="button" on:click=move |_| check()>{tr(t::CONSOLE_RETRY)}</button>
                        }.into_any(),
                        Session::SignedOut => view! {
                            <section class="console-sign-in">
                                <p class="field-hint">{tr(t::CONSOLE_SIGN_IN_WHY)}</p>
                                <SignInForm who=crate::api::Who::Reviewer
                                    on_signed_in=move |_| check() />
                            </section>
                        }.into_any(),
                        Session::SignedIn(_) => match route.get() {
                            Route::Queue => view! { <queue::QueuePage /> }.into_any(),
                            Route::Filing(id) => view! { <detail::FilingPage id=id /> }.into_any(),
                        },
                    }}
                </main>
            </div>
        }
    }
}

/// Mounts the console into `#app` (review.html), replacing its loading shell.
pub fn mount() {
    crate::mount_app(ReviewConsole)
}
