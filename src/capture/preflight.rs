//! What is checked before a capture session starts, each failure with its own message: a secure
//! page, a camera API, a partner's frame that does not allow the camera (`allow="camera"`), the
//! camera permission, a known in-app browser (where cameras often never start), which recording
//! types work, and whether the server answers.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::{t, Text};

pub use beian_rules::in_app_browsers::{in_app_browser, InAppBrowser};

/// One problem found before capture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not https (nor localhost): browsers give no camera.
    NotSecure,
    /// No `getUserMedia` at all.
    NoCameraApi,
    /// In a frame whose page did not allow the camera (`<iframe allow="camera">` forgotten).
    FrameWithoutCamera,
    /// The camera permission is denied for this site.
    PermissionDenied,
    /// An in-app browser: open the page in the system browser.
    InApp(InAppBrowser),
    /// The server does not answer.
    ServerUnreachable,
}

impl Problem {
    /// Whether live capture cannot work at all (the still-photo fallback is offered instead).
    pub fn blocks_live(&self) -> bool {
        !matches!(self, Problem::InApp(_))
    }

    /// The message in both languages, an in-app browser named.
    pub fn view(&self) -> leptos::prelude::AnyView {
        match self {
            Problem::InApp(app) => {
                let (zh, en) = t::CAPTURE_IN_APP.fill_each(&[app.name_zh], &[app.name_en]);
                crate::i18n::both(zh, en)
            }
            other => crate::i18n::tr(other.text()),
        }
    }

    pub fn text(&self) -> Text {
        match self {
            Problem::NotSecure => t::CAPTURE_NOT_SECURE,
            Problem::NoCameraApi => t::CAPTURE_NO_CAMERA_API,
            Problem::FrameWithoutCamera => t::CAPTURE_FRAME_WITHOUT_CAMERA,
            Problem::PermissionDenied => t::CAPTURE_PERMISSION_DENIED,
            Problem::InApp(_) => t::CAPTURE_IN_APP,
            Problem::ServerUnreachable => t::CAPTURE_SERVER_UNREACHABLE,
        }
    }
}

/// What the checks found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preflight {
    pub problems: Vec<Problem>,
    /// The recording type to use, if the browser records (`MediaRecorder`).
    pub recording: Option<&'static str>,
}

impl Preflight {
    pub fn live_possible(&self) -> bool {
        !self.problems.iter().any(Problem::blocks_live)
    }
}

/// The recording types tried, best first (Chrome and Firefox: WebM; Safari: MP4).
const RECORDING_TYPES: [&str; 3] = ["video/webm;codecs=vp8", "video/webm", "video/mp4"];

/// Runs every check.
pub async fn run() -> Preflight {
    let mut problems = Vec::new();
    let window = web_sys::window().expect("a window");
    if !window.is_secure_context() {
        problems.push(Problem::NotSecure);
    }
    let navigator = window.navigator();
    let has_api = js_sys::Reflect::get(&navigator, &"mediaDevices".into())
        .ok()
        .filter(|d| !d.is_undefined() && !d.is_null())
        .and_then(|d| js_sys::Reflect::get(&d, &"getUserMedia".into()).ok())
        .is_some_and(|f| f.is_function());
    if !has_api {
        problems.push(Problem::NoCameraApi);
    }
    if camera_policy(&window) == Some(false) {
        problems.push(Problem::FrameWithoutCamera);
        // The partner's page can fix it: it is told too (docs/embedding.md).
        crate::embed::tell_host_problem("frame_without_camera");
    }
    if camera_permission(&navigator).await.as_deref() == Some("denied") {
        problems.push(Problem::PermissionDenied);
    }
    if let Some(app) = navigator
        .user_agent()
        .ok()
        .as_deref()
        .and_then(in_app_browser)
    {
        problems.push(Problem::InApp(app));
    }
    if !crate::api::health().await {
        problems.push(Problem::ServerUnreachable);
    }
    let recorder =
        js_sys::Reflect::get(&window, &"MediaRecorder".into()).is_ok_and(|r| r.is_function());
    let recording = recorder
        .then(|| {
            RECORDING_TYPES
                .into_iter()
                .find(|t| web_sys::MediaRecorder::is_type_supported(t))
        })
        .flatten();
    Preflight {
        problems,
        recording,
    }
}

/// The camera permission's state (`granted`, `prompt`, `denied`), where the browser tells.
async fn camera_permission(navigator: &web_sys::Navigator) -> Option<String> {
    let permissions = navigator.permissions().ok()?;
    let query = js_sys::Object::new();
    js_sys::Reflect::set(&query, &"name".into(), &"camera".into()).ok()?;
    let status = JsFuture::from(permissions.query(&query).ok()?).await.ok()?;
    let status: web_sys::PermissionStatus = status.dyn_into().ok()?;
    Some(format!("{:?}", status.state()).to_ascii_lowercase())
}

/// Whether the page's permissions policy allows the camera, where the browser tells
/// (`document.permissionsPolicy`, or the older `featurePolicy`): in a partner's frame without
/// `allow="camera"` it does not.
fn camera_policy(window: &web_sys::Window) -> Option<bool> {
    let document = window.document()?;
    let policy = ["permissionsPolicy", "featurePolicy"]
        .into_iter()
        .filter_map(|name| js_sys::Reflect::get(&document, &name.into()).ok())
        .find(|p| p.is_object())?;
    let allows: js_sys::Function = js_sys::Reflect::get(&policy, &"allowsFeature".into())
        .ok()?
        .dyn_into()
        .ok()?;
    allows.call1(&policy, &"camera".into()).ok()?.as_bool()
}
