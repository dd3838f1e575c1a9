//! `GET /v1/dev/sms/{phone}`: what the development SMS gateway "sent" to a number, newest first.
//! The route exists only with `BEIAN_SMS_GATEWAY=dev`, which only runs on a loopback address.

use axum::extract::{Path, State};
use axum::Json;
use beian_rules::contact::normalize_mobile;
use serde_json::{json, Value};

use super::ApiError;
use crate::AppState;

pub async fn messages(
    State(state): State<AppState>,
    Path(phone): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let dev = state.dev_sms.as_ref().ok_or(ApiError::NotFound)?;
    let phone = normalize_mobile(&phone).ok_or(ApiError::InvalidPhone)?;
    Ok(Json(json!({ "messages": dev.messages(&phone) })))
}
