//! The provider's first review (初审) returning a submitted filing to the applicant, with a reason
//! attached to each field to fix: `POST /v1/applications/{id}/review`. The returned filing
//! reopens only those fields: a change anywhere else is refused (`replace` asks
//! [`outside_rejected`]), and submitting again sends it back to the review.
//!
//! Reviewers act with their own session (`reviewer.rs`) or, for scripts, the bearer token
//! `BEIAN_REVIEWER_TOKEN`; anyone else gets `401`.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use beian_rules::document_path::{is_document_path, within};
use beian_rules::lifecycle::Event;
use beian_rules::review::ReturnReason;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::applications::ApplicationView;
use super::json::ApiJson;
use super::ApiError;
use crate::AppState;

/// The most reasons one review may give, and the longest message.
const MAX_REASONS: usize = 50;
const MAX_MESSAGE: usize = 500;

/// What a reviewer sends.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    /// `reject` (back to the applicant with the reasons), `approve` (on to the SMS check, or to
    /// the 管局 for a type without one), `request_documents` (by post), `documents_received`.
    pub decision: String,
    /// Each field to fix (a document path) and what to fix; the server adds the reviewed value.
    #[serde(default)]
    pub reasons: Vec<ReturnReason>,
}

/// The stored review, returned with the application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub decision: String,
    /// The revision that was reviewed.
    pub revision: i64,
    pub at: String,
    pub reasons: Vec<ReturnReason>,
}

/// The decisions of the 初审 and the events they are.
const DECISIONS: [(&str, Event); 4] = [
    ("reject", Event::FirstReviewReject),
    ("approve", Event::FirstReviewApprove),
    ("request_documents", Event::RequestDocuments),
    ("documents_received", Event::DocumentsReceived),
];

pub(super) fn check(request: &ReviewRequest) -> Result<(), ApiError> {
    check_reasons(&request.decision, &request.reasons, "reject")
}

/// Reasons are required for a return (`returning`), at most 50, each on a path of the document
/// with a message in both languages.
pub(super) fn check_reasons(
    decision: &str,
    reasons: &[ReturnReason],
    returning: &str,
) -> Result<(), ApiError> {
    let bad = |why: &str| Err(ApiError::InvalidReview(why.to_owned()));
    if decision == returning && reasons.is_empty() {
        return bad("a return needs between 1 and 50 reasons");
    }
    if reasons.len() > MAX_REASONS {
        return bad("give at most 50 reasons");
    }
    for r in reasons {
        if !is_document_path(&r.field) {
            return bad("each reason's field must be a path of the filing document");
        }
        let text = [&r.message.zh_cn, &r.message.en];
        if text
            .iter()
            .any(|t| t.trim().is_empty() || t.chars().count() > MAX_MESSAGE)
        {
            return bad("each reason needs a message of 1 to 500 characters in zh-CN and en");
        }
    }
    Ok(())
}

pub async fn create(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<ReviewRequest>,
) -> Result<Json<ApplicationView>, ApiError> {
    let actor = super::reviewer::reviewer_actor(&state, &headers).await?;
    let Some(&(_, event)) = DECISIONS.iter().find(|(d, _)| *d == request.decision) else {
        return Err(ApiError::InvalidReview(
            "decision must be reject, approve, request_documents or documents_received".to_owned(),
        ));
    };
    check(&request)?;
    let record = state
        .store
        .get_application(&id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let record = super::lifecycle::decide(&state, record, event, request.reasons, &actor).await?;
    Ok(Json(ApplicationView::from_record(&state, record)?))
}

/// The leaf paths where two documents differ, in the document's path syntax
/// (`websites[0].owner.email`); a list whose length changed counts as the list itself.
pub fn changed_paths(old: &Value, new: &Value) -> Vec<String> {
    fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
                keys.sort();
                keys.dedup();
                for k in keys {
                    let child = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(
                        &child,
                        x.get(k).unwrap_or(&Value::Null),
                        y.get(k).unwrap_or(&Value::Null),
                        out,
                    );
                }
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                for (i, (p, q)) in x.iter().zip(y).enumerate() {
                    walk(&format!("{path}[{i}]"), p, q, out);
                }
            }
            (p, q) if p != q => out.push(path.to_owned()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk("", old, new, &mut out);
    out
}

/// The changed paths that no reason of the review reopened (a path is reopened by a reason for
/// it or for a part containing it).
pub fn outside_rejected(review: &Review, changed: &[String]) -> Vec<String> {
    changed
        .iter()
        .filter(|path| !review.reasons.iter().any(|r| within(path, &r.field)))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn review(fields: &[&str]) -> Review {
        Review {
            decision: "reject".into(),
            revision: 1,
            at: String::new(),
            reasons: fields
                .iter()
                .map(|f| ReturnReason {
                    field: (*f).into(),
                    message: beian_rules::Message {
                        zh_cn: "改".into(),
                        en: "fix".into(),
                    },
                    reviewed: Value::Null,
                })
                .collect(),
        }
    }

    #[test]
    fn changed_leaf_paths_in_document_syntax() {
        let a =
            json!({"websites": [{"owner": {"email": "a@x.cn", "name": "张三"}}], "remark": "r"});
        let b =
            json!({"websites": [{"owner": {"email": "b@x.cn", "name": "张三"}}], "remark": "r"});
        assert_eq!(changed_paths(&a, &b), ["websites[0].owner.email"]);
        let c = json!({"websites": [{}, {}], "remark": "r"});
        assert_eq!(changed_paths(&a, &c), ["websites"]);
        assert!(changed_paths(&a, &a).is_empty());
    }

    #[test]
    fn only_the_rejected_fields_and_their_parts_are_open() {
        let r = review(&["websites[0].owner", "subject.name"]);
        let changed = [
            "websites[0].owner.email".to_owned(),
            "subject.name".to_owned(),
            "subject.name_extra".to_owned(),
            "websites[1].name".to_owned(),
        ];
        assert_eq!(
            outside_rejected(&r, &changed),
            ["subject.name_extra", "websites[1].name"]
        );
    }
}
