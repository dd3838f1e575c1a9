//! `/api/v1/applications`: create, read, replace and submit filing drafts. Every document is
//! re-validated with the rules crate; the findings come back with it.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use beian_rules::review::returned_findings;
use beian_rules::{validate_draft, Context, FilingDraft, Finding, DRAFT_SCHEMA_VERSION};
use serde::Serialize;

use super::json::ApiJson;
use super::review::{changed_paths, outside_rejected, Review};
use super::session::{set_cookie, CurrentApplicant, SessionCookie};
use super::ApiError;
use crate::accounts::Applicant;
use crate::lifecycle::Transition;
use crate::store::{ApplicationRecord, StoreError};
use crate::AppState;
use beian_rules::lifecycle::{Event, Status};

/// An application as the API returns it.
#[derive(Serialize)]
pub struct ApplicationView {
    pub id: String,
    pub status: String,
    pub revision: i64,
    pub created_at: String,
    pub updated_at: String,
    pub draft: FilingDraft,
    /// The rules' findings for `draft`, computed now.
    pub findings: Vec<Finding>,
    /// The decision and reasons while the filing is returned (`status: "rejected"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// The 备案号 once approved: `{"subject", "websites": [...]}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numbers: Option<serde_json::Value>,
    /// During the SMS check: until when, and whose codes are still to enter (masked numbers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_check: Option<super::lifecycle::SmsCheckView>,
}

impl ApplicationView {
    pub(super) fn from_record(state: &AppState, r: ApplicationRecord) -> Result<Self, ApiError> {
        let draft = draft_of(&r)?;
        let review = if r.status == "rejected" {
            review_of(&r)?
        } else {
            None
        };
        let mut findings = validate_draft(&draft, &rules_context(state));
        // A returned filing: each reason stands until its field changes (submit refuses errors).
        if let Some(review) = &review {
            findings.extend(returned_findings(&draft, &review.reasons));
        }
        let numbers = r
            .numbers
            .as_deref()
            .and_then(|n| serde_json::from_str(n).ok());
        Ok(ApplicationView {
            review,
            numbers,
            sms_check: None,
            findings,
            id: r.id,
            status: r.status,
            revision: r.revision,
            created_at: r.created_at,
            updated_at: r.updated_at,
            draft,
        })
    }
}

/// The stored application's document. Stored documents were written by this server from a parsed
/// `FilingDraft`, so a failure here is the store's fault (an internal error).
pub(super) fn draft_of(r: &ApplicationRecord) -> Result<FilingDraft, ApiError> {
    Ok(
        serde_json::from_str(&r.document).map_err(|source| StoreError::CorruptDocument {
            id: r.id.clone(),
            source,
        })?,
    )
}

/// Whether the applicant may change and submit an application in this status: a draft, or a
/// filing the 初审 returned (only its returned fields; `replace` checks those). The store's
/// updates use the same two statuses.
pub(super) fn editable(status: &str) -> bool {
    Status::parse(status).is_some_and(Status::editable)
}

/// The stored review of a returned filing.
fn review_of(r: &ApplicationRecord) -> Result<Option<Review>, ApiError> {
    r.review
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|source| {
            ApiError::from(StoreError::CorruptDocument {
                id: r.id.clone(),
                source,
            })
        })
}

/// The rules' view of now, from the server clock.
fn rules_context(state: &AppState) -> Context {
    Context::at_unix_seconds(state.store.clock.now().unix_timestamp())
}

fn checked(draft: FilingDraft) -> Result<(FilingDraft, String), ApiError> {
    if draft.schema_version != DRAFT_SCHEMA_VERSION {
        return Err(ApiError::UnsupportedSchema {
            found: draft.schema_version,
            expected: DRAFT_SCHEMA_VERSION,
        });
    }
    let document =
        serde_json::to_string(&draft).map_err(|e| ApiError::InvalidDocument(e.to_string()))?;
    Ok((draft, document))
}

/// Creates a draft. Without a session the applicant starts as a guest (a new session cookie), so
/// a draft is kept on the server before any sign-in; signing in later makes it the applicant's.
pub async fn create(
    State(state): State<AppState>,
    session: SessionCookie,
    ApiJson(draft): ApiJson<FilingDraft>,
) -> Result<Response, ApiError> {
    let (draft, document) = checked(draft)?;
    let (applicant, cookie) = match session.applicant {
        Some(a) => (a, None),
        None => {
            let guest = state.store.create_guest().await?;
            (guest.applicant, Some(set_cookie(&state, &guest.token)))
        }
    };
    let record = state
        .store
        .insert_application(&applicant, draft.schema_version, &document)
        .await?;
    let location = format!("/api/v1/applications/{}", record.id);
    let view = ApplicationView::from_record(&state, record)?;
    let etag = format!("\"{}\"", view.revision);
    let mut response = (
        StatusCode::CREATED,
        [(header::LOCATION, location), (header::ETAG, etag)],
        Json(view),
    )
        .into_response();
    if let Some(cookie) = cookie {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// The record on this platform that filing `id` acts on (变更, 注销, 新增网站 … name its 备案号),
/// if this platform has it.
pub(super) async fn named_record(
    state: &AppState,
    id: &str,
    draft: &FilingDraft,
) -> Result<Option<beian_rules::records::FilingRecord>, ApiError> {
    Ok(match beian_rules::records::named_subject_number(draft) {
        Some(number) => state.store.record_for_application(id, &number).await?,
        None => None,
    })
}

/// The application with this id if it is the applicant's; `404` otherwise (another applicant's
/// application is not distinguishable from a missing one).
pub(super) async fn load(
    state: &AppState,
    applicant: &Applicant,
    id: &str,
) -> Result<ApplicationRecord, ApiError> {
    state
        .store
        .get_application_of(applicant, id)
        .await?
        .ok_or(ApiError::NotFound)
}

pub async fn fetch(
    State(state): State<AppState>,
    CurrentApplicant(applicant): CurrentApplicant,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let record = load(&state, &applicant, &id).await?;
    let record = super::lifecycle::expire_sms_check(&state, record).await?;
    let view = ApplicationView::from_record(&state, record)?;
    Ok(with_etag(
        StatusCode::OK,
        super::lifecycle::with_sms_check(&state, view).await?,
    ))
}

/// One application in the applicant's list.
#[derive(Serialize)]
pub struct ApplicationListItem {
    pub id: String,
    pub status: String,
    pub revision: i64,
    pub updated_at: String,
    pub filing_type: Option<beian_rules::FilingType>,
    /// 主办单位名称, as entered so far.
    pub subject_name: String,
    /// The websites' domains, as entered so far.
    pub domains: Vec<String>,
}

/// `GET /v1/applications`: the applicant's applications, the most recently changed first, to
/// resume one on this device, with who the session is (`signed_in`, `phone` masked): one request
/// for 我的备案 on a slow network.
pub async fn list(
    State(state): State<AppState>,
    CurrentApplicant(applicant): CurrentApplicant,
) -> Result<Json<serde_json::Value>, ApiError> {
    let mut items = Vec::new();
    for s in state.store.applications_of(&applicant).await? {
        let draft: FilingDraft =
            serde_json::from_str(&s.document).map_err(|source| StoreError::CorruptDocument {
                id: s.id.clone(),
                source,
            })?;
        items.push(ApplicationListItem {
            id: s.id,
            status: s.status,
            revision: s.revision,
            updated_at: s.updated_at,
            filing_type: draft.filing_type,
            subject_name: draft.subject.name,
            domains: draft.websites.into_iter().map(|w| w.domain).collect(),
        });
    }
    Ok(Json(serde_json::json!({
        "signed_in": applicant.phone.is_some(),
        "phone": applicant.phone.as_deref().map(beian_rules::mask::mask_mobile),
        "applications": items,
        // The approved filings (备案信息) that 变更, 注销 and 取消接入 act on.
        "records": state.store.records_of(&applicant.id).await?,
    })))
}

/// The revision an `If-Match` header names: `None` for no header or `*` (any revision).
fn if_match(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().map_err(|_| ApiError::BadIfMatch)?.trim();
    if text == "*" {
        return Ok(None);
    }
    text.trim_start_matches("W/")
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .and_then(|n| n.parse::<i64>().ok())
        .map(Some)
        .ok_or(ApiError::BadIfMatch)
}

/// Replaces a draft. With `If-Match: "<revision>"` only that revision is replaced: a draft
/// changed elsewhere meanwhile gets `412` with the current application, never a silent loss.
pub async fn replace(
    State(state): State<AppState>,
    CurrentApplicant(applicant): CurrentApplicant,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(draft): ApiJson<FilingDraft>,
) -> Result<Response, ApiError> {
    let mut expected = if_match(&headers)?;
    let (draft, document) = checked(draft)?;
    let current = load(&state, &applicant, &id).await?;
    // A filing returned by the 初审 reopens only the fields the review named.
    let review = match current.status.as_str() {
        "rejected" => review_of(&current)?,
        _ => None,
    };
    if let Some(review) = review {
        let old: serde_json::Value = serde_json::to_value(draft_of(&current)?)
            .map_err(|e| ApiError::InvalidDocument(e.to_string()))?;
        let new =
            serde_json::to_value(&draft).map_err(|e| ApiError::InvalidDocument(e.to_string()))?;
        let outside = outside_rejected(&review, &changed_paths(&old, &new));
        if !outside.is_empty() {
            return Err(ApiError::OutsideRejectedFields { paths: outside });
        }
        // The check was made against this revision: only it may be replaced.
        if expected.is_some_and(|e| e != current.revision) {
            return Err(not_a_draft(&state, &id).await);
        }
        expected = Some(current.revision);
    }
    match state
        .store
        .update_draft(&id, draft.schema_version, &document, expected)
        .await?
    {
        Some(record) => Ok(with_etag(
            StatusCode::OK,
            ApplicationView::from_record(&state, record)?,
        )),
        None => Err(not_a_draft(&state, &id).await),
    }
}

/// Why a draft-only change found nothing: no such application, no longer a draft, or another
/// revision than the one the change was made on.
async fn not_a_draft(state: &AppState, id: &str) -> ApiError {
    match state.store.get_application(id).await {
        Ok(Some(r)) if !editable(&r.status) => ApiError::NotADraft { status: r.status },
        Ok(Some(r)) => {
            let revision = r.revision;
            match ApplicationView::from_record(state, r) {
                Ok(view) => ApiError::RevisionConflict {
                    revision,
                    current: serde_json::to_value(view).unwrap_or_default(),
                },
                Err(e) => e,
            }
        }
        Ok(None) => ApiError::NotFound,
        Err(e) => e.into(),
    }
}

/// The application as JSON with its revision as the entity tag (`ETag: "3"`), which a later
/// `PUT` sends back in `If-Match`.
fn with_etag(status: StatusCode, view: ApplicationView) -> Response {
    let etag = format!("\"{}\"", view.revision);
    (status, [(header::ETAG, etag)], Json(view)).into_response()
}

/// Submits a draft: the server validates it again and refuses it, with the full report, while
/// it has errors. With `If-Match: "<revision>"` only that revision is submitted, so a device
/// never submits a change made elsewhere that it has not seen (`412` with the current one).
/// The lifecycle after submission (初审, SMS check, 管局) is issue 6's.
pub async fn submit(
    State(state): State<AppState>,
    CurrentApplicant(applicant): CurrentApplicant,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<ApplicationView>, ApiError> {
    let expected = if_match(&headers)?;
    let record = load(&state, &applicant, &id).await?;
    // A filing is made by someone the provider can reach: a guest signs in first.
    if applicant.phone.is_none() {
        return Err(ApiError::SignInRequired);
    }
    if !editable(&record.status) {
        return Err(ApiError::NotADraft {
            status: record.status,
        });
    }
    let revision = record.revision;
    let record_status = record.status.clone();
    if expected.is_some_and(|e| e != revision) {
        return Err(not_a_draft(&state, &id).await);
    }
    let view = ApplicationView::from_record(&state, record)?;
    let errors = view.findings.iter().filter(|f| f.is_error()).count();
    if errors > 0 {
        return Err(ApiError::HasErrors {
            errors,
            findings: view.findings,
        });
    }
    // A filing on a record of this provider that was cancelled (注销) cannot go on.
    let on = named_record(&state, &id, &view.draft).await?;
    if on.is_some_and(|r| r.status == beian_rules::records::RecordStatus::Cancelled) {
        return Err(ApiError::RecordCancelled);
    }
    // One filing in flight per subject: the subject's key goes in with the status change, and
    // the database's partial unique index refuses a second one (however many processes submit).
    let subject = state.store.subject_key(
        &view.draft.subject.certificate_type,
        &view.draft.subject.certificate_number,
    );
    // Only the revision that was validated is submitted.
    let from = Status::parse(&record_status).unwrap_or(Status::Draft);
    let actor = format!("applicant:{}", applicant.id);
    let submitted = state
        .store
        .transition(
            &Transition {
                id: &id,
                from,
                to: Status::Submitted,
                event: Event::Submit,
                actor: &actor,
                revision: Some(revision),
                review: None,
                numbers: None,
                detail: None,
                record: None,
                subject_key: Some(&subject),
            },
            &[],
            0,
        )
        .await
        .map_err(|e| match e {
            StoreError::Database(d)
                if d.as_database_error()
                    .is_some_and(|d| d.is_unique_violation()) =>
            {
                ApiError::SubjectInFlight
            }
            other => other.into(),
        })?;
    match submitted {
        Some(record) => Ok(Json(ApplicationView::from_record(&state, record)?)),
        None => match load(&state, &applicant, &id).await? {
            r if !editable(&r.status) => Err(ApiError::NotADraft { status: r.status }),
            _ => Err(ApiError::ChangedMeanwhile),
        },
    }
}
