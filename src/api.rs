//! Calls to the server's JSON API.

use beian_rules::{FilingDraft, Message};
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
            ApiError::Server { zh, en, .. } => (zh.clone(), en.clone()),
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

/// What the client keeps of a saved application. The server also returns the draft and its
/// findings, but the client has both already (same rules crate), so they are not decoded here.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SavedApplication {
    pub id: String,
    pub status: String,
    pub revision: i64,
    pub updated_at: String,
}

/// The 初审's decision on a returned filing.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Review {
    /// The revision the reviewer looked at.
    pub revision: i64,
    /// Each field to fix, what to fix, and the value it had when reviewed.
    pub reasons: Vec<beian_rules::review::ReturnReason>,
}

/// The application as the server has it now: its status and, when returned, the review. (The
/// draft comes too; this device has its own, so it is not decoded.)
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ServerApplication {
    pub id: String,
    pub status: String,
    pub revision: i64,
    #[serde(default)]
    pub review: Option<Review>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
    /// The current application, with a `revision_conflict`.
    #[serde(default)]
    application: Option<CurrentApplication>,
}

#[derive(Deserialize)]
struct CurrentApplication {
    revision: i64,
    draft: FilingDraft,
}

#[derive(Deserialize)]
struct ErrorDetail {
    code: String,
    /// The same `{"zh-CN", "en"}` shape as the rules' messages.
    message: Message,
}

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
    let response = request
        .json(draft)
        .map_err(|e| ApiError::Network(e.to_string()))?
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    decode(response).await
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

/// The application as the server has it now (its status moves on after submission).
pub async fn fetch_application(id: &str) -> Result<ServerApplication, ApiError> {
    let response = Request::get(&format!("{API_BASE}/applications/{id}"))
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    decode(response).await
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
async fn decode<T: serde::de::DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|_| ApiError::Unexpected { status });
    }
    match response.json::<ErrorBody>().await {
        Ok(ErrorBody {
            application: Some(current),
            ..
        }) if status == 412 => Err(ApiError::Conflict {
            revision: current.revision,
            draft: Box::new(current.draft),
        }),
        Ok(body) => Err(ApiError::Server {
            status,
            code: body.error.code,
            zh: body.error.message.zh_cn,
            en: body.error.message.en,
        }),
        Err(_) => Err(ApiError::Unexpected { status }),
    }
}
