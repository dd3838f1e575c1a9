//! The applicant's session: an opaque token in an `HttpOnly` cookie scoped to `/api`, looked up
//! in the database on each request. Extractors give handlers the applicant, or refuse.

use axum::extract::FromRequestParts;
use axum::http::header::{HeaderValue, COOKIE};
use axum::http::request::Parts;

use super::ApiError;
use crate::accounts::{Applicant, SESSION_TTL};
use crate::AppState;

/// The cookie's name.
pub const COOKIE_NAME: &str = "beian_session";

/// The longest token accepted from a cookie (the server makes 43-character ones).
const MAX_TOKEN: usize = 64;

/// The session the request presents, if any, and its applicant while it is live.
pub struct SessionCookie {
    pub token: Option<String>,
    pub applicant: Option<Applicant>,
}

impl SessionCookie {
    /// The token and applicant of a live session.
    pub fn live(&self) -> Option<(&str, &Applicant)> {
        Some((self.token.as_deref()?, self.applicant.as_ref()?))
    }
}

/// The session token in the request's cookies, if one looks like a token.
fn token_in(parts: &Parts) -> Option<String> {
    cookie_token(&parts.headers, COOKIE_NAME)
}

/// The token in cookie `name`, if one looks like a token.
pub fn cookie_token(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
        .filter(|t| {
            !t.is_empty()
                && t.len() <= MAX_TOKEN
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

impl FromRequestParts<AppState> for SessionCookie {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = token_in(parts);
        let applicant = match &token {
            Some(t) => state.store.session_applicant(t).await?,
            None => None,
        };
        Ok(SessionCookie { token, applicant })
    }
}

/// The applicant of a live session (a guest or signed in); `401 not_signed_in` otherwise.
pub struct CurrentApplicant(pub Applicant);

impl FromRequestParts<AppState> for CurrentApplicant {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        SessionCookie::from_request_parts(parts, state)
            .await?
            .applicant
            .map(CurrentApplicant)
            .ok_or(ApiError::NotSignedIn)
    }
}

/// The `Set-Cookie` value that gives the browser `token`.
pub fn set_cookie(state: &AppState, token: &str) -> HeaderValue {
    named_cookie(state, COOKIE_NAME, token, SESSION_TTL.whole_seconds())
}

/// A session cookie `name` for `/api`, `HttpOnly`, `SameSite=Lax`, `Secure` over HTTPS.
pub fn named_cookie(state: &AppState, name: &str, token: &str, max_age: i64) -> HeaderValue {
    // In a partner's frame the site is a third party, whose `Lax` cookie the browser withholds:
    // served over HTTPS with partners allowed to frame it, the cookie is `SameSite=None` and
    // `Partitioned` (kept apart per top-level site). Changes from other sites are refused by
    // `security::same_site_writes` instead.
    let site = if state.https && &*state.frame_ancestors != "'none'" {
        "SameSite=None; Secure; Partitioned"
    } else if state.https {
        "SameSite=Lax; Secure"
    } else {
        "SameSite=Lax"
    };
    let value = format!("{name}={token}; Path=/api; HttpOnly; {site}; Max-Age={max_age}");
    // A token is URL-safe base64, so the value is always a valid header.
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The `Set-Cookie` value that removes the cookie.
pub fn clear_cookie(state: &AppState) -> HeaderValue {
    named_cookie(state, COOKIE_NAME, "", 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(cookie: &str) -> Parts {
        Request::builder()
            .header(COOKIE, cookie)
            .body(())
            .unwrap()
            .into_parts()
            .0
    }

    #[test]
    fn finds_the_token_among_other_cookies_and_ignores_junk() {
        assert_eq!(
            token_in(&parts("a=1; beian_session=abc-DEF_9; b=2")).as_deref(),
            Some("abc-DEF_9")
        );
        assert_eq!(token_in(&parts("beian_session=a b")), None);
        assert_eq!(token_in(&parts("beian_session=")), None);
        assert_eq!(
            token_in(&parts(&format!("beian_session={}", "x".repeat(65)))),
            None
        );
        assert_eq!(token_in(&parts("other=1")), None);
    }
}
