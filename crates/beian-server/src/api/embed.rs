//! What a framed client needs to know to talk to its host page (the iframe mode's postMessage
//! contract, `docs/embedding.md`): the contract's version and the origins allowed to frame it
//! (`BEIAN_FRAME_ANCESTORS`, the same list the pages' `frame-ancestors` policy names).

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::AppState;

/// The postMessage contract's version (`"beian": 1` in every message).
pub const CONTRACT_VERSION: u32 = 1;

/// `GET /api/v1/embed`.
pub async fn config(State(state): State<AppState>) -> Json<Value> {
    Json(json!({
        "version": CONTRACT_VERSION,
        "origins": origins(&state.frame_ancestors),
    }))
}

/// The origins of a `frame-ancestors` source list (`'none'`: none).
pub fn origins(frame_ancestors: &str) -> Vec<&str> {
    frame_ancestors
        .split_whitespace()
        .filter(|o| !o.starts_with('\''))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::origins;

    #[test]
    fn none_is_no_origin() {
        assert!(origins("'none'").is_empty());
        assert_eq!(
            origins("https://a.example.com http://127.0.0.1:9000"),
            ["https://a.example.com", "http://127.0.0.1:9000"]
        );
    }
}
