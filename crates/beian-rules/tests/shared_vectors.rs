//! Runs the shared vector files (tests/vectors/*.json) against the native build. The browser
//! tests (tests/web.rs at the repository root) run the same files in wasm.

mod vectors;

#[test]
fn shared_domain_vectors() {
    let failures = vectors::domain_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn shared_identity_vectors() {
    let failures = vectors::identity_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn shared_contact_vectors() {
    let failures = vectors::contact_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn shared_site_name_vectors() {
    let failures = vectors::site_name_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn shared_address_vectors() {
    let failures = vectors::address_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn shared_application_vectors() {
    let failures = vectors::application_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn shared_filing_number_vectors() {
    let failures = vectors::filing_number_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn shared_upload_vectors() {
    let failures = vectors::upload_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn shared_province_vectors() {
    let failures = vectors::province_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
