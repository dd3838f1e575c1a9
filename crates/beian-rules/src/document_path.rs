//! Paths into the filing document (`websites[0].owner.email`), the form findings and reviews use
//! to name a field: whether a path names a part of the document, whether one path lies within
//! another, and the value at a path.

use serde_json::Value;

use crate::document::FilingDraft;

/// Whether `path` lies within `field`: the field itself or one of its parts
/// (`websites[0].owner.email` lies within `websites[0].owner` and within `websites`).
pub fn within(path: &str, field: &str) -> bool {
    path == field
        || path
            .strip_prefix(field)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// Whether `path` is made like a document path and starts with one of the document's top-level
/// parts (those the document serialises).
pub fn is_document_path(path: &str) -> bool {
    let head = path.split(['.', '[']).next().unwrap_or("");
    // The document's own members (its JSON as written, not converted to a `serde_json` value).
    let parts = crate::json::parse(&crate::json::to_string(&FilingDraft::default()));
    !path.is_empty()
        && path.len() <= 200
        && head != "schema_version"
        && parts.is_ok_and(|p| p.get(head).is_some())
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'))
}

/// The value at `path` in a document as JSON; `Null` where there is none.
pub fn value_at(document: &Value, path: &str) -> Value {
    let mut here = document;
    for part in path.split('.') {
        let (name, indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        here = &here[name];
        for index in indexes.split('[').filter(|s| !s.is_empty()) {
            match index.trim_end_matches(']').parse::<usize>() {
                Ok(i) => here = &here[i],
                Err(_) => return Value::Null,
            }
        }
    }
    here.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_within_fields() {
        assert!(within("websites[0].owner.email", "websites[0].owner"));
        assert!(within("websites[0].owner", "websites"));
        assert!(within("subject.name", "subject.name"));
        assert!(!within("subject.name_extra", "subject.name"));
        assert!(!within("websites[1].name", "websites[0]"));
    }

    #[test]
    fn document_paths() {
        assert!(is_document_path("websites[0].owner.email"));
        assert!(is_document_path("subject.mailing_address"));
        assert!(is_document_path("declarations.information_true"));
        assert!(!is_document_path("status"));
        assert!(!is_document_path("schema_version"));
        assert!(!is_document_path("subject.name<script>"));
        assert!(!is_document_path(""));
    }

    #[test]
    fn values_at_paths() {
        let doc =
            json!({"websites": [{"owner": {"email": "a@x.cn"}}, {"approvals": [{"number": "7"}]}]});
        assert_eq!(value_at(&doc, "websites[0].owner.email"), "a@x.cn");
        assert_eq!(value_at(&doc, "websites[1].approvals[0].number"), "7");
        assert!(value_at(&doc, "websites[5].name").is_null());
        assert!(value_at(&doc, "websites[x].name").is_null());
    }
}
