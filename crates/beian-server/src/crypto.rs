//! Personal data encrypted at rest: the filing documents (ID numbers, phones, addresses), the
//! returned reviews (they quote values) and the uploaded images are sealed with
//! ChaCha20-Poly1305 before they reach the database or the media folder. Each ciphertext names
//! its key and is bound to where it belongs (the application and column, the upload), so a row
//! or file copied elsewhere does not open.
//!
//! Keys live in a key file: one key per line, 64 hex digits; the first line is the key that
//! seals, the others only open (key rotation: put a new key on the first line, keep the old ones
//! below until every row was written again). Without `BEIAN_DATA_KEY_FILE` the server uses
//! `<data dir>/data.key`, made on first start (readable by the owner only).

use std::path::Path;

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};

/// The prefix of sealed text, and the start of sealed files.
pub(crate) const TEXT_PREFIX: &str = "enc1:";
const FILE_MAGIC: &[u8; 8] = b"BEIANEN1";

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("key file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("key file {path}, line {line}: a key is 64 hex digits")]
    BadKey { path: String, line: usize },
    #[error("key file {path} has no key")]
    NoKey { path: String },
    #[error("stored data sealed with key {key_id}, which is not in the key file")]
    UnknownKey { key_id: String },
    #[error("stored data does not open (damaged, or moved from elsewhere)")]
    Damaged,
}

struct DataKey {
    /// The first 8 hex digits of the key's SHA-256.
    id: String,
    cipher: ChaCha20Poly1305,
    /// The HMAC key of blind indexes, derived from the key (never the key itself).
    index: [u8; 32],
}

/// The keys of a key file: the first seals, all open.
pub struct DataKeys {
    keys: Vec<DataKey>,
}

impl std::fmt::Debug for DataKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|k| k.id.as_str()).collect();
        write!(f, "DataKeys {ids:?}")
    }
}

fn blind(key: &[u8; 32], value: &str, context: &str) -> String {
    use hmac::Mac;
    let mut mac =
        <hmac::Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(context.as_bytes());
    mac.update(b"\0");
    mac.update(value.as_bytes());
    crate::secret::hex(&mac.finalize().into_bytes())
}

impl DataKeys {
    /// The keys of the file at `path`; a missing file is made with a new random key.
    pub fn load_or_create(path: &Path) -> Result<DataKeys, CryptoError> {
        let io = |source| CryptoError::Io {
            path: path.display().to_string(),
            source,
        };
        if !path.exists() {
            let key = crate::secret::hex(&crate::secret::random_bytes::<32>());
            write_private(path, &format!("{key}\n")).map_err(io)?;
        }
        let text = std::fs::read_to_string(path).map_err(io)?;
        Self::parse(&text, &path.display().to_string())
    }

    /// The keys of a key file's text (`name` for messages).
    pub fn parse(text: &str, name: &str) -> Result<DataKeys, CryptoError> {
        let mut keys = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bytes = crate::secret::hex_key(line).ok_or_else(|| CryptoError::BadKey {
                path: name.to_owned(),
                line: n + 1,
            })?;
            let id = crate::secret::hex(&Sha256::digest(bytes)[..4]);
            let mut derive = Sha256::new();
            derive.update(b"beian blind index v1\0");
            derive.update(bytes);
            keys.push(DataKey {
                id,
                cipher: ChaCha20Poly1305::new(Key::from_slice(&bytes)),
                index: derive.finalize().into(),
            });
        }
        if keys.is_empty() {
            return Err(CryptoError::NoKey {
                path: name.to_owned(),
            });
        }
        Ok(DataKeys { keys })
    }

    fn key(&self, id: &str) -> Result<&DataKey, CryptoError> {
        self.keys
            .iter()
            .find(|k| k.id == id)
            .ok_or_else(|| CryptoError::UnknownKey {
                key_id: id.to_owned(),
            })
    }

    fn seal(&self, plain: &[u8], context: &str) -> (String, [u8; 12], Vec<u8>) {
        let key = &self.keys[0];
        let nonce = crate::secret::random_bytes::<12>();
        let sealed = key
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: context.as_bytes(),
                },
            )
            .expect("ChaCha20-Poly1305 sealing does not fail for in-memory data");
        (key.id.clone(), nonce, sealed)
    }

    fn open(
        &self,
        id: &str,
        nonce: &[u8],
        sealed: &[u8],
        context: &str,
    ) -> Result<Vec<u8>, CryptoError> {
        if nonce.len() != 12 {
            return Err(CryptoError::Damaged);
        }
        self.key(id)?
            .cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| CryptoError::Damaged)
    }

    /// The blind index of `value` in the place `context` names: an HMAC-SHA256 (hex) with a key
    /// derived from the first key. Equal values give equal indexes, so a sealed column can be
    /// looked up by it, but the index does not reveal the value without the key.
    pub fn blind_index(&self, value: &str, context: &str) -> String {
        blind(&self.keys[0].index, value, context)
    }

    /// The blind indexes of `value` under every key, the first key's first: after a rotation,
    /// rows not yet resealed are still found under an older key's.
    pub fn blind_indexes(&self, value: &str, context: &str) -> Vec<String> {
        self.keys
            .iter()
            .map(|k| blind(&k.index, value, context))
            .collect()
    }

    /// `plain` sealed for the place `context` names: `enc1:<key id>:<base64 of nonce and
    /// ciphertext>`.
    pub fn seal_text(&self, plain: &str, context: &str) -> String {
        let (id, nonce, sealed) = self.seal(plain.as_bytes(), context);
        let mut body = nonce.to_vec();
        body.extend_from_slice(&sealed);
        format!("{TEXT_PREFIX}{id}:{}", STANDARD_NO_PAD.encode(body))
    }

    /// Stored text opened; text stored before encryption (no prefix) is returned as it is.
    pub fn open_text(&self, stored: &str, context: &str) -> Result<String, CryptoError> {
        let Some(rest) = stored.strip_prefix(TEXT_PREFIX) else {
            return Ok(stored.to_owned());
        };
        let (id, body) = rest.split_once(':').ok_or(CryptoError::Damaged)?;
        let body = STANDARD_NO_PAD
            .decode(body)
            .map_err(|_| CryptoError::Damaged)?;
        if body.len() < 12 {
            return Err(CryptoError::Damaged);
        }
        let plain = self.open(id, &body[..12], &body[12..], context)?;
        String::from_utf8(plain).map_err(|_| CryptoError::Damaged)
    }

    /// File contents sealed: the magic, the key id (8 bytes), the nonce, the ciphertext.
    pub fn seal_bytes(&self, plain: &[u8], context: &str) -> Vec<u8> {
        let (id, nonce, sealed) = self.seal(plain, context);
        let mut out = Vec::with_capacity(FILE_MAGIC.len() + 8 + 12 + sealed.len());
        out.extend_from_slice(FILE_MAGIC);
        out.extend_from_slice(id.as_bytes());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// File contents opened; a file written before encryption is returned as it is.
    pub fn open_bytes(&self, stored: Vec<u8>, context: &str) -> Result<Vec<u8>, CryptoError> {
        let Some(rest) = stored.strip_prefix(FILE_MAGIC.as_slice()) else {
            return Ok(stored);
        };
        if rest.len() < 20 {
            return Err(CryptoError::Damaged);
        }
        let id = std::str::from_utf8(&rest[..8]).map_err(|_| CryptoError::Damaged)?;
        self.open(id, &rest[8..20], &rest[20..], context)
    }
}

/// Writes a new file readable by its owner only.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    const K1: &str = "0000000000000000000000000000000000000000000000000000000000000001";
    const K2: &str = "0000000000000000000000000000000000000000000000000000000000000002";

    #[test]
    fn sealed_text_opens_only_in_its_place_and_plain_text_passes() {
        let keys = DataKeys::parse(K1, "test").unwrap();
        let sealed = keys.seal_text("110101199003074518", "applications.document:a");
        assert!(sealed.starts_with("enc1:") && !sealed.contains("1101011990"));
        assert_eq!(
            keys.open_text(&sealed, "applications.document:a").unwrap(),
            "110101199003074518"
        );
        assert!(matches!(
            keys.open_text(&sealed, "applications.document:b"),
            Err(CryptoError::Damaged)
        ));
        assert_eq!(
            keys.open_text("{\"plain\":1}", "x").unwrap(),
            "{\"plain\":1}"
        );
        assert_ne!(
            sealed,
            keys.seal_text("110101199003074518", "applications.document:a"),
            "a new nonce each time"
        );
    }

    #[test]
    fn a_rotated_key_file_opens_old_data_and_seals_with_the_new_key() {
        let old = DataKeys::parse(K1, "old").unwrap();
        let file = old.seal_bytes(b"\x89PNG...", "media:a/b");
        let text = old.seal_text("x", "c");
        let rotated = DataKeys::parse(&format!("# rotated\n{K2}\n{K1}\n"), "new").unwrap();
        assert_eq!(
            rotated.open_bytes(file.clone(), "media:a/b").unwrap(),
            b"\x89PNG..."
        );
        assert_eq!(rotated.open_text(&text, "c").unwrap(), "x");
        let new_text = rotated.seal_text("x", "c");
        assert!(matches!(
            old.open_text(&new_text, "c"),
            Err(CryptoError::UnknownKey { .. })
        ));
        assert_eq!(
            rotated.open_bytes(b"plain file".to_vec(), "m").unwrap(),
            b"plain file"
        );
        let mut damaged = file;
        let last = damaged.len() - 1;
        damaged[last] ^= 1;
        assert!(matches!(
            rotated.open_bytes(damaged, "media:a/b"),
            Err(CryptoError::Damaged)
        ));
    }

    #[test]
    fn bad_key_files_are_refused_and_a_missing_one_is_made_private() {
        assert!(matches!(
            DataKeys::parse("abc", "f"),
            Err(CryptoError::BadKey { line: 1, .. })
        ));
        assert!(matches!(
            DataKeys::parse("# none\n", "f"),
            Err(CryptoError::NoKey { .. })
        ));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.key");
        let made = DataKeys::load_or_create(&path).unwrap();
        let again = DataKeys::load_or_create(&path).unwrap();
        assert_eq!(
            again.open_text(&made.seal_text("x", "c"), "c").unwrap(),
            "x"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
