//! The JSON API under `/api`.

mod applications;
mod captures;
mod dev_sms;
pub mod embed;
mod error;
mod json;
mod lifecycle;
mod review;
mod reviewer;
mod reviewer_captures;
pub mod session;
mod sign_in;
mod uploads;
mod verification_form;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

pub use error::ApiError;

use crate::AppState;

/// Largest request body accepted by the JSON API.
pub const MAX_JSON_BODY: usize = 64 * 1024;

pub fn router(state: AppState) -> Router {
    let mut router = Router::new()
        .route("/v1/health", get(health))
        .route("/v1/embed", get(embed::config))
        .route("/v1/sign-in/code", post(sign_in::send_code))
        .route("/v1/sign-in", post(sign_in::sign_in))
        .route("/v1/sign-in/partner", post(sign_in::partner))
        .route("/v1/sign-out", post(sign_in::sign_out))
        .route("/v1/session", get(sign_in::current))
        .route("/v1/reviewer/sign-in/code", post(reviewer::send_code))
        .route("/v1/reviewer/sign-in", post(reviewer::sign_in))
        .route("/v1/reviewer/sign-out", post(reviewer::sign_out))
        .route("/v1/reviewer/session", get(reviewer::current))
        .route("/v1/reviewer/applications", get(reviewer::queue))
        .route("/v1/reviewer/applications/{id}", get(reviewer::detail))
        .route(
            "/v1/reviewer/applications/{id}/uploads/{upload}",
            get(reviewer::upload),
        )
        .route(
            "/v1/reviewer/captures/{session}/parts/{seq}",
            get(reviewer_captures::image),
        )
        .route(
            "/v1/reviewer/captures/{session}/recording",
            get(reviewer_captures::recording),
        )
        .route(
            "/v1/applications",
            post(applications::create).get(applications::list),
        )
        .route(
            "/v1/applications/{id}",
            get(applications::fetch).put(applications::replace),
        )
        .route("/v1/applications/{id}/review", post(review::create))
        .route("/v1/applications/{id}/submit", post(applications::submit))
        .route("/v1/applications/{id}/bureau", post(lifecycle::bureau))
        .route(
            "/v1/applications/{id}/sms-check",
            post(lifecycle::enter_code),
        )
        .route(
            "/v1/applications/{id}/sms-check/resend",
            post(lifecycle::resend_codes),
        )
        .route("/v1/applications/{id}/events", get(lifecycle::events))
        .route(
            "/v1/applications/{id}/captures",
            post(captures::create).get(captures::list),
        )
        .route("/v1/captures/{id}/stream", get(captures::stream))
        // Images: their own body limit (the largest the upload rules allow).
        .route(
            "/v1/applications/{id}/uploads",
            post(uploads::create).layer(DefaultBodyLimit::max(uploads::max_upload_bytes())),
        )
        .route(
            "/v1/applications/{id}/uploads/{upload}",
            get(uploads::fetch),
        )
        .route(
            "/v1/applications/{id}/verification-form/{website}",
            get(verification_form::fetch),
        )
        .fallback(not_found);
    if state.dev_sms.is_some() {
        router = router.route("/v1/dev/sms/{phone}", get(dev_sms::messages));
    }
    router
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::security::same_site_writes,
        ))
        .layer(axum::middleware::from_fn(crate::security::api_policy))
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY))
        .with_state(state)
}

async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}
