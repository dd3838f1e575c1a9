//! One person's live capture, in their [`CaptureSlot`](super::capture_slot::CaptureSlot): the ID
//! card's front, then its back (rear camera, a card-shaped guide, kept automatically once a few
//! frames in a row are sharp, well lit and still, or with the shutter; confirmed or retaken),
//! then the face (front camera, an oval guide, the server's challenges one after another).
//! Everything is streamed as it is captured (`capture::uplink`); the camera stops when a capture
//! ends, the step is left or the page is hidden. Where live capture cannot work, a still photo
//! taken with the camera (`capture=`, never the gallery) is sent instead.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use beian_rules::capture::{
    limits, CaptureKind, Close, Marker, MarkerEvent, Part, SessionState, SECONDS_PER_CHALLENGE,
};
use beian_rules::capture_quality::{feedback, Feedback, GOOD_FRAMES_TO_KEEP};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{closure::Closure, JsCast};
use wasm_bindgen_futures::JsFuture;

use crate::api;
use crate::capture::camera;
use crate::capture::frames::{blob_bytes, canvas, canvas_jpeg, Grabber};
use crate::capture::preflight::Preflight;
use crate::capture::uplink::{Progress, Uplink};
use crate::components::capture_checks::CaptureChecks;
use crate::i18n::{both, t, tr, Text};
use crate::wizard::use_wizard;

/// Messages waiting for the server's acknowledgement beyond which frames are left out (the
/// network is slower than the camera); stills, markers and the end always go.
const BACKLOG: usize = limits::IN_FLIGHT as usize;

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Starting,
    Live,
    /// A still kept, waiting for the person: its bytes and preview address.
    Confirm(Arc<Vec<u8>>, String),
    /// The end sent; waiting for the server's word.
    Finishing,
    Failed(Text),
    /// The server refused to start a session: its own words (not a draft any more, too many
    /// sessions ...).
    Refused(api::ApiError),
}

/// The recorder and its data callback (kept alive with it).
type Recorder = (
    web_sys::MediaRecorder,
    Closure<dyn FnMut(web_sys::BlobEvent)>,
);

/// What runs while a capture is under way: the stream to the server, and, for a live capture,
/// the camera with its frame timer and recorder (a still photo sent instead has none).
struct Live {
    uplink: Uplink,
    stream: Option<web_sys::MediaStream>,
    ticker: Option<IntervalHandle>,
    recorder: Option<Recorder>,
}

impl Live {
    fn stop(self, close_uplink: bool) {
        if let Some(t) = self.ticker {
            t.clear();
        }
        if let Some((r, _)) = &self.recorder {
            r.set_ondataavailable(None);
            let _ = r.stop();
        }
        if let Some(stream) = &self.stream {
            camera::stop(stream);
        }
        if close_uplink {
            self.uplink.close();
        }
    }
}

/// The index in [`CaptureKind::ALL`] of the first kind `person` has no usable session of (none
/// complete, or the last complete one failed the server's checks; `ALL.len()`: all done).
pub fn first_missing(sessions: &[api::CaptureListed], person: &str) -> usize {
    CaptureKind::ALL
        .iter()
        .position(|kind| !latest_complete(sessions, person, *kind).is_some_and(|s| s.usable()))
        .unwrap_or(CaptureKind::ALL.len())
}

/// The last session of `person` and `kind` that ended complete.
pub fn latest_complete<'a>(
    sessions: &'a [api::CaptureListed],
    person: &str,
    kind: CaptureKind,
) -> Option<&'a api::CaptureListed> {
    sessions
        .iter()
        .rev()
        .find(|s| s.person == person && s.kind == kind && s.state == SessionState::Complete)
}

/// `checks`: the step's pre-flight checks (run once for everyone on the page).
#[component]
pub fn LiveCapture(person: String, checks: LocalResource<Preflight>) -> impl IntoView {
    let w = use_wizard();
    let task = RwSignal::new(0usize);
    let phase = RwSignal::new(Phase::Idle);
    let hint = RwSignal::new(None::<Feedback>);
    let prompt = RwSignal::new(None::<(usize, usize, String, String)>);
    let progress = RwSignal::new(Progress::default());
    let video = NodeRef::<leptos::html::Video>::new();
    let live: StoredValue<Option<Live>, LocalStorage> = StoredValue::new_local(None);
    let person = StoredValue::new(person);

    let stop = move |close_uplink: bool| {
        if let Some(l) = live.try_update_value(Option::take).flatten() {
            l.stop(close_uplink);
        }
    };
    on_cleanup(move || stop(true));
    // A hidden page gives its camera back; the capture starts again when the person returns.
    let on_hidden = Closure::<dyn FnMut()>::new(move || {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.hidden());
        if hidden && live.with_value(Option::is_some) {
            stop(true);
            phase.set(Phase::Failed(t::CAPTURE_PAUSED));
        }
    });
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        let _ = d.add_event_listener_with_callback(
            "visibilitychange",
            on_hidden.as_ref().unchecked_ref(),
        );
        let listener = StoredValue::new_local(on_hidden);
        on_cleanup(move || {
            listener.try_with_value(|l| {
                if let Some(d) = web_sys::window().and_then(|w| w.document()) {
                    let _ = d.remove_event_listener_with_callback(
                        "visibilitychange",
                        l.as_ref().unchecked_ref(),
                    );
                }
            });
        });
    }

    // The server's word on the session: the next kind, or why not.
    Effect::new(move |_| {
        let p = progress.get();
        if let Some(close) = p.refused {
            stop(true);
            phase.set(Phase::Failed(close_text(close)));
        } else if let Some(ended) = p.ended {
            stop(true);
            if ended == SessionState::Complete {
                // The next kind starts clean: no word or count left from this one.
                hint.set(None);
                prompt.set(None);
                progress.set(Progress::default());
                task.update(|t| *t += 1);
                phase.set(Phase::Idle);
            } else {
                phase.set(Phase::Failed(t::CAPTURE_INCOMPLETE));
            }
        }
    });

    // What this person captured completely before (an earlier visit, a reloaded page) is not
    // asked again: the capture starts at the first kind still missing.
    Effect::new(move |asked: Option<bool>| {
        if asked == Some(true) {
            return true;
        }
        let Some(id) = w.app_id.get() else {
            return false;
        };
        spawn_local(async move {
            let Ok(list) = api::captures(&id).await else {
                return;
            };
            let mine = person.get_value();
            let first = first_missing(&list, &mine);
            if phase.try_get_untracked() == Some(Phase::Idle) && task.try_get_untracked() == Some(0)
            {
                task.set(first);
            }
        });
        true
    });

    let begin = move || {
        let Some(kind) = CaptureKind::ALL.get(task.get_untracked()).copied() else {
            return;
        };
        let Some(id) = w.app_id.get_untracked() else {
            phase.set(Phase::Failed(t::CAPTURE_SAVE_FIRST));
            return;
        };
        let recording = checks.get_untracked().and_then(|c| c.recording);
        phase.set(Phase::Starting);
        hint.set(None);
        prompt.set(None);
        progress.set(Progress::default());
        spawn_local(async move {
            let session = match api::start_capture(&id, &person.get_value(), kind, recording).await
            {
                Ok(s) => s,
                Err(e) => {
                    phase.set(start_failed(e));
                    return;
                }
            };
            let stream = match camera::start(kind.rear_camera()).await {
                Ok(s) => s,
                Err(e) => {
                    phase.set(Phase::Failed(e.text()));
                    return;
                }
            };
            // The step may have been left while the camera was starting.
            let Some(v) = video.try_get_untracked().flatten() else {
                camera::stop(&stream);
                return;
            };
            v.set_src_object(Some(&stream));
            let _ = v.play();
            let uplink = Uplink::open(&session.stream, &session.protocol, &session.token, progress);
            let recorder = recording.and_then(|mime| record(&stream, mime, uplink.clone()));
            let challenges: Vec<(String, String)> = session
                .challenges
                .iter()
                .map(|c| (c.zh.clone(), c.en.clone()))
                .collect();
            let ticker = start_ticker(kind, challenges, uplink.clone(), video, phase, hint, prompt);
            live.try_set_value(Some(Live {
                uplink,
                stream: Some(stream),
                ticker,
                recorder,
            }));
            phase.set(Phase::Live);
        });
    };

    let shutter = move |_| {
        let Some(v) = video.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let Some(g) = Grabber::new() else { return };
            if let Some(jpeg) = g.jpeg(&v).await {
                phase.set(confirm_phase(jpeg));
            }
        });
    };
    let keep = move |_| {
        if let Phase::Confirm(jpeg, url) = phase.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
            live.with_value(|l| {
                if let Some(l) = l {
                    l.uplink.push(Part::Still, &jpeg);
                    l.uplink.push(Part::End, &[]);
                }
            });
            phase.set(Phase::Finishing);
        }
    };
    let retake = move |_| {
        if let Phase::Confirm(_, url) = phase.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
            hint.set(None);
            phase.set(Phase::Live);
        }
    };
    // Live capture impossible here: a still photo from the camera, streamed as the kept still.
    let still_input = NodeRef::<leptos::html::Input>::new();
    let on_still = move |_| {
        let Some(file) = still_input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        let Some(kind) = CaptureKind::ALL.get(task.get_untracked()).copied() else {
            return;
        };
        let Some(id) = w.app_id.get_untracked() else {
            phase.set(Phase::Failed(t::CAPTURE_SAVE_FIRST));
            return;
        };
        phase.set(Phase::Finishing);
        progress.set(Progress::default());
        spawn_local(async move {
            let Some(jpeg) = file_jpeg(&file).await else {
                phase.set(Phase::Failed(t::CAPTURE_NOT_AN_IMAGE));
                return;
            };
            let session = match api::start_capture(&id, &person.get_value(), kind, None).await {
                Ok(s) => s,
                Err(e) => {
                    phase.set(start_failed(e));
                    return;
                }
            };
            let uplink = Uplink::open(&session.stream, &session.protocol, &session.token, progress);
            uplink.push(Part::Still, &jpeg);
            uplink.push(Part::End, &[]);
            // Kept, so that leaving the step closes it like a live capture's.
            live.try_set_value(Some(Live {
                uplink,
                stream: None,
                ticker: None,
                recorder: None,
            }));
        });
    };

    // A kind the server's checks failed, taken again (not while another capture runs).
    let retake_kind = Callback::new(move |i: usize| {
        if matches!(
            phase.get_untracked(),
            Phase::Idle | Phase::Failed(_) | Phase::Refused(_)
        ) {
            task.set(i);
            phase.set(Phase::Idle);
        }
    });
    let kind = move || CaptureKind::ALL.get(task.get()).copied();
    let title = move || tr(kind().map_or(t::CAPTURE_ALL_DONE, crate::capture::kind_title));
    // The stream had to reconnect and is not connected now: say that nothing is lost.
    let slow = move || progress.with(|p| p.retries > 0 && !p.connected && p.ended.is_none());
    let live_possible = move || checks.get().is_none_or(|c| c.live_possible());
    let face = move || kind() == Some(CaptureKind::Face);
    let showing = move || {
        matches!(
            phase.get(),
            Phase::Starting | Phase::Live | Phase::Confirm(..) | Phase::Finishing
        )
    };
    view! {
        <div class="live-capture" data-kind=move || kind().map(|k| k.key()).unwrap_or("done")>
            <h4>{title}</h4>
            <div class="viewfinder" class:face=face hidden=move || !showing()>
                <video node_ref=video autoplay=true muted=true playsinline=true></video>
                <div class="guide" aria-hidden="true"></div>
                {move || match phase.get() {
                    Phase::Confirm(_, url) => Some(view! { <img class="still" src=url alt="" /> }),
                    _ => None,
                }}
            </div>
            <p class="capture-hint" aria-live="polite" data-feedback=move || hint.get().map(Feedback::key)>
                {move || hint.get().map(|f| { let (zh, en) = f.message(); both(zh, en) })}
                {move || prompt.get().map(|(i, n, zh, en)| view! {
                    <span class="challenge" data-challenge=i>{format!("{}/{} ", i + 1, n)}{both(zh, en)}</span>
                })}
            </p>
            {move || slow().then(|| view! { <p class="field-hint">{tr(t::CAPTURE_SLOW)}</p> })}
            <p class="capture-progress" data-acked=move || progress.get().acked
                data-queued=move || progress.get().queued data-retries=move || progress.get().retries
                data-connected=move || progress.get().connected.to_string()>
                {move || {
                    let p = progress.get();
                    (p.queued > 0).then(|| t::CAPTURE_PROGRESS.view_with(&[&p.acked.to_string(), &p.queued.to_string()]))
                }}
            </p>
            {move || match phase.get() {
                Phase::Failed(text) => Some(view! { <p class="field-error" role="alert">{tr(text)}</p> }.into_any()),
                Phase::Refused(e) => Some(view! { <p class="field-error" role="alert" data-code=e.code()>{e.view()}</p> }.into_any()),
                _ => None,
            }}
            <CaptureChecks person=person.get_value() refresh=task on_retake=retake_kind />
            <div class="capture-actions">
                {move || match (phase.get(), kind()) {
                    (_, None) => view! { <p class="badge" data-status="captured">{tr(t::CAPTURE_ALL_DONE)}</p> }.into_any(),
                    (Phase::Idle | Phase::Failed(_) | Phase::Refused(_), Some(_)) if live_possible() => view! {
                        <button type="button" class="primary" on:click=move |_| begin()>{tr(t::CAPTURE_START)}</button>
                    }.into_any(),
                    (Phase::Idle | Phase::Failed(_) | Phase::Refused(_), Some(k)) => {
                        let camera = if k.rear_camera() { "environment" } else { "user" };
                        view! {
                            <label class="still-capture">
                                {tr(t::CAPTURE_TAKE_PHOTO)}
                                <input type="file" accept="image/*" node_ref=still_input
                                    capture=camera on:change=on_still />
                            </label>
                        }.into_any()
                    }
                    (Phase::Live, Some(k)) if k != CaptureKind::Face => view! {
                        <button type="button" class="shutter" on:click=shutter>{tr(t::CAPTURE_SHUTTER)}</button>
                    }.into_any(),
                    (Phase::Confirm(..), _) => view! {
                        <button type="button" class="primary" on:click=keep>{tr(t::CAPTURE_KEEP)}</button>
                        <button type="button" on:click=retake>{tr(t::CAPTURE_RETAKE)}</button>
                    }.into_any(),
                    _ => view! { <p class="field-hint">{tr(t::CAPTURE_WORKING)}</p> }.into_any(),
                }}
            </div>
        </div>
    }
}

/// Why a session could not start: the server's own words, or that it cannot be reached.
fn start_failed(e: api::ApiError) -> Phase {
    match e {
        api::ApiError::Server { .. } => Phase::Refused(e),
        _ => Phase::Failed(t::CAPTURE_SERVER_UNREACHABLE),
    }
}

/// What the applicant is told of a refusal (the rules crate's words for each close code).
fn close_text(close: Close) -> Text {
    let (zh, en) = close.message();
    Text { zh, en }
}

/// A kept still, with its preview address.
fn confirm_phase(jpeg: Vec<u8>) -> Phase {
    let array = js_sys::Array::of1(&js_sys::Uint8Array::from(jpeg.as_slice()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/jpeg");
    let url = web_sys::Blob::new_with_u8_array_sequence_and_options(&array, &options)
        .ok()
        .and_then(|b| web_sys::Url::create_object_url_with_blob(&b).ok())
        .unwrap_or_default();
    Phase::Confirm(Arc::new(jpeg), url)
}

/// Records the camera in one-second chunks streamed as `Recording` parts.
fn record(stream: &web_sys::MediaStream, mime: &str, uplink: Uplink) -> Option<Recorder> {
    let options = web_sys::MediaRecorderOptions::new();
    options.set_mime_type(mime);
    let recorder =
        web_sys::MediaRecorder::new_with_media_stream_and_media_recorder_options(stream, &options)
            .ok()?;
    let this = recorder.clone();
    let on_data = Closure::<dyn FnMut(web_sys::BlobEvent)>::new(move |e: web_sys::BlobEvent| {
        // A recording is one stream (a chunk depends on those before it): on a network slower
        // than the camera it stops, rather than dropping chunks; the frames go on.
        if uplink.unacknowledged() > 2 * BACKLOG {
            this.set_ondataavailable(None);
            let _ = this.stop();
            return;
        }
        let Some(blob) = e.data().filter(|b| b.size() > 0.0) else {
            return;
        };
        let uplink = uplink.clone();
        spawn_local(async move {
            if let Some(bytes) = blob_bytes(&blob).await {
                uplink.push(Part::Recording, &bytes);
            }
        });
    });
    recorder.set_ondataavailable(Some(on_data.as_ref().unchecked_ref()));
    recorder.start_with_time_slice(1000).ok()?;
    Some((recorder, on_data))
}

/// Sends frames at the kind's steady rate (leaving frames out while the network is behind);
/// for documents, measures each and keeps one when enough good frames came in a row; for the
/// face, shows each challenge for `SECONDS_PER_CHALLENGE` by the clock, marks it shown and done,
/// and ends the capture after the last.
fn start_ticker(
    kind: CaptureKind,
    challenges: Vec<(String, String)>,
    uplink: Uplink,
    video: NodeRef<leptos::html::Video>,
    phase: RwSignal<Phase>,
    hint: RwSignal<Option<Feedback>>,
    prompt: RwSignal<Option<(usize, usize, String, String)>>,
) -> Option<IntervalHandle> {
    let grabber = Rc::new(RefCell::new(Grabber::new()?));
    let busy = Rc::new(Cell::new(false));
    let good = Rc::new(Cell::new(0u32));
    let started = js_sys::Date::now();
    // The challenge shown now.
    let current = Cell::new(None::<usize>);
    let every = std::time::Duration::from_millis(u64::from(1000 / kind.frames_per_second()));
    set_interval_with_handle(
        move || {
            if phase.get_untracked() != Phase::Live || busy.get() {
                return;
            }
            let Some(v) = video.try_get_untracked().flatten() else {
                return;
            };
            if kind == CaptureKind::Face {
                let by_clock = ((js_sys::Date::now() - started)
                    / f64::from(SECONDS_PER_CHALLENGE * 1000))
                    as usize;
                // One after another, none skipped however late a tick comes.
                let step = current.get().map_or(0, |c| by_clock.min(c + 1));
                if current.get() != Some(step) {
                    if let Some(c) = current.get() {
                        push_marker(&uplink, c, MarkerEvent::Done);
                    }
                    if step >= challenges.len() {
                        prompt.set(None);
                        uplink.push(Part::End, &[]);
                        phase.set(Phase::Finishing);
                        return;
                    }
                    let (zh, en) = challenges[step].clone();
                    prompt.set(Some((step, challenges.len(), zh, en)));
                    push_marker(&uplink, step, MarkerEvent::Shown);
                    current.set(Some(step));
                }
            }
            busy.set(true);
            let (grabber, busy, good, uplink) =
                (grabber.clone(), busy.clone(), good.clone(), uplink.clone());
            spawn_local(async move {
                // A document's quality first (a small copy, cheap): it says whether this frame
                // is the one to keep.
                let mut keep = false;
                if kind != CaptureKind::Face {
                    let quality = grabber.borrow_mut().quality(&v);
                    if let Some(q) = quality {
                        let f = feedback(&q);
                        if hint.get_untracked() != Some(f) {
                            hint.set(Some(f));
                        }
                        let g = if f == Feedback::Good {
                            good.get() + 1
                        } else {
                            0
                        };
                        good.set(g);
                        keep = g >= GOOD_FRAMES_TO_KEEP;
                    }
                }
                // The JPEG only when it is sent or kept: on a network behind the camera, frames
                // left out cost the phone no encoding.
                let send = uplink.unacknowledged() <= BACKLOG;
                if send || keep {
                    let canvas = grabber.borrow().draw(&v);
                    let jpeg = match canvas {
                        Some(c) => canvas_jpeg(&c).await,
                        None => None,
                    };
                    if let Some(jpeg) = jpeg {
                        if send {
                            uplink.push(Part::Frame, &jpeg);
                        }
                        if keep && phase.get_untracked() == Phase::Live {
                            good.set(0);
                            phase.set(confirm_phase(jpeg));
                        }
                    }
                }
                busy.set(false);
            });
        },
        every,
    )
    .ok()
}

fn push_marker(uplink: &Uplink, challenge: usize, event: MarkerEvent) {
    let marker = Marker { challenge, event };
    uplink.push(
        Part::Marker,
        beian_rules::json::to_string(&marker).as_bytes(),
    );
}

/// A photo file as JPEG (drawn through a canvas when it is another type).
async fn file_jpeg(file: &web_sys::File) -> Option<Vec<u8>> {
    if file.type_() == "image/jpeg" {
        let bytes = blob_bytes(file).await?;
        if beian_rules::capture::is_jpeg(&bytes) {
            return Some(bytes);
        }
    }
    let window = web_sys::window()?;
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(window.create_image_bitmap_with_blob(file).ok()?)
            .await
            .ok()?
            .dyn_into()
            .ok()?;
    let (canvas, context) = canvas()?;
    canvas.set_width(bitmap.width());
    canvas.set_height(bitmap.height());
    context
        .draw_image_with_image_bitmap(&bitmap, 0.0, 0.0)
        .ok()?;
    canvas_jpeg(&canvas).await
}
