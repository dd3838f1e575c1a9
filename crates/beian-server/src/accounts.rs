//! Applicants, their sessions and sign-in codes, in the database. Nothing here is kept in the
//! process, so several server processes can share one database.

use sqlx::Row;
use time::Duration;

use crate::clock::format_time;
use crate::secret::{digest, new_code, new_salt, new_token, same};
use crate::store::{Store, StoreError};

/// How long a session lasts after sign-in (or after a guest's first draft).
pub const SESSION_TTL: Duration = Duration::days(30);
/// How long a sign-in code can be used.
pub const CODE_TTL: Duration = Duration::minutes(5);
/// The shortest time between two codes for one number, unless the earlier one was used (signing
/// in on a second device right after the first).
pub const RESEND_PAUSE: Duration = Duration::seconds(60);
/// The most codes one number gets in an hour.
pub const CODES_PER_HOUR: i64 = 5;
/// Wrong entries after which a code is spent.
pub const MAX_CODE_ATTEMPTS: i64 = 5;

/// Whoever holds a session: a guest (no phone yet) or the applicant of a mobile number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applicant {
    pub id: String,
    /// The verified mobile number (11 digits); `None` for a guest.
    pub phone: Option<String>,
}

/// Why no code was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeRefused {
    /// A code was sent less than [`RESEND_PAUSE`] ago, or [`CODES_PER_HOUR`] were sent this hour.
    TooSoon { retry_after_secs: i64 },
}

/// What entering a code did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeCheck {
    Right,
    Wrong {
        attempts_left: i64,
    },
    /// No code can be used: none sent, expired, used, or spent by wrong entries.
    NoneValid,
}

/// A new session's token and whose it is.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub token: String,
    pub applicant: Applicant,
}

/// Session tokens are stored as digests without a salt (the token is 256 random bits).
fn token_digest(token: &str) -> String {
    digest("", token)
}

impl Store {
    /// Marks a partner token used; `false` if it was used before. Used tokens are kept until
    /// they would have expired.
    pub async fn use_partner_token(
        &self,
        token: &str,
        expires_at: time::OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO partner_tokens_used (digest, expires_at) VALUES ($1, $2) ON CONFLICT (digest) DO NOTHING",
        )
        .bind(digest("", token))
        .bind(format_time(expires_at))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A guest applicant with a session: a first draft saved before any sign-in.
    pub async fn create_guest(&self) -> Result<NewSession, StoreError> {
        let id = uuid::Uuid::new_v4().to_string();
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO applicants (id, phone, created_at) VALUES ($1, NULL, $2)")
            .bind(&id)
            .bind(self.clock.now_text())
            .execute(&mut *tx)
            .await?;
        let session = self.insert_session(&mut tx, &id).await?;
        tx.commit().await?;
        Ok(NewSession {
            applicant: Applicant { id, phone: None },
            ..session
        })
    }

    async fn insert_session(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        applicant_id: &str,
    ) -> Result<NewSession, StoreError> {
        let token = new_token();
        let now = self.clock.now();
        let expires_at = now + SESSION_TTL;
        sqlx::query(
            "INSERT INTO sessions (token_hash, applicant_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_digest(&token))
        .bind(applicant_id)
        .bind(format_time(now))
        .bind(format_time(expires_at))
        .execute(&mut **tx)
        .await?;
        Ok(NewSession {
            token,
            applicant: Applicant {
                id: applicant_id.to_owned(),
                phone: None,
            },
        })
    }

    /// The applicant of a live session (not expired, not revoked).
    pub async fn session_applicant(&self, token: &str) -> Result<Option<Applicant>, StoreError> {
        let row = sqlx::query(
            "SELECT a.id, a.phone_sealed FROM sessions s JOIN applicants a ON a.id = s.applicant_id
             WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2",
        )
        .bind(token_digest(token))
        .bind(self.clock.now_text())
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else {
            return Ok(None);
        };
        let id: String = r.get("id");
        let phone = r
            .get::<Option<String>, _>("phone_sealed")
            .map(|sealed| self.open_phone("applicants", &id, &sealed))
            .transpose()?;
        Ok(Some(Applicant { id, phone }))
    }

    /// Ends a session (sign-out). Unknown tokens are ignored.
    pub async fn revoke_session(&self, token: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
        )
        .bind(self.clock.now_text())
        .bind(token_digest(token))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A new sign-in code for `phone`, unless an unused one was sent too recently or too many
    /// were sent this hour.
    /// The check and the insert are one statement under a lock on the number (`begin_locked`),
    /// so two requests at once, even through two server processes, cannot both pass.
    pub async fn issue_code(&self, phone: &str) -> Result<Result<String, CodeRefused>, StoreError> {
        let now = self.clock.now();
        let code = new_code();
        let salt = new_salt();
        let hour_ago = format_time(now - Duration::hours(1));
        let pause_ago = format_time(now - RESEND_PAUSE);
        let phone = &self.code_phone_index(phone);
        let mut tx = self.begin_locked(phone).await?;
        let done = sqlx::query(
            "INSERT INTO sign_in_codes (id, phone, salt, code_hash, created_at, expires_at)
             SELECT $1, $2, $3, $4, $5, $6
             WHERE (SELECT COUNT(*) FROM sign_in_codes WHERE phone = $7 AND created_at > $8) < $9
               AND NOT EXISTS (SELECT 1 FROM sign_in_codes
                               WHERE phone = $10 AND created_at > $11 AND used_at IS NULL)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(phone)
        .bind(&salt)
        .bind(digest(&salt, &code))
        .bind(format_time(now))
        .bind(format_time(now + CODE_TTL))
        .bind(phone)
        .bind(&hour_ago)
        .bind(CODES_PER_HOUR)
        .bind(phone)
        .bind(&pause_ago)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        if done.rows_affected() == 1 {
            return Ok(Ok(code));
        }
        // When may the next one go: after the pause, or when the hour's oldest code is an hour old.
        let rows = sqlx::query(
            "SELECT created_at, used_at FROM sign_in_codes
             WHERE phone = $1 AND created_at > $2 ORDER BY created_at",
        )
        .bind(phone)
        .bind(&hour_ago)
        .fetch_all(&self.pool)
        .await?;
        let sent = |r: &sqlx::any::AnyRow| crate::clock::parse_time(r.get("created_at"));
        let times: Vec<time::OffsetDateTime> = rows.iter().filter_map(sent).collect();
        let after_pause = rows
            .iter()
            .filter(|r| r.get::<Option<String>, _>("used_at").is_none())
            .filter_map(sent)
            .max()
            .map(|t| t + RESEND_PAUSE);
        let after_hour = (times.len() as i64 >= CODES_PER_HOUR)
            .then(|| times.first().map(|t| *t + Duration::hours(1)))
            .flatten();
        let next = after_pause
            .into_iter()
            .chain(after_hour)
            .max()
            .unwrap_or(now);
        let secs = (next - now).whole_seconds().max(1);
        Ok(Err(CodeRefused::TooSoon {
            retry_after_secs: secs,
        }))
    }

    /// Checks `code` against the newest code sent to `phone`; a right code is used up.
    pub async fn check_code(&self, phone: &str, code: &str) -> Result<CodeCheck, StoreError> {
        let now = self.clock.now_text();
        let phone = self.code_phone_index(phone);
        let row = sqlx::query(
            "SELECT id, salt, code_hash, attempts, expires_at, used_at FROM sign_in_codes
             WHERE phone = $1 ORDER BY created_at DESC LIMIT 1",
        )
        .bind(&phone)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(CodeCheck::NoneValid);
        };
        let (id, attempts): (String, i64) = (row.get("id"), row.get("attempts"));
        let live = row.get::<Option<String>, _>("used_at").is_none()
            && row.get::<String, _>("expires_at") > now
            && attempts < MAX_CODE_ATTEMPTS;
        if !live {
            return Ok(CodeCheck::NoneValid);
        }
        let right = same(
            &digest(row.get::<&str, _>("salt"), code),
            row.get::<&str, _>("code_hash"),
        );
        if right {
            // Used once: of two requests with the same code, one wins.
            let done = sqlx::query(
                "UPDATE sign_in_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND attempts < $3",
            )
            .bind(&now)
            .bind(&id)
            .bind(MAX_CODE_ATTEMPTS)
            .execute(&self.pool)
            .await?;
            return Ok(if done.rows_affected() == 1 {
                CodeCheck::Right
            } else {
                CodeCheck::NoneValid
            });
        }
        sqlx::query("UPDATE sign_in_codes SET attempts = attempts + 1 WHERE id = $1")
            .bind(&id)
            .execute(&self.pool)
            .await?;
        Ok(CodeCheck::Wrong {
            attempts_left: (MAX_CODE_ATTEMPTS - attempts - 1).max(0),
        })
    }

    /// Signs in the applicant of `phone` (made on first sign-in) with a new session. A guest's
    /// drafts become theirs; the session that was presented (`previous`) ends, so a token
    /// known before the sign-in never carries it.
    pub async fn sign_in(
        &self,
        phone: &str,
        previous: Option<(&str, &Applicant)>,
    ) -> Result<NewSession, StoreError> {
        let now = self.clock.now_text();
        let index = self.phone_index("applicants", phone).await?;
        let mut tx = self.pool.begin().await?;
        let guest = previous.and_then(|(_, a)| a.phone.is_none().then_some(a.id.as_str()));
        if let Some(guest) = guest {
            // A new number: the guest becomes its applicant.
            sqlx::query(
                "UPDATE applicants SET phone = $1, phone_sealed = $2 WHERE id = $3 AND phone IS NULL
                 AND NOT EXISTS (SELECT 1 FROM applicants WHERE phone = $4)",
            )
            .bind(&index)
            .bind(self.seal_phone("applicants", guest, phone))
            .bind(guest)
            .bind(&index)
            .execute(&mut *tx)
            .await?;
        }
        let new_id = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO applicants (id, phone, phone_sealed, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (phone) DO NOTHING",
        )
        .bind(&new_id)
        .bind(&index)
        .bind(self.seal_phone("applicants", &new_id, phone))
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let id: String = sqlx::query("SELECT id FROM applicants WHERE phone = $1")
            .bind(&index)
            .fetch_one(&mut *tx)
            .await?
            .get("id");
        if let Some(guest) = guest.filter(|g| *g != id) {
            // A number that has an applicant already: the guest's drafts join theirs.
            sqlx::query("UPDATE applications SET applicant_id = $1 WHERE applicant_id = $2")
                .bind(&id)
                .bind(guest)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE sessions SET revoked_at = $1 WHERE applicant_id = $2 AND revoked_at IS NULL",
            )
            .bind(&now)
            .bind(guest)
            .execute(&mut *tx)
            .await?;
        }
        if let Some((token, _)) = previous {
            sqlx::query(
                "UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
            )
            .bind(&now)
            .bind(token_digest(token))
            .execute(&mut *tx)
            .await?;
        }
        let session = self.insert_session(&mut tx, &id).await?;
        tx.commit().await?;
        Ok(NewSession {
            applicant: Applicant {
                id,
                phone: Some(phone.to_owned()),
            },
            ..session
        })
    }
}
