//! Persistence: the embedded SQLite database (WAL) by default, or PostgreSQL when `DATABASE_URL`
//! says so; migrated on open. Every query is written once, in the SQL both understand
//! (parameters `$1`, `$2` …), and runs through sqlx's `Any` driver.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{AnyPool, ConnectOptions, Connection, Executor, Row};

use crate::config::Storage;

use std::sync::Arc;

use crate::accounts::Applicant;
use crate::clock::Clock;
use crate::crypto::DataKeys;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create data folder {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("stored document of application {id} cannot be read: {source}")]
    CorruptDocument {
        id: String,
        source: serde_json::Error,
    },
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("encrypted data: {0}")]
    Crypto(#[from] crate::crypto::CryptoError),
    #[error("media: {0}")]
    Media(#[from] crate::media::MediaError),
    #[error("the capture index's writer has stopped")]
    WriterStopped,
    #[error("capture index batch: {0}")]
    Batch(String),
}

/// An upload's index row (the bytes are in the media folder).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadRecord {
    pub id: String,
    pub application_id: String,
    pub kind: String,
    pub mime: String,
    pub bytes: i64,
    pub width: i64,
    pub height: i64,
    pub created_at: String,
}

/// An upload's index row as read.
pub(crate) fn upload_of(r: &AnyRow) -> UploadRecord {
    UploadRecord {
        id: r.get("id"),
        application_id: r.get("application_id"),
        kind: r.get("kind"),
        mime: r.get("mime"),
        bytes: r.get("bytes"),
        width: r.get("width"),
        height: r.get("height"),
        created_at: r.get("created_at"),
    }
}

/// An application row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicationRecord {
    pub id: String,
    pub status: String,
    /// The filing draft as JSON.
    pub document: String,
    pub revision: i64,
    pub created_at: String,
    pub updated_at: String,
    /// The last decision that returned it, with its reasons (JSON), if any.
    pub review: Option<String>,
    /// The 备案号 issued at approval (JSON), if approved.
    pub numbers: Option<String>,
}

#[derive(Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    backend: Backend,
    /// Every time the store writes comes from this clock.
    pub(crate) clock: Clock,
    /// Seal the documents and reviews (personal data) before they are written.
    pub(crate) keys: Arc<DataKeys>,
    /// Records the capture streams' messages, many to a transaction.
    pub(crate) capture_writer: crate::capture_writer::CaptureWriter,
}

/// Which database a store keeps its rows in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// Where a sealed document belongs (it opens only there).
pub(crate) fn document_context(id: &str) -> String {
    format!("applications.document:{id}")
}

/// Where a sealed review belongs.
pub(crate) fn review_context(id: &str) -> String {
    format!("applications.review:{id}")
}

/// An application in the applicant's list: enough to recognise it and resume it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicationSummary {
    pub id: String,
    pub status: String,
    pub revision: i64,
    pub updated_at: String,
    pub document: String,
}

/// The embedded database: `data_dir/beian.sqlite3`, created in WAL mode on first open; each
/// connection waits up to 5 s for a lock, syncs at commits (`NORMAL`, safe in WAL) and enforces
/// foreign keys.
async fn open_sqlite(data_dir: &std::path::Path) -> Result<AnyPool, StoreError> {
    std::fs::create_dir_all(data_dir).map_err(|source| StoreError::CreateDir {
        path: data_dir.display().to_string(),
        source,
    })?;
    // Absolute: a relative folder would read as the host of the URL below.
    let data_dir = std::fs::canonicalize(data_dir).map_err(|source| StoreError::CreateDir {
        path: data_dir.display().to_string(),
        source,
    })?;
    let options = SqliteConnectOptions::from_str("sqlite:")?
        .filename(data_dir.join("beian.sqlite3"))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal);
    // WAL is a setting of the file: one connection makes it so, the pool then opens it by URL.
    options.connect().await?.close().await?;
    let url = options.to_url_lossy();
    let pool = AnyPoolOptions::new()
        .max_connections(4)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON")
                    .await?;
                Ok(())
            })
        })
        .connect(url.as_str())
        .await?;
    Ok(pool)
}

impl Store {
    /// Opens the PostgreSQL database of `storage.database_url`, or else (creating it if needed)
    /// `data_dir/beian.sqlite3`, and applies pending migrations.
    pub async fn open(
        storage: &Storage,
        clock: Clock,
        keys: Arc<DataKeys>,
    ) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let (pool, backend) = match &storage.database_url {
            Some(url) => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await?;
                sqlx::migrate!("./migrations/postgres").run(&pool).await?;
                (pool, Backend::Postgres)
            }
            None => {
                let pool = open_sqlite(&storage.data_dir).await?;
                sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
                (pool, Backend::Sqlite)
            }
        };
        let capture_writer =
            crate::capture_writer::CaptureWriter::start(pool.clone(), clock.clone());
        let store = Store {
            pool,
            backend,
            clock,
            keys,
            capture_writer,
        };
        let sealed = store.seal_phones(false).await?;
        if sealed > 0 {
            tracing::info!(
                rows = sealed,
                "phone numbers from before sealing are now sealed"
            );
        }
        Ok(store)
    }

    /// Which database.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Now, as the store writes it.
    pub fn now_text(&self) -> String {
        self.clock.now_text()
    }

    /// A new draft of `applicant`.
    pub async fn insert_application(
        &self,
        applicant: &Applicant,
        schema_version: u32,
        document: &str,
    ) -> Result<ApplicationRecord, StoreError> {
        let schema_version = i64::from(schema_version);
        let id = uuid::Uuid::new_v4().to_string();
        let now = self.now_text();
        sqlx::query(
            "INSERT INTO applications (id, applicant_id, status, schema_version, document, revision, created_at, updated_at)
             VALUES ($1, $2, 'draft', $3, $4, 1, $5, $6)",
        )
        .bind(&id)
        .bind(&applicant.id)
        .bind(schema_version)
        .bind(self.keys.seal_text(document, &document_context(&id)))
        .bind(&now)
        .bind(&now)
        .execute(&self.pool)
        .await?;
        Ok(ApplicationRecord {
            id,
            status: "draft".to_owned(),
            document: document.to_owned(),
            revision: 1,
            created_at: now.clone(),
            updated_at: now,
            review: None,
            numbers: None,
        })
    }

    /// Replaces the document of a draft (or of a filing returned by the 初审, whose changes the
    /// caller has checked), if its revision is `expected` (any revision: `None`). `None` when
    /// there is no such draft.
    pub async fn update_draft(
        &self,
        id: &str,
        schema_version: u32,
        document: &str,
        expected: Option<i64>,
    ) -> Result<Option<ApplicationRecord>, StoreError> {
        let schema_version = i64::from(schema_version);
        let done = sqlx::query(
            "UPDATE applications SET document = $1, schema_version = $2, revision = revision + 1, updated_at = $3
             WHERE id = $4 AND status IN ('draft', 'rejected') AND ($5 IS NULL OR revision = $6)",
        )
        .bind(self.keys.seal_text(document, &document_context(id)))
        .bind(schema_version)
        .bind(self.now_text())
        .bind(id)
        .bind(expected)
        .bind(expected)
        .execute(&self.pool)
        .await?;
        self.changed(done.rows_affected(), id).await
    }

    /// The application after an update of `rows` rows: `None` when nothing matched.
    async fn changed(&self, rows: u64, id: &str) -> Result<Option<ApplicationRecord>, StoreError> {
        if rows == 0 {
            return Ok(None);
        }
        self.get_application(id).await
    }

    /// The application `id` if it belongs to `applicant`: another applicant's is as good as
    /// missing.
    pub async fn get_application_of(
        &self,
        applicant: &Applicant,
        id: &str,
    ) -> Result<Option<ApplicationRecord>, StoreError> {
        self.read_application(id, Some(&applicant.id)).await
    }

    /// The applications of `applicant`, the most recently changed first.
    pub async fn applications_of(
        &self,
        applicant: &Applicant,
    ) -> Result<Vec<ApplicationSummary>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, status, revision, updated_at, document FROM applications
             WHERE applicant_id = $1 ORDER BY updated_at DESC LIMIT 100",
        )
        .bind(&applicant.id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: String = r.get("id");
            out.push(ApplicationSummary {
                document: self
                    .keys
                    .open_text(r.get("document"), &document_context(&id))?,
                id,
                status: r.get("status"),
                revision: r.get("revision"),
                updated_at: r.get("updated_at"),
            });
        }
        Ok(out)
    }

    pub async fn get_application(&self, id: &str) -> Result<Option<ApplicationRecord>, StoreError> {
        self.read_application(id, None).await
    }

    /// The application `id`, if it exists (and belongs to `owner`, when given): one query.
    async fn read_application(
        &self,
        id: &str,
        owner: Option<&str>,
    ) -> Result<Option<ApplicationRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT id, status, document, revision, created_at, updated_at, review, numbers FROM applications
             WHERE id = $1 AND ($2 IS NULL OR applicant_id = $3)",
        )
        .bind(id)
        .bind(owner)
        .bind(owner)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else {
            return Ok(None);
        };
        let review: Option<String> = r.get("review");
        Ok(Some(ApplicationRecord {
            document: self
                .keys
                .open_text(r.get("document"), &document_context(id))?,
            review: review
                .map(|text| self.keys.open_text(&text, &review_context(id)))
                .transpose()?,
            id: r.get("id"),
            status: r.get("status"),
            revision: r.get("revision"),
            created_at: r.get("created_at"),
            updated_at: r.get("updated_at"),
            numbers: r.get("numbers"),
        }))
    }

    /// Indexes an upload whose file is already written.
    pub async fn insert_upload(&self, u: &UploadRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO uploads (id, application_id, kind, mime, bytes, width, height, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&u.id)
        .bind(&u.application_id)
        .bind(&u.kind)
        .bind(&u.mime)
        .bind(u.bytes)
        .bind(u.width)
        .bind(u.height)
        .bind(&u.created_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// An upload of this application.
    pub async fn get_upload(
        &self,
        application_id: &str,
        id: &str,
    ) -> Result<Option<UploadRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT id, application_id, kind, mime, bytes, width, height, created_at
             FROM uploads WHERE id = $1 AND application_id = $2",
        )
        .bind(id)
        .bind(application_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(upload_of))
    }

    /// Seals every stored document, review and phone number again with the first key of the key
    /// file, and moves the phones' and subjects' blind indexes to it (after a key rotation, so the old keys can
    /// go). The revisions do not change. How many rows.
    pub async fn reseal_all(&self) -> Result<usize, StoreError> {
        let phones = self.seal_phones(true).await?;
        let rows = sqlx::query("SELECT id, document, review FROM applications")
            .fetch_all(&self.pool)
            .await?;
        for r in &rows {
            let id: String = r.get("id");
            let document = self
                .keys
                .open_text(r.get("document"), &document_context(&id))?;
            let review = r
                .get::<Option<String>, _>("review")
                .map(|text| self.keys.open_text(&text, &review_context(&id)))
                .transpose()?;
            // The subject's blind index moves to the new key too (one filing in flight each).
            let parsed: serde_json::Value = serde_json::from_str(&document).unwrap_or_default();
            let subject_key = self.subject_key(
                parsed["subject"]["certificate_type"].as_str().unwrap_or(""),
                parsed["subject"]["certificate_number"]
                    .as_str()
                    .unwrap_or(""),
            );
            sqlx::query(
                "UPDATE applications SET document = $1, review = $2,
                     subject_key = CASE WHEN subject_key IS NULL THEN NULL ELSE $3 END
                 WHERE id = $4",
            )
            .bind(self.keys.seal_text(&document, &document_context(&id)))
            .bind(review.map(|r| self.keys.seal_text(&r, &review_context(&id))))
            .bind(subject_key)
            .bind(&id)
            .execute(&self.pool)
            .await?;
        }
        Ok(rows.len() + phones)
    }

    /// Deletes the drafts last changed before `before` that were never submitted (no audit
    /// trail), with their uploads' and captures' rows; their ids (the caller removes the files). At most 500
    /// a call.
    pub async fn delete_stale_drafts(
        &self,
        before: time::OffsetDateTime,
    ) -> Result<Vec<String>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let ids: Vec<String> = sqlx::query(
            "SELECT id FROM applications a WHERE status = 'draft' AND updated_at < $1
             AND NOT EXISTS (SELECT 1 FROM events e WHERE e.application_id = a.id) LIMIT 500",
        )
        .bind(crate::clock::format_time(before))
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.get("id"))
        .collect();
        for id in &ids {
            for table in [
                "capture_verifications",
                "capture_parts",
                "capture_sessions",
                "uploads",
                "sms_checks",
            ] {
                sqlx::query(&format!("DELETE FROM {table} WHERE application_id = $1"))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query("DELETE FROM applications WHERE id = $1 AND status = 'draft'")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// The blind index of a subject (its certificate type and number), for the one filing in
    /// flight per subject.
    pub fn subject_key(&self, certificate_type: &str, certificate_number: &str) -> String {
        let number = certificate_number.trim().to_uppercase();
        self.keys
            .blind_index(&format!("{}:{number}", certificate_type.trim()), "subject")
    }

    /// A transaction that holds a lock on `key` until it ends, so that a check and the write it
    /// allows are not interleaved with another process's. On PostgreSQL (read committed) a
    /// transaction advisory lock on the key; on SQLite the database's write lock, taken at the
    /// start (`BEGIN IMMEDIATE`): a deferred transaction that reads first would let two
    /// processes read the same state, and then one of them could not write.
    pub(crate) async fn begin_locked(
        &self,
        key: &str,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        match self.backend {
            Backend::Sqlite => Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?),
            Backend::Postgres => {
                let mut tx = self.pool.begin().await?;
                // (The lock function returns `void`, which the Any driver cannot read: a 1.)
                sqlx::query(
                    "SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS l",
                )
                .bind(key)
                .fetch_one(&mut *tx)
                .await?;
                Ok(tx)
            }
        }
    }

    /// Waits for pending writes and closes the database.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    /// The statuses of a filing under way (`Status::in_flight`) as an SQL list: `'submitted', …`.
    /// The partial unique index of migration 0012 names the same (a test checks it).
    fn in_flight_list() -> String {
        beian_rules::lifecycle::Status::ALL
            .into_iter()
            .filter(|s| s.in_flight())
            .map(|s| format!("'{}'", s.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The file names in a migrations folder.
    fn names(folder: &str) -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn the_one_in_flight_index_names_the_in_flight_statuses() {
        for db in ["sqlite", "postgres"] {
            let sql =
                std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
                    format!("migrations/{db}/0012_one_in_flight_per_subject.sql"),
                ))
                .unwrap();
            assert!(
                sql.contains(&format!("WHERE status IN ({})", in_flight_list())),
                "{db}: {sql}"
            );
        }
    }

    #[test]
    fn both_databases_have_the_same_migrations() {
        let sqlite = names("migrations/sqlite");
        assert!(sqlite.len() >= 8, "{sqlite:?}");
        assert_eq!(sqlite, names("migrations/postgres"));
    }

    #[tokio::test]
    async fn the_embedded_database_is_wal_synced_at_commits_with_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let keys = std::sync::Arc::new(
            crate::crypto::DataKeys::load_or_create(&dir.path().join("data.key")).unwrap(),
        );
        let store = super::Store::open(
            &crate::config::Storage::local(dir.path()),
            crate::clock::Clock::system(),
            keys,
        )
        .await
        .unwrap();
        let pragma = |name: &'static str| {
            let pool = store.pool.clone();
            async move {
                let row = sqlx::query(&format!("PRAGMA {name}"))
                    .fetch_one(&pool)
                    .await
                    .unwrap();
                sqlx::Row::try_get::<String, _>(&row, 0)
                    .or_else(|_| sqlx::Row::try_get::<i64, _>(&row, 0).map(|n| n.to_string()))
                    .unwrap()
            }
        };
        assert_eq!(pragma("journal_mode").await, "wal");
        // 1 = NORMAL
        assert_eq!(pragma("synchronous").await, "1");
        assert_eq!(pragma("foreign_keys").await, "1");
        assert_eq!(pragma("busy_timeout").await, "5000");
    }
}
