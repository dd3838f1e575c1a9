//! Random tokens and codes, and their stored digests. Only digests are stored, so a copy of the
//! database signs nobody in.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// `n` random bytes from the operating system.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS random source failing is not something the server can work around.
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    bytes
}

/// A session token: 256 random bits, URL-safe (43 characters).
pub fn new_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// A salt for a code digest.
pub fn new_salt() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<16>())
}

/// A uniformly random 6-digit code (leading zeros kept).
pub fn new_code() -> String {
    // Rejection sampling: 4,294,000,000 is the largest multiple of 10^6 below 2^32.
    loop {
        let n = u32::from_le_bytes(random_bytes::<4>());
        if n < 4_294_000_000 {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

/// The stored form of a secret: SHA-256 of `salt` and the secret, in hex.
pub fn digest(salt: &str, secret: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0u8]);
    h.update(secret.as_bytes());
    hex(&h.finalize())
}

/// Bytes as lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A 256-bit key written as 64 hex digits (key files); `None` for anything else, multi-byte
/// characters included.
pub(crate) fn hex_key(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(text.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

/// Whether two digests are equal, in constant time.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_keys_are_64_hex_digits_and_nothing_else() {
        let key = "0a".repeat(32);
        assert_eq!(hex_key(&key), Some([10u8; 32]));
        assert_eq!(hex(&[10u8; 32]), key);
        // 64 bytes of text, not 64 digits (a slice inside a character would have panicked).
        assert_eq!(
            hex_key(&"键".repeat(21).chars().chain(['a']).collect::<String>()),
            None
        );
        assert_eq!(hex_key(&"0g".repeat(32)), None);
        assert_eq!(hex_key("00"), None);
    }

    #[test]
    fn tokens_and_codes_have_their_shapes_and_differ() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        for _ in 0..100 {
            let c = new_code();
            assert!(c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()), "{c}");
        }
    }

    #[test]
    fn digests_depend_on_salt_and_secret() {
        let d = digest("s", "123456");
        assert_eq!(d.len(), 64);
        assert!(same(&d, &digest("s", "123456")));
        assert!(!same(&d, &digest("t", "123456")));
        assert!(!same(&d, &digest("s", "123457")));
        assert!(!same(&d, "short"));
    }
}
