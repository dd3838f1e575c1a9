//! The `beian-check` binary: reports, exit codes and the catalogue.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_beian-check"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The child may exit before reading everything (too large): a broken pipe is expected then.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

/// The complete example application of the docs, with its certificate number and domain replaced.
fn application(number: &str, domain: &str) -> String {
    let mut a: Value = serde_json::from_str(include_str!(
        "../../../docs/examples/first-filing-personal.json"
    ))
    .unwrap();
    a["subject"]["certificate_number"] = json!(number);
    a["subject_owner"]["certificate_number"] = json!(number);
    a["websites"][0]["owner"]["certificate_number"] = json!(number);
    a["websites"][0]["domain"] = json!(domain);
    a["websites"][0]["homepage_url"] = json!("");
    a.to_string()
}

fn report(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn a_valid_application_exits_0_with_its_report() {
    let out = run(
        &["--today", "2026-11-22"],
        application("440305199003071236", "example.com").as_bytes(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = report(&out);
    assert_eq!(r["valid"], true);
    assert_eq!(r["today"], "2026-11-22");
    assert_eq!(r["findings"][0]["code"], "domain.suffix_fileable");
}

#[test]
fn errors_exit_1_and_name_the_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("application.json");
    std::fs::write(&path, application("440305199003071235", "blog.example.com")).unwrap();
    let out = run(&[path.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1));
    let r = report(&out);
    assert_eq!(r["valid"], false);
    // The wrong check digit, in the subject and both people, and the sub-domain.
    assert_eq!(r["errors"], 4, "{r}");
    let fields: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"subject.certificate_number"));
    assert!(fields.contains(&"websites[0].domain"));
}

#[test]
fn unreadable_input_exits_2_with_a_reason() {
    for (args, input, reason) in [
        (vec![], b"{not json".to_vec(), "not a filing application"),
        (
            vec![],
            br#"{"schema_version": 1, "surprise": 1}"#.to_vec(),
            "unknown field `surprise`",
        ),
        (
            vec![],
            br#"{"schema_version": 9}"#.to_vec(),
            "schema_version 9",
        ),
        (vec![], vec![b' '; 2 * 1024 * 1024], "larger than"),
        (vec!["does-not-exist.json"], vec![], "cannot open"),
        (
            vec!["--today", "tomorrow"],
            application("440524188001010014", "a.cn").into_bytes(),
            "not a date",
        ),
        (vec!["--bogus"], vec![], "unknown option"),
    ] {
        let out = run(&args, &input);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(reason), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn the_catalogue_lists_every_rule() {
    let out = run(&["--catalogue"], b"");
    assert_eq!(out.status.code(), Some(0));
    let rules = report(&out);
    let rules = rules.as_array().unwrap();
    assert_eq!(rules.len(), beian_rules::RuleCode::ALL.len());
    let subdomain = rules
        .iter()
        .find(|r| r["code"] == "domain.subdomain")
        .unwrap();
    assert_eq!(subdomain["severity"], "error");
    assert_eq!(subdomain["fields"], json!(["websites[].domain"]));
    assert!(subdomain["message"]["zh-CN"]
        .as_str()
        .unwrap()
        .contains("{registrable}"));
}

/// docs/filing-draft.schema.json is what `--schema` prints: regenerate it with
/// `cargo run -q -p beian-cli -- --schema > docs/filing-draft.schema.json` when the document changes.
#[test]
fn the_published_schema_is_current_and_strict() {
    let out = run(&["--schema"], b"");
    assert_eq!(out.status.code(), Some(0));
    let schema = report(&out);
    let published: Value =
        serde_json::from_str(include_str!("../../../docs/filing-draft.schema.json")).unwrap();
    assert_eq!(schema, published, "docs/filing-draft.schema.json is stale");
    assert_eq!(
        schema["additionalProperties"], false,
        "unknown fields are refused"
    );
    assert_eq!(schema["required"], json!(["schema_version"]));
}
