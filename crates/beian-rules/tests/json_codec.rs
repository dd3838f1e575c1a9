//! `beian_rules::json` reads and writes the same JSON as the `serde` derives: written byte for
//! byte alike, read to the same value or refused alike, on arbitrary drafts and texts.

use std::fmt::Debug;

use beian_rules::json::{self, FromJson, ToJson};
use beian_rules::review::ReturnReason;
use beian_rules::{
    Approval, Declarations, ExistingFiling, FilingDraft, FilingType, Message, Person, PriorFiling,
    PriorFilings, ProductCheck, ProductKind, Region, Subject, UploadMeta, Website,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Both read `text` to the same value, or both refuse it.
fn read_alike<T: FromJson + DeserializeOwned + PartialEq + Debug>(text: &str) -> Option<T> {
    let ours = json::from_str::<T>(text);
    let theirs = serde_json::from_str::<T>(text);
    assert_eq!(
        ours.as_ref().ok(),
        theirs.as_ref().ok(),
        "{text}: ours {ours:?}, serde's {theirs:?}"
    );
    ours.ok()
}

/// Both read `text` to the same JSON value, floats to within their last bits (`serde_json`
/// without `float_roundtrip` may be a few bits off on long mantissas), or both refuse it.
fn value_read_alike(text: &str) {
    fn near(a: &serde_json::Value, b: &serde_json::Value) -> bool {
        use serde_json::Value::*;
        match (a, b) {
            (Number(x), Number(y)) if x.is_f64() && y.is_f64() => {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                x == y || (x - y).abs() <= x.abs().max(y.abs()) * 1e-15
            }
            (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| near(a, b)),
            (Object(x), Object(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|((k, a), (l, b))| k == l && near(a, b))
            }
            _ => a == b,
        }
    }
    let ours = json::from_str::<serde_json::Value>(text);
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    let alike = match (&ours, &theirs) {
        (Ok(a), Ok(b)) => near(a, b),
        (Err(_), Err(_)) => true,
        _ => false,
    };
    assert!(alike, "{text}: ours {ours:?}, serde's {theirs:?}");
}

/// Written byte for byte as `serde_json` writes it, and read back to itself.
fn written_alike<T: FromJson + ToJson + Serialize + DeserializeOwned + PartialEq + Debug>(
    value: &T,
) {
    let text = json::to_string(value);
    assert_eq!(text, serde_json::to_string(value).unwrap());
    assert_eq!(read_alike::<T>(&text).as_ref(), Some(value));
}

/// Any text, weighted towards what must be escaped.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z0-9\\u{4e00}-\\u{4e10}\"\\\\/\\x00-\\x1f\\x7f]{0,12}",
    ]
}

fn person() -> impl Strategy<Value = Person> {
    vec(text(), 7).prop_map(|t| Person {
        name: t[0].clone(),
        certificate_type: t[1].clone(),
        certificate_number: t[2].clone(),
        mobile: t[3].clone(),
        phone2: t[4].clone(),
        emergency_phone: t[5].clone(),
        email: t[6].clone(),
    })
}

fn prior() -> impl Strategy<Value = Option<PriorFiling>> {
    option::of(prop_oneof![
        Just(PriorFiling::NotFiled),
        Just(PriorFiling::Here),
        Just(PriorFiling::Elsewhere),
    ])
}

fn filing_type() -> impl Strategy<Value = Option<FilingType>> {
    option::of(proptest::sample::select(FilingType::ALL.to_vec()))
}

fn subject() -> impl Strategy<Value = Subject> {
    (vec(text(), 10), option::of(any::<u8>())).prop_map(|(t, nature)| Subject {
        region: Region {
            province: t[0].clone(),
            city: t[1].clone(),
            district: t[2].clone(),
        },
        nature,
        certificate_type: t[3].clone(),
        certificate_number: t[4].clone(),
        name: t[5].clone(),
        certificate_address: t[6].clone(),
        mailing_address: t[7].clone(),
        investor: t[8].clone(),
        remark: t[9].clone(),
    })
}

fn website() -> impl Strategy<Value = Website> {
    (
        vec(text(), 5),
        vec(text(), 0..3),
        vec(text(), 0..3),
        vec((text(), text()), 0..3),
        person(),
    )
        .prop_map(
            |(t, service_content, languages, approvals, owner)| Website {
                name: t[0].clone(),
                domain: t[1].clone(),
                homepage_url: t[2].clone(),
                service_content,
                languages,
                approvals: approvals
                    .into_iter()
                    .map(|(kind, number)| Approval { kind, number })
                    .collect(),
                remark: t[3].clone(),
                police_number: t[4].clone(),
                owner,
            },
        )
}

fn upload() -> impl Strategy<Value = UploadMeta> {
    (
        vec(text(), 3),
        any::<u64>(),
        any::<u32>(),
        any::<u32>(),
        option::of(any::<u32>()),
    )
        .prop_map(|(t, bytes, width, height, website)| UploadMeta {
            id: t[0].clone(),
            kind: t[1].clone(),
            mime: t[2].clone(),
            bytes,
            width,
            height,
            website,
        })
}

fn draft() -> impl Strategy<Value = FilingDraft> {
    (
        (any::<u32>(), filing_type(), prior(), prior()),
        (
            option::of(prop_oneof![
                Just(ProductKind::Instance),
                Just(ProductKind::ServiceNumber)
            ]),
            vec(text(), 4),
        ),
        (subject(), person()),
        (vec(website(), 0..3), vec(upload(), 0..3), any::<bool>()),
    )
        .prop_map(
            |(
                (schema_version, filing_type, prior_subject, prior_domain),
                (kind, t),
                (subject, subject_owner),
                (websites, uploads, information_true),
            )| FilingDraft {
                schema_version,
                filing_type,
                prior_filings: PriorFilings {
                    subject: prior_subject,
                    domain: prior_domain,
                },
                product: ProductCheck {
                    kind,
                    instance_id: t[0].clone(),
                    service_number: t[1].clone(),
                },
                existing_filing: ExistingFiling {
                    icp_number: t[2].clone(),
                    password: t[3].clone(),
                },
                subject,
                subject_owner,
                websites,
                uploads,
                declarations: Declarations { information_true },
            },
        )
}

/// Texts made of JSON's own characters, most of them not JSON.
fn json_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\\[\\]{}\",:0-9a-z\\\\ .eE+\\-]{0,24}",
        "[\\[{ ]{0,3}\"[a-z\\\\u0-9dD]{0,14}\"[\\]} ]{0,3}",
        "-?[0-9]{1,22}(\\.[0-9]{1,3})?([eE][+\\-]?[0-9]{1,3})?",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn a_draft_is_written_and_read_as_serde_does(draft in draft()) {
        written_alike(&draft);
    }

    #[test]
    fn a_text_is_read_as_serde_json_reads_it(text in json_like()) {
        value_read_alike(&text);
        read_alike::<Option<u32>>(&text);
        read_alike::<Vec<String>>(&text);
        // A struct as an array of its fields is the one form `serde` reads and this does not.
        if !text.contains('[') {
            read_alike::<FilingDraft>(&text);
        }
    }
}

#[test]
fn missing_fields_read_as_serde_reads_them() {
    for text in [
        r#"{"schema_version":1}"#,
        r#"{"schema_version":1,"filing_type":null,"websites":[{}],"uploads":[{"bytes":5}]}"#,
        r#"{"schema_version":1,"subject":{"region":{"province":"44"}},"product":{}}"#,
        r#"{"schema_version":1,"prior_filings":{"subject":"here"}}"#,
        r#" { "schema_version" : 1 , "declarations" : { "information_true" : true } } "#,
        // Refused alike: the version is required, a document is an object.
        r#"{}"#,
        r#"{"filing_type":"claim"}"#,
        r#"null"#,
    ] {
        read_alike::<FilingDraft>(text);
    }
}

#[test]
fn a_struct_as_an_array_of_its_fields_is_refused() {
    // `serde`'s derive reads a struct from a sequence too; nothing the client reads is one.
    for text in [r#"[1]"#, r#"{"schema_version":1,"subject":[]}"#] {
        assert!(serde_json::from_str::<FilingDraft>(text).is_ok());
        assert!(json::from_str::<FilingDraft>(text).is_err(), "{text}");
    }
}

#[test]
fn what_serde_refuses_is_refused() {
    for text in [
        // Unknown fields, at any depth.
        r#"{"schema_version":1,"subjct":{}}"#,
        r#"{"schema_version":1,"subject":{"nme":"x"}}"#,
        r#"{"schema_version":1,"websites":[{"domian":"x.cn"}]}"#,
        // A field given twice.
        r#"{"schema_version":1,"schema_version":1}"#,
        r#"{"schema_version":1,"subject":{"name":"a","name":"b"}}"#,
        // Wrong types and ranges.
        r#"{"schema_version":"1"}"#,
        r#"{"schema_version":1.0}"#,
        r#"{"schema_version":1e0}"#,
        r#"{"schema_version":-1}"#,
        r#"{"schema_version":-0}"#,
        r#"{"schema_version":4294967296}"#,
        r#"{"schema_version":1,"subject":{"nature":256}}"#,
        r#"{"schema_version":1,"filing_type":"First_filing"}"#,
        r#"{"schema_version":1,"websites":{}}"#,
        r#"{"schema_version":1,"declarations":{"information_true":1}}"#,
        // Not JSON.
        r#"{"schema_version":1,}"#,
        r#"{"schema_version":01}"#,
        r#"{"schema_version":1} x"#,
        "{\"schema_version\":1,\"subject\":{\"name\":\"a\u{1}\"}}",
        r#"{"schema_version":1,"subject":{"name":"\ud800"}}"#,
        r#"{"schema_version":1,"subject":{"name":"\udc00\ud800"}}"#,
        r#"{"schema_version":1,"subject":{"name":"\x"}}"#,
        r#"{"schema_version":1"#,
        "",
    ] {
        assert_eq!(read_alike::<FilingDraft>(text), None, "{text}");
    }
}

#[test]
fn escapes_read_as_serde_reads_them() {
    let draft = read_alike::<FilingDraft>(
        r#"{"schema_version":1,"subject":{"name":"\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\\u4E2D"}}"#,
    )
    .unwrap();
    assert_eq!(draft.subject.name, "é😀/\u{8}\u{c}\n\r\t\"\\中");
}

#[test]
fn nesting_deeper_than_serde_json_allows_is_refused() {
    for depth in [127, 128, 129, 5000] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        value_read_alike(&text);
    }
}

#[test]
fn a_message_takes_its_chinese_as_zh_cn_and_skips_what_it_does_not_know() {
    let m = read_alike::<Message>(r#"{"zh-CN":"名称","en":"name","extra":[1,{"a":null}]}"#);
    assert_eq!(m.unwrap().zh_cn, "名称");
    assert_eq!(
        read_alike::<Message>(r#"{"zh_cn":"名称","en":"name"}"#),
        None
    );
    written_alike(&Message {
        zh_cn: "名称".into(),
        en: "name".into(),
    });
}

#[test]
fn a_reviewed_value_reads_as_serde_json_keeps_it() {
    for reviewed in [
        r#"null"#,
        r#""张三""#,
        r#"7"#,
        r#"-7"#,
        r#"-0"#,
        r#"18446744073709551616"#,
        r#"-9223372036854775809"#,
        r#"2.5"#,
        r#"1e400"#,
        r#"[true,false,"a"]"#,
        r#"{"name":"a","name":"b","mobile":"1"}"#,
    ] {
        let text = format!(
            r#"{{"field":"subject.name","message":{{"zh-CN":"z","en":"e"}},"reviewed":{reviewed}}}"#
        );
        read_alike::<ReturnReason>(&text);
    }
    let reason =
        read_alike::<ReturnReason>(r#"{"field":"subject.name","message":{"zh-CN":"z","en":"e"}}"#)
            .unwrap();
    assert_eq!(reason.reviewed, serde_json::Value::Null);
    written_alike(&ReturnReason {
        field: "websites[0].languages".into(),
        message: Message {
            zh_cn: "z".into(),
            en: "e".into(),
        },
        reviewed: serde_json::json!({"b": [1, -2, 2.5, "x\u{1}"], "a": null}),
    });
}

#[test]
fn records_and_capture_kinds_are_written_and_read_as_serde_does() {
    use beian_rules::capture::{CaptureKind, SessionState};
    use beian_rules::records::{FilingRecord, RecordSite, RecordStatus};
    for kind in CaptureKind::ALL {
        written_alike(&kind);
    }
    for state in [
        SessionState::Open,
        SessionState::Complete,
        SessionState::Incomplete,
        SessionState::Expired,
    ] {
        written_alike(&state);
    }
    for status in [
        RecordStatus::Active,
        RecordStatus::Cancelled,
        RecordStatus::AccessCancelled,
    ] {
        written_alike(&FilingRecord {
            subject_number: "粤ICP备12345678号".into(),
            province: "44".into(),
            subject_name: "某某有限公司".into(),
            websites: vec![RecordSite {
                number: "粤ICP备12345678号-1".into(),
                domain: "example.cn".into(),
                name: "示例".into(),
            }],
            status,
        });
    }
    // Members the client does not know are skipped (the server may add some).
    read_alike::<FilingRecord>(
        r#"{"subject_number":"a","province":"44","subject_name":"b","websites":[],"status":"active","approved_at":"x"}"#,
    )
    .unwrap();
    assert_eq!(read_alike::<CaptureKind>(r#""idFront""#), None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_drafts_value_is_serde_jsons(draft in draft()) {
        prop_assert_eq!(json::document_value(&draft), serde_json::to_value(&draft).unwrap());
    }
}

#[test]
fn a_capture_marker_is_written_as_serde_does() {
    use beian_rules::capture::{Marker, MarkerEvent};
    for event in [MarkerEvent::Shown, MarkerEvent::Done] {
        written_alike(&Marker {
            challenge: 3,
            event,
        });
    }
}

#[test]
fn a_values_members_are_read_as_serde_json_reads_them() {
    let text = r#"{"ack":3,"ack":4,"resume":-1,"big":1e2,"state":"complete"}"#;
    let ours = json::parse(text).unwrap();
    let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
    for key in ["ack", "resume", "big", "state", "none"] {
        assert_eq!(
            ours.get(key).and_then(|v| v.as_u64()),
            theirs.get(key).and_then(|v| v.as_u64()),
            "{key}"
        );
        assert_eq!(
            ours.get(key).and_then(|v| v.as_str()),
            theirs.get(key).and_then(|v| v.as_str()),
            "{key}"
        );
    }
}
