//! The reviewers' calls to the server (`/api/v1/reviewer/…`, and the decisions under
//! `/api/v1/applications/{id}/…`, which accept a reviewer's session).

use beian_rules::review::ReturnReason;
use beian_rules::{FilingDraft, Finding};
use serde::{Deserialize, Serialize};

use beian_rules::capture::{CaptureKind, SessionState};

use crate::api::{get_body, send_body, ApiError, CaptureChallenge, Numbers, SmsCheck, API_BASE};

/// A GET's answer read with `serde`: the console's types are many and it is not a phone's first
/// screen (the applicant's client reads its few with `beian_rules::json`).
async fn get<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let (status, text) = get_body(url).await?;
    serde_json::from_str(&text).map_err(|_| ApiError::Unexpected { status })
}

/// Who the reviewer session is.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ReviewerSession {
    pub signed_in: bool,
    #[serde(default)]
    pub name: Option<String>,
    /// Masked.
    #[serde(default)]
    pub phone: Option<String>,
}

/// One line of the queue (personal numbers masked by the server).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct QueueItem {
    pub id: String,
    pub status: String,
    pub updated_at: String,
    pub filing_type: Option<beian_rules::FilingType>,
    pub province: String,
    pub subject_name: String,
    pub certificate: String,
    pub domains: Vec<String>,
}

#[derive(Deserialize)]
struct Queue {
    applications: Vec<QueueItem>,
}

/// The application with everything the server knows of it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ReviewedApplication {
    pub id: String,
    pub status: String,
    pub revision: i64,
    pub updated_at: String,
    pub draft: FilingDraft,
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub numbers: Option<Numbers>,
    #[serde(default)]
    pub sms_check: Option<SmsCheck>,
}

/// An uploaded file's index entry.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct UploadEntry {
    pub id: String,
    pub kind: String,
    pub width: i64,
    pub height: i64,
}

/// A line of the audit trail.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct EventEntry {
    pub at: String,
    pub actor: String,
    pub event: String,
    pub from: String,
    pub to: String,
}

/// A live capture session of the filing, with what a reviewer can look at.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CaptureEntry {
    pub id: String,
    /// The person's path (`websites[0].owner`).
    pub person: String,
    pub kind: CaptureKind,
    pub state: SessionState,
    pub challenges: Vec<CaptureChallenge>,
    pub created_at: String,
    pub received: CaptureReceived,
    pub media: CaptureMedia,
    /// The server's checks, once queued.
    #[serde(default)]
    pub verification: Option<CaptureVerification>,
}

/// The verification job of a session and its verdicts.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CaptureVerification {
    /// `queued`, `running`, `done` or `failed`.
    pub state: String,
    #[serde(default)]
    pub results: Option<Vec<VerdictEntry>>,
}

/// One check's verdict, with the pictures that did not measure good.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct VerdictEntry {
    pub check: String,
    /// `pass`, `fail` or `review`.
    pub outcome: String,
    pub zh: String,
    pub en: String,
    pub reported: Vec<ReportedPicture>,
    pub measured: u32,
    pub good: u32,
    /// What the model-based checks saw, picture by picture.
    #[serde(default)]
    pub evidence: Vec<EvidenceEntry>,
}

/// One picture a model-based verdict rests on: what was seen in it, with the model's score or
/// the text read.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct EvidenceEntry {
    pub seq: u32,
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub score: Option<f32>,
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ReportedPicture {
    pub seq: u32,
    pub feedback: String,
    pub brightness: f32,
    pub sharpness: f32,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CaptureReceived {
    pub frames: u32,
    pub stills: u32,
    pub challenges_done: Vec<usize>,
}

/// The numbers of the session's images to show, and its recording.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CaptureMedia {
    pub stills: Vec<u32>,
    /// Spread from the first frame to the last.
    pub frames: Vec<u32>,
    pub challenges_done_at: Vec<ChallengeMoment>,
    #[serde(default)]
    pub recording: Option<CaptureRecording>,
}

/// A face challenge marked done, and the last frame before the mark.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ChallengeMoment {
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub frame: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CaptureRecording {
    pub mime: String,
    pub bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Detail {
    pub application: ReviewedApplication,
    pub uploads: Vec<UploadEntry>,
    #[serde(default)]
    pub captures: Vec<CaptureEntry>,
    pub events: Vec<EventEntry>,
    /// The approved filing on this platform that the filing acts on, if any.
    #[serde(default)]
    pub record: Option<beian_rules::records::FilingRecord>,
}

pub async fn session() -> Result<ReviewerSession, ApiError> {
    get(&format!("{API_BASE}/reviewer/session")).await
}

/// The filings in these statuses, longest waiting first.
pub async fn queue(statuses: &[&str]) -> Result<Vec<QueueItem>, ApiError> {
    let q: Queue = get(&format!(
        "{API_BASE}/reviewer/applications?status={}",
        statuses.join(",")
    ))
    .await?;
    Ok(q.applications)
}

pub async fn detail(id: &str) -> Result<Detail, ApiError> {
    get(&format!("{API_BASE}/reviewer/applications/{id}")).await
}

/// Where a reviewer sees an uploaded file.
pub fn upload_url(application: &str, upload: &str) -> String {
    format!("{API_BASE}/reviewer/applications/{application}/uploads/{upload}")
}

/// Where a reviewer sees a captured frame or still.
pub fn capture_image_url(session: &str, seq: u32) -> String {
    format!("{API_BASE}/reviewer/captures/{session}/parts/{seq}")
}

/// Where a reviewer plays a capture's recording.
pub fn capture_recording_url(session: &str) -> String {
    format!("{API_BASE}/reviewer/captures/{session}/recording")
}

#[derive(Serialize)]
struct DecisionBody<'a> {
    decision: &'a str,
    #[serde(skip_serializing_if = "<[ReturnReason]>::is_empty")]
    reasons: &'a [ReturnReason],
    #[serde(skip_serializing_if = "Option::is_none")]
    numbers: Option<&'a Numbers>,
}

/// A decision of the 初审 (`approve`, `reject`, `request_documents`, `documents_received`) or the
/// 管局's result (`bureau: true`; `approve` or `reject`), with the reasons of a return, and the
/// numbers the 管局 issued for a filing on a number this platform has no record of.
pub async fn decide(
    id: &str,
    bureau: bool,
    decision: &str,
    reasons: &[ReturnReason],
    numbers: Option<&Numbers>,
) -> Result<(), ApiError> {
    let path = if bureau { "bureau" } else { "review" };
    let body = DecisionBody {
        decision,
        reasons,
        numbers,
    };
    let body = serde_json::to_string(&body).map_err(|_| ApiError::Unexpected { status: 0 })?;
    let url = format!("{API_BASE}/applications/{id}/{path}");
    send_body(gloo_net::http::Request::post(&url), body)
        .await
        .map(|_| ())
}
