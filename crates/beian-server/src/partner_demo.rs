//! A fake partner console for development (`BEIAN_PARTNER_DEMO_ADDR`): a page on an origin of
//! its own that embeds the client with `/embed/beian-frame.js` (the iframe mode,
//! `docs/embedding.md`) and logs the messages it gets. Add its origin to
//! `BEIAN_FRAME_ANCESTORS` so the client lets it frame it.

use std::net::SocketAddr;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

/// The host side of the iframe mode, served at `/embed/beian-frame.js`.
pub const FRAME_SCRIPT: &str = include_str!("../../../embed/beian-frame.js");
const DEMO_PAGE: &str = include_str!("../../../embed/partner-demo.html");

/// `GET /embed/beian-frame.js` on the beian server.
pub async fn frame_script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        FRAME_SCRIPT,
    )
}

/// The demo page for a beian server at `origin`.
pub fn page(origin: &str) -> String {
    DEMO_PAGE.replace("__BEIAN_ORIGIN__", origin)
}

/// Serves the demo page on `addr` until the process ends; the client is at `origin`.
pub async fn serve(addr: SocketAddr, origin: String) -> std::io::Result<()> {
    let html = page(&origin);
    let router = Router::new().fallback(get(move || {
        let html = html.clone();
        async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html) }
    }));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(url = %format!("http://{}", listener.local_addr()?), "partner demo page (development)");
    axum::serve(listener, router).await
}
