//! `ApiJson<T>`: axum's JSON extractor with its rejections turned into [`ApiError`]s.

use axum::extract::rejection::JsonRejection;
use axum::extract::FromRequest;
use axum::http::StatusCode;

use super::{ApiError, MAX_JSON_BODY};

#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge {
                limit: MAX_JSON_BODY,
            },
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
            StatusCode::UNPROCESSABLE_ENTITY => ApiError::InvalidDocument(inner_message(&r)),
            _ => ApiError::MalformedJson(inner_message(&r)),
        }
    }
}

/// serde's own words ("unknown field `x`, expected ... at line 1 column 9"), without axum's prefix.
fn inner_message(r: &JsonRejection) -> String {
    let text = r.body_text();
    match text.split_once(": ") {
        Some((_, rest)) => rest.to_owned(),
        None => text,
    }
}
