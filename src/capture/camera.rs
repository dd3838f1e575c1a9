//! The camera: started for one capture (rear for documents, front for the face) and stopped —
//! every track — when the capture ends, the step is left or the page is hidden.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MediaStream, MediaStreamTrack};

use crate::i18n::{t, Text};

/// Why the camera did not start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CameraError {
    /// The person (or the browser's settings) refused the permission.
    Denied,
    /// No camera facing the way asked, or none at all.
    NotFound,
    /// Another app holds the camera.
    Busy,
    /// No camera API, or anything else.
    Unavailable,
}

impl CameraError {
    fn of(error: &JsValue) -> CameraError {
        let name = js_sys::Reflect::get(error, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        match name.as_str() {
            "NotAllowedError" | "SecurityError" => CameraError::Denied,
            "NotFoundError" | "OverconstrainedError" => CameraError::NotFound,
            "NotReadableError" | "AbortError" => CameraError::Busy,
            _ => CameraError::Unavailable,
        }
    }

    pub fn text(self) -> Text {
        match self {
            CameraError::Denied => t::CAPTURE_PERMISSION_DENIED,
            CameraError::NotFound => t::CAPTURE_NO_CAMERA,
            CameraError::Busy => t::CAPTURE_CAMERA_BUSY,
            CameraError::Unavailable => t::CAPTURE_NO_CAMERA_API,
        }
    }
}

/// Starts the rear (`rear`) or front camera at about 640 × 480, without sound.
pub async fn start(rear: bool) -> Result<MediaStream, CameraError> {
    let devices = web_sys::window()
        .ok_or(CameraError::Unavailable)?
        .navigator()
        .media_devices()
        .map_err(|_| CameraError::Unavailable)?;
    let video = js_sys::Object::new();
    let set = |o: &js_sys::Object, k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(o, &k.into(), &v);
    };
    let ideal = |n: f64| {
        let o = js_sys::Object::new();
        set(&o, "ideal", n.into());
        JsValue::from(o)
    };
    set(
        &video,
        "facingMode",
        if rear { "environment" } else { "user" }.into(),
    );
    set(&video, "width", ideal(640.0));
    set(&video, "height", ideal(480.0));
    let constraints = web_sys::MediaStreamConstraints::new();
    constraints.set_video(&video);
    constraints.set_audio(&JsValue::FALSE);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|e| CameraError::of(&e))?;
    let stream = JsFuture::from(promise)
        .await
        .map_err(|e| CameraError::of(&e))?;
    stream.dyn_into().map_err(|_| CameraError::Unavailable)
}

/// Stops every track of `stream` (the camera's light goes off).
pub fn stop(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
            track.stop();
        }
    }
}
