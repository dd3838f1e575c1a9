//! The reviewers' side of the API, under `/v1/reviewer/`: their own sign-in (mobile and SMS code,
//! only for numbers added with `beian-server add-reviewer`), the queue, and an application with
//! everything a reviewer needs (the full rule report, uploads, live captures, the SMS check, the
//! audit trail).
//! Their decisions go to `…/applications/{id}/review` and `…/bureau`, which accept a reviewer's
//! session (or the `BEIAN_REVIEWER_TOKEN` bearer token for scripts).

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use beian_rules::lifecycle::Status;
use beian_rules::mask::{mask_middle, mask_mobile};
use beian_rules::FilingDraft;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::applications::ApplicationView;
use super::json::ApiJson;
use super::session::{cookie_token, named_cookie};
use super::sign_in::{limit, phone_of, send_code_to, CodeRequest, CodeSent, SignInRequest};
use super::ApiError;
use crate::rate_limit::{ClientAddress, CODE_REQUESTS_PER_HOUR, SIGN_IN_ATTEMPTS_PER_HOUR};
use crate::reviewers::{Reviewer, REVIEWER_SESSION_TTL};
use crate::AppState;

/// The reviewers' session cookie.
pub const REVIEWER_COOKIE: &str = "beian_reviewer";

/// The reviewer of a live reviewer session; `401 unauthorized` otherwise.
pub struct SignedInReviewer(pub Reviewer);

impl FromRequestParts<AppState> for SignedInReviewer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match cookie_token(&parts.headers, REVIEWER_COOKIE) {
            Some(t) => state
                .store
                .reviewer_session(&t)
                .await?
                .map(SignedInReviewer)
                .ok_or(ApiError::Unauthorized),
            None => Err(ApiError::Unauthorized),
        }
    }
}

/// Who is acting as a reviewer, for the audit trail: `reviewer:<id>` for a signed-in reviewer,
/// `reviewer:token` for the bearer token. `401` for anyone else.
pub async fn reviewer_actor(state: &AppState, headers: &HeaderMap) -> Result<String, ApiError> {
    if let Some(t) = cookie_token(headers, REVIEWER_COOKIE) {
        if let Some(r) = state.store.reviewer_session(&t).await? {
            return Ok(format!("reviewer:{}", r.id));
        }
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match (state.reviewer_token.as_deref(), given) {
        (Some(expected), Some(given)) if crate::secret::same(expected, given) => {
            Ok("reviewer:token".to_owned())
        }
        _ => Err(ApiError::Unauthorized),
    }
}

/// `POST /v1/reviewer/sign-in/code`: a code to a reviewer's number. The answer is the same
/// whether or not the number is a reviewer's (no list of reviewers to probe), and has the shape
/// of the applicants' (the same sign-in form asks).
pub async fn send_code(
    State(state): State<AppState>,
    address: ClientAddress,
    ApiJson(request): ApiJson<CodeRequest>,
) -> Result<(StatusCode, Json<CodeSent>), ApiError> {
    limit(&state, "code", &address, CODE_REQUESTS_PER_HOUR).await?;
    let phone = phone_of(&request.phone)?;
    if state.sms.is_none() {
        return Err(ApiError::SmsUnavailable);
    }
    if state.store.reviewer_by_phone(&phone).await?.is_some() {
        send_code_to(&state, &phone, |code| {
            format!("【beian】审核人员登录验证码 {code}，5 分钟内有效。Reviewer sign-in code {code}, valid for 5 minutes.")
        })
        .await?;
    }
    Ok((StatusCode::ACCEPTED, Json(CodeSent::to(&phone))))
}

#[derive(Serialize)]
pub struct ReviewerView {
    signed_in: bool,
    name: Option<String>,
    phone: Option<String>,
}

/// `POST /v1/reviewer/sign-in`: the code of a reviewer's number starts a reviewer session.
pub async fn sign_in(
    State(state): State<AppState>,
    address: ClientAddress,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<Response, ApiError> {
    limit(&state, "sign-in", &address, SIGN_IN_ATTEMPTS_PER_HOUR).await?;
    let phone = request.checked_phone(&state).await?;
    let reviewer = state
        .store
        .reviewer_by_phone(&phone)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let token = state.store.create_reviewer_session(&reviewer).await?;
    tracing::info!(reviewer = %reviewer.id, "reviewer signed in");
    let cookie = named_cookie(
        &state,
        REVIEWER_COOKIE,
        &token,
        REVIEWER_SESSION_TTL.whole_seconds(),
    );
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(ReviewerView {
            signed_in: true,
            name: Some(reviewer.name),
            phone: Some(mask_mobile(&reviewer.phone)),
        }),
    )
        .into_response())
}

/// `GET /v1/reviewer/session`.
pub async fn current(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ReviewerView>, ApiError> {
    let reviewer = match cookie_token(&headers, REVIEWER_COOKIE) {
        Some(t) => state.store.reviewer_session(&t).await?,
        None => None,
    };
    Ok(Json(ReviewerView {
        signed_in: reviewer.is_some(),
        phone: reviewer.as_ref().map(|r| mask_mobile(&r.phone)),
        name: reviewer.map(|r| r.name),
    }))
}

/// `POST /v1/reviewer/sign-out`.
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(t) = cookie_token(&headers, REVIEWER_COOKIE) {
        state.store.revoke_reviewer_session(&t).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            named_cookie(&state, REVIEWER_COOKIE, "", 0),
        )],
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct QueueQuery {
    /// Comma-separated statuses; default: those waiting for a reviewer (submitted, documents
    /// requested, with the 管局).
    status: Option<String>,
}

/// One line of the queue: enough to pick, with personal numbers masked.
#[derive(Serialize)]
pub struct QueueItem {
    id: String,
    status: String,
    updated_at: String,
    filing_type: Option<beian_rules::FilingType>,
    province: String,
    subject_name: String,
    /// The subject's certificate number, masked.
    certificate: String,
    domains: Vec<String>,
}

/// `GET /v1/reviewer/applications[?status=submitted,bureau_review]`: the queue, longest waiting
/// first.
pub async fn queue(
    State(state): State<AppState>,
    SignedInReviewer(_): SignedInReviewer,
    query: Result<Query<QueueQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let Query(query) =
        query.map_err(|e| ApiError::InvalidReview(format!("the query: {}", e.body_text())))?;
    let wanted = query.status;
    let statuses: Vec<&str> = match wanted.as_deref() {
        Some(list) => list
            .split(',')
            .map(str::trim)
            .map(|s| {
                Status::parse(s)
                    .map(Status::as_str)
                    .ok_or_else(|| ApiError::InvalidReview(format!("unknown status {s:?}")))
            })
            .collect::<Result<_, _>>()?,
        None => Status::ALL
            .into_iter()
            .filter(|s| s.waits_for_reviewer())
            .map(Status::as_str)
            .collect(),
    };
    let mut items = Vec::new();
    for row in state.store.queue(&statuses).await? {
        let draft: FilingDraft = serde_json::from_str(&row.document).map_err(|source| {
            crate::store::StoreError::CorruptDocument {
                id: row.id.clone(),
                source,
            }
        })?;
        items.push(QueueItem {
            id: row.id,
            status: row.status,
            updated_at: row.updated_at,
            filing_type: draft.filing_type,
            province: draft.subject.region.province.clone(),
            certificate: mask_middle(&draft.subject.certificate_number, 4, 4),
            subject_name: draft.subject.name,
            domains: draft.websites.into_iter().map(|w| w.domain).collect(),
        });
    }
    Ok(Json(json!({ "applications": items })))
}

/// `GET /v1/reviewer/applications/{id}`: the application with its rule report, the SMS check,
/// its uploads, its live captures and its audit trail.
pub async fn detail(
    State(state): State<AppState>,
    SignedInReviewer(_): SignedInReviewer,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let record = state
        .store
        .get_application(&id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let record = super::lifecycle::expire_sms_check(&state, record).await?;
    let view = ApplicationView::from_record(&state, record)?;
    let view = super::lifecycle::with_sms_check(&state, view).await?;
    let uploads: Vec<serde_json::Value> = state
        .store
        .uploads_of(&id)
        .await?
        .into_iter()
        .map(|u| json!({ "id": u.id, "kind": u.kind, "mime": u.mime, "bytes": u.bytes, "width": u.width, "height": u.height }))
        .collect();
    let events = state.store.events_of(&id).await?;
    // The record on this platform that the filing acts on (变更, 注销, 新增网站 …), if any.
    let record = super::applications::named_record(&state, &id, &view.draft).await?;
    let captures = super::reviewer_captures::sessions_for(&state, &id).await?;
    Ok(Json(json!({
        "application": view,
        "uploads": uploads,
        "captures": captures,
        "events": events,
        "record": record,
    })))
}

/// `GET /v1/reviewer/applications/{id}/uploads/{upload}`: an uploaded image, for reviewers.
pub async fn upload(
    State(state): State<AppState>,
    SignedInReviewer(reviewer): SignedInReviewer,
    Path((id, upload)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    // Personal data: who looked at which document is logged.
    tracing::info!(reviewer = %reviewer.id, application = %id, upload = %upload, "upload viewed by a reviewer");
    let record = state
        .store
        .get_upload(&id, &upload)
        .await?
        .ok_or(ApiError::NotFound)?;
    super::uploads::image_response(&state, &record).await
}
