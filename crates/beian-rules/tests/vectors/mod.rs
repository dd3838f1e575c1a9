//! Runner for the shared vector files. Included by the native tests
//! (`crates/beian-rules/tests/shared_vectors.rs`) and by the browser tests (`tests/web.rs`), so
//! both builds are held to the same expectations in the same way.

use beian_rules::contact::check_person_contacts;
use beian_rules::identity::{check_number, NumberContext};
use beian_rules::site_name::{check_site_name, NameContext};
use beian_rules::Approval;
use beian_rules::{check_domain, subject, CivilDate};
use serde_json::Value;

/// The `vectors` array of a vector file, which must hold at least `at_least` of them.
fn load(text: &str, name: &str, at_least: usize) -> Vec<Value> {
    let doc: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
    let vectors = doc["vectors"]
        .as_array()
        .unwrap_or_else(|| panic!("{name} has no vectors array"))
        .clone();
    assert!(vectors.len() >= at_least, "{name} lost its vectors");
    vectors
}

/// A vector's expected finding codes.
fn expected_codes(v: &Value) -> Vec<&str> {
    v["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().expect("code"))
        .collect()
}

/// Every vector in `domain.json` whose result differs from the expectation, described.
pub fn domain_failures() -> Vec<String> {
    let vectors = load(include_str!("domain.json"), "domain.json", 30);
    let mut failures = Vec::new();
    for v in &vectors {
        let input = v["input"].as_str().expect("input");
        let got = check_domain("d", input);
        let codes: Vec<&str> = got.findings.iter().map(|f| f.code.as_str()).collect();
        let want = expected_codes(v);
        let ascii = got.normalized.as_ref().map(|n| n.ascii.as_str());
        if codes != want || ascii != v["ascii"].as_str() {
            failures.push(format!(
                "{input:?}: got {ascii:?} {codes:?}, want {} {want:?}",
                v["ascii"]
            ));
        }
        for f in &got.findings {
            if f.message.zh_cn.contains('{') || f.message.en.contains('{') {
                failures.push(format!("{input:?}: unfilled message {:?}", f.message));
            }
        }
    }
    failures
}

/// Every vector in `identity.json` whose findings differ from the expectation, described.
pub fn identity_failures() -> Vec<String> {
    let doc: Value =
        serde_json::from_str(include_str!("identity.json")).expect("identity.json parses");
    let today_text = doc["today"].as_str().expect("today");
    let today = CivilDate::parse_compact(&today_text.replace('-', "")).expect("today is a date");
    let vectors = load(include_str!("identity.json"), "identity.json", 40);
    let mut failures = Vec::new();
    for v in &vectors {
        let type_id = v["certificate_type"].as_str().expect("certificate_type");
        let number = v["number"].as_str().expect("number");
        let certificate = subject::certificate_type(type_id).expect("a known certificate type");
        let nature = v["nature"].as_u64().and_then(|n| subject::nature(n as u8));
        let ctx = NumberContext {
            certificate,
            nature,
            province: v["province"].as_str().unwrap_or(""),
            today: Some(today),
        };
        let got = check_number("n", number, &ctx);
        let codes: Vec<&str> = got.iter().map(|f| f.code.as_str()).collect();
        let want = expected_codes(v);
        if codes != want {
            failures.push(format!(
                "{type_id} {number:?}: got {codes:?}, want {want:?}"
            ));
        }
        for f in &got {
            if f.message.zh_cn.contains('{') || f.message.en.contains('{') {
                failures.push(format!("{number:?}: unfilled message {:?}", f.message));
            }
        }
    }
    failures
}

/// Every vector in `contact.json` whose findings differ from the expectation, described.
pub fn contact_failures() -> Vec<String> {
    let vectors = load(include_str!("contact.json"), "contact.json", 20);
    let mut failures = Vec::new();
    for v in &vectors {
        let get = |k: &str| v[k].as_str().expect("a string field");
        let got = check_person_contacts(
            "p",
            get("mobile"),
            get("phone2"),
            get("emergency"),
            get("email"),
        );
        let codes: Vec<&str> = got.iter().map(|f| f.code.as_str()).collect();
        let want = expected_codes(v);
        if codes != want {
            failures.push(format!("{v}: got {codes:?}"));
        }
    }
    failures
}

/// Every vector in `site_name.json` whose findings (code and severity) differ, described.
pub fn site_name_failures() -> Vec<String> {
    let vectors = load(include_str!("site_name.json"), "site_name.json", 20);
    let mut failures = Vec::new();
    for v in &vectors {
        let approvals: Vec<Approval> = v["approvals"]
            .as_array()
            .expect("approvals")
            .iter()
            .map(|a| Approval {
                kind: a.as_str().expect("an approval id").to_owned(),
                number: "X".to_owned(),
            })
            .collect();
        let ctx = NameContext {
            nature: v["nature"].as_u64().map(|n| n as u8),
            province: v["province"].as_str().expect("province"),
            approvals: &approvals,
        };
        let got: Vec<(String, String)> =
            check_site_name("n", v["name"].as_str().expect("name"), &ctx)
                .iter()
                .map(|f| {
                    (
                        f.code.as_str().to_owned(),
                        serde_json::to_value(f.severity)
                            .unwrap()
                            .as_str()
                            .unwrap()
                            .to_owned(),
                    )
                })
                .collect();
        let want: Vec<(String, String)> = v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap().to_owned(),
                    p[1].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        if got != want {
            failures.push(format!("{:?}: got {got:?}, want {want:?}", v["name"]));
        }
    }
    failures
}
