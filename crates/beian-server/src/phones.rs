//! Phone numbers at rest. Applicants and reviewers are found by their number, so their `phone`
//! column holds a blind index (an HMAC of the number, `crypto.rs`), and the number itself is
//! sealed in `phone_sealed`. Sign-in codes keep only the index. After a key rotation, a row
//! indexed under an older key moves to the current key's index the first time it is looked up,
//! and `beian-server reseal` moves them all. The SMS check's mobiles are only sealed: they are
//! read per application.

use sqlx::Row;

use crate::store::{Store, StoreError};

/// The place of every phone number's blind index (one, so that the same number has the same
/// index in every table that looks it up).
const PHONE: &str = "phone";

/// The tables whose rows are found by a phone number.
pub(crate) const TABLES: [&str; 2] = ["applicants", "reviewers"];

fn sealed_context(table: &str, id: &str) -> String {
    format!("{table}.phone:{id}")
}

impl Store {
    /// The blind index of `phone` for sign-in codes (only ever looked up for minutes).
    pub(crate) fn code_phone_index(&self, phone: &str) -> String {
        self.keys.blind_index(phone, PHONE)
    }

    /// The blind index that finds `phone` in `table` (`applicants`, `reviewers`): a row still
    /// under an older key's index is moved to the current one first.
    pub(crate) async fn phone_index(
        &self,
        table: &'static str,
        phone: &str,
    ) -> Result<String, StoreError> {
        let mut all = self.keys.blind_indexes(phone, PHONE).into_iter();
        let current = all.next().expect("a key file has a key");
        for old in all {
            sqlx::query(&format!("UPDATE {table} SET phone = $1 WHERE phone = $2"))
                .bind(&current)
                .bind(&old)
                .execute(&self.pool)
                .await?;
        }
        Ok(current)
    }

    /// `phone` sealed for row `id` of `table`.
    pub(crate) fn seal_phone(&self, table: &str, id: &str, phone: &str) -> String {
        self.keys.seal_text(phone, &sealed_context(table, id))
    }

    /// The number sealed in row `id` of `table`.
    pub(crate) fn open_phone(
        &self,
        table: &str,
        id: &str,
        sealed: &str,
    ) -> Result<String, StoreError> {
        Ok(self.keys.open_text(sealed, &sealed_context(table, id))?)
    }

    /// Seals the numbers of rows from before phones were sealed (their `phone` holds the number,
    /// `phone_sealed` nothing), and, with `all`, seals every number again with the current key
    /// and moves every index to it (after a key rotation). How many rows changed.
    pub(crate) async fn seal_phones(&self, all: bool) -> Result<usize, StoreError> {
        let mut count = 0;
        for table in TABLES {
            // At start-up only the rows from before sealing are read, not every row.
            let which = if all { "" } else { " AND phone_sealed IS NULL" };
            let rows = sqlx::query(&format!(
                "SELECT id, phone, phone_sealed FROM {table} WHERE phone IS NOT NULL{which}"
            ))
            .fetch_all(&self.pool)
            .await?;
            for r in rows {
                let id: String = r.get("id");
                let phone = match r.get::<Option<String>, _>("phone_sealed") {
                    None => r.get::<String, _>("phone"),
                    Some(sealed) if all => self.open_phone(table, &id, &sealed)?,
                    Some(_) => continue,
                };
                sqlx::query(&format!(
                    "UPDATE {table} SET phone = $1, phone_sealed = $2 WHERE id = $3"
                ))
                .bind(self.keys.blind_index(&phone, PHONE))
                .bind(self.seal_phone(table, &id, &phone))
                .bind(&id)
                .execute(&self.pool)
                .await?;
                count += 1;
            }
        }
        // The SMS check's mobiles: sealed per row (found by opening the application's few rows).
        let which = if all {
            String::new()
        } else {
            format!(" WHERE mobile NOT LIKE '{}%'", crate::crypto::TEXT_PREFIX)
        };
        let rows = sqlx::query(&format!(
            "SELECT application_id, path, mobile FROM sms_checks{which}"
        ))
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            let stored: String = r.get("mobile");
            let (id, path): (String, String) = (r.get("application_id"), r.get("path"));
            let context = crate::lifecycle::mobile_context(&id, &path);
            let mobile = self.keys.open_text(&stored, &context)?;
            sqlx::query(
                "UPDATE sms_checks SET mobile = $1 WHERE application_id = $2 AND path = $3",
            )
            .bind(self.keys.seal_text(&mobile, &context))
            .bind(&id)
            .bind(&path)
            .execute(&self.pool)
            .await?;
            count += 1;
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use sqlx::Row;

    use crate::clock::Clock;
    use crate::config::Storage;
    use crate::crypto::DataKeys;
    use crate::store::Store;

    #[tokio::test]
    async fn numbers_kept_in_the_clear_before_are_sealed_and_still_found() {
        let dir = tempfile::tempdir().unwrap();
        let keys =
            std::sync::Arc::new(DataKeys::load_or_create(&dir.path().join("data.key")).unwrap());
        let store = Store::open(&Storage::local(dir.path()), Clock::system(), keys)
            .await
            .unwrap();
        // A row as the server wrote it before numbers were sealed.
        sqlx::query("INSERT INTO applicants (id, phone, created_at) VALUES ('old', '13800138000', '2026-01-01T00:00:00.000Z')")
            .execute(&store.pool)
            .await
            .unwrap();
        assert_eq!(store.seal_phones(false).await.unwrap(), 1);
        assert_eq!(store.seal_phones(false).await.unwrap(), 0, "once");
        let row = sqlx::query("SELECT phone, phone_sealed FROM applicants WHERE id = 'old'")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        let (index, sealed): (String, String) = (row.get("phone"), row.get("phone_sealed"));
        assert!(!index.contains("13800138000") && !sealed.contains("13800138000"));
        assert_eq!(index.len(), 64);
        assert_eq!(
            store.open_phone("applicants", "old", &sealed).unwrap(),
            "13800138000"
        );
        // Signing in with the number finds that applicant, not a new one.
        let session = store.sign_in("13800138000", None).await.unwrap();
        let applicant = store
            .session_applicant(&session.token)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(applicant.id, "old");
        assert_eq!(applicant.phone.as_deref(), Some("13800138000"));
    }
}
