//! Component tests of the reviewer console in headless Chromium (wasm-bindgen-test): the
//! decision panel offers what the lifecycle allows and says, next to its buttons, what a return
//! still needs; the field list and the routes.
#![cfg(target_arch = "wasm32")]

use beian_web::console::decision::{
    can_return, possible, reasons_to_send, DecisionPanel, ReasonDraft,
};
use beian_web::console::detail::entered_fields;
use beian_web::console::Route;
use beian_web::i18n::t;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// `view` mounted (with the page's language) in a fresh `<section>` at the end of the body.
fn mounted<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> HtmlElement {
    let section: HtmlElement = document()
        .create_element("section")
        .unwrap()
        .unchecked_into();
    document().body().unwrap().append_child(&section).unwrap();
    leptos::mount::mount_to(section.clone(), move || {
        beian_web::i18n::provide_locale();
        view()
    })
    .forget();
    section
}

/// The decision panel of a filing in `status`, mounted in a fresh `<section>`, with its reasons.
fn mount_panel(status: &'static str) -> (HtmlElement, RwSignal<Vec<ReasonDraft>>) {
    let reasons = RwSignal::new(Vec::new());
    let section = mounted(move || {
        view! {
            <DecisionPanel id="00000000-0000-4000-8000-000000000000".to_owned()
                status=status.to_owned() reasons=reasons on_decided=Callback::new(|()| ()) />
        }
    });
    (section, reasons)
}

/// The `data-decision` (with `bureau:` for the 管局's) of each button shown.
fn buttons(root: &HtmlElement) -> Vec<String> {
    let found = root.query_selector_all("button[data-decision]").unwrap();
    (0..found.length())
        .map(|i| {
            let b: HtmlElement = found.item(i).unwrap().unchecked_into();
            let bureau = b.get_attribute("data-bureau").as_deref() == Some("true");
            let decision = b.get_attribute("data-decision").unwrap();
            if bureau {
                format!("bureau:{decision}")
            } else {
                decision
            }
        })
        .collect()
}

#[wasm_bindgen_test]
async fn each_status_offers_the_decisions_the_lifecycle_allows() {
    for (status, expected) in [
        ("submitted", vec!["approve", "request_documents", "reject"]),
        ("documents_requested", vec!["documents_received"]),
        ("bureau_review", vec!["bureau:approve", "bureau:reject"]),
        ("sms_check", vec![]),
        ("approved", vec![]),
    ] {
        let (panel, _) = mount_panel(status);
        leptos::task::tick().await;
        assert_eq!(buttons(&panel), expected, "{status}");
        if expected.is_empty() {
            let text = panel.text_content().unwrap_or_default();
            assert!(text.contains(t::CONSOLE_NO_ACTION.zh), "{status}: {text}");
        }
        panel.remove();
    }
    assert!(possible("no_such_status").is_empty());
    assert!(can_return("submitted") && can_return("bureau_review"));
    assert!(!can_return("documents_requested") && !can_return("approved"));
}

#[wasm_bindgen_test]
async fn a_return_without_reasons_is_refused_next_to_the_buttons_until_one_is_chosen() {
    let (panel, reasons) = mount_panel("submitted");
    leptos::task::tick().await;
    let reject: HtmlElement = panel
        .query_selector("button[data-decision='reject']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    reject.click();
    leptos::task::tick().await;
    let said = panel
        .query_selector("#decision-messages [data-code='reasons_missing']")
        .unwrap()
        .expect("the missing reasons are said");
    let text = said.text_content().unwrap_or_default();
    assert!(
        text.find(t::CONSOLE_REASONS_NEEDED.zh).unwrap() < text.find("Choose").unwrap(),
        "Chinese first: {text}"
    );
    // A field chosen: the message goes (the reason is written next).
    reasons.set(vec![ReasonDraft {
        field: "subject.name".to_owned(),
        zh: String::new(),
        en: String::new(),
    }]);
    leptos::task::tick().await;
    assert!(panel
        .query_selector("#decision-messages [data-code]")
        .unwrap()
        .is_none());
    assert!(panel
        .text_content()
        .unwrap_or_default()
        .contains(&t::CONSOLE_REASONS_CHOSEN.fill(&["1"]).0));
    panel.remove();
}

#[wasm_bindgen_test]
fn a_reason_needs_both_languages() {
    let reason = |zh: &str, en: &str| ReasonDraft {
        field: "websites[0].owner.email".to_owned(),
        zh: zh.to_owned(),
        en: en.to_owned(),
    };
    assert_eq!(reasons_to_send(&[]), Err(t::CONSOLE_REASONS_NEEDED));
    assert_eq!(
        reasons_to_send(&[reason("邮箱无效", " ")]),
        Err(t::CONSOLE_REASON_MISSING)
    );
    let sent = reasons_to_send(&[reason(" 邮箱无效 ", "The email bounces")]).unwrap();
    assert_eq!(sent[0].field, "websites[0].owner.email");
    assert_eq!(sent[0].message.zh_cn, "邮箱无效");
}

#[wasm_bindgen_test]
fn every_entered_field_is_listed_by_its_document_path() {
    let draft: beian_rules::FilingDraft =
        serde_json::from_str(include_str!("../docs/examples/first-filing-personal.json")).unwrap();
    let fields = entered_fields(&draft);
    let email = fields
        .iter()
        .find(|(path, _)| path == "websites[0].owner.email")
        .expect("the site owner's email");
    assert_eq!(email.1, draft.websites[0].owner.email);
    assert!(fields.iter().all(|(path, value)| {
        !path.starts_with("schema_version") && !path.starts_with("uploads") && !value.is_empty()
    }));
    assert!(fields
        .iter()
        .all(|(path, _)| beian_rules::document_path::is_document_path(path)));
}

#[wasm_bindgen_test]
fn routes_read_the_address_and_refuse_anything_else() {
    assert_eq!(Route::parse(""), Route::Queue);
    assert_eq!(
        Route::parse("#/filing/6f1c-42"),
        Route::Filing("6f1c-42".to_owned())
    );
    assert_eq!(Route::parse("#/filing/<script>"), Route::Queue);
    assert_eq!(Route::parse("#/filing/"), Route::Queue);
    assert_eq!(Route::Filing("a-1".to_owned()).href(), "#/filing/a-1");
}

#[wasm_bindgen_test]
async fn the_bureau_approval_of_a_filing_on_a_number_elsewhere_asks_for_its_numbers() {
    let section = mounted(move || {
        view! {
            <DecisionPanel id="00000000-0000-4000-8000-000000000000".to_owned()
                status="bureau_review".to_owned() reasons=RwSignal::new(Vec::new())
                on_decided=Callback::new(|()| ()) numbers_for_sites=Some(2) />
        }
    });
    leptos::task::tick().await;
    // The subject's number and one per website, each labelled.
    let inputs = section.query_selector_all(".bureau-numbers input").unwrap();
    assert_eq!(inputs.length(), 3);
    for i in 0..3 {
        assert!(section
            .query_selector(&format!("label[for='bureau-number-{i}']"))
            .unwrap()
            .is_some());
    }
    section.remove();
    // Without a number elsewhere, none are asked.
    let (panel, _) = mount_panel("bureau_review");
    leptos::task::tick().await;
    assert!(panel.query_selector(".bureau-numbers").unwrap().is_none());
    panel.remove();
}

#[wasm_bindgen_test]
fn the_queue_search_matches_name_domain_certificate_and_province() {
    use beian_web::console::api::QueueItem;
    use beian_web::console::queue::matches;
    let item = QueueItem {
        id: "6f1c0000-0000-4000-8000-000000000000".to_owned(),
        status: "submitted".to_owned(),
        updated_at: "2026-11-23T08:00:00.000Z".to_owned(),
        filing_type: None,
        province: "44".to_owned(),
        subject_name: "张三".to_owned(),
        certificate: "4403**********1236".to_owned(),
        domains: vec!["Zhangsan-Notes.cn".to_owned()],
    };
    for search in ["", "张三", "notes.CN", "1236", "6f1c"] {
        assert!(matches(&item, search, ""), "{search}");
    }
    assert!(matches(&item, "", "44"));
    assert!(!matches(&item, "", "11"));
    assert!(!matches(&item, "李四", ""));
}

#[wasm_bindgen_test]
fn stored_codes_are_shown_by_their_names() {
    use beian_web::console::detail::value_names;
    let (zh, en) =
        value_names("subject.certificate_type", "resident_id").expect("a certificate type");
    assert!(!zh.is_empty() && !en.is_empty() && zh != "resident_id");
    assert!(
        value_names("subject.region.province", "44").is_some_and(|(zh, _)| zh.starts_with("广东"))
    );
    assert!(value_names("filing_type", "change_website").is_some_and(|(zh, _)| zh == "变更网站"));
    assert_eq!(value_names("subject.name", "张三"), None);
}

/// Two sessions of the example's 负责人 as the server lists them: a complete face session with a
/// recording, and an ID side that ended incomplete without one.
fn two_captures() -> Vec<beian_web::console::api::CaptureEntry> {
    serde_json::from_value(serde_json::json!([
        {
            "id": "face-1", "person": "websites[0].owner", "kind": "face", "state": "complete",
            "challenges": [
                { "key": "turn_left", "zh": "请向左转头", "en": "Turn left" },
                { "key": "blink", "zh": "请眨眨眼", "en": "Blink" },
                { "key": "nod", "zh": "请点头", "en": "Nod" },
            ],
            "created_at": "2026-11-23T10:00:00Z",
            "received": { "last": 40, "bytes": 1, "frames": 30, "stills": 0, "challenges_done": [0, 1, 2] },
            "media": {
                "stills": [],
                "frames": [1, 9, 17, 25],
                "challenges_done_at": [
                    { "challenge": "turn_left", "zh": "请向左转头", "en": "Turn left", "marker": 8, "frame": 7 },
                    { "challenge": "blink", "zh": "请眨眨眼", "en": "Blink", "marker": 16, "frame": 15 },
                    { "challenge": "nod", "zh": "请点头", "en": "Nod", "marker": 24, "frame": null },
                ],
                "recording": { "mime": "video/webm", "bytes": 12345 },
            },
            "verification": {
                "state": "done", "attempts": 1, "finished_at": "2026-11-23T10:01:00Z",
                "results": [{
                    "check": "picture_quality", "outcome": "review",
                    "zh": "只有 1/4 帧人脸画面清晰、曝光正常，请人工查看。",
                    "en": "Only 1 of 4 frames of the face are sharp and well exposed: a person should look.",
                    "reported": [
                        { "seq": 9, "brightness": 21.5, "sharpness": 3.2, "glare": 0.0, "feedback": "too_dark" },
                        { "seq": 17, "brightness": 120.0, "sharpness": 4.0, "glare": 0.0, "feedback": "blurry" },
                    ],
                    "measured": 4, "good": 1,
                }],
            },
        },
        {
            "id": "front-1", "person": "websites[0].owner", "kind": "id_front", "state": "incomplete",
            "challenges": [], "created_at": "2026-11-23T09:58:00Z",
            "received": { "last": 3, "bytes": 1, "frames": 3, "stills": 0, "challenges_done": [] },
            "media": { "stills": [], "frames": [1, 2, 3], "challenges_done_at": [], "recording": null },
            "verification": { "state": "queued", "attempts": 0, "finished_at": null, "results": null },
        },
    ]))
    .unwrap()
}

fn srcs(root: &web_sys::Element, selector: &str) -> Vec<String> {
    let found = root.query_selector_all(selector).unwrap();
    (0..found.length())
        .map(|i| {
            let e: web_sys::Element = found.item(i).unwrap().unchecked_into();
            e.get_attribute("src").unwrap_or_default()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn captures_are_shown_by_person_complete_ones_open_with_their_challenge_frames() {
    use beian_web::console::captures::Captures;
    let draft: beian_rules::FilingDraft =
        serde_json::from_str(include_str!("../docs/examples/first-filing-personal.json")).unwrap();
    let owner = draft.websites[0].owner.name.clone();
    let section = mounted(move || view! { <Captures draft=draft captures=two_captures() /> });
    leptos::task::tick().await;

    let person = section
        .query_selector("h4.capture-person")
        .unwrap()
        .unwrap();
    assert_eq!(
        person.get_attribute("data-person").as_deref(),
        Some("websites[0].owner")
    );
    assert!(person.text_content().unwrap().contains(&owner));
    let face = section
        .query_selector("details[data-capture=\"face-1\"]")
        .unwrap()
        .unwrap();
    assert!(face.has_attribute("open"), "a complete session is open");
    assert!(face.text_content().unwrap().contains("3/3"));
    // Two challenges have a frame before their mark; the third is named without one.
    assert_eq!(
        srcs(&face, ".capture-moments img"),
        [
            "/api/v1/reviewer/captures/face-1/parts/7",
            "/api/v1/reviewer/captures/face-1/parts/15"
        ]
    );
    assert_eq!(
        face.query_selector_all(".capture-moments li")
            .unwrap()
            .length(),
        3
    );
    assert_eq!(srcs(&face, ".capture-frames img").len(), 4);
    assert_eq!(
        srcs(&face, "video"),
        ["/api/v1/reviewer/captures/face-1/recording"]
    );
    // The server's verdict, with the pictures it reports (each by its number and what it is).
    let verdict = face.query_selector(".verdict").unwrap().unwrap();
    assert_eq!(
        verdict.get_attribute("data-outcome").as_deref(),
        Some("review")
    );
    assert!(verdict
        .text_content()
        .unwrap()
        .contains(t::CONSOLE_VERIFY_REVIEW.zh));
    assert_eq!(
        srcs(&verdict, ".verdict-reported img"),
        [
            "/api/v1/reviewer/captures/face-1/parts/9",
            "/api/v1/reviewer/captures/face-1/parts/17"
        ]
    );
    assert!(verdict.text_content().unwrap().contains("光线太暗"));
    let front = section
        .query_selector("details[data-capture=\"front-1\"]")
        .unwrap()
        .unwrap();
    assert!(
        !front.has_attribute("open"),
        "an incomplete session is folded"
    );
    assert_eq!(
        front.get_attribute("data-state").as_deref(),
        Some("incomplete")
    );
    assert!(srcs(&front, "video").is_empty());
    assert!(front
        .text_content()
        .unwrap()
        .contains(t::CONSOLE_CAPTURE_NO_RECORDING.zh));
    assert!(front
        .text_content()
        .unwrap()
        .contains(t::CONSOLE_VERIFY_QUEUED.zh));
    assert!(front.query_selector(".verdict").unwrap().is_none());
    section.remove();
}

#[wasm_bindgen_test]
async fn no_capture_is_said_in_words() {
    use beian_web::console::captures::Captures;
    let draft: beian_rules::FilingDraft =
        serde_json::from_str(include_str!("../docs/examples/first-filing-personal.json")).unwrap();
    let section = mounted(move || view! { <Captures draft=draft captures=Vec::new() /> });
    leptos::task::tick().await;
    assert!(section
        .text_content()
        .unwrap()
        .contains(t::CONSOLE_NO_CAPTURES.zh));
    section.remove();
}
