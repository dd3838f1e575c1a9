//! The stream of one capture session to the server: every message numbered and kept until the
//! server acknowledges it; at most `limits::IN_FLIGHT` unacknowledged on the wire; on any drop,
//! a new connection (after 1, 2, 4 … 10 s) that resumes after the last message the server
//! stored, so nothing is sent twice into storage and nothing is lost. A connection that goes
//! quiet (a phone moving from Wi-Fi to 4G leaves its socket open and dead, and the browser may
//! not notice for minutes) is given up after [`STALL_MS`] without a word from the server while
//! messages wait, and made again. A refusal that reconnecting cannot mend (a wrong token, an
//! ended session …) stops it with its reason.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use beian_rules::capture::{limits, message, Close, Part, SessionState};
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};

/// Silence from the server, while it owes an answer, after which the connection is taken for
/// dead and made again.
pub const STALL_MS: f64 = 10_000.0;

/// Where the stream stands, for the progress display.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    /// Messages numbered so far.
    pub queued: u32,
    /// Messages the server acknowledged (stored).
    pub acked: u32,
    pub connected: bool,
    /// Connections tried again after a drop or a failure, so far.
    pub retries: u32,
    /// How the session ended, once the server said so.
    pub ended: Option<SessionState>,
    /// Why the server refused the stream, when reconnecting cannot help.
    pub refused: Option<Close>,
}

struct State {
    url: String,
    protocols: js_sys::Array,
    socket: Option<WebSocket>,
    /// Numbered, not yet acknowledged.
    pending: VecDeque<(u32, Vec<u8>)>,
    next_seq: u32,
    /// Sent on the current connection up to this number; `None` until the server said where to
    /// resume.
    sent: Option<u32>,
    acked: u32,
    /// Stopped by the page (left, or the session is over).
    closed: bool,
    /// The callbacks the current socket calls (kept alive with it).
    handlers: Option<Handlers>,
    retry_handle: Option<TimeoutHandle>,
    /// Looks for a stalled connection every few seconds.
    watchdog: Option<IntervalHandle>,
    /// When the server was last heard from, or the connection was opened (`Date.now()`).
    last_heard: f64,
    failures: u32,
    progress: RwSignal<Progress>,
}

impl State {
    /// Lets go of the current socket: its callbacks first, so its late events change nothing.
    fn drop_socket(&mut self) {
        if let Some(socket) = self.socket.take() {
            socket.set_onopen(None);
            socket.set_onmessage(None);
            socket.set_onclose(None);
            let _ = socket.close();
        }
        self.handlers = None;
    }
}

type Handlers = (
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut(CloseEvent)>,
);

/// The stream of one session.
#[derive(Clone)]
pub struct Uplink(Rc<RefCell<State>>);

/// The `ws:`/`wss:` address of the stream `path` on this page's host.
fn socket_url(path: &str) -> String {
    let location = web_sys::window().map(|w| w.location());
    let secure = location
        .as_ref()
        .and_then(|l| l.protocol().ok())
        .is_some_and(|p| p == "https:");
    let host = location.and_then(|l| l.host().ok()).unwrap_or_default();
    format!("{}://{host}{path}", if secure { "wss" } else { "ws" })
}

impl Uplink {
    /// Opens the stream at `path` (`/api/v1/captures/{id}/stream`) with the session's token.
    pub fn open(path: &str, protocol: &str, token: &str, progress: RwSignal<Progress>) -> Uplink {
        let protocols = js_sys::Array::new();
        protocols.push(&protocol.into());
        protocols.push(&format!("token.{token}").into());
        let uplink = Uplink(Rc::new(RefCell::new(State {
            url: socket_url(path),
            protocols,
            socket: None,
            pending: VecDeque::new(),
            next_seq: 1,
            sent: None,
            acked: 0,
            closed: false,
            handlers: None,
            retry_handle: None,
            watchdog: None,
            last_heard: 0.0,
            failures: 0,
            progress,
        })));
        let me = uplink.clone();
        let watchdog =
            set_interval_with_handle(move || me.check_stall(), std::time::Duration::from_secs(2))
                .ok();
        uplink.0.borrow_mut().watchdog = watchdog;
        uplink.connect();
        uplink
    }

    /// Numbers `payload` as the next message and sends it as soon as the window allows.
    pub fn push(&self, part: Part, payload: &[u8]) {
        {
            let mut s = self.0.borrow_mut();
            if s.closed {
                return;
            }
            let seq = s.next_seq;
            s.next_seq += 1;
            s.pending.push_back((seq, message(seq, part, payload)));
            s.progress.update(|p| p.queued = seq);
        }
        self.pump();
    }

    /// Messages numbered but not yet acknowledged (the producer leaves frames out above a few).
    pub fn unacknowledged(&self) -> usize {
        self.0.borrow().pending.len()
    }

    /// Stops for good: no more sending or reconnecting. The server keeps what it acknowledged.
    pub fn close(&self) {
        let mut s = self.0.borrow_mut();
        s.closed = true;
        if let Some(h) = s.retry_handle.take() {
            h.clear();
        }
        if let Some(h) = s.watchdog.take() {
            h.clear();
        }
        s.drop_socket();
    }

    /// Gives up a connection that owes the server's answer (where to resume, or an
    /// acknowledgement) and has been silent for [`STALL_MS`]; a new one follows.
    fn check_stall(&self) {
        {
            let s = self.0.borrow();
            let owed = s.sent.is_none_or(|sent| sent > s.acked);
            let silent = js_sys::Date::now() - s.last_heard > STALL_MS;
            if s.closed || s.socket.is_none() || !owed || !silent {
                return;
            }
        }
        self.0.borrow_mut().drop_socket();
        self.0.borrow().progress.update(|p| p.connected = false);
        self.retry_later();
    }

    fn connect(&self) {
        let mut s = self.0.borrow_mut();
        if s.closed {
            return;
        }
        let Ok(socket) = WebSocket::new_with_str_sequence(&s.url, &s.protocols) else {
            drop(s);
            self.retry_later();
            return;
        };
        socket.set_binary_type(BinaryType::Arraybuffer);
        let me = self.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(text) = e.data().as_string() {
                me.on_text(&text);
            }
        });
        let me = self.clone();
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
            me.on_close(e.code());
        });
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        s.handlers = Some((on_message, on_close));
        s.socket = Some(socket);
        s.last_heard = js_sys::Date::now();
        // Nothing is sent before the server says where to resume.
        s.sent = None;
    }

    fn on_text(&self, text: &str) {
        let Ok(value) = beian_rules::json::parse(text) else {
            return;
        };
        {
            let mut s = self.0.borrow_mut();
            s.last_heard = js_sys::Date::now();
            let number = |k: &str| value.get(k).and_then(|v| v.as_u64()).map(|n| n as u32);
            if let Some(resume) = number("resume") {
                s.acked = s.acked.max(resume);
                s.sent = Some(s.acked);
                s.failures = 0;
                s.progress.update(|p| p.connected = true);
            }
            if let Some(ack) = number("ack") {
                s.acked = s.acked.max(ack);
            }
            let acked = s.acked;
            while s.pending.front().is_some_and(|(seq, _)| *seq <= acked) {
                s.pending.pop_front();
            }
            let ended = value
                .get("state")
                .and_then(|v| v.as_str())
                .and_then(SessionState::from_key)
                .filter(|st| *st != SessionState::Open);
            s.progress.update(|p| {
                p.acked = acked;
                if ended.is_some() {
                    p.ended = ended;
                }
            });
        }
        self.pump();
    }

    fn on_close(&self, code: u16) {
        {
            let mut s = self.0.borrow_mut();
            s.socket = None;
            s.handlers = None;
            s.progress.update(|p| p.connected = false);
            if s.closed || s.progress.with_untracked(|p| p.ended.is_some()) {
                return;
            }
            if let Some(close) = Close::from_code(code).filter(|c| !c.retry()) {
                s.closed = true;
                s.progress.update(|p| p.refused = Some(close));
                return;
            }
        }
        self.retry_later();
    }

    fn retry_later(&self) {
        let mut s = self.0.borrow_mut();
        if s.closed {
            return;
        }
        s.failures += 1;
        let wait = (1u64 << s.failures.min(4).saturating_sub(1)).min(10);
        s.progress.update(|p| p.retries += 1);
        let me = self.clone();
        s.retry_handle =
            set_timeout_with_handle(move || me.connect(), std::time::Duration::from_secs(wait))
                .ok();
    }

    /// Sends what the window allows: pending messages after the last sent, at most
    /// `IN_FLIGHT` past the last acknowledged.
    fn pump(&self) {
        let s = &mut *self.0.borrow_mut();
        let (Some(socket), Some(mut sent)) = (s.socket.as_ref(), s.sent) else {
            return;
        };
        if socket.ready_state() != WebSocket::OPEN {
            return;
        }
        for (seq, bytes) in s.pending.iter() {
            if *seq <= sent {
                continue;
            }
            if *seq > s.acked + limits::IN_FLIGHT {
                break;
            }
            if socket.send_with_u8_array(bytes).is_err() {
                break;
            }
            sent = *seq;
        }
        s.sent = Some(sent);
    }
}
