//! Sign-in for applicants of a partner's portal: the partner (who has verified its user's mobile
//! number) signs a short-lived token with its own key; the client embedded in the portal hands
//! the token to `POST /api/v1/sign-in/partner` and gets a session for that number.
//!
//! A token is `<payload>.<signature>`, both base64url without padding: the payload is the JSON
//! `{"partner": "...", "phone": "13800138000", "exp": <unix seconds>, "nonce": "..."}`, the
//! signature HMAC-SHA256 of the payload's base64url text with the partner's key. A token lives at
//! most 10 minutes and is used once.
//!
//! Keys come from the file `BEIAN_PARTNER_KEYS`: a line per partner, `<partner id> <64 hex
//! digits>`; `#` starts a comment.

use std::collections::HashMap;
use std::path::Path;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// The longest a token may live.
pub const MAX_TOKEN_LIFE_SECS: i64 = 600;

/// The longest token accepted (bytes).
pub const MAX_TOKEN_LEN: usize = 2048;

#[derive(Debug, thiserror::Error)]
pub enum PartnerKeysError {
    #[error("partner key file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("partner key file {path}, line {line}: expected `<partner id> <64 hex digits>`")]
    BadLine { path: String, line: usize },
}

/// Why a token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenRefused {
    /// Not a token, an unknown partner, or a wrong signature.
    Invalid,
    /// Expired, or living longer than allowed.
    Expired,
}

/// The partners' keys.
#[derive(Clone, Default)]
pub struct PartnerKeys {
    keys: HashMap<String, Vec<u8>>,
}

impl std::fmt::Debug for PartnerKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut ids: Vec<&String> = self.keys.keys().collect();
        ids.sort();
        write!(f, "PartnerKeys {ids:?}")
    }
}

/// What a valid token says.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerClaims {
    pub partner: String,
    pub phone: String,
    pub exp: i64,
    pub nonce: String,
}

impl PartnerKeys {
    pub fn load(path: &Path) -> Result<PartnerKeys, PartnerKeysError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| PartnerKeysError::Io {
            path: name.clone(),
            source,
        })?;
        Self::parse(&text, &name)
    }

    pub fn parse(text: &str, name: &str) -> Result<PartnerKeys, PartnerKeysError> {
        let mut keys = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || PartnerKeysError::BadLine {
                path: name.to_owned(),
                line: n + 1,
            };
            let (id, key) = line.split_once(char::is_whitespace).ok_or_else(bad)?;
            let key = crate::secret::hex_key(key.trim()).ok_or_else(bad)?.to_vec();
            if id.is_empty() || id.len() > 64 {
                return Err(bad());
            }
            keys.insert(id.to_owned(), key);
        }
        Ok(PartnerKeys { keys })
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The claims of a token signed by a known partner, not expired and living at most
    /// [`MAX_TOKEN_LIFE_SECS`] from `now` (unix seconds).
    pub fn verify(&self, token: &str, now: i64) -> Result<PartnerClaims, TokenRefused> {
        if token.len() > MAX_TOKEN_LEN {
            return Err(TokenRefused::Invalid);
        }
        let (payload, signature) = token.split_once('.').ok_or(TokenRefused::Invalid)?;
        let json = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| TokenRefused::Invalid)?;
        let claims: PartnerClaims =
            serde_json::from_slice(&json).map_err(|_| TokenRefused::Invalid)?;
        let key = self
            .keys
            .get(&claims.partner)
            .ok_or(TokenRefused::Invalid)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| TokenRefused::Invalid)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(key).map_err(|_| TokenRefused::Invalid)?;
        mac.update(payload.as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| TokenRefused::Invalid)?;
        if claims.exp <= now || claims.exp > now + MAX_TOKEN_LIFE_SECS {
            return Err(TokenRefused::Expired);
        }
        Ok(claims)
    }
}

/// Signs a token as a partner would (for tests and the partner documentation).
pub fn sign(partner: &str, key_hex: &str, phone: &str, exp: i64, nonce: &str) -> String {
    let payload = URL_SAFE_NO_PAD.encode(
        serde_json::json!({ "partner": partner, "phone": phone, "exp": exp, "nonce": nonce })
            .to_string(),
    );
    let key = crate::secret::hex_key(key_hex).unwrap_or_default();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes any key length");
    mac.update(payload.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{payload}.{signature}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "0101010101010101010101010101010101010101010101010101010101010101";

    #[test]
    fn a_partner_token_is_checked_for_its_signature_partner_and_lifetime() {
        let keys = PartnerKeys::parse(&format!("# partners\nportal {KEY}\n"), "f").unwrap();
        let now = 1_800_000_000;
        let good = sign("portal", KEY, "13800138000", now + 300, "n1");
        assert_eq!(keys.verify(&good, now).unwrap().phone, "13800138000");
        assert_eq!(keys.verify(&good, now + 300), Err(TokenRefused::Expired));
        let long = sign("portal", KEY, "13800138000", now + 3600, "n2");
        assert_eq!(keys.verify(&long, now), Err(TokenRefused::Expired));
        let other = sign("portal", &"02".repeat(32), "13800138000", now + 300, "n3");
        assert_eq!(keys.verify(&other, now), Err(TokenRefused::Invalid));
        let unknown = sign("elsewhere", KEY, "13800138000", now + 300, "n4");
        assert_eq!(keys.verify(&unknown, now), Err(TokenRefused::Invalid));
        // The payload changed after signing.
        let (_, sig) = good.split_once('.').unwrap();
        let forged = format!(
            "{}.{sig}",
            URL_SAFE_NO_PAD.encode(
                r#"{"partner":"portal","phone":"13900139000","exp":1800000300,"nonce":"n1"}"#
            )
        );
        assert_eq!(keys.verify(&forged, now), Err(TokenRefused::Invalid));
        for junk in ["", "a.b", "no-dot", &"x".repeat(3000)] {
            assert_eq!(
                keys.verify(junk, now),
                Err(TokenRefused::Invalid),
                "{junk:.20}"
            );
        }
        assert!(PartnerKeys::parse("portal nothex", "f").is_err());
    }
}
