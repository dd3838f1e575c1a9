//! Signing in with a mainland mobile number and a one-time code sent by SMS:
//!
//! - `POST /v1/sign-in/code` `{"phone"}`: sends a code (valid 5 minutes; one a minute, five an
//!   hour per number).
//! - `POST /v1/sign-in` `{"phone", "code"}`: the right code signs in (a new session cookie); a
//!   guest's drafts become the applicant's. Five wrong entries spend the code.
//! - `GET /v1/session`: who this session is (the number masked).
//! - `POST /v1/sign-out`: ends the session.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use beian_rules::contact::{is_sms_code, normalize_mobile};
use beian_rules::mask::mask_mobile;
use serde::{Deserialize, Serialize};

use super::json::ApiJson;
use super::session::{clear_cookie, set_cookie, SessionCookie};
use super::ApiError;
use crate::accounts::{CodeCheck, CodeRefused, CODE_TTL, RESEND_PAUSE};
use crate::rate_limit::{ClientAddress, CODE_REQUESTS_PER_HOUR, SIGN_IN_ATTEMPTS_PER_HOUR};
use crate::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    pub(super) phone: String,
}

#[derive(Serialize)]
pub struct CodeSent {
    /// The number the code went to, masked.
    sent_to: String,
    /// Seconds the code stays valid.
    expires_in: i64,
    /// Seconds before another code can be asked for.
    resend_in: i64,
}

impl CodeSent {
    /// The answer to a code sent to `phone`.
    pub(super) fn to(phone: &str) -> CodeSent {
        CodeSent {
            sent_to: mask_mobile(phone),
            expires_in: CODE_TTL.whole_seconds(),
            resend_in: RESEND_PAUSE.whole_seconds(),
        }
    }
}

pub(super) fn phone_of(input: &str) -> Result<String, ApiError> {
    // Bounded before any work: a phone number is short.
    if input.chars().count() > 32 {
        return Err(ApiError::InvalidPhone);
    }
    normalize_mobile(input).ok_or(ApiError::InvalidPhone)
}

/// Counts a request of `what` from the client's address; `429` past `limit` an hour.
pub(super) async fn limit(
    state: &AppState,
    what: &str,
    ClientAddress(address): &ClientAddress,
    limit: i64,
) -> Result<(), ApiError> {
    state
        .store
        .count_request(what, *address, limit)
        .await?
        .map_err(|retry_after_secs| ApiError::TooManyRequests { retry_after_secs })
}

pub async fn send_code(
    State(state): State<AppState>,
    address: ClientAddress,
    ApiJson(request): ApiJson<CodeRequest>,
) -> Result<(StatusCode, Json<CodeSent>), ApiError> {
    limit(&state, "code", &address, CODE_REQUESTS_PER_HOUR).await?;
    let phone = phone_of(&request.phone)?;
    send_code_to(&state, &phone, |code| {
        let minutes = CODE_TTL.whole_minutes();
        format!("【beian】您的登录验证码是 {code}，{minutes} 分钟内有效，请勿告诉他人。Your beian sign-in code is {code}, valid for {minutes} minutes. Do not share it.")
    })
    .await?;
    Ok((StatusCode::ACCEPTED, Json(CodeSent::to(&phone))))
}

/// Issues a sign-in code for `phone` (within the limits) and sends `text(code)` to it.
pub(super) async fn send_code_to(
    state: &AppState,
    phone: &str,
    text: impl Fn(&str) -> String,
) -> Result<(), ApiError> {
    let gateway = state.sms.clone().ok_or(ApiError::SmsUnavailable)?;
    let code = match state.store.issue_code(phone).await? {
        Ok(code) => code,
        Err(CodeRefused::TooSoon { retry_after_secs }) => {
            return Err(ApiError::TooManyCodes { retry_after_secs })
        }
    };
    gateway.send(phone, &text(&code)).await.map_err(|e| {
        tracing::error!(to = %mask_mobile(phone), error = %e, "sign-in code not sent");
        ApiError::SmsFailed
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    phone: String,
    code: String,
}

impl SignInRequest {
    /// The number, once its code was right (and is used up).
    pub(super) async fn checked_phone(&self, state: &AppState) -> Result<String, ApiError> {
        let phone = phone_of(&self.phone)?;
        if !is_sms_code(&self.code) {
            return Err(ApiError::InvalidCode);
        }
        match state.store.check_code(&phone, self.code.trim()).await? {
            CodeCheck::Right => Ok(phone),
            CodeCheck::Wrong { attempts_left } => Err(ApiError::WrongCode { attempts_left }),
            CodeCheck::NoneValid => Err(ApiError::NoValidCode),
        }
    }
}

/// Who the session is.
#[derive(Serialize)]
pub struct SessionView {
    /// Signed in with a mobile number (a guest session is not).
    signed_in: bool,
    /// The number, masked.
    phone: Option<String>,
}

pub async fn sign_in(
    State(state): State<AppState>,
    address: ClientAddress,
    session: SessionCookie,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<Response, ApiError> {
    limit(&state, "sign-in", &address, SIGN_IN_ATTEMPTS_PER_HOUR).await?;
    let phone = request.checked_phone(&state).await?;
    let new = state.store.sign_in(&phone, session.live()).await?;
    tracing::info!(phone = %mask_mobile(&phone), "signed in");
    Ok(signed_in(&state, &new.token, &phone))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerSignInRequest {
    token: String,
}

/// `POST /v1/sign-in/partner` `{"token"}`: a partner's signed token (see `partners.rs`) signs its
/// user in with the mobile number it vouches for. A guest's drafts become theirs, as with SMS.
pub async fn partner(
    State(state): State<AppState>,
    address: ClientAddress,
    session: SessionCookie,
    ApiJson(request): ApiJson<PartnerSignInRequest>,
) -> Result<Response, ApiError> {
    limit(&state, "sign-in", &address, SIGN_IN_ATTEMPTS_PER_HOUR).await?;
    if state.partners.is_empty() {
        return Err(ApiError::NotFound);
    }
    let now = state.store.clock.now();
    let claims = state
        .partners
        .verify(&request.token, now.unix_timestamp())
        .map_err(|refused| match refused {
            crate::partners::TokenRefused::Invalid => ApiError::PartnerTokenInvalid,
            crate::partners::TokenRefused::Expired => ApiError::PartnerTokenExpired,
        })?;
    let phone = phone_of(&claims.phone)?;
    let expires = time::OffsetDateTime::from_unix_timestamp(claims.exp).unwrap_or(now);
    if !state
        .store
        .use_partner_token(&request.token, expires)
        .await?
    {
        return Err(ApiError::PartnerTokenUsed);
    }
    let new = state.store.sign_in(&phone, session.live()).await?;
    tracing::info!(partner = %claims.partner, phone = %mask_mobile(&phone), "signed in by a partner");
    Ok(signed_in(&state, &new.token, &phone))
}

/// The answer to a sign-in: the session cookie and who is signed in.
fn signed_in(state: &AppState, token: &str, phone: &str) -> Response {
    (
        [(header::SET_COOKIE, set_cookie(state, token))],
        Json(SessionView {
            signed_in: true,
            phone: Some(mask_mobile(phone)),
        }),
    )
        .into_response()
}

pub async fn current(session: SessionCookie) -> Json<SessionView> {
    let phone = session.applicant.and_then(|a| a.phone);
    Json(SessionView {
        signed_in: phone.is_some(),
        phone: phone.as_deref().map(mask_mobile),
    })
}

pub async fn sign_out(
    State(state): State<AppState>,
    session: SessionCookie,
) -> Result<Response, ApiError> {
    if let Some(token) = &session.token {
        state.store.revoke_session(token).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, clear_cookie(&state))],
    )
        .into_response())
}
