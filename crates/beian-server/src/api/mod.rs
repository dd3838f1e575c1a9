//! The JSON API under `/api`.

mod applications;
mod error;
mod json;
mod review;
mod uploads;
mod verification_form;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

pub use error::ApiError;

use crate::AppState;

/// Largest request body accepted by the JSON API.
pub const MAX_JSON_BODY: usize = 64 * 1024;

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/health", get(health))
        .route(
            "/v1/applications",
            axum::routing::post(applications::create),
        )
        .route(
            "/v1/applications/{id}",
            get(applications::fetch).put(applications::replace),
        )
        .route(
            "/v1/applications/{id}/review",
            axum::routing::post(review::create),
        )
        .route(
            "/v1/applications/{id}/submit",
            axum::routing::post(applications::submit),
        )
        // Images: their own body limit (the largest the upload rules allow).
        .route(
            "/v1/applications/{id}/uploads",
            axum::routing::post(uploads::create)
                .layer(DefaultBodyLimit::max(uploads::max_upload_bytes())),
        )
        .route(
            "/v1/applications/{id}/uploads/{upload}",
            get(uploads::fetch),
        )
        .route(
            "/v1/applications/{id}/verification-form/{website}",
            get(verification_form::fetch),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY))
        .with_state(state)
}

async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}
