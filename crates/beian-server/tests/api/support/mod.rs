//! What the server's API tests share: the server on a fresh data folder with a manual clock and
//! the development SMS gateway, an applicant signed in, and requests sent through `app()`
//! without a socket.

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use beian_server::clock::Clock;
use beian_server::config::Storage;
use beian_server::store::Backend;
use beian_server::{app, AppState};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use time::macros::datetime;
use tower::ServiceExt;

/// The signed-in applicant's number.
pub const PHONE: &str = "13800138000";

pub struct TestApp {
    /// The API as the signed-in applicant's browser calls it (its cookie on every request).
    pub router: Router,
    /// The API with no cookie added.
    pub bare: Router,
    pub state: AppState,
    pub clock: Clock,
    /// The signed-in applicant's session token.
    pub token: String,
    pub dir: tempfile::TempDir,
    /// Where the server keeps its data: `dir`, and a database of its own on the test
    /// PostgreSQL server when there is one.
    pub storage: Storage,
}

impl TestApp {
    /// The names of the files kept for an application (wherever the media are kept).
    pub async fn media_names(&self, application: &str) -> Vec<String> {
        self.stored_media(application)
            .await
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }

    /// The files kept for an application, as kept (sealed).
    pub async fn stored_media(&self, application: &str) -> Vec<(String, Vec<u8>)> {
        self.state.media.stored(application).await.unwrap()
    }

    /// A new server on the same data and clock (as after a restart, or a second process), with
    /// the development SMS gateway and no cookie added.
    pub async fn reopen(&self) -> Router {
        app(
            AppState::open_with_clock(&self.storage, self.clock.clone())
                .await
                .unwrap()
                .with_dev_sms(),
            &self.dir.path().join("no-client"),
        )
    }

    /// The settings of a server on the same data, as `beian-server` reads them.
    pub fn config(&self) -> beian_server::config::Config {
        let data_dir = self.dir.path().to_str().unwrap().to_owned();
        let url = self.storage.database_url.clone();
        let media = self.storage.media_url.clone();
        beian_server::config::Config::from_lookup(|k| match k {
            "BEIAN_DATA_DIR" => Some(data_dir.clone()),
            "DATABASE_URL" => url.clone(),
            "BEIAN_MEDIA_URL" => media.clone(),
            _ => None,
        })
        .unwrap()
    }
}

/// The storage of a test server in `dir`. With `BEIAN_TEST_DATABASE_URL` (a PostgreSQL server
/// URL whose user may create databases) each test gets a new, empty database there; without it,
/// the embedded SQLite database in `dir`. With `BEIAN_TEST_MEDIA_URL` (`s3://<bucket>`, the
/// `AWS_*` variables set for it) each test keeps its media under a new prefix in that bucket;
/// without it, in `dir/media`.
pub async fn storage(dir: &std::path::Path) -> Storage {
    let media_url = std::env::var("BEIAN_TEST_MEDIA_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .map(|bucket| format!("{bucket}/{}", uuid::Uuid::new_v4().simple()));
    let Some(server) = std::env::var("BEIAN_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        return Storage {
            media_url,
            ..Storage::local(dir)
        };
    };
    use sqlx::Connection;
    let name = format!("beian_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(&server).await.unwrap();
    sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    admin.close().await.unwrap();
    // postgres://user@host:port/<maintenance database>, the database replaced.
    let (server_part, _) = server.rsplit_once('/').unwrap();
    Storage {
        data_dir: dir.to_owned(),
        database_url: Some(format!("{server_part}/{name}")),
        media_url,
    }
}

/// The verification models, shared by the tests of this binary (loaded once, on the first
/// verification). They are not optional: `scripts/test` fetches them and sets `BEIAN_MODELS`.
pub fn models() -> beian_server::vision::ModelSlot {
    static SLOT: std::sync::LazyLock<beian_server::vision::ModelSlot> = std::sync::LazyLock::new(
        || {
            let dir = std::env::var("BEIAN_MODELS").expect(
                "BEIAN_MODELS is not set: run the tests through scripts/test, or source scripts/env.sh",
            );
            beian_server::vision::ModelSlot::at(Some(dir.into()))
        },
    );
    SLOT.clone()
}

/// A picture of the capture media (tests/fixtures/capture_media.py, made by scripts/test) as
/// the browser sends it: a JPEG of quality 80.
pub fn capture_media_jpeg(name: &str) -> Vec<u8> {
    let dir = std::env::var("BEIAN_CAPTURE_MEDIA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/capture-media")
        });
    let path = dir.join(name);
    let png = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run tests/fixtures/capture_media.py, as scripts/test does)",
            path.display()
        )
    });
    let mut decoder = zune_png::PngDecoder::new(&png);
    let pixels = decoder.decode_raw().unwrap();
    let (w, h) = decoder.get_dimensions().unwrap();
    let channels = pixels.len() / (w * h);
    let rgb: Vec<u8> = pixels
        .chunks(channels)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 80)
        .encode(&rgb, w as u16, h as u16, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

pub async fn test_app() -> TestApp {
    test_app_with(|s| s).await
}

/// The test server with more settings (`configure` gets the opened state).
pub async fn test_app_with(configure: impl FnOnce(AppState) -> AppState) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let storage = storage(dir.path()).await;
    let clock = Clock::manual(datetime!(2026-11-23 08:00 UTC));
    let state = configure(
        AppState::open_with_clock(&storage, clock.clone())
            .await
            .unwrap()
            .with_dev_sms(),
    );
    let expected = match storage.database_url {
        Some(_) => Backend::Postgres,
        None => Backend::Sqlite,
    };
    assert_eq!(state.store.backend(), expected);
    let media = match storage.media_url {
        Some(_) => "object store",
        None => "folder",
    };
    assert_eq!(state.media.kind(), media);
    let bare = app(state.clone(), &dir.path().join("no-client"));
    let token = session_for(&state, PHONE).await;
    TestApp {
        router: with_session(bare.clone(), &token),
        bare,
        state,
        clock,
        token,
        dir,
        storage,
    }
}

/// A session of the applicant of `phone`, made directly in the store.
pub async fn session_for(state: &AppState, phone: &str) -> String {
    state.store.sign_in(phone, None).await.unwrap().token
}

/// `router` with the session cookie on every request that has no cookie of its own.
pub fn with_session(router: Router, token: &str) -> Router {
    let cookie = format!("beian_session={token}");
    router.layer(axum::middleware::map_request(
        move |mut req: Request<Body>| {
            let cookie = cookie.clone();
            async move {
                if !req.headers().contains_key(header::COOKIE) {
                    req.headers_mut()
                        .insert(header::COOKIE, cookie.parse().unwrap());
                }
                req
            }
        },
    ))
}

/// A response: status, headers and body.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as JSON (`{"raw": ...}` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| json!({ "raw": String::from_utf8_lossy(&self.body) }))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap_or("").to_owned())
    }

    /// The session token a `Set-Cookie` gives, if any.
    pub fn session_cookie(&self) -> Option<String> {
        let set = self.header("set-cookie")?;
        let value = set.strip_prefix("beian_session=")?.split(';').next()?;
        (!value.is_empty()).then(|| value.to_owned())
    }
}

/// Sends a request: `body` is `(content type, bytes)`; `headers` are added.
pub async fn request(
    router: &Router,
    method: &str,
    uri: &str,
    body: Option<(&str, Vec<u8>)>,
    headers: &[(&str, &str)],
) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let body = match body {
        Some((content_type, bytes)) => {
            req = req.header(header::CONTENT_TYPE, content_type);
            Body::from(bytes)
        }
        None => Body::empty(),
    };
    let res = router
        .clone()
        .oneshot(req.body(body).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

/// Sends JSON (`Value::Null`: no body) and reads JSON back.
pub async fn json_call(
    router: &Router,
    method: &str,
    uri: &str,
    body: &Value,
) -> (StatusCode, Value) {
    let body = (!body.is_null()).then(|| ("application/json", body.to_string().into_bytes()));
    let reply = request(router, method, uri, body, &[]).await;
    (reply.status, reply.json())
}

/// The complete example application of the docs.
pub fn example() -> Value {
    serde_json::from_str(include_str!(
        "../../../../../docs/examples/first-filing-personal.json"
    ))
    .unwrap()
}

/// The 6-digit code in the newest message the development SMS gateway "sent" to `phone`.
pub async fn dev_code(router: &Router, phone: &str) -> String {
    let (status, body) = json_call(
        router,
        "GET",
        &format!("/api/v1/dev/sms/{phone}"),
        &Value::Null,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let text = body["messages"][0].as_str().expect("a message").to_owned();
    let at = text.find(|c: char| c.is_ascii_digit()).expect("a code");
    text[at..at + 6].to_owned()
}

/// A PNG of `width` x `height` as far as its header goes, padded to `len` bytes: what the upload
/// rules read.
pub fn png(width: u32, height: u32, len: usize) -> Vec<u8> {
    let mut v = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    v.extend_from_slice(&13u32.to_be_bytes());
    v.extend_from_slice(b"IHDR");
    v.extend_from_slice(&width.to_be_bytes());
    v.extend_from_slice(&height.to_be_bytes());
    v.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    v.resize(len.max(v.len()), 0);
    v
}

/// The cookie of a reviewer session for the test reviewer (added on first use).
pub async fn reviewer_cookie(t: &TestApp) -> String {
    const PHONE: &str = "13700137000";
    let store = &t.state.store;
    let reviewer = match store.reviewer_by_phone(PHONE).await.unwrap() {
        Some(r) => r,
        None => store.add_reviewer(PHONE, "李审核").await.unwrap(),
    };
    let token = store.create_reviewer_session(&reviewer).await.unwrap();
    format!("beian_reviewer={token}")
}
