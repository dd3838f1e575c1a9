//! Frames from the camera's video: a JPEG of the whole frame (what is streamed), and the
//! quality of the guide's area measured on a small grey copy by the rules crate's
//! `capture_quality` (the same code the server can run on the stored frames).

use beian_rules::capture_quality::{
    card_guide, grey_from_rgba, measure, FrameQuality, CARD_RATIO, MEASURE_WIDTH,
};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement};

/// JPEG quality of streamed frames.
const JPEG_QUALITY: f64 = 0.8;

/// A new canvas (not in the page) and its 2D context.
pub fn canvas() -> Option<(HtmlCanvasElement, CanvasRenderingContext2d)> {
    let canvas: HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    Some((canvas, context))
}

/// Grabs frames of one video.
pub struct Grabber {
    full: (HtmlCanvasElement, CanvasRenderingContext2d),
    small: (HtmlCanvasElement, CanvasRenderingContext2d),
    previous: Option<Vec<u8>>,
}

impl Grabber {
    pub fn new() -> Option<Grabber> {
        Some(Grabber {
            full: canvas()?,
            small: canvas()?,
            previous: None,
        })
    }

    /// The current frame as JPEG bytes; `None` before the video has a frame.
    pub async fn jpeg(&self, video: &HtmlVideoElement) -> Option<Vec<u8>> {
        canvas_jpeg(&self.draw(video)?).await
    }

    /// The current frame drawn on the full-size canvas (turned into JPEG by [`canvas_jpeg`]).
    pub fn draw(&self, video: &HtmlVideoElement) -> Option<HtmlCanvasElement> {
        let (w, h) = (video.video_width(), video.video_height());
        if w == 0 || h == 0 {
            return None;
        }
        let (canvas, context) = &self.full;
        canvas.set_width(w);
        canvas.set_height(h);
        context
            .draw_image_with_html_video_element(video, 0.0, 0.0)
            .ok()?;
        Some(canvas.clone())
    }

    /// The quality of the guide's area of the current frame (against the last one measured).
    pub fn quality(&mut self, video: &HtmlVideoElement) -> Option<FrameQuality> {
        let (w, h) = (
            f64::from(video.video_width()),
            f64::from(video.video_height()),
        );
        if w == 0.0 || h == 0.0 {
            return None;
        }
        let (sx, sy, gw, gh) = card_guide(w, h);
        let out_w = MEASURE_WIDTH as u32;
        let out_h = ((f64::from(out_w) / CARD_RATIO).round() as u32).max(3);
        let (canvas, context) = &self.small;
        canvas.set_width(out_w);
        canvas.set_height(out_h);
        context
            .draw_image_with_html_video_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                video,
                sx,
                sy,
                gw,
                gh,
                0.0,
                0.0,
                f64::from(out_w),
                f64::from(out_h),
            )
            .ok()?;
        let pixels = context
            .get_image_data(0.0, 0.0, f64::from(out_w), f64::from(out_h))
            .ok()?
            .data();
        let grey = grey_from_rgba(&pixels);
        let q = measure(
            &grey,
            out_w as usize,
            out_h as usize,
            self.previous.as_deref(),
        );
        self.previous = Some(grey);
        Some(q)
    }
}

/// A canvas's picture as JPEG bytes.
pub async fn canvas_jpeg(canvas: &HtmlCanvasElement) -> Option<Vec<u8>> {
    let mut blob_promise = None;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        blob_promise = Some(canvas.to_blob_with_type_and_encoder_options(
            done.unchecked_ref(),
            "image/jpeg",
            &JsValue::from(JPEG_QUALITY),
        ));
    });
    if !matches!(blob_promise, Some(Ok(()))) {
        return None;
    }
    let blob: web_sys::Blob = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    blob_bytes(&blob).await
}

/// A blob's bytes.
pub async fn blob_bytes(blob: &web_sys::Blob) -> Option<Vec<u8>> {
    let buffer = JsFuture::from(blob.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}
