//! Calls to the server's JSON API.

use beian_rules::json::{self, object_text, FromJson};
use beian_rules::{json_object, FilingDraft, Message};
use gloo_net::http::{Request, Response};
use serde::Deserialize;

use crate::i18n::t;

/// Where the API lives, relative to the page.
pub const API_BASE: &str = "/api/v1";

/// Why an API call failed, in words for the applicant.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("cannot reach the server: {0}")]
    Network(String),
    /// The server's own error, already in both languages.
    #[error("{en}")]
    Server {
        status: u16,
        code: String,
        zh: String,
        en: String,
    },
    #[error("unexpected answer from the server (HTTP {status})")]
    Unexpected { status: u16 },
    /// The draft was changed elsewhere (another device) since this one last saw it.
    #[error(
        "the draft was changed elsewhere (now revision {revision}); choose which version to keep"
    )]
    Conflict {
        revision: i64,
        /// The other version, as the server has it.
        draft: Box<FilingDraft>,
    },
}

impl ApiError {
    /// A stable code for the page (`data-code`): the server's, or what went wrong here.
    pub fn code(&self) -> String {
        match self {
            ApiError::Network(_) => "network".to_owned(),
            ApiError::Server { code, .. } => code.clone(),
            ApiError::Unexpected { .. } => "unexpected".to_owned(),
            ApiError::Conflict { .. } => "revision_conflict".to_owned(),
        }
    }

    /// The message for the applicant, `(zh, en)`: the server's own, or the catalogue's.
    pub fn messages(&self) -> (String, String) {
        match self {
            ApiError::Network(_) => t::ERROR_NETWORK.fill(&[]),
            // The server's English reads as an error text ("the code is not right"): shown as a
            // sentence.
            ApiError::Server { zh, en, .. } => (zh.clone(), sentence(en)),
            ApiError::Unexpected { status } => t::ERROR_UNEXPECTED.fill(&[&status.to_string()]),
            ApiError::Conflict { revision, .. } => t::ERROR_CONFLICT.fill(&[&revision.to_string()]),
        }
    }

    /// The message, shown in both languages.
    pub fn view(&self) -> leptos::prelude::AnyView {
        let (zh, en) = self.messages();
        crate::i18n::message(zh, en)
    }
}

/// `text` with its first letter capitalised (the server's English: ASCII letters). Not
/// `char::to_uppercase`, whose Unicode table would be 12 KB of the first screen for this alone.
fn sentence(text: &str) -> String {
    let mut sentence = text.to_owned();
    if let Some(first) = sentence.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    sentence
}

/// What the client keeps of a saved application. The server also returns the draft and its
/// findings, but the client has both already (same rules crate), so they are not decoded here.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedApplication {
    pub id: String,
    pub status: String,
    pub revision: i64,
    pub updated_at: String,
}

json_object!(
    SavedApplication,
    ignore_unknown {
        id: required,
        status: required,
        revision: required,
        updated_at: required,
    }
);

/// The 初审's decision on a returned filing.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    /// Who returned it: `reject` (初审), `bureau_reject` (管局), `sms_check_failed`.
    pub decision: String,
    /// The revision the reviewer looked at.
    pub revision: i64,
    /// Each field to fix, what to fix, and the value it had when reviewed.
    pub reasons: Vec<beian_rules::review::ReturnReason>,
}

json_object!(
    Review,
    ignore_unknown {
        decision: default,
        revision: required,
        reasons: required,
    }
);

/// The application as the server has it now: its status and, when returned, the review; during
/// the SMS check, whose codes are still to enter; once approved, the 备案号. (The draft comes
/// too; this device has its own, so it is not decoded.)
#[derive(Clone, Debug, PartialEq)]
pub struct ServerApplication {
    pub id: String,
    pub status: String,
    pub revision: i64,
    pub review: Option<Review>,
    pub sms_check: Option<SmsCheck>,
    pub numbers: Option<Numbers>,
}

json_object!(
    ServerApplication,
    ignore_unknown {
        id: required,
        status: required,
        revision: required,
        review: default,
        sms_check: default,
        numbers: default,
    }
);

/// The SMS check under way.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SmsCheck {
    /// The codes must be entered before this time (RFC 3339, UTC).
    pub expires_at: String,
    /// Wrong codes that may still be entered before the filing goes back.
    pub attempts_left: i64,
    pub recipients: Vec<SmsCheckRecipient>,
}

json_object!(
    SmsCheck,
    ignore_unknown {
        expires_at: required,
        attempts_left: required,
        recipients: required,
    }
);

/// One person of the SMS check.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SmsCheckRecipient {
    /// `subject_owner` or `websites[i].owner`.
    pub path: String,
    /// The mobile, masked.
    pub mobile: String,
    pub confirmed: bool,
    /// The SMS gateway did not take the last code (asking for new ones helps).
    #[serde(default)]
    pub unsent: bool,
}

json_object!(
    SmsCheckRecipient,
    ignore_unknown {
        path: required,
        mobile: required,
        confirmed: required,
        unsent: default,
    }
);

/// The 备案号 issued at approval.
#[derive(Clone, Debug, PartialEq, Deserialize, serde::Serialize)]
pub struct Numbers {
    pub subject: String,
    /// One per website, in the order of the websites.
    pub websites: Vec<String>,
}

json_object!(
    Numbers,
    ignore_unknown {
        subject: required,
        websites: required,
    }
);

/// The application with its draft, to resume it on this device.
#[derive(Clone, Debug, PartialEq)]
pub struct FullApplication {
    pub id: String,
    pub status: String,
    pub revision: i64,
    pub review: Option<Review>,
    pub numbers: Option<Numbers>,
    pub draft: FilingDraft,
}

json_object!(
    FullApplication,
    ignore_unknown {
        id: required,
        status: required,
        revision: required,
        review: default,
        numbers: default,
        draft: required,
    }
);

impl FullApplication {
    /// The application's state without its draft.
    pub fn state(&self) -> ServerApplication {
        ServerApplication {
            id: self.id.clone(),
            status: self.status.clone(),
            revision: self.revision,
            review: self.review.clone(),
            // The SMS check comes with the progress page's own request.
            sms_check: None,
            numbers: self.numbers.clone(),
        }
    }
}

/// What sign-in requests send: the number, and the code once there is one.
fn sign_in_body(phone: &str, code: Option<&str>) -> String {
    match code {
        Some(code) => object_text(&[("phone", &phone), ("code", &code)]),
        None => object_text(&[("phone", &phone)]),
    }
}

/// Who this browser's session is.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionInfo {
    /// Signed in with a mobile number (a guest is not).
    pub signed_in: bool,
    /// The number, masked.
    pub phone: Option<String>,
}

json_object!(
    SessionInfo,
    ignore_unknown {
        signed_in: required,
        phone: required,
    }
);

/// Where a sign-in code went.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeSent {
    /// The number, masked.
    pub sent_to: String,
    /// Seconds before another code can be asked for.
    pub resend_in: i64,
}

json_object!(
    CodeSent,
    ignore_unknown {
        sent_to: required,
        resend_in: required,
    }
);

/// One of the applicant's applications, to recognise and resume.
#[derive(Clone, Debug, PartialEq)]
pub struct ApplicationItem {
    pub id: String,
    pub status: String,
    pub updated_at: String,
    pub filing_type: Option<beian_rules::FilingType>,
    pub subject_name: String,
    pub domains: Vec<String>,
}

json_object!(
    ApplicationItem,
    ignore_unknown {
        id: required,
        status: required,
        updated_at: required,
        filing_type: required,
        subject_name: required,
        domains: required,
    }
);

/// The applicant's applications, with who the session is.
#[derive(Clone, Debug, PartialEq)]
pub struct ApplicationList {
    /// Signed in with a mobile number (a guest is not).
    pub signed_in: bool,
    /// The number, masked.
    pub phone: Option<String>,
    pub applications: Vec<ApplicationItem>,
    /// The approved filings (备案信息) that 变更, 注销 and 取消接入 act on.
    pub records: Vec<beian_rules::records::FilingRecord>,
}

json_object!(
    ApplicationList,
    ignore_unknown {
        signed_in: required,
        phone: required,
        applications: required,
        records: default,
    }
);

struct ErrorBody {
    error: ErrorDetail,
    /// The current application, with a `revision_conflict`.
    application: Option<CurrentApplication>,
}

json_object!(
    ErrorBody,
    ignore_unknown {
        error: required,
        application: default,
    }
);

struct CurrentApplication {
    revision: i64,
    draft: FilingDraft,
}

json_object!(
    CurrentApplication,
    ignore_unknown {
        revision: required,
        draft: required,
    }
);

struct ErrorDetail {
    code: String,
    /// The same `{"zh-CN", "en"}` shape as the rules' messages.
    message: Message,
}

json_object!(
    ErrorDetail,
    ignore_unknown {
        code: required,
        message: required,
    }
);

/// Creates the application (no id yet) or replaces its draft. With the `revision` this device
/// last saw, the server replaces only that revision (`If-Match`); a change made elsewhere
/// meanwhile comes back as [`ApiError::Conflict`].
pub async fn save_draft(
    id: Option<&str>,
    revision: Option<i64>,
    draft: &FilingDraft,
) -> Result<SavedApplication, ApiError> {
    let request = match id {
        None => Request::post(&format!("{API_BASE}/applications")),
        Some(id) => Request::put(&format!("{API_BASE}/applications/{id}")),
    };
    let request = match (id, revision) {
        (Some(_), Some(r)) => request.header("If-Match", &format!("\"{r}\"")),
        _ => request,
    };
    parse(send_body(request, json::to_string(draft)).await?)
}

/// Uploads one image of the application; the server checks it again and answers with its
/// metadata (the stored file's id, the real type and pixel size).
pub async fn upload(
    id: &str,
    kind: &str,
    website: Option<usize>,
    file: &web_sys::File,
) -> Result<beian_rules::UploadMeta, ApiError> {
    let site = website.map(|w| format!("&website={w}")).unwrap_or_default();
    let response = Request::post(&format!(
        "{API_BASE}/applications/{id}/uploads?kind={kind}{site}"
    ))
    .header("Content-Type", &file.type_())
    .body(wasm_bindgen::JsValue::from(file.clone()))
    .map_err(|e| ApiError::Network(e.to_string()))?
    .send()
    .await
    .map_err(|e| ApiError::Network(e.to_string()))?;
    decode(response).await
}

/// The address of a stored upload, for its preview.
pub fn upload_url(application: &str, upload: &str) -> String {
    format!("{API_BASE}/applications/{application}/uploads/{upload}")
}

/// The printable 真实性核验单 of website `website` (0-based), filled in by the server from the
/// saved application.
pub fn verification_form_url(application: &str, website: usize) -> String {
    format!("{API_BASE}/applications/{application}/verification-form/{website}")
}

/// New SMS check codes for the people who have not confirmed yet (at most every 5 minutes).
pub async fn resend_sms_codes(id: &str) -> Result<ServerApplication, ApiError> {
    post_json(
        &format!("{API_BASE}/applications/{id}/sms-check/resend"),
        "null".to_owned(),
    )
    .await
}

/// A capture session just made: what the stream needs.
#[derive(Clone, Debug, PartialEq)]
pub struct CaptureStart {
    pub id: String,
    pub token: String,
    pub stream: String,
    pub protocol: String,
    pub challenges: Vec<CaptureChallenge>,
}

json_object!(
    CaptureStart,
    ignore_unknown {
        id: required,
        token: required,
        stream: required,
        protocol: required,
        challenges: required,
    }
);

/// One liveness challenge, in both languages.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct CaptureChallenge {
    pub zh: String,
    pub en: String,
}

json_object!(
    CaptureChallenge,
    ignore_unknown {
        zh: required,
        en: required,
    }
);

/// Starts a capture session of `kind` for `person` (`websites[0].owner`).
pub async fn start_capture(
    id: &str,
    person: &str,
    kind: beian_rules::capture::CaptureKind,
    recording: Option<&str>,
) -> Result<CaptureStart, ApiError> {
    post_json(
        &format!("{API_BASE}/applications/{id}/captures"),
        object_text(&[
            ("person", &person),
            ("kind", &kind),
            ("recording", &recording),
        ]),
    )
    .await
}

/// A capture session as listed: whose, of what, how it ended, and the server's checks of it.
#[derive(Clone, Debug, PartialEq)]
pub struct CaptureListed {
    pub person: String,
    pub kind: beian_rules::capture::CaptureKind,
    pub state: beian_rules::capture::SessionState,
    pub verification: Option<ListedVerification>,
}

json_object!(
    CaptureListed,
    ignore_unknown {
        person: required,
        kind: required,
        state: required,
        verification: default,
    }
);

/// The server's checks of a session: `queued`, `running`, `done` (with a verdict per check) or
/// `failed` (the checks could not run; a reviewer looks).
#[derive(Clone, Debug, PartialEq)]
pub struct ListedVerification {
    pub state: String,
    pub results: Option<Vec<ListedVerdict>>,
}

json_object!(
    ListedVerification,
    ignore_unknown {
        state: required,
        results: default,
    }
);

/// One check's verdict in words: `pass`, `fail` or `review`.
#[derive(Clone, Debug, PartialEq)]
pub struct ListedVerdict {
    pub outcome: String,
    pub zh: String,
    pub en: String,
}

json_object!(
    ListedVerdict,
    ignore_unknown {
        outcome: required,
        zh: required,
        en: required,
    }
);

impl CaptureListed {
    /// Complete, and not failed by the server's checks (a retake is needed then).
    pub fn usable(&self) -> bool {
        self.state == beian_rules::capture::SessionState::Complete
            && !self
                .verification
                .as_ref()
                .and_then(|v| v.results.as_ref())
                .is_some_and(|r| r.iter().any(|v| v.outcome == "fail"))
    }

    /// Whether the server's checks are still to come.
    pub fn checking(&self) -> bool {
        self.verification
            .as_ref()
            .is_some_and(|v| v.state == "queued" || v.state == "running")
    }
}

struct CaptureList {
    captures: Vec<CaptureListed>,
}

json_object!(CaptureList, ignore_unknown { captures: required });

/// The application's capture sessions, oldest first.
pub async fn captures(id: &str) -> Result<Vec<CaptureListed>, ApiError> {
    let list: CaptureList = get(&format!("{API_BASE}/applications/{id}/captures")).await?;
    Ok(list.captures)
}

/// Whether the server answers.
pub async fn health() -> bool {
    match Request::get(&format!("{API_BASE}/health")).send().await {
        Ok(r) => r.ok(),
        Err(_) => false,
    }
}

/// The application as the server has it now (its status moves on after submission).
pub async fn fetch_application(id: &str) -> Result<ServerApplication, ApiError> {
    get(&format!("{API_BASE}/applications/{id}")).await
}

/// The application with its draft (to resume it here).
pub async fn fetch_full_application(id: &str) -> Result<FullApplication, ApiError> {
    get(&format!("{API_BASE}/applications/{id}")).await
}

/// The session's applications, the most recently changed first, and who the session is.
pub async fn list_applications() -> Result<ApplicationList, ApiError> {
    get(&format!("{API_BASE}/applications")).await
}

/// Who this browser's session is.
pub async fn session() -> Result<SessionInfo, ApiError> {
    get(&format!("{API_BASE}/session")).await
}

/// Who signs in: an applicant, or a reviewer (their own endpoints, session and cookie).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Who {
    #[default]
    Applicant,
    Reviewer,
}

impl Who {
    /// The endpoints' prefix: `/api/v1` or `/api/v1/reviewer`.
    fn base(self) -> String {
        match self {
            Who::Applicant => API_BASE.to_owned(),
            Who::Reviewer => format!("{API_BASE}/reviewer"),
        }
    }

    fn sign_in_url(self) -> String {
        format!("{}/sign-in", self.base())
    }
}

/// Sends a sign-in code by SMS to `phone`.
pub async fn send_code(who: Who, phone: &str) -> Result<CodeSent, ApiError> {
    post_json(
        &format!("{}/code", who.sign_in_url()),
        sign_in_body(phone, None),
    )
    .await
}

/// Signs in with the code; the server sets the session cookie (a guest's drafts become the
/// applicant's).
pub async fn sign_in(who: Who, phone: &str, code: &str) -> Result<SessionInfo, ApiError> {
    post_json(&who.sign_in_url(), sign_in_body(phone, Some(code))).await
}

/// Signs in with a partner's token (the iframe contract's `sign_in`, `docs/embedding.md`).
pub async fn partner_sign_in(token: &str) -> Result<SessionInfo, ApiError> {
    post_json(
        &format!("{API_BASE}/sign-in/partner"),
        object_text(&[("token", &token)]),
    )
    .await
}

/// Ends the session on the server (the cookie is removed).
pub async fn sign_out(who: Who) -> Result<(), ApiError> {
    let response = Request::post(&format!("{}/sign-out", who.base()))
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    match response.status() {
        204 => Ok(()),
        _ => body(response).await.map(|_| ()),
    }
}

pub(crate) async fn get<T: FromJson>(url: &str) -> Result<T, ApiError> {
    parse(get_body(url).await?)
}

/// A GET's status and body once the server said yes, to [`parse`] later (or elsewhere: in a
/// module split off the first one).
pub(crate) async fn get_body(url: &str) -> Result<(u16, String), ApiError> {
    answer(Request::get(url).build()).await
}

/// POSTs `body` (JSON text); the answer decoded.
pub(crate) async fn post_json<T: FromJson>(url: &str, body: String) -> Result<T, ApiError> {
    parse(send_body(Request::post(url), body).await?)
}

/// Sends `body` (JSON text) with `request`; the status and body of a success, to read later.
pub(crate) async fn send_body(
    request: gloo_net::http::RequestBuilder,
    body: String,
) -> Result<(u16, String), ApiError> {
    answer(
        request
            .header("Content-Type", "application/json")
            .body(body),
    )
    .await
}

/// Enters the code a person of the SMS check received (`path`: `subject_owner` ...); the
/// application as it is then.
pub async fn enter_sms_code(
    id: &str,
    path: &str,
    code: &str,
) -> Result<ServerApplication, ApiError> {
    post_json(
        &format!("{API_BASE}/applications/{id}/sms-check"),
        object_text(&[("path", &path), ("code", &code)]),
    )
    .await
}

/// Submits the application as it is at `revision` (the server validates it again and refuses
/// errors with the same report the client shows).
pub async fn submit(id: &str, revision: i64) -> Result<SavedApplication, ApiError> {
    let response = Request::post(&format!("{API_BASE}/applications/{id}/submit"))
        .header("If-Match", &format!("\"{revision}\""))
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    decode(response).await
}

/// A success as `T`, or the server's error (a revision conflict with the other version).
async fn decode<T: FromJson>(response: Response) -> Result<T, ApiError> {
    parse(body(response).await?)
}

// The transport is written once, for every answer; only reading a success's JSON is generic
// (each type's copy of an async request and its error handling would be in the first screen's
// module).

/// The answer to `request`: its status and body once the server said yes, or what went wrong.
async fn answer(
    request: Result<gloo_net::http::Request, gloo_net::Error>,
) -> Result<(u16, String), ApiError> {
    let response = request
        .map_err(|e| ApiError::Network(e.to_string()))?
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    body(response).await
}

/// A success's status and body, or the server's error.
async fn body(response: Response) -> Result<(u16, String), ApiError> {
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|_| ApiError::Unexpected { status })?;
    if response.ok() {
        Ok((status, text))
    } else {
        Err(server_error(status, &text))
    }
}

/// A success's body as `T`.
pub(crate) fn parse<T: FromJson>((status, text): (u16, String)) -> Result<T, ApiError> {
    json::from_str(&text).map_err(|_| ApiError::Unexpected { status })
}

/// The server's error in its body (a revision conflict with the other version).
fn server_error(status: u16, text: &str) -> ApiError {
    match json::from_str::<ErrorBody>(text) {
        Ok(ErrorBody {
            application: Some(current),
            ..
        }) if status == 412 => ApiError::Conflict {
            revision: current.revision,
            draft: Box::new(current.draft),
        },
        Ok(body) => ApiError::Server {
            status,
            code: body.error.code,
            zh: body.error.message.zh_cn,
            en: body.error.message.en,
        },
        Err(_) => ApiError::Unexpected { status },
    }
}
