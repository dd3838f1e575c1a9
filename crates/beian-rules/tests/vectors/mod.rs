//! Runner for the shared vector files. Included by the native tests
//! (`crates/beian-rules/tests/domain_vectors.rs`) and by the browser tests (`tests/web.rs`), so
//! both builds are held to the same expectations in the same way.

use beian_rules::check_domain;
use serde_json::Value;

/// Every vector in `domain.json` whose result differs from the expectation, described.
pub fn domain_failures() -> Vec<String> {
    let doc: Value = serde_json::from_str(include_str!("domain.json")).expect("domain.json parses");
    let vectors = doc["vectors"].as_array().expect("a vectors array");
    assert!(vectors.len() > 30, "the vector file lost its vectors");
    let mut failures = Vec::new();
    for v in vectors {
        let input = v["input"].as_str().expect("input");
        let got = check_domain("d", input);
        let codes: Vec<&str> = got.findings.iter().map(|f| f.code.as_str()).collect();
        let want: Vec<&str> = v["codes"]
            .as_array()
            .expect("codes")
            .iter()
            .map(|c| c.as_str().expect("code"))
            .collect();
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
