//! Component tests in headless Chromium (wasm-bindgen-test): the real step mounted in a page.
#![cfg(target_arch = "wasm32")]

use beian_web::steps::type_determination::TypeDeterminationStep;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, HtmlElement, HtmlInputElement, HtmlSelectElement};

#[path = "../crates/beian-rules/tests/vectors/mod.rs"]
mod vectors;

wasm_bindgen_test_configure!(run_in_browser);

/// The division table, as the app installs it after fetching it.
fn install_regions() {
    assert!(beian_rules::regions::install(include_str!(
        "../crates/beian-rules/data/regions.tsv"
    )));
}

/// Mounts the step into a fresh `<section>` with no saved draft. The division table is
/// installed as the app does after fetching it (the client's rules crate has none compiled in).
fn mount_step() -> HtmlElement {
    install_regions();
    beian_web::draft_store::clear();
    let section: HtmlElement = document()
        .create_element("section")
        .unwrap()
        .unchecked_into();
    document().body().unwrap().append_child(&section).unwrap();
    leptos::mount::mount_to(section.clone(), || view! { <TypeDeterminationStep /> }).forget();
    section
}

fn find<T: JsCast>(root: &HtmlElement, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into()
}

fn fire(target: &web_sys::EventTarget, name: &str) {
    target.dispatch_event(&Event::new(name).unwrap()).unwrap();
}

fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    fire(input, "input");
}

fn text(root: &HtmlElement, selector: &str) -> String {
    find::<HtmlElement>(root, selector)
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_bad_domain_shows_its_error_under_the_field_and_clears_when_fixed() {
    let step = mount_step();
    let domain: HtmlInputElement = find(&step, "#domain");

    type_into(&domain, "blog.example.com");
    fire(&domain, "change");
    leptos::task::tick().await;
    let msg = text(&step, "#domain-messages");
    assert!(
        msg.contains("子域名") && msg.contains("example.com"),
        "message: {msg}"
    );
    assert!(
        msg.find("子域名").unwrap() < msg.find("sub-domain").unwrap(),
        "Chinese first: {msg}"
    );
    assert_eq!(
        domain.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert!(step
        .query_selector("#domain-messages [data-code='domain.subdomain']")
        .unwrap()
        .is_some());

    type_into(&domain, "example.com");
    leptos::task::tick().await;
    let msg = text(&step, "#domain-messages");
    assert!(!msg.contains("子域名"), "cleared: {msg}");
    assert!(msg.contains("可以备案"), "fileable info: {msg}");
    assert_eq!(
        domain.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    step.remove();
}

#[wasm_bindgen_test]
async fn messages_wait_until_the_field_is_touched() {
    let step = mount_step();
    let domain: HtmlInputElement = find(&step, "#domain");
    type_into(&domain, "example.hk");
    leptos::task::tick().await;
    assert_eq!(
        text(&step, "#domain-messages"),
        "",
        "no message while typing"
    );
    fire(&domain, "blur");
    leptos::task::tick().await;
    assert!(text(&step, "#domain-messages").contains("不能在中国大陆备案"));
    step.remove();
}

#[wasm_bindgen_test]
async fn picking_a_province_fills_its_cities_and_the_nature_picks_a_certificate() {
    let step = mount_step();
    let province: HtmlSelectElement = find(&step, "#province");
    assert_eq!(province.length(), 32, "31 provinces and the prompt");
    province.set_value("44");
    fire(&province, "change");
    leptos::task::tick().await;
    let city: HtmlSelectElement = find(&step, "#city");
    assert!(
        city.inner_html().contains("深圳市"),
        "cities of 广东: {}",
        city.inner_html()
    );

    let nature: HtmlSelectElement = find(&step, "#subject-nature");
    nature.set_value("5");
    fire(&nature, "change");
    leptos::task::tick().await;
    let cert: HtmlSelectElement = find(&step, "#certificate-type");
    assert_eq!(cert.value(), "resident_id");
    assert!(!cert.inner_html().contains("business_licence"));
    step.remove();
}

#[wasm_bindgen_test]
async fn a_mistyped_id_number_is_caught_under_its_field() {
    let step = mount_step();
    let province: HtmlSelectElement = find(&step, "#province");
    province.set_value("44");
    fire(&province, "change");
    let nature: HtmlSelectElement = find(&step, "#subject-nature");
    nature.set_value("5");
    fire(&nature, "change");
    leptos::task::tick().await;

    let number: HtmlInputElement = find(&step, "#certificate-number");
    type_into(&number, "440524188001010015");
    fire(&number, "blur");
    leptos::task::tick().await;
    let msg = text(&step, "#certificate-number-messages");
    assert!(msg.contains("校验位不对"), "checksum message: {msg}");
    assert_eq!(
        number.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );

    // A valid number from another province: a warning naming both provinces, not an error.
    type_into(&number, "11010519491231002X");
    leptos::task::tick().await;
    let msg = text(&step, "#certificate-number-messages");
    assert!(
        msg.contains("北京市") && msg.contains("广东省"),
        "region warning: {msg}"
    );
    assert_eq!(
        number.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    step.remove();
}

#[wasm_bindgen_test]
async fn the_draft_survives_a_remount() {
    let step = mount_step();
    let domain: HtmlInputElement = find(&step, "#domain");
    type_into(&domain, "例子.中国");
    leptos::task::tick().await;
    step.remove();

    // Mount again without clearing: the local draft comes back.
    let again: HtmlElement = document()
        .create_element("section")
        .unwrap()
        .unchecked_into();
    document().body().unwrap().append_child(&again).unwrap();
    leptos::mount::mount_to(again.clone(), || view! { <TypeDeterminationStep /> }).forget();
    leptos::task::tick().await;
    assert_eq!(
        find::<HtmlInputElement>(&again, "#domain").value(),
        "例子.中国"
    );
    again.remove();
    beian_web::draft_store::clear();
}

/// The shared vectors give the same answers in the browser's wasm as natively.
#[wasm_bindgen_test]
fn shared_domain_vectors_in_wasm() {
    let failures = vectors::domain_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The certificate-number vectors, in the browser's wasm.
#[wasm_bindgen_test]
fn shared_identity_vectors_in_wasm() {
    let failures = vectors::identity_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The contact vectors, in the browser's wasm.
#[wasm_bindgen_test]
fn shared_contact_vectors_in_wasm() {
    let failures = vectors::contact_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The site name vectors, in the browser's wasm.
#[wasm_bindgen_test]
fn shared_site_name_vectors_in_wasm() {
    let failures = vectors::site_name_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The address vectors, in the browser's wasm (with the division table as the client installs it).
#[wasm_bindgen_test]
fn shared_address_vectors_in_wasm() {
    install_regions();
    let failures = vectors::address_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The whole-application vectors, in the browser's wasm.
#[wasm_bindgen_test]
fn shared_application_vectors_in_wasm() {
    install_regions();
    let failures = vectors::application_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The filing-number vectors (备案号 and 公安备案号), in the browser's wasm.
#[wasm_bindgen_test]
fn shared_filing_number_vectors_in_wasm() {
    install_regions();
    let failures = vectors::filing_number_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The upload vectors, in the browser's wasm.
#[wasm_bindgen_test]
fn shared_upload_vectors_in_wasm() {
    let failures = vectors::upload_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The per-province rule vectors, in the browser's wasm.
#[wasm_bindgen_test]
fn shared_province_vectors_in_wasm() {
    install_regions();
    let failures = vectors::province_failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
