//! Component tests in headless Chromium (wasm-bindgen-test): the real step mounted in a page.
#![cfg(target_arch = "wasm32")]

use beian_web::steps::type_determination::TypeDeterminationStep;
use beian_web::steps::{dom_id, Step};
use beian_web::wizard::Wizard;
use beian_web::CurrentStep;
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

/// Mounts the first step into a fresh `<section>` with no saved draft. The division table is
/// installed as the app does after fetching it (the client's rules crate has none compiled in).
fn mount_step() -> HtmlElement {
    install_regions();
    beian_web::draft_store::clear();
    mount_with_wizard(|| view! { <TypeDeterminationStep /> }.into_any())
}

/// Mounts `f` under a fresh wizard state (from the draft kept on the device, if any).
fn mount_with_wizard(f: fn() -> AnyView) -> HtmlElement {
    let section: HtmlElement = document()
        .create_element("section")
        .unwrap()
        .unchecked_into();
    document().body().unwrap().append_child(&section).unwrap();
    leptos::mount::mount_to(section.clone(), move || {
        Wizard::provide();
        f()
    })
    .forget();
    section
}

/// Mounts the wizard's current-step view on `step`, with `draft` as the device's draft.
fn mount_wizard_at(step: Step, draft: &str) -> HtmlElement {
    install_regions();
    beian_web::draft_store::save(&beian_web::draft_store::LocalDraft {
        draft: serde_json::from_str(draft).expect("a draft"),
        ..Default::default()
    });
    step.write_location();
    mount_with_wizard(|| view! { <CurrentStep /> }.into_any())
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
    let domain: HtmlInputElement = find(&step, "#websites-0-domain");

    type_into(&domain, "blog.example.com");
    fire(&domain, "change");
    leptos::task::tick().await;
    let msg = text(&step, "#websites-0-domain-messages");
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
        .query_selector("#websites-0-domain-messages [data-code='domain.subdomain']")
        .unwrap()
        .is_some());

    type_into(&domain, "example.com");
    leptos::task::tick().await;
    let msg = text(&step, "#websites-0-domain-messages");
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
    let domain: HtmlInputElement = find(&step, "#websites-0-domain");
    type_into(&domain, "example.hk");
    leptos::task::tick().await;
    assert_eq!(
        text(&step, "#websites-0-domain-messages"),
        "",
        "no message while typing"
    );
    fire(&domain, "blur");
    leptos::task::tick().await;
    assert!(text(&step, "#websites-0-domain-messages").contains("不能在中国大陆备案"));
    step.remove();
}

#[wasm_bindgen_test]
async fn picking_a_province_fills_its_cities_and_the_nature_picks_a_certificate() {
    let step = mount_step();
    let province: HtmlSelectElement = find(&step, "#subject-region-province");
    assert_eq!(province.length(), 32, "31 provinces and the prompt");
    province.set_value("44");
    fire(&province, "change");
    leptos::task::tick().await;
    let city: HtmlSelectElement = find(&step, "#subject-region-city");
    assert!(
        city.inner_html().contains("深圳市"),
        "cities of 广东: {}",
        city.inner_html()
    );

    let nature: HtmlSelectElement = find(&step, "#subject-nature");
    nature.set_value("5");
    fire(&nature, "change");
    leptos::task::tick().await;
    let cert: HtmlSelectElement = find(&step, "#subject-certificate-type");
    assert_eq!(cert.value(), "resident_id");
    assert!(!cert.inner_html().contains("business_licence"));
    step.remove();
}

#[wasm_bindgen_test]
async fn a_mistyped_id_number_is_caught_under_its_field() {
    let step = mount_step();
    let province: HtmlSelectElement = find(&step, "#subject-region-province");
    province.set_value("44");
    fire(&province, "change");
    let nature: HtmlSelectElement = find(&step, "#subject-nature");
    nature.set_value("5");
    fire(&nature, "change");
    leptos::task::tick().await;

    let number: HtmlInputElement = find(&step, "#subject-certificate-number");
    type_into(&number, "440524188001010015");
    fire(&number, "blur");
    leptos::task::tick().await;
    let msg = text(&step, "#subject-certificate-number-messages");
    assert!(msg.contains("校验位不对"), "checksum message: {msg}");
    assert_eq!(
        number.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );

    // A valid number from another province: a warning naming both provinces, not an error.
    type_into(&number, "11010519491231002X");
    leptos::task::tick().await;
    let msg = text(&step, "#subject-certificate-number-messages");
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
    let domain: HtmlInputElement = find(&step, "#websites-0-domain");
    type_into(&domain, "例子.中国");
    leptos::task::tick().await;
    step.remove();

    // Mount again without clearing: the local draft comes back.
    let again: HtmlElement = document()
        .create_element("section")
        .unwrap()
        .unchecked_into();
    document().body().unwrap().append_child(&again).unwrap();
    leptos::mount::mount_to(again.clone(), || {
        Wizard::provide();
        view! { <TypeDeterminationStep /> }
    })
    .forget();
    leptos::task::tick().await;
    assert_eq!(
        find::<HtmlInputElement>(&again, "#websites-0-domain").value(),
        "例子.中国"
    );
    again.remove();
    beian_web::draft_store::clear();
}

/// A complete, valid application (the one the CLI, server and vectors start from).
const EXAMPLE: &str = include_str!("../docs/examples/first-filing-personal.json");

fn click(root: &HtmlElement, selector: &str) {
    find::<HtmlElement>(root, selector).click();
}

#[wasm_bindgen_test]
async fn the_answers_about_earlier_filings_determine_the_type_and_say_why() {
    let step = mount_step();
    // The subject filed elsewhere, the domain never: a new website, existing filing elsewhere.
    click(&step, "#prior-filings-subject-2");
    click(&step, "#prior-filings-domain-0");
    leptos::task::tick().await;
    let result = text(&step, "#filing-type");
    assert!(result.contains("新增网站（原备案不在本平台）"), "{result}");
    assert!(
        result.contains("主体已通过其他服务商备案"),
        "the reason: {result}"
    );
    assert!(step
        .query_selector("[data-filing-type='new_site_elsewhere']")
        .unwrap()
        .is_some());
    // That type acts on the existing filing: its number and password are asked for here.
    assert!(step
        .query_selector("#existing-filing-icp-number")
        .unwrap()
        .is_some());
    assert!(step
        .query_selector("#existing-filing-password")
        .unwrap()
        .is_some());

    // A domain filed by another subject: no new filing fits, and the page says why.
    click(&step, "#prior-filings-subject-0");
    click(&step, "#prior-filings-domain-2");
    leptos::task::tick().await;
    assert!(step
        .query_selector("#filing-type [data-code='filing_type.domain_of_other_subject']")
        .unwrap()
        .is_some());
    assert!(step.query_selector("[data-filing-type]").unwrap().is_none());
    step.remove();
    beian_web::draft_store::clear();
}

#[wasm_bindgen_test]
async fn the_product_step_asks_for_the_number_chosen_and_checks_it() {
    let draft = EXAMPLE.replace(r#""kind": "instance""#, r#""kind": null"#);
    let page = mount_wizard_at(Step::Product, &draft);
    leptos::task::tick().await;
    assert!(page
        .query_selector("#product-service-number")
        .unwrap()
        .is_none());
    click(&page, "#product-kind-1");
    leptos::task::tick().await;
    let number: HtmlInputElement = find(&page, "#product-service-number");
    type_into(&number, "12 34");
    fire(&number, "blur");
    leptos::task::tick().await;
    assert!(page
        .query_selector(
            "#product-service-number-messages [data-code='product.service_number_format']"
        )
        .unwrap()
        .is_some());
    assert!(
        text(&page, ".product-rules").contains("ECS"),
        "the quota table"
    );
    page.remove();
    beian_web::draft_store::clear();
}

#[wasm_bindgen_test]
async fn the_mailing_address_shows_the_region_and_refuses_repeating_it() {
    let page = mount_wizard_at(Step::Subject, EXAMPLE);
    leptos::task::tick().await;
    assert_eq!(text(&page, ".input-prefix"), "广东省深圳市南山区");
    let mailing: HtmlInputElement = find(&page, "#subject-mailing-address");
    assert_eq!(mailing.value(), "粤海街道科技南十二路2号");
    type_into(&mailing, "广东省深圳市南山区粤海街道科技南十二路2号");
    fire(&mailing, "blur");
    leptos::task::tick().await;
    assert!(
        page.query_selector(
            "#subject-mailing-address-messages [data-code='address.repeats_region']"
        )
        .unwrap()
        .is_some(),
        "{}",
        text(&page, "#subject-mailing-address-messages")
    );
    // A warning: the applicant may keep it, so the field is not marked invalid.
    assert_eq!(
        mailing.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    page.remove();
    beian_web::draft_store::clear();
}

#[wasm_bindgen_test]
async fn a_second_website_is_checked_against_the_first_and_copies_its_owner() {
    let page = mount_wizard_at(Step::Websites, EXAMPLE);
    leptos::task::tick().await;
    click(&page, "button.add-site");
    leptos::task::tick().await;
    let domain: HtmlInputElement = find(&page, "#websites-1-domain");
    type_into(&domain, "ZhangSan-Notes.cn");
    fire(&domain, "blur");
    leptos::task::tick().await;
    assert!(page
        .query_selector("#websites-1-domain-messages [data-code='domain.duplicate']")
        .unwrap()
        .is_some());
    // Its 网站负责人 in one tap, from website 1.
    click(&page, "#site-1 button.copy-site-owner");
    leptos::task::tick().await;
    assert_eq!(
        find::<HtmlInputElement>(&page, "#websites-1-owner-name").value(),
        "张三"
    );
    assert_eq!(
        find::<HtmlInputElement>(&page, "#websites-1-owner-mobile").value(),
        "13800138000"
    );
    page.remove();
    beian_web::draft_store::clear();
}

#[wasm_bindgen_test]
async fn the_review_groups_errors_by_step_and_a_tap_goes_to_the_field() {
    let draft = EXAMPLE.replace(
        r#""email": "zhangsan@example.com""#,
        r#""email": "zhangsan@""#,
    );
    let page = mount_wizard_at(Step::Review, &draft);
    leptos::task::tick().await;
    let subject_group = find::<HtmlElement>(&page, ".review-group[data-step='subject']");
    let item = subject_group
        .query_selector("[data-code='contact.email_format'] button.jump")
        .unwrap()
        .expect("the subject owner's email error under 主体信息");
    assert!(text(&page, ".review-group[data-step='product']").contains("无问题"));
    // Which field: the subject's responsible person's email.
    let item_text = item.text_content().unwrap_or_default();
    assert!(item_text.contains("主体负责人 · 电子邮箱"), "{item_text}");
    assert!(text(&page, "#review-summary").contains("错误"));
    item.unchecked_into::<HtmlElement>().click();
    // The step changes, then its fields render.
    leptos::task::tick().await;
    leptos::task::tick().await;
    assert_eq!(Step::from_location(), Step::Subject);
    let email = find::<HtmlInputElement>(&page, &format!("#{}", dom_id("subject_owner.email")));
    assert_eq!(email.value(), "zhangsan@");
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    page.remove();
    beian_web::draft_store::clear();
}

#[wasm_bindgen_test]
async fn the_uploads_step_asks_for_each_document_the_filer_needs() {
    // A company with two sites: licence, the ID card sides, one verification form per site.
    let draft = EXAMPLE
        .replace(r#""nature": 5"#, r#""nature": 4"#)
        .replace(r#""uploads": ["#, r#""uploads_gone": ["#);
    let draft: serde_json::Value = {
        let mut v: serde_json::Value = serde_json::from_str(&draft).unwrap();
        let o = v.as_object_mut().unwrap();
        o.remove("uploads_gone");
        let site = o["websites"][0].clone();
        o["websites"].as_array_mut().unwrap().push(site);
        v
    };
    // An application the server knows: each site's form links to its filled-in template.
    install_regions();
    beian_web::draft_store::save(&beian_web::draft_store::LocalDraft {
        id: Some("app-1".to_owned()),
        revision: Some(3),
        draft: serde_json::from_value(draft).unwrap(),
        ..Default::default()
    });
    Step::Uploads.write_location();
    let page = mount_with_wizard(|| view! { <CurrentStep /> }.into_any());
    leptos::task::tick().await;
    for slot in [
        "upload-licence",
        "upload-id_front",
        "upload-id_back",
        "upload-verification_form-0",
        "upload-verification_form-1",
    ] {
        assert!(
            page.query_selector(&format!("#{slot}.upload-slot"))
                .unwrap()
                .is_some(),
            "{slot}"
        );
    }
    assert!(page
        .query_selector("#upload-verification_form-2")
        .unwrap()
        .is_none());
    assert!(text(&page, "#upload-verification_form-1").contains("网站 2"));
    let link: HtmlElement = find(&page, "#upload-verification_form-1 a.template-link");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/api/v1/applications/app-1/verification-form/1")
    );
    assert!(page
        .query_selector("#upload-licence a.template-link")
        .unwrap()
        .is_none());
    let input: HtmlInputElement = find(&page, "#upload-licence-file");
    assert_eq!(input.accept(), "image/jpeg,image/png");
    page.remove();
    beian_web::draft_store::clear();
}

#[wasm_bindgen_test]
fn fields_belong_to_their_steps_and_ids() {
    assert_eq!(Step::of_field("subject.nature"), Step::Type);
    assert_eq!(Step::of_field("subject.name"), Step::Subject);
    assert_eq!(Step::of_field("subject_owner.mobile"), Step::Subject);
    assert_eq!(Step::of_field("websites[2].owner.email"), Step::Websites);
    assert_eq!(Step::of_field("existing_filing.password"), Step::Type);
    assert_eq!(Step::of_field("product.instance_id"), Step::Product);
    assert_eq!(
        Step::of_field("declarations.information_true"),
        Step::Review
    );
    assert_eq!(Step::of_field("uploads[1].bytes"), Step::Uploads);
    assert_eq!(
        dom_id("websites[0].owner.phone2"),
        "websites-0-owner-phone2"
    );
    assert_eq!(
        dom_id("subject.certificate_number"),
        "subject-certificate-number"
    );
    let (zh, en) = beian_web::steps::field_label("websites[1].approvals[0].number");
    assert_eq!(zh, "网站 2 · 前置审批 1 · 文号");
    assert_eq!(en, "Website 2 · Pre-approval 1 · Number");
    assert_eq!(
        beian_web::steps::field_label("subject.mailing_address").0,
        "通讯地址"
    );
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

/// Waits `ms` milliseconds.
async fn sleep(ms: i32) {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
}

/// Waits for the app's effects and a frame (the language switch re-renders and refocuses).
async fn settle() {
    leptos::task::tick().await;
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        window().request_animation_frame(&resolve).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(frame).await.unwrap();
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn the_language_switch_puts_english_first_keeps_the_draft_and_is_remembered() {
    install_regions();
    let storage = window().local_storage().unwrap().unwrap();
    storage.remove_item("beian.locale").unwrap();
    beian_web::draft_store::save(&beian_web::draft_store::LocalDraft {
        draft: serde_json::from_str(EXAMPLE).expect("a draft"),
        ..Default::default()
    });
    Step::Subject.write_location();
    // The app's own page (index.html marks its <html>): the app sets the page's language.
    let root = document().document_element().unwrap();
    root.set_attribute(beian_web::i18n::OWN_PAGE_MARK, "")
        .unwrap();
    let page: HtmlElement = document()
        .create_element("section")
        .unwrap()
        .unchecked_into();
    document().body().unwrap().append_child(&page).unwrap();
    leptos::mount::mount_to(page.clone(), beian_web::App).forget();
    settle().await;
    assert_eq!(root.get_attribute("lang").as_deref(), Some("zh-CN"));
    assert!(text(&page, ".step h2").starts_with("主体信息"));
    assert_eq!(text(&page, "#language-switch"), "English");

    // A typo shown in Chinese first, then the switch.
    let email: HtmlInputElement = find(&page, "#subject-owner-email");
    type_into(&email, "zhangsan@");
    fire(&email, "blur");
    settle().await;
    let first = find::<HtmlElement>(&page, "#subject-owner-email-messages .msg span");
    assert_eq!(first.get_attribute("lang").as_deref(), Some("zh-CN"));

    click(&page, "#language-switch");
    settle().await;
    assert_eq!(root.get_attribute("lang").as_deref(), Some("en"));
    assert_eq!(
        storage.get_item("beian.locale").unwrap().as_deref(),
        Some("en")
    );
    let heading = text(&page, ".step h2");
    assert!(heading.starts_with("Subject"), "{heading}");
    assert!(
        heading.contains("主体信息"),
        "the Chinese term follows: {heading}"
    );
    assert_eq!(
        find::<HtmlElement>(&page, ".step h2 .alt")
            .get_attribute("lang")
            .as_deref(),
        Some("zh-CN")
    );
    assert!(text(&page, "label[for=subject-name]").starts_with("Name of the subject"));
    assert_eq!(text(&page, "#language-switch"), "中文");
    // What was typed and the messages shown are kept; the message now reads English first.
    assert_eq!(
        find::<HtmlInputElement>(&page, "#subject-owner-email").value(),
        "zhangsan@"
    );
    let first = find::<HtmlElement>(&page, "#subject-owner-email-messages .msg span");
    assert_eq!(first.get_attribute("lang").as_deref(), Some("en"));
    // The focus stays on the switch (now rendered anew).
    assert_eq!(
        document().active_element().map(|e| e.id()).as_deref(),
        Some("language-switch")
    );

    click(&page, "#language-switch");
    settle().await;
    assert_eq!(root.get_attribute("lang").as_deref(), Some("zh-CN"));
    assert!(text(&page, ".step h2").starts_with("主体信息"));
    page.remove();
    storage.remove_item("beian.locale").unwrap();
    beian_web::draft_store::clear();
    Step::Type.write_location();
}

#[wasm_bindgen_test]
async fn the_identity_check_lists_each_responsible_person_once_and_says_how() {
    // Three sites, two people: 张三 answers for sites 1 and 3.
    let mut draft: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
    let first = draft["websites"][0].clone();
    let mut other = first.clone();
    other["owner"]["name"] = "李四".into();
    other["owner"]["certificate_number"] = "110105194912310029".into();
    draft["websites"] = serde_json::json!([first.clone(), other, first]);
    let page = mount_wizard_at(Step::Verification, &draft.to_string());
    leptos::task::tick().await;
    let cards = page.query_selector_all(".capture-card").unwrap();
    assert_eq!(cards.length(), 2);
    let zhang = text(&page, ".capture-card[data-person='websites[0].owner']");
    assert!(
        zhang.contains("张三") && zhang.contains("网站 1、网站 3"),
        "{zhang}"
    );
    assert!(text(
        &page,
        ".capture-card[data-person='websites[1].owner'] .certificate"
    )
    .starts_with("1101**********"));
    // Each person's live capture, starting with the ID card's photo side; no camera yet.
    let captures = page.query_selector_all(".live-capture").unwrap();
    assert_eq!(captures.length(), 2);
    assert!(page
        .query_selector(".live-capture[data-kind=id_front] .viewfinder[hidden]")
        .unwrap()
        .is_some());
    page.remove();

    // Shanghai: the check is done in the administration's app, said once, no capture here.
    draft["subject"]["region"] =
        serde_json::json!({ "province": "31", "city": "", "district": "" });
    let page = mount_wizard_at(Step::Verification, &draft.to_string());
    leptos::task::tick().await;
    assert_eq!(
        page.query_selector_all(".check-notes li").unwrap().length(),
        1
    );
    assert!(text(&page, ".check-notes").contains("上海"));
    assert!(page.query_selector(".live-capture").unwrap().is_none());
    assert!(page
        .query_selector("[data-status=province_app]")
        .unwrap()
        .is_some());
    page.remove();
    beian_web::draft_store::clear();
    Step::Type.write_location();
}

#[wasm_bindgen_test]
async fn typing_into_a_field_shown_under_a_condition_keeps_the_same_field() {
    // The existing filing's fields show for an access filing; typing must not rebuild them (the
    // field would be replaced under the finger and lose the focus).
    let mut draft: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
    draft["filing_type"] = "access_new".into();
    let page = mount_wizard_at(Step::Type, &draft.to_string());
    leptos::task::tick().await;
    let before: HtmlInputElement = find(&page, "#existing-filing-icp-number");
    for text in ["京", "京ICP", "京ICP备12345678号"] {
        type_into(&before, text);
        leptos::task::tick().await;
        let now: HtmlInputElement = find(&page, "#existing-filing-icp-number");
        assert!(
            now.is_same_node(Some(&before)),
            "rebuilt after typing {text}"
        );
    }
    // The typing pause shows the message (the field's own timer survived the typing): a Beijing
    // number for a Guangdong subject.
    sleep(700).await;
    assert!(page
        .query_selector("#existing-filing-icp-number-messages [data-code='filing_number.province']")
        .unwrap()
        .is_some());
    page.remove();

    let page = mount_wizard_at(Step::Product, EXAMPLE);
    leptos::task::tick().await;
    let before: HtmlInputElement = find(&page, "#product-instance-id");
    type_into(&before, "i-bp1");
    leptos::task::tick().await;
    let now: HtmlInputElement = find(&page, "#product-instance-id");
    assert!(now.is_same_node(Some(&before)));
    page.remove();
    beian_web::draft_store::clear();
    Step::Type.write_location();
}

#[wasm_bindgen_test]
async fn saving_a_step_with_an_error_moves_the_focus_to_the_field() {
    let mut draft: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
    draft["subject_owner"]["email"] = "zhangsan@".into();
    let page = mount_wizard_at(Step::Subject, &draft.to_string());
    leptos::task::tick().await;
    click(&page, "button.save-draft");
    settle().await;
    let email: HtmlInputElement = find(&page, "#subject-owner-email");
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        document().active_element().map(|e| e.id()).as_deref(),
        Some("subject-owner-email")
    );
    page.remove();
    beian_web::draft_store::clear();
    Step::Type.write_location();
}

#[wasm_bindgen_test]
fn values_are_found_at_document_paths() {
    use beian_rules::document_path::value_at;
    let doc = serde_json::json!({"websites": [{"owner": {"email": "a@x.cn"}}, {"approvals": [{"number": "7"}]}]});
    assert_eq!(value_at(&doc, "websites[0].owner.email"), "a@x.cn");
    assert_eq!(value_at(&doc, "websites[1].approvals[0].number"), "7");
    assert!(value_at(&doc, "websites[5].name").is_null());
    assert!(value_at(&doc, "websites[x].name").is_null());
    assert!(value_at(&doc, "subject").is_null());
}

#[wasm_bindgen_test]
async fn embedded_in_another_page_the_app_leaves_the_host_language_alone() {
    install_regions();
    let storage = window().local_storage().unwrap().unwrap();
    storage.remove_item("beian.locale").unwrap();
    beian_web::draft_store::clear();
    let root = document().document_element().unwrap();
    root.remove_attribute(beian_web::i18n::OWN_PAGE_MARK)
        .unwrap();
    root.set_attribute("lang", "fr").unwrap();
    let host: HtmlElement = document()
        .create_element("section")
        .unwrap()
        .unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), beian_web::App).forget();
    settle().await;
    click(&host, "#language-switch");
    settle().await;
    assert_eq!(root.get_attribute("lang").as_deref(), Some("fr"));
    assert_eq!(
        find::<HtmlElement>(&host, ".beian-app")
            .get_attribute("lang")
            .as_deref(),
        Some("en")
    );
    host.remove();
    storage.remove_item("beian.locale").unwrap();
    root.set_attribute("lang", "zh-CN").unwrap();
    Step::Type.write_location();
}

#[wasm_bindgen_test]
async fn the_sign_in_form_says_what_is_wrong_under_each_field_before_asking_the_server() {
    use beian_web::components::sign_in_form::SignInForm;
    let root = mount_with_wizard(|| view! { <SignInForm on_signed_in=|_| {} /> }.into_any());
    let phone: HtmlInputElement = find(&root, "#sign-in-phone");
    let code: HtmlInputElement = find(&root, "#sign-in-code");
    assert_eq!(phone.get_attribute("inputmode").as_deref(), Some("tel"));
    assert_eq!(
        code.get_attribute("autocomplete").as_deref(),
        Some("one-time-code")
    );
    assert_eq!(
        phone.get_attribute("aria-describedby").as_deref(),
        Some("sign-in-phone-messages")
    );
    // Not a mobile number: said under the number, nothing sent.
    type_into(&phone, "12345");
    click(&root, "button.send-code");
    settle().await;
    assert!(text(
        &root,
        "#sign-in-phone-messages [data-code=\"invalid_phone\"]"
    )
    .contains("手机号"));
    assert_eq!(phone.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(root.query_selector(".code-sent").unwrap().is_none());
    // A number, but the code is not 6 digits: said under the code.
    type_into(&phone, "138 0013 8000");
    type_into(&code, "12a");
    click(&root, "button.sign-in-submit");
    settle().await;
    assert!(
        text(&root, "#sign-in-code-messages [data-code=\"invalid_code\"]").contains("6 位数字")
    );
    assert_eq!(code.get_attribute("aria-invalid").as_deref(), Some("true"));
    // Typing again clears the field's message.
    assert_eq!(
        phone.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    type_into(&code, "123456");
    settle().await;
    assert_eq!(code.get_attribute("aria-invalid").as_deref(), Some("false"));
    root.remove();
}

#[wasm_bindgen_test]
async fn the_progress_page_asks_each_unconfirmed_code_and_shows_the_numbers_to_paste() {
    use beian_web::api::{Numbers, SmsCheck, SmsCheckRecipient};
    use beian_web::components::approved_numbers::ApprovedNumbers;
    use beian_web::components::sms_check_entry::SmsCheckEntry;
    let root = mount_with_wizard(|| {
        let check = SmsCheck {
            expires_at: "2026-11-24T08:00:00.000Z".to_owned(),
            attempts_left: 4,
            recipients: vec![
                SmsCheckRecipient {
                    path: "subject_owner".to_owned(),
                    mobile: "138****8000".to_owned(),
                    confirmed: true,
                    unsent: false,
                },
                SmsCheckRecipient {
                    path: "websites[1].owner".to_owned(),
                    mobile: "139****9000".to_owned(),
                    confirmed: false,
                    unsent: true,
                },
            ],
        };
        let numbers = Numbers {
            subject: "粤ICP备2026000001号".to_owned(),
            websites: vec!["粤ICP备2026000001号-1".to_owned()],
        };
        let mut draft = beian_rules::FilingDraft::default();
        draft.websites.push(Default::default());
        draft.websites[0].domain = "example.cn".to_owned();
        view! { <SmsCheckEntry check=check /> <ApprovedNumbers numbers=numbers draft=draft /> }
            .into_any()
    });
    settle().await;
    // Only the code still to enter has a field, named by whose it is, with the number keyboard.
    let fields = root.query_selector_all(".sms-code").unwrap();
    assert_eq!(fields.length(), 1);
    let label = text(&root, ".sms-code label");
    assert!(
        label.contains("网站 2 的负责人") && label.contains("139****9000"),
        "{label}"
    );
    let input: HtmlInputElement = find(&root, ".sms-code input");
    assert_eq!(input.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert!(text(&root, ".sms-check .hint").contains("还可输错 4 次"));
    // Its text message did not go: said under its field, with what to do.
    assert!(text(&root, ".sms-code [data-code='sms_unsent']").contains("重新发送验证码"));
    assert!(text(&root, "button.resend-codes").contains("重新发送验证码"));
    // The numbers, and the footer code linked to the MIIT site.
    assert_eq!(text(&root, ".subject-number"), "粤ICP备2026000001号");
    let footer: web_sys::HtmlTextAreaElement = find(&root, "#footer-0");
    assert_eq!(
        footer.value(),
        "<a href=\"https://beian.miit.gov.cn/\" target=\"_blank\" rel=\"noopener\">粤ICP备2026000001号-1</a>"
    );
    assert!(text(&root, ".site-number").contains("example.cn"));
    root.remove();
}

#[wasm_bindgen_test]
async fn an_approved_filing_offers_the_filings_that_act_on_it_and_starts_one_filled_in() {
    use beian_rules::records::{FilingRecord, RecordSite, RecordStatus};
    use beian_web::components::record_card::RecordCard;
    beian_web::draft_store::clear();
    let root = mount_with_wizard(|| {
        let record = |status| FilingRecord {
            subject_number: "粤ICP备2026000001号".to_owned(),
            province: "44".to_owned(),
            subject_name: "张三".to_owned(),
            websites: vec![RecordSite {
                number: "粤ICP备2026000001号-1".to_owned(),
                domain: "zhangsan-notes.cn".to_owned(),
                name: "张三的学习笔记".to_owned(),
            }],
            status,
        };
        let confirm = RwSignal::new(false);
        view! {
            <ul>
                <RecordCard record=record(RecordStatus::Active) confirm=confirm />
                <RecordCard record=record(RecordStatus::Cancelled) confirm=confirm />
            </ul>
        }
        .into_any()
    });
    settle().await;
    let cards = root.query_selector_all(".record").unwrap();
    assert_eq!(cards.length(), 2);
    let active: HtmlElement = cards.item(0).unwrap().unchecked_into();
    let cancelled: HtmlElement = cards.item(1).unwrap().unchecked_into();
    // The whole record's filings, and each website's; none on a cancelled record.
    assert_eq!(
        active
            .query_selector_all("button.record-action")
            .unwrap()
            .length(),
        6
    );
    assert_eq!(
        cancelled
            .query_selector_all("button.record-action")
            .unwrap()
            .length(),
        0
    );
    assert!(cancelled
        .text_content()
        .unwrap_or_default()
        .contains("已注销"));
    // 变更网站 on the site: a new draft of that type, naming the site's number, the site filled in.
    let change: HtmlElement = find(
        &active,
        "[data-number] button[data-filing-type='change_website']",
    );
    change.click();
    settle().await;
    let draft = beian_web::draft_store::load()
        .expect("the new draft is kept on the device")
        .draft;
    assert_eq!(
        draft.filing_type,
        Some(beian_rules::FilingType::ChangeWebsite)
    );
    assert_eq!(draft.existing_filing.icp_number, "粤ICP备2026000001号-1");
    assert_eq!(draft.websites[0].domain, "zhangsan-notes.cn");
    assert_eq!(draft.subject.region.province, "44");
    root.remove();
}

#[wasm_bindgen_test]
fn in_app_browsers_are_recognised_from_their_user_agents() {
    use beian_web::capture::preflight::in_app_browser;
    let cases = [
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN", Some("wechat")),
        ("Mozilla/5.0 (Linux; Android 13; V2183A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/109.0 Mobile Safari/537.36 V1_AND_SQ_8.9.68 QQ/8.9.68.11565 NetType/WIFI", Some("qq")),
        ("Mozilla/5.0 (Linux; U; Android 12; zh-CN; M2102K1C) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/100.0 Quark/6.2.1.240 Mobile Safari/537.36", Some("quark")),
        ("Mozilla/5.0 (Linux; U; Android 10; zh-CN; SM-G9750) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/78.0 UCBrowser/13.4.0.1306 Mobile Safari/537.36", Some("uc")),
        ("Mozilla/5.0 (Linux; Android 11; PDEM10) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/97.0 Mobile Safari/537.36 baiduboxapp/13.20.0.10", Some("baidu")),
        ("Mozilla/5.0 (Linux; U; Android 9; zh-cn; MI 8) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/66.0 MQQBrowser/6.2 TBS/045913 Mobile Safari/537.36", Some("x5")),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", None),
        ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36", None),
    ];
    for (ua, expected) in cases {
        assert_eq!(in_app_browser(ua).map(|b| b.key), expected, "{ua}");
    }
    // The pre-flight's message names the browser it recognised, in both languages.
    use beian_web::capture::preflight::Problem;
    let wechat = in_app_browser(cases[0].0).unwrap();
    let root = mount_with_wizard(|| {
        let app = in_app_browser("MicroMessenger/8.0.47").unwrap();
        Problem::InApp(app).view()
    });
    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains("App 内置浏览器（微信）") && text.contains("built-in browser (WeChat)"),
        "{text}"
    );
    assert_eq!(wechat.name_en, "WeChat");
    root.remove();
}

#[wasm_bindgen_test]
fn the_capture_starts_at_the_first_kind_the_person_has_no_complete_session_of() {
    use beian_rules::capture::{CaptureKind, SessionState};
    use beian_web::api::CaptureListed;
    use beian_web::components::live_capture::first_missing;
    let owner = "websites[0].owner";
    let session = |person: &str, kind, state| CaptureListed {
        person: person.to_owned(),
        kind,
        state,
        verification: None,
    };
    assert_eq!(first_missing(&[], owner), 0);
    let list = vec![
        session(owner, CaptureKind::IdFront, SessionState::Complete),
        session(owner, CaptureKind::IdBack, SessionState::Incomplete),
        session(
            "websites[1].owner",
            CaptureKind::IdBack,
            SessionState::Complete,
        ),
    ];
    assert_eq!(
        first_missing(&list, owner),
        1,
        "the back: incomplete here, complete for another person"
    );
    let mut all = list.clone();
    all.push(session(owner, CaptureKind::IdBack, SessionState::Complete));
    assert_eq!(first_missing(&all, owner), 2);
    all.push(session(owner, CaptureKind::Face, SessionState::Complete));
    assert_eq!(first_missing(&all, owner), CaptureKind::ALL.len());
    // The photo side failed the server's checks: it is to be taken again.
    let verdict = |outcome: &str| beian_web::api::ListedVerification {
        state: "done".to_owned(),
        results: Some(vec![beian_web::api::ListedVerdict {
            outcome: outcome.to_owned(),
            zh: String::new(),
            en: String::new(),
        }]),
    };
    all[0].verification = Some(verdict("fail"));
    assert_eq!(first_missing(&all, owner), 0);
    // A review is no retake; a newer complete session replaces a failed one.
    all[0].verification = Some(verdict("review"));
    assert_eq!(first_missing(&all, owner), CaptureKind::ALL.len());
    all[0].verification = Some(verdict("fail"));
    all.push(session(owner, CaptureKind::IdFront, SessionState::Complete));
    assert_eq!(first_missing(&all, owner), CaptureKind::ALL.len());
}

/// The iframe mode talks only to allowed hosts: an exact origin, or a wildcard subdomain of
/// the same scheme (docs/embedding.md).
#[wasm_bindgen_test]
fn embed_origins_match_exactly_or_by_a_wildcard_subdomain() {
    use beian_web::embed::allowed;
    let list = vec![
        "https://console.partner.cn".to_owned(),
        "https://*.reseller.com".to_owned(),
    ];
    assert!(allowed("https://console.partner.cn", &list));
    assert!(allowed("https://a.reseller.com", &list));
    assert!(!allowed("https://reseller.com", &list));
    assert!(!allowed("http://a.reseller.com", &list));
    assert!(!allowed("https://console.partner.cn.evil.com", &list));
    assert!(!allowed("https://evilreseller.com", &list));
    assert!(!allowed("null", &list));
}

/// A host's theme reaches the page's style only in the documented forms: colours as `#rgb` or
/// `#rrggbb`, the radius as 0px to 24px; anything else (which could carry more CSS) is left out
/// and not listed as applied.
#[wasm_bindgen_test]
fn embed_theme_takes_only_colours_and_a_radius_of_the_documented_form() {
    use beian_web::embed::{is_hex_colour, is_radius, Theme};
    assert!(is_hex_colour("#7a2e8e") && is_hex_colour("#FFF"));
    for bad in [
        "red",
        "#12345",
        "#1234567",
        "#ggg",
        "7a2e8e",
        "#fff;color:red",
        "",
    ] {
        assert!(!is_hex_colour(bad), "{bad}");
    }
    assert!(is_radius("0px") && is_radius("24px"));
    for bad in ["25px", "-1px", "+4px", "4", "4em", "4px;x", "px"] {
        assert!(!is_radius(bad), "{bad}");
    }
    let theme = Theme {
        scheme: Some("dark".into()),
        accent: Some(" #7a2e8e ".into()),
        background: Some("url(https://evil.example/x)".into()),
        card: None,
        text: Some("#eee".into()),
        radius: Some("4px".into()),
    };
    let (scheme, style, applied) = theme.style();
    assert_eq!(scheme, Some("dark"));
    assert_eq!(
        style,
        [
            ("--accent", "#7a2e8e".to_owned()),
            ("--fg", "#eee".to_owned()),
            ("--radius", "4px".to_owned())
        ]
    );
    assert_eq!(applied, ["scheme", "accent", "text", "radius"]);
    let unknown = Theme {
        scheme: Some("neon".into()),
        ..Theme::default()
    };
    assert_eq!(unknown.style(), (None, Vec::new(), Vec::<&str>::new()));
}

#[wasm_bindgen_test]
fn the_servers_english_reads_as_a_sentence() {
    use beian_web::api::ApiError;
    let server = |en: &str| ApiError::Server {
        status: 400,
        code: "code_wrong".into(),
        zh: "验证码不正确".into(),
        en: en.into(),
    };
    assert_eq!(
        server("the code is not right").messages(),
        (
            "验证码不正确".to_owned(),
            "The code is not right".to_owned()
        )
    );
    assert_eq!(server("").messages().1, "");
    // Not a letter of ASCII: left as it is (and no panic on a character of several bytes).
    assert_eq!(server("é ok").messages().1, "é ok");
}
