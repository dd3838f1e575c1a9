//! A filing the provider's first review (初审) returned: each reason is attached to a field and
//! keeps the value the field had when it was reviewed. The reason stands as an error on the field
//! until the field changes, in the browser and on the server alike (which refuses to submit a
//! returned filing whose returned fields were not touched).

use serde::{Deserialize, Serialize};

use crate::document::FilingDraft;
use crate::document_path::value_at;
use crate::finding::{Finding, Message, RuleCode};

/// One reason for returning the filing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnReason {
    /// The document path of the field to fix (`websites[0].owner.email`).
    pub field: String,
    pub message: Message,
    /// The field's value when it was reviewed (set by the server when the filing is returned).
    #[serde(default)]
    pub reviewed: serde_json::Value,
}

impl ReturnReason {
    /// The reason with the value its field has in `draft` (the reviewed revision).
    pub fn reviewed_in(mut self, draft: &FilingDraft) -> ReturnReason {
        let document = crate::json::document_value(draft);
        self.reviewed = value_at(&document, &self.field);
        self
    }
}

/// The reasons whose field still has the reviewed value, as errors on those fields.
pub fn returned_findings(draft: &FilingDraft, reasons: &[ReturnReason]) -> Vec<Finding> {
    if reasons.is_empty() {
        return Vec::new();
    }
    let now = crate::json::document_value(draft);
    reasons
        .iter()
        .filter(|r| value_at(&now, &r.field) == r.reviewed)
        .map(|r| {
            Finding::new(
                &r.field,
                RuleCode::ReviewReturned,
                &[("reason", &r.message.zh_cn), ("reason_en", &r.message.en)],
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_stands_until_its_field_changes() {
        let mut d = FilingDraft::default();
        d.subject.name = "张三".into();
        let reason = ReturnReason {
            field: "subject.name".into(),
            message: Message {
                zh_cn: "与证件不符".into(),
                en: "does not match the certificate".into(),
            },
            reviewed: serde_json::Value::Null,
        }
        .reviewed_in(&d);
        let found = returned_findings(&d, std::slice::from_ref(&reason));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, RuleCode::ReviewReturned);
        assert!(found[0].is_error());
        assert!(found[0].message.zh_cn.contains("与证件不符"));
        d.subject.name = "张三丰".into();
        assert!(returned_findings(&d, &[reason]).is_empty());
    }
}
