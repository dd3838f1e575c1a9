//! `beian_rules::json`'s errors say where they are: a field path, or a line and column (the
//! feature `json-paths`, on by default; the browser client leaves it off).

use beian_rules::json;
use beian_rules::FilingDraft;

#[test]
fn an_error_says_where() {
    for (text, said) in [
        (
            r#"{"schema_version":1,"websites":[{},{"domain":5}]}"#,
            "expected a string, found a number at `websites[1].domain`",
        ),
        (
            r#"{"schema_version":1,"subject":{"nme":"x"}}"#,
            "unknown field `nme` at `subject`",
        ),
        (
            r#"{"schema_version":1,"websites":[{"approvals":[{"kind":"1","kind":"2"}]}]}"#,
            "duplicate field `kind` at `websites[0].approvals[0]`",
        ),
        (
            r#"{"schema_version":1,"filing_type":"first"}"#,
            "unknown variant `first` at `filing_type`",
        ),
        (
            r#"{"filing_type":"claim"}"#,
            "missing field `schema_version`",
        ),
        (
            "{\"schema_version\":1,\n  \"subject\": {,}}",
            "not JSON at line 2, column 15",
        ),
    ] {
        let error = json::from_str::<FilingDraft>(text).unwrap_err();
        assert_eq!(error.to_string(), said, "{text}");
    }
    let nested = json::from_str::<Vec<Vec<u8>>>("[[1],[2,300]]").unwrap_err();
    assert_eq!(
        nested.to_string(),
        "expected u8, found a number at `[1][1]`"
    );
}
