//! Uploads of an application's documents (licence, ID card sides, verification form ...): the
//! bytes as the body, checked against the upload rules of the rules crate (type, size) and read
//! for their real type and pixel size before anything is stored.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use beian_rules::image_info::image_info;
use beian_rules::upload::{upload_rule, upload_rules};
use beian_rules::UploadMeta;
use serde::Deserialize;

use super::applications::load;
use super::session::CurrentApplicant;
use super::ApiError;
use crate::store::UploadRecord;
use crate::AppState;

/// The largest upload any kind allows (`data/upload-rules.tsv`), the body limit of this route.
pub fn max_upload_bytes() -> usize {
    upload_rules()
        .iter()
        .map(|r| r.max_bytes)
        .max()
        .and_then(|b| usize::try_from(b).ok())
        .unwrap_or(4 * 1024 * 1024)
}

#[derive(Deserialize)]
pub struct UploadQuery {
    /// What the file shows (`data/upload-rules.tsv`: `licence`, `id_front` ...).
    kind: String,
    /// The website the file belongs to (index into `websites`), if any.
    website: Option<u32>,
}

/// Stores one file: `POST /v1/applications/{id}/uploads?kind=id_front[&website=0]` with the
/// image as the body.
/// Answers `201` with the upload's metadata, which the client puts into the draft's `uploads`.
pub async fn create(
    State(state): State<AppState>,
    CurrentApplicant(applicant): CurrentApplicant,
    Path(id): Path<String>,
    query: Result<Query<UploadQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<UploadMeta>), ApiError> {
    // No or a bad `kind`/`website`: said as an unknown kind, with the list.
    let query = query.map(|Query(q)| q).unwrap_or(UploadQuery {
        kind: String::new(),
        website: None,
    });
    let rule = upload_rule(&query.kind).ok_or_else(|| ApiError::UnknownUploadKind {
        kind: query.kind.chars().take(40).collect(),
        known: upload_rules()
            .iter()
            .map(|r| r.kind)
            .collect::<Vec<_>>()
            .join(", "),
    })?;
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    if !rule.mimes.contains(&declared.as_str()) {
        return Err(ApiError::UnsupportedImageType {
            kind: rule.kind.to_owned(),
            allowed: rule.mimes.join(" or "),
        });
    }
    let limit = usize::try_from(rule.max_bytes).unwrap_or(usize::MAX);
    let body = body.map_err(|_| ApiError::TooLarge {
        limit: max_upload_bytes(),
    })?;
    if body.len() > limit {
        return Err(ApiError::TooLarge { limit });
    }
    let info = image_info(&body)
        .filter(|i| i.mime == declared)
        .ok_or(ApiError::UnreadableImage { declared })?;
    let application = load(&state, &applicant, &id).await?;
    // A draft, or a filing the 初审 returned (its documents may be among what to fix).
    if !super::applications::editable(&application.status) {
        return Err(ApiError::NotADraft {
            status: application.status,
        });
    }
    let record = UploadRecord {
        id: uuid::Uuid::new_v4().to_string(),
        application_id: application.id,
        kind: rule.kind.to_owned(),
        mime: info.mime.to_owned(),
        bytes: body.len() as i64,
        width: i64::from(info.width),
        height: i64::from(info.height),
        created_at: state.store.now_text(),
    };
    let bytes = body.len() as u64;
    state
        .media
        .put(
            &state.store.keys,
            &record.application_id,
            &record.id,
            info.mime,
            &body,
        )
        .await?;
    state.store.insert_upload(&record).await?;
    Ok((
        StatusCode::CREATED,
        Json(UploadMeta {
            id: record.id,
            kind: record.kind,
            mime: record.mime,
            bytes,
            width: info.width,
            height: info.height,
            website: query.website,
        }),
    ))
}

/// The stored file, for previews: `GET /v1/applications/{id}/uploads/{upload}`. Never cached by
/// shared caches; the type is the one read from the bytes.
pub async fn fetch(
    State(state): State<AppState>,
    CurrentApplicant(applicant): CurrentApplicant,
    Path((id, upload)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    load(&state, &applicant, &id).await?;
    let record = state
        .store
        .get_upload(&id, &upload)
        .await?
        .ok_or(ApiError::NotFound)?;
    image_response(&state, &record).await
}

/// The stored file of an upload, private and never sniffed.
pub(super) async fn image_response(
    state: &AppState,
    record: &UploadRecord,
) -> Result<Response, ApiError> {
    let bytes = state
        .media
        .get(
            &state.store.keys,
            &record.application_id,
            &record.id,
            &record.mime,
        )
        .await?;
    Ok((
        private_headers(record.mime.clone(), bytes.len() as u64),
        bytes,
    )
        .into_response())
}

/// The headers of personal data sent back: never cached, never sniffed.
pub(super) fn private_headers(mime: String, length: u64) -> [(header::HeaderName, String); 4] {
    [
        (header::CONTENT_TYPE, mime),
        (header::CONTENT_LENGTH, length.to_string()),
        (header::CACHE_CONTROL, "private, no-store".to_owned()),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
    ]
}
