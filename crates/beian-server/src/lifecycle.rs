//! The lifecycle in the database: each status change is one transaction that checks the status
//! it starts from (so two reviewers, or a reviewer and the clock, cannot both move a filing) and
//! appends to the audit trail. The SMS check's codes and the serials of issued 备案号 live here
//! too.

use beian_rules::lifecycle::{Event, Status};
use sqlx::Row;

use crate::clock::format_time;
use crate::secret::{digest, new_salt, same};
use crate::store::{ApplicationRecord, Store, StoreError};

/// A status change to make.
pub struct Transition<'a> {
    pub id: &'a str,
    pub from: Status,
    pub to: Status,
    pub event: Event,
    /// Who: `applicant:<id>`, `reviewer`, `system`.
    pub actor: &'a str,
    /// Only at this revision (the one that was checked).
    pub revision: Option<i64>,
    /// The review to keep with the application (the reasons of a return); `None` leaves it.
    pub review: Option<&'a str>,
    /// The 备案号 issued (JSON); `None` leaves them.
    pub numbers: Option<&'a str>,
    /// What the audit trail keeps of it (JSON).
    pub detail: Option<&'a str>,
    /// The filing record as the approval leaves it (`None`: no record changes).
    pub record: Option<&'a beian_rules::records::FilingRecord>,
    /// The subject's blind index (`Store::subject_key`), set at submission: the database's
    /// partial unique index then refuses a second filing of the subject in flight.
    pub subject_key: Option<&'a str>,
}

/// One code of the SMS check to send.
pub struct SmsCode {
    pub mobile: String,
    pub path: String,
    pub code: String,
}

/// One row of the audit trail.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct EventRecord {
    pub at: String,
    pub actor: String,
    pub event: String,
    pub from: String,
    pub to: String,
    pub detail: Option<serde_json::Value>,
}

/// Where one person's code of the SMS check stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmsCheckRow {
    pub mobile: String,
    pub path: String,
    pub expires_at: String,
    pub confirmed: bool,
    /// The gateway did not take the last code sent.
    pub unsent: bool,
}

/// What entering an SMS check code did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmsEntry {
    Right {
        all_confirmed: bool,
    },
    Wrong {
        wrong_so_far: i64,
    },
    /// No code for this mobile in this check (or it was confirmed already).
    UnknownMobile,
}

impl Store {
    /// Makes the change if the application is still in `from` (and at `revision`, if given);
    /// `None` otherwise. `sms` codes are stored with it (an SMS check starting).
    pub async fn transition(
        &self,
        t: &Transition<'_>,
        sms: &[SmsCode],
        sms_hours: i64,
    ) -> Result<Option<ApplicationRecord>, StoreError> {
        let now = self.clock.now();
        let at = format_time(now);
        let mut tx = self.pool.begin().await?;
        let review = t
            .review
            .map(|r| self.keys.seal_text(r, &crate::store::review_context(t.id)));
        let done = sqlx::query(
            "UPDATE applications SET status = $1, updated_at = $2,
                 review = COALESCE($3, review), numbers = COALESCE($4, numbers),
                 sms_wrong = CASE WHEN $5 = 'sms_check' THEN 0 ELSE sms_wrong END,
                 subject_key = COALESCE($10, subject_key)
             WHERE id = $6 AND status = $7 AND ($8 IS NULL OR revision = $9)",
        )
        .bind(t.to.as_str())
        .bind(&at)
        .bind(review)
        .bind(t.numbers)
        .bind(t.to.as_str())
        .bind(t.id)
        .bind(t.from.as_str())
        .bind(t.revision)
        .bind(t.revision)
        .bind(t.subject_key)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        sqlx::query(
            "INSERT INTO events (application_id, at, actor, event, from_status, to_status, detail)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(t.id)
        .bind(&at)
        .bind(t.actor)
        .bind(t.event.as_str())
        .bind(t.from.as_str())
        .bind(t.to.as_str())
        .bind(t.detail)
        .execute(&mut *tx)
        .await?;
        if let Some(record) = t.record {
            self.save_record(&mut tx, t.id, record, &at).await?;
        }
        if t.to == Status::SmsCheck {
            sqlx::query("DELETE FROM sms_checks WHERE application_id = $1")
                .bind(t.id)
                .execute(&mut *tx)
                .await?;
            let expires = format_time(now + time::Duration::hours(sms_hours));
            for c in sms {
                let salt = new_salt();
                sqlx::query(
                    "INSERT INTO sms_checks (application_id, mobile, path, salt, code_hash, sent_at, expires_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(t.id)
                .bind(self.keys.seal_text(&c.mobile, &mobile_context(t.id, &c.path)))
                .bind(&c.path)
                .bind(&salt)
                .bind(digest(&salt, &c.code))
                .bind(&at)
                .bind(&expires)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        self.get_application(t.id).await
    }

    /// The audit trail of an application, oldest first.
    pub async fn events_of(&self, id: &str) -> Result<Vec<EventRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT at, actor, event, from_status, to_status, detail FROM events
             WHERE application_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| EventRecord {
                at: r.get("at"),
                actor: r.get("actor"),
                event: r.get("event"),
                from: r.get("from_status"),
                to: r.get("to_status"),
                detail: r
                    .get::<Option<String>, _>("detail")
                    .and_then(|d| serde_json::from_str(&d).ok()),
            })
            .collect())
    }

    /// The codes of the application's current SMS check.
    pub async fn sms_check_of(&self, id: &str) -> Result<Vec<SmsCheckRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT mobile, path, expires_at, confirmed_at, unsent_at FROM sms_checks
             WHERE application_id = $1 ORDER BY path",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let path: String = r.get("path");
                Ok(SmsCheckRow {
                    mobile: self.open_mobile(id, &path, r.get("mobile"))?,
                    path,
                    expires_at: r.get("expires_at"),
                    confirmed: r.get::<Option<String>, _>("confirmed_at").is_some(),
                    unsent: r.get::<Option<String>, _>("unsent_at").is_some(),
                })
            })
            .collect()
    }

    /// A mobile of the SMS check, opened (a row from before mobiles were sealed opens as it is).
    fn open_mobile(&self, id: &str, path: &str, stored: &str) -> Result<String, StoreError> {
        Ok(self.keys.open_text(stored, &mobile_context(id, path))?)
    }

    /// Checks a code of the SMS check; a right one is confirmed, a wrong one counted against
    /// the application.
    pub async fn enter_sms_code(
        &self,
        id: &str,
        mobile: &str,
        code: &str,
    ) -> Result<SmsEntry, StoreError> {
        // The mobiles are sealed: the application's few open codes are read and matched here.
        let rows = sqlx::query(
            "SELECT mobile, path, salt, code_hash FROM sms_checks
             WHERE application_id = $1 AND confirmed_at IS NULL",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut found = None;
        for r in rows {
            let path: String = r.get("path");
            if self.open_mobile(id, &path, r.get("mobile"))? == mobile {
                found = Some((path, r));
                break;
            }
        }
        let Some((path, row)) = found else {
            return Ok(SmsEntry::UnknownMobile);
        };
        if same(
            &digest(row.get::<&str, _>("salt"), code),
            row.get::<&str, _>("code_hash"),
        ) {
            sqlx::query(
                "UPDATE sms_checks SET confirmed_at = $1 WHERE application_id = $2 AND path = $3",
            )
            .bind(self.clock.now_text())
            .bind(id)
            .bind(&path)
            .execute(&self.pool)
            .await?;
            let open: i64 = sqlx::query(
                "SELECT COUNT(*) AS n FROM sms_checks WHERE application_id = $1 AND confirmed_at IS NULL",
            )
            .bind(id)
            .fetch_one(&self.pool)
            .await?
            .get("n");
            return Ok(SmsEntry::Right {
                all_confirmed: open == 0,
            });
        }
        let wrong: i64 = sqlx::query(
            "UPDATE applications SET sms_wrong = sms_wrong + 1 WHERE id = $1 RETURNING sms_wrong",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?
        .get("sms_wrong");
        Ok(SmsEntry::Wrong {
            wrong_so_far: wrong,
        })
    }

    /// New codes for the people of the SMS check who have not confirmed yet (the deadline stays),
    /// unless codes were sent less than `pause` ago: `None` then, with the seconds to wait.
    pub async fn resend_sms_codes(
        &self,
        id: &str,
        pause: time::Duration,
    ) -> Result<Result<Vec<SmsCode>, i64>, StoreError> {
        // Two requests at once, even through two server processes, send one set of codes: the
        // check of the pause and the new codes are one transaction under a lock.
        let mut tx = self.begin_locked(id).await?;
        let now = self.clock.now();
        let rows = sqlx::query(
            "SELECT mobile, path, sent_at FROM sms_checks WHERE application_id = $1 AND confirmed_at IS NULL",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let last = rows
            .iter()
            .filter_map(|r| crate::clock::parse_time(r.get::<&str, _>("sent_at")))
            .max();
        if let Some(last) = last.filter(|l| now - *l < pause) {
            return Ok(Err((last + pause - now).whole_seconds().max(1)));
        }
        let mut codes = Vec::new();
        for r in rows {
            let code = crate::secret::new_code();
            let salt = new_salt();
            let path: String = r.get("path");
            let mobile = self.open_mobile(id, &path, r.get("mobile"))?;
            // A new code: not known to be unsent.
            sqlx::query(
                "UPDATE sms_checks SET salt = $1, code_hash = $2, sent_at = $3, unsent_at = NULL
                 WHERE application_id = $4 AND path = $5 AND confirmed_at IS NULL",
            )
            .bind(&salt)
            .bind(digest(&salt, &code))
            .bind(format_time(now))
            .bind(id)
            .bind(&path)
            .execute(&mut *tx)
            .await?;
            codes.push(SmsCode { mobile, path, code });
        }
        tx.commit().await?;
        Ok(Ok(codes))
    }

    /// Records that the gateway did not take the code of the person at `path` (a new code clears
    /// it).
    pub async fn mark_sms_unsent(&self, id: &str, path: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE sms_checks SET unsent_at = $1 WHERE application_id = $2 AND path = $3")
            .bind(self.clock.now_text())
            .bind(id)
            .bind(path)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Wrong codes entered in the application's current SMS check.
    pub async fn sms_wrong_of(&self, id: &str) -> Result<i64, StoreError> {
        Ok(
            sqlx::query("SELECT sms_wrong FROM applications WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
                .map_or(0, |r| r.get("sms_wrong")),
        )
    }

    /// The next 主体备案号 serial for a province in a year (1, 2, ...).
    pub async fn next_serial(&self, province: &str, year: i32) -> Result<u32, StoreError> {
        let last: i64 = sqlx::query(
            "INSERT INTO number_serials (province, year, last) VALUES ($1, $2, 1)
             ON CONFLICT (province, year) DO UPDATE SET last = number_serials.last + 1
             RETURNING last",
        )
        .bind(province)
        .bind(year)
        .fetch_one(&self.pool)
        .await?
        .get("last");
        Ok(u32::try_from(last).unwrap_or(u32::MAX))
    }
}

/// Where a sealed mobile of the SMS check belongs.
pub(crate) fn mobile_context(id: &str, path: &str) -> String {
    format!("sms_checks.mobile:{id}:{path}")
}
