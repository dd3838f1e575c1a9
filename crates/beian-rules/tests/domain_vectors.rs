//! Runs the shared domain vectors (tests/vectors/domain.json) against the native build.

use beian_rules::check_domain;
use serde_json::Value;

#[test]
fn shared_domain_vectors() {
    let doc: Value = serde_json::from_str(include_str!("vectors/domain.json")).unwrap();
    let vectors = doc["vectors"].as_array().unwrap();
    assert!(vectors.len() > 30);
    let mut failures = Vec::new();
    for v in vectors {
        let input = v["input"].as_str().unwrap();
        let got = check_domain("d", input);
        let codes: Vec<&str> = got.findings.iter().map(|f| f.code.as_str()).collect();
        let want: Vec<&str> = v["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let ascii = got.normalized.as_ref().map(|n| n.ascii.as_str());
        if codes != want || ascii != v["ascii"].as_str() {
            failures.push(format!(
                "{input:?}: got {ascii:?} {codes:?}, want {} {want:?}",
                v["ascii"]
            ));
        }
        for f in &got.findings {
            assert!(
                !f.message.zh_cn.contains('{') && !f.message.en.contains('{'),
                "unfilled message for {input:?}: {:?}",
                f.message
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
