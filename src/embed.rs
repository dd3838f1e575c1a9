//! The client's side of the iframe mode (postMessage contract version 1, `docs/embedding.md`).
//! When the page is framed by an origin the server allows (`GET /api/v1/embed`, the list of
//! `BEIAN_FRAME_ANCESTORS`), it tells that origin, and only it, when it is ready, which step it
//! shows, its height, and when the filing is submitted; and it takes presets (the domain, the
//! 备案服务号) from that origin's window only. Framed by any other origin, or not framed, it
//! says nothing and takes nothing.
//!
//! Only [`start`] (is the page framed?) is in the first screen's module; the rest is fetched in
//! a frame only (see there).

use beian_rules::document::{ProductKind, Website};
use beian_rules::json::{self, object_text, ToJson};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::Locale;
use crate::wizard::Wizard;

/// The contract's version, in every message (`"beian": 1`).
pub const VERSION: u32 = 1;
/// Messages from the host longer than this (as JSON) are ignored.
const MAX_MESSAGE: usize = 4096;

/// What the client tells its host.
enum Out<'a> {
    Ready {
        step: &'a str,
    },
    Step {
        step: &'a str,
    },
    Resize {
        height: i32,
    },
    Submitted {
        application: &'a str,
    },
    Preset {
        applied: Vec<&'static str>,
    },
    /// Something the host page can fix: `frame_without_camera` (the frame lacks
    /// `allow="camera"`), `partner_token_refused` (with the server's `reason`).
    Problem {
        code: &'a str,
        reason: Option<&'a str>,
    },
    /// Answer to a `theme`: the fields taken (a value not of the documented form is not).
    Theme {
        applied: Vec<&'static str>,
    },
    /// Answer to a `sign_in` the server accepted: the number signed in, masked.
    SignedIn {
        phone: Option<&'a str>,
    },
}

impl Out<'_> {
    /// The message as JSON: the contract's version and the message's `type` first, then its
    /// fields (a problem's `reason` only when there is one).
    fn text(&self) -> String {
        let (kind, fields): (&str, Vec<(&str, &dyn ToJson)>) = match self {
            Out::Ready { step } => ("ready", vec![("step", step)]),
            Out::Step { step } => ("step", vec![("step", step)]),
            Out::Resize { height } => ("resize", vec![("height", height)]),
            Out::Submitted { application } => ("submitted", vec![("application", application)]),
            Out::Preset { applied } => ("preset", vec![("applied", applied)]),
            Out::Problem { code, reason } => {
                let mut fields: Vec<(&str, &dyn ToJson)> = vec![("code", code)];
                if let Some(reason) = reason {
                    fields.push(("reason", reason));
                }
                ("problem", fields)
            }
            Out::Theme { applied } => ("theme", vec![("applied", applied)]),
            Out::SignedIn { phone } => ("signed_in", vec![("phone", phone)]),
        };
        let mut members: Vec<(&str, &dyn ToJson)> = vec![("beian", &VERSION), ("type", &kind)];
        members.extend(fields);
        object_text(&members)
    }
}

thread_local! {
    /// The host's origin once the contract is on.
    static HOST: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    /// Problems found before the contract was on (the capture step may check first).
    static PENDING: std::cell::RefCell<Vec<&'static str>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Tells the host page of a problem it can fix, now or once the contract is on (nothing when
/// the page is not framed by an allowed origin).
pub fn tell_host_problem(code: &'static str) {
    match HOST.with(|h| h.borrow().clone()) {
        Some(host) => post(&host, &Out::Problem { code, reason: None }),
        None => PENDING.with(|p| p.borrow_mut().push(code)),
    }
}

/// What the host may send: `preset` (values the partner already knows, set where the applicant
/// has not typed anything yet), `locale`, `theme` (see [`Theme`]) and `sign_in` (a partner's
/// token, `partners.rs` on the server). Unknown fields are ignored.
struct Incoming {
    beian: u32,
    kind: String,
    domain: Option<String>,
    service_number: Option<String>,
    locale: Option<String>,
    token: Option<String>,
    scheme: Option<String>,
    accent: Option<String>,
    background: Option<String>,
    card: Option<String>,
    text: Option<String>,
    radius: Option<String>,
}

beian_rules::json_object!(Incoming, ignore_unknown {
    beian: required,
    kind: required "type",
    domain: default,
    service_number: default "serviceNumber",
    locale: default,
    token: default,
    scheme: default,
    accent: default,
    background: default,
    card: default,
    text: default,
    radius: default,
});

/// A host's theme: `scheme` (`light` or `dark`) and colours as `#rgb` or `#rrggbb`, the corner
/// radius as `<0 to 24>px`. Each is taken only in that form, so nothing else reaches the style.
#[derive(Default)]
pub struct Theme {
    pub scheme: Option<String>,
    pub accent: Option<String>,
    pub background: Option<String>,
    pub card: Option<String>,
    pub text: Option<String>,
    pub radius: Option<String>,
}

/// Whether `v` is a colour as `#rgb` or `#rrggbb`.
pub fn is_hex_colour(v: &str) -> bool {
    v.strip_prefix('#')
        .is_some_and(|h| (h.len() == 3 || h.len() == 6) && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether `v` is a radius as `<0 to 24>px`.
pub fn is_radius(v: &str) -> bool {
    v.strip_suffix("px")
        .and_then(|n| n.parse::<u8>().ok())
        .is_some_and(|n| n <= 24 && !v.starts_with('+'))
}

/// A theme field: its name in the contract, its value, the custom property it sets, its check.
type ThemeField<'a> = (
    &'static str,
    &'a Option<String>,
    &'static str,
    fn(&str) -> bool,
);

impl Theme {
    /// The page's style for this theme: the `data-theme` scheme (when light or dark) and the
    /// custom properties of `style/main.css` the theme sets (property, value), with the names of
    /// the fields taken.
    #[allow(clippy::type_complexity)]
    pub fn style(
        &self,
    ) -> (
        Option<&'static str>,
        Vec<(&'static str, String)>,
        Vec<&'static str>,
    ) {
        let mut applied = Vec::new();
        let scheme = match self.scheme.as_deref() {
            Some("dark") => Some("dark"),
            Some("light") => Some("light"),
            _ => None,
        };
        if scheme.is_some() {
            applied.push("scheme");
        }
        let mut style = Vec::new();
        let fields: [ThemeField<'_>; 5] = [
            ("accent", &self.accent, "--accent", is_hex_colour),
            ("background", &self.background, "--bg", is_hex_colour),
            ("card", &self.card, "--card", is_hex_colour),
            ("text", &self.text, "--fg", is_hex_colour),
            ("radius", &self.radius, "--radius", is_radius),
        ];
        for (name, value, property, valid) in fields {
            if let Some(v) = value.as_deref().map(str::trim).filter(|v| valid(v)) {
                style.push((property, v.to_owned()));
                applied.push(name);
            }
        }
        (scheme, style, applied)
    }
}

struct EmbedConfig {
    origins: Vec<String>,
}

beian_rules::json_object!(EmbedConfig, ignore_unknown { origins: required });

/// Whether `origin` is one of `allowed` (an exact origin, or `scheme://*.domain`).
pub fn allowed(origin: &str, allowed: &[String]) -> bool {
    allowed.iter().any(|a| {
        if a == origin {
            return true;
        }
        match (a.split_once("://*."), origin.split_once("://")) {
            (Some((scheme, domain)), Some((o_scheme, host))) => {
                scheme == o_scheme && host.ends_with(&format!(".{domain}"))
            }
            _ => false,
        }
    })
}

/// The origin of the page that framed this one (from the referrer), when framed.
fn host_origin() -> Option<String> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    if js_sys::Object::is(&parent, &window) {
        return None;
    }
    let referrer = window.document()?.referrer();
    let origin = web_sys::Url::new(&referrer).ok()?.origin();
    (origin != "null").then_some(origin)
}

/// The server's list of the origins that may frame the client.
const ORIGINS: &str = "/api/v1/embed";

/// Starts the contract if the page is framed by an allowed origin. In the release build
/// (`--cfg beian_split`) the contract's code is a wasm module of its own (`embed`), fetched only
/// in a frame, together with the server's list of origins: a phone that opens the page itself
/// never downloads it, and a partner's page waits for one round trip, not two.
pub fn start(w: Wizard) {
    let Some(host) = host_origin() else {
        return;
    };
    let locale = use_context::<RwSignal<Locale>>();
    #[cfg(beian_split)]
    leptos::task::spawn_local(split::start(w, locale, host));
    #[cfg(not(beian_split))]
    leptos::task::spawn_local(async move {
        if let Ok(origins) = crate::api::get_body(ORIGINS).await {
            connect_if_allowed(w, locale, host, origins);
        }
    });
}

/// Connects when the server's list (`origins`, its answer to [`ORIGINS`]) names `host`.
fn connect_if_allowed(
    w: Wizard,
    locale: Option<RwSignal<Locale>>,
    host: String,
    origins: (u16, String),
) {
    let Ok(config) = crate::api::parse::<EmbedConfig>(origins) else {
        return;
    };
    if allowed(&host, &config.origins) {
        connect(w, locale, host);
    }
}

#[cfg(beian_split)]
mod split {
    use leptos::prelude::*;
    use leptos::wasm_split::SplitLoaderError;

    use crate::i18n::Locale;
    use crate::split_load::RETRY_MS;
    use crate::wizard::Wizard;

    #[leptos::wasm_split::wasm_split(
        embed,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(#[allow(non_snake_case)] __preload_embed)
    )]
    fn begin(
        w: Wizard,
        locale: Option<RwSignal<Locale>>,
        host: String,
        origins: (u16, String),
    ) -> Result<(), SplitLoaderError> {
        super::connect_if_allowed(w, locale, host, origins);
        Ok(())
    }

    /// Fetches the server's list of origins and the contract's module together, then starts
    /// the contract; a module that did not arrive is asked for again after a pause (offline:
    /// once per pause, never in a loop).
    pub async fn start(w: Wizard, locale: Option<RwSignal<Locale>>, host: String) {
        let (origins, mut arrived) =
            futures::future::join(crate::api::get_body(super::ORIGINS), __preload_embed()).await;
        let Ok(origins) = origins else {
            return;
        };
        loop {
            if arrived.is_ok()
                && begin(w, locale, host.clone(), origins.clone())
                    .await
                    .is_ok()
            {
                return;
            }
            crate::clock::sleep(RETRY_MS).await;
            arrived = __preload_embed().await;
        }
    }
}

fn post(host: &str, message: &Out<'_>) {
    let text = message.text();
    let (Some(window), Ok(value)) = (web_sys::window(), js_sys::JSON::parse(&text)) else {
        return;
    };
    if let Ok(Some(parent)) = window.parent() {
        let _ = parent.post_message(&value, host);
    }
}

fn connect(w: Wizard, locale: Option<RwSignal<Locale>>, host: String) {
    HOST.with(|h| *h.borrow_mut() = Some(host.clone()));
    let host = StoredValue::new(host);
    post(
        &host.get_value(),
        &Out::Ready {
            step: w.step.get_untracked().slug(),
        },
    );
    for code in PENDING.with(|p| std::mem::take(&mut *p.borrow_mut())) {
        post(&host.get_value(), &Out::Problem { code, reason: None });
    }
    Effect::new(move |previous: Option<()>| {
        let step = w.step.get();
        if previous.is_some() {
            post(&host.get_value(), &Out::Step { step: step.slug() });
        }
    });
    Effect::new(move |was: Option<Option<String>>| {
        let status = w.status.get();
        if status.as_deref() == Some("submitted")
            && was.is_some_and(|s| s.as_deref() != Some("submitted"))
        {
            if let Some(id) = w.app_id.get_untracked() {
                post(&host.get_value(), &Out::Submitted { application: &id });
            }
        }
        status
    });
    watch_height(host.get_value());
    let listener =
        window_event_listener(leptos::ev::message, move |event: web_sys::MessageEvent| {
            let host = host.get_value();
            let from_parent = event.source().is_some_and(|source| {
                web_sys::window()
                    .and_then(|w| w.parent().ok().flatten())
                    .is_some_and(|parent| js_sys::Object::is(&source, &parent))
            });
            if event.origin() != host || !from_parent {
                return;
            }
            let Some(text) = js_sys::JSON::stringify(&event.data())
                .ok()
                .and_then(|t| t.as_string())
            else {
                return;
            };
            if text.len() > MAX_MESSAGE {
                return;
            }
            let Ok(message) = json::from_str::<Incoming>(&text) else {
                return;
            };
            if message.beian != VERSION {
                return;
            }
            match message.kind.as_str() {
                "preset" => {
                    let applied = preset(w, message.domain, message.service_number);
                    post(&host, &Out::Preset { applied });
                }
                "locale" => {
                    let chosen = message.locale.as_deref().and_then(Locale::from_tag);
                    if let (Some(signal), Some(l)) = (locale, chosen) {
                        if signal.get_untracked() != l {
                            signal.set(l);
                        }
                    }
                }
                "theme" => {
                    let applied = apply_theme(&Theme {
                        scheme: message.scheme,
                        accent: message.accent,
                        background: message.background,
                        card: message.card,
                        text: message.text,
                        radius: message.radius,
                    });
                    post(&host, &Out::Theme { applied });
                }
                "sign_in" => {
                    if let Some(token) = message.token.filter(|t| !t.is_empty()) {
                        leptos::task::spawn_local(partner_sign_in(w, host, token));
                    }
                }
                _ => {}
            }
        });
    // The contract lasts as long as the page.
    std::mem::forget(listener);
}

/// The custom properties a theme may set.
const THEMED: [&str; 5] = ["--accent", "--bg", "--card", "--fg", "--radius"];

/// Sets the theme on the page's root: the fields taken. Through the CSSOM, which the page's
/// `style-src 'self'` allows (a `style` attribute it would refuse).
fn apply_theme(theme: &Theme) -> Vec<&'static str> {
    let (scheme, properties, applied) = theme.style();
    let Some(root) = document()
        .document_element()
        .and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return Vec::new();
    };
    if let Some(scheme) = scheme {
        let _ = root.set_attribute("data-theme", scheme);
    }
    let style = root.style();
    for property in THEMED {
        let _ = style.remove_property(property);
    }
    for (property, value) in properties {
        let _ = style.set_property(property, &value);
    }
    applied
}

/// Signs the applicant in with the partner's token; tells the host how it went.
async fn partner_sign_in(w: Wizard, host: String, token: String) {
    match crate::api::partner_sign_in(&token).await {
        Ok(session) => {
            w.signed_in.set(Some(true));
            post(
                &host,
                &Out::SignedIn {
                    phone: session.phone.as_deref(),
                },
            );
        }
        Err(e) => {
            let reason = e.code();
            post(
                &host,
                &Out::Problem {
                    code: "partner_token_refused",
                    reason: Some(&reason),
                },
            );
        }
    }
}

/// Sets the presets where the draft has nothing yet: which were set.
fn preset(w: Wizard, domain: Option<String>, service_number: Option<String>) -> Vec<&'static str> {
    let clean = |v: Option<String>| {
        v.map(|v| v.trim().chars().take(253).collect::<String>())
            .filter(|v| !v.is_empty())
    };
    let (domain, service_number) = (clean(domain), clean(service_number));
    let mut applied = Vec::new();
    w.edit(|d| {
        if let Some(domain) = domain {
            if d.websites.is_empty() {
                d.websites.push(Website::default());
            }
            if d.websites[0].domain.is_empty() {
                d.websites[0].domain = domain;
                applied.push("domain");
            }
        }
        if let Some(number) = service_number {
            if d.product.service_number.is_empty() && d.product.kind.is_none() {
                d.product.kind = Some(ProductKind::ServiceNumber);
                d.product.service_number = number;
                applied.push("serviceNumber");
            }
        }
    });
    applied
}

/// Tells the host the client's height whenever it changes: the height of `#app` (the page's
/// own height is at least the frame's, so it would never shrink).
fn watch_height(host: String) {
    let Some(app) = document()
        .get_element_by_id("app")
        .or_else(|| document().body().map(Into::into))
    else {
        return;
    };
    let measured = app.clone();
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
        let height = measured.scroll_height();
        post(&host, &Out::Resize { height });
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&app);
    }
    callback.forget();
}
