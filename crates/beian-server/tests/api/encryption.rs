//! Personal data at rest: the database and the media folder hold no ID number, phone or image in
//! the clear; everything reads back through the API; a rotated key file still opens old data.

use crate::support;

use axum::http::StatusCode;

use serde_json::Value;
use support::{json_call, request, test_app, with_session};

/// Everything the database keeps: on SQLite every byte of the file and its write-ahead log; on
/// PostgreSQL every row of every table, as text.
async fn database_bytes(t: &support::TestApp) -> Vec<u8> {
    let mut all = Vec::new();
    let Some(url) = &t.storage.database_url else {
        for name in ["beian.sqlite3", "beian.sqlite3-wal"] {
            if let Ok(bytes) = std::fs::read(t.dir.path().join(name)) {
                all.extend(bytes);
            }
        }
        return all;
    };
    use sqlx::{Connection, Row};
    let mut db = sqlx::PgConnection::connect(url).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    assert!(tables.contains(&"applications".to_owned()));
    for table in tables {
        for row in sqlx::query(&format!("SELECT CAST(t AS TEXT) AS row FROM {table} t"))
            .fetch_all(&mut db)
            .await
            .unwrap()
        {
            all.extend(row.get::<String, _>("row").into_bytes());
        }
    }
    all
}

const REVIEWER_PHONE: &str = "13700137000";

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// A 1200 x 800 PNG header, 60 KiB.
fn png() -> Vec<u8> {
    support::png(1200, 800, 60 * 1024)
}

#[tokio::test]
async fn documents_and_images_are_sealed_on_disk_and_open_through_the_api() {
    let t = test_app().await;
    let example = support::example();
    let certificate = example["subject"]["certificate_number"]
        .as_str()
        .unwrap()
        .to_owned();
    let address = example["subject"]["certificate_address"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, created) = json_call(&t.router, "POST", "/api/v1/applications", &example).await;
    assert_eq!(status, StatusCode::CREATED);
    let id = created["id"].as_str().unwrap().to_owned();
    t.state
        .store
        .add_reviewer(REVIEWER_PHONE, "李审核")
        .await
        .unwrap();
    let applicant = t
        .state
        .store
        .session_applicant(&t.token)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(applicant.phone.as_deref(), Some(support::PHONE));
    let upload = request(
        &t.router,
        "POST",
        &format!("/api/v1/applications/{id}/uploads?kind=id_front"),
        Some(("image/png", png())),
        &[],
    )
    .await;
    assert_eq!(upload.status, StatusCode::CREATED, "{}", upload.text());
    let upload_id = upload.json()["id"].as_str().unwrap().to_owned();

    let disk = database_bytes(&t).await;
    assert!(!disk.is_empty());
    assert!(
        !contains(&disk, &certificate),
        "the ID number is not on disk in the clear"
    );
    assert!(!contains(&disk, &address), "nor the address");
    assert!(
        !contains(&disk, support::PHONE) && !contains(&disk, REVIEWER_PHONE),
        "nor the applicant's or the reviewer's mobile"
    );
    let (_, stored) = t.stored_media(&id).await.pop().unwrap();
    assert!(
        !stored.starts_with(&[0x89, b'P', b'N', b'G']),
        "the image is sealed"
    );

    // Read back through the API: the same document and image.
    let (_, read) = json_call(
        &t.router,
        "GET",
        &format!("/api/v1/applications/{id}"),
        &Value::Null,
    )
    .await;
    assert_eq!(
        read["draft"]["subject"]["certificate_number"],
        certificate.as_str()
    );
    let image = request(
        &t.router,
        "GET",
        &format!("/api/v1/applications/{id}/uploads/{upload_id}"),
        None,
        &[],
    )
    .await;
    assert_eq!(image.body, png());

    // Rotation: a new key on the first line, the old one kept below: old data still opens.
    let key_file = t.dir.path().join("data.key");
    let old = std::fs::read_to_string(&key_file).unwrap();
    std::fs::write(&key_file, format!("{}\n{old}", "ab".repeat(32))).unwrap();
    let rotated = with_session(t.reopen().await, &t.token);
    let (status, again) = json_call(
        &rotated,
        "GET",
        &format!("/api/v1/applications/{id}"),
        &Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["draft"], read["draft"]);
    // People are still found by their number (its index moves to the new key on the way).
    let state = beian_server::AppState::open(&t.storage).await.unwrap();
    let reviewer = state.store.reviewer_by_phone(REVIEWER_PHONE).await.unwrap();
    assert_eq!(reviewer.unwrap().phone, REVIEWER_PHONE);
    let token = support::session_for(&state, support::PHONE).await;
    let same = state
        .store
        .session_applicant(&token)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(same, applicant, "the same applicant, not a new one");
    state.store.close().await;
    // Sealed again with the new key (`beian-server reseal`), the old key can go: the
    // application and the two people's numbers.
    assert_eq!(beian_server::reseal(&t.config()).await.unwrap(), (3, 1));
    std::fs::write(&key_file, format!("{}\n", "ab".repeat(32))).unwrap();
    let resealed = with_session(t.reopen().await, &t.token);
    let (status, body) = json_call(
        &resealed,
        "GET",
        &format!("/api/v1/applications/{id}"),
        &Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["revision"], read["revision"],
        "the revision does not change"
    );
    let image = request(
        &resealed,
        "GET",
        &format!("/api/v1/applications/{id}/uploads/{upload_id}"),
        None,
        &[],
    )
    .await;
    assert_eq!(image.body, png());
    // Without the old key the data does not open: a clear internal error, nothing leaked.
    std::fs::write(&key_file, format!("{}\n", "cd".repeat(32))).unwrap();
    let lost = with_session(t.reopen().await, &t.token);
    let (status, body) = json_call(
        &lost,
        "GET",
        &format!("/api/v1/applications/{id}"),
        &Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["error"]["code"], "internal");
    assert!(
        !body.to_string().contains("key"),
        "no detail for the client: {body}"
    );
}
