//! Runs the shared domain vectors (tests/vectors/domain.json) against the native build.

mod vectors;

#[test]
fn shared_domain_vectors() {
    let failures = vectors::domain_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
