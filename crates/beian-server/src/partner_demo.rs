//! A fake partner console for development (`BEIAN_PARTNER_DEMO_ADDR`): pages on an origin of
//! their own that embed the client, with `/embed/beian-frame.js` (the iframe mode) or, at
//! `/element`, with the `<beian-filing>` element of `/embed/beian-filing.js`
//! (`docs/embedding.md`), and log the messages they get. Add its origin to
//! `BEIAN_FRAME_ANCESTORS` so the client lets it frame it.

use std::net::SocketAddr;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

/// The host side of the iframe mode, served at `/embed/beian-frame.js`.
pub const FRAME_SCRIPT: &str = include_str!("../../../embed/beian-frame.js");
/// The `<beian-filing>` custom element with the iframe mode it is built on, served at
/// `/embed/beian-filing.js`.
pub const ELEMENT_SCRIPT: &str = concat!(
    include_str!("../../../embed/beian-frame.js"),
    include_str!("../../../embed/beian-filing.js")
);
const DEMO_PAGE: &str = include_str!("../../../embed/partner-demo.html");
const DEMO_ELEMENT_PAGE: &str = include_str!("../../../embed/partner-demo-element.html");

fn script(text: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        text,
    )
}

/// `GET /embed/beian-frame.js` on the beian server.
pub async fn frame_script() -> impl IntoResponse {
    script(FRAME_SCRIPT)
}

/// `GET /embed/beian-filing.js` on the beian server.
pub async fn element_script() -> impl IntoResponse {
    script(ELEMENT_SCRIPT)
}

/// The demo page (iframe mode) for a beian server at `origin`.
pub fn page(origin: &str) -> String {
    DEMO_PAGE.replace("__BEIAN_ORIGIN__", origin)
}

/// The demo page of the custom element for a beian server at `origin`.
pub fn element_page(origin: &str) -> String {
    DEMO_ELEMENT_PAGE.replace("__BEIAN_ORIGIN__", origin)
}

/// Where the demo finds the validator package (`scripts/build-js-package` builds its `dist/`),
/// from the working directory: the repository's root, as `scripts/run` starts the server.
pub const PACKAGE_DIR: &str = "packages/beian-rules";

/// Serves the demo pages on `addr` until the process ends (`/element`: the custom element;
/// `/validator/example/`: the validator package's example form, checking the partner's own
/// fields; any other path: the iframe mode); the client is at `origin`.
pub async fn serve(addr: SocketAddr, origin: String) -> std::io::Result<()> {
    let html = |text: String| {
        get(move || {
            let text = text.clone();
            async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], text) }
        })
    };
    let router = Router::new()
        .route("/element", html(element_page(&origin)))
        .nest_service(
            "/validator",
            tower_http::services::ServeDir::new(PACKAGE_DIR),
        )
        .fallback(html(page(&origin)));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(url = %format!("http://{}", listener.local_addr()?), "partner demo page (development)");
    axum::serve(listener, router).await
}
