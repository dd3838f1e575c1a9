//! Properties over arbitrary input: nothing panics, normalisation is idempotent, and inputs of
//! a megabyte are handled (the checks bound their work before anything quadratic).

use beian_rules::contact::check_person_contacts;
use beian_rules::identity::{check_number, normalize_number, NumberContext};
use beian_rules::{
    check_domain, subject, validate_draft, CivilDate, Context, ExistingFiling, FilingDraft, Region,
    Subject, Website,
};
use proptest::prelude::*;

/// Any Unicode, weighted towards what domains and numbers are made of.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9.\\-]{0,80}",
        "(www\\.)?[a-z0-9\\-]{1,20}(\\.[a-z]{2,6}){1,3}",
        "[\\u{4e00}-\\u{9fff}a-z0-9]{1,12}\\.(中国|公司|cn|com|网址)",
        "xn--[a-z0-9\\-]{1,30}\\.[a-z]{2,4}",
        "[0-9Xx ]{0,24}",
        "[0-9A-Z\\-]{0,24}",
        // Multi-byte characters where the checks cut at fixed byte positions.
        "[0-9A-Z]{0,17}[\\u{4e00}-\\u{9fff}é][0-9A-Z\\u{4e00}]{0,3}",
    ]
}

fn today() -> Option<CivilDate> {
    CivilDate::new(2026, 11, 22)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn domain_check_never_panics_and_its_normal_form_is_stable(input in text()) {
        let first = check_domain("d", &input);
        if let Some(n) = first.normalized {
            // Checking the normal form (either spelling) gives the same normal form back.
            let again = check_domain("d", &n.ascii);
            prop_assert_eq!(again.normalized.as_ref(), Some(&n), "ascii form of {:?}", input);
            let again = check_domain("d", &n.unicode);
            prop_assert_eq!(again.normalized.as_ref(), Some(&n), "unicode form of {:?}", input);
        }
    }

    #[test]
    fn certificate_checks_never_panic(input in text()) {
        let normalized = normalize_number(&input);
        prop_assert_eq!(normalize_number(&normalized), normalized.clone(), "idempotent");
        for certificate in subject::certificate_types() {
            for nature in [None, subject::nature(4), subject::nature(5)] {
                let ctx = NumberContext { certificate, nature, province: "44", today: today() };
                let _ = check_number("n", &input, &ctx);
            }
        }
    }

    #[test]
    fn contact_checks_never_panic(a in text(), b in text(), c in text(), d in text()) {
        for f in check_person_contacts("p", &a, &b, &c, &d) {
            prop_assert!(f.field.starts_with("p."));
        }
    }

    #[test]
    fn whole_draft_validation_never_panics(
        province in text(), city in text(), district in text(), nature in any::<Option<u8>>(),
        certificate_type in prop_oneof![text(), Just("resident_id".to_owned()), Just("business_licence".to_owned())],
        number in text(), domain in text(), icp in prop_oneof![text(), "[京粤蜀陇]ICP备[0-9]{4,11}号(-[0-9]{0,3}[AX]?)?"],
    ) {
        let draft = FilingDraft {
            schema_version: 1,
            subject: Subject {
                region: Region { province, city, district },
                nature,
                certificate_type,
                certificate_number: number.clone(),
                ..Subject::default()
            },
            websites: vec![
                Website { domain: domain.clone(), name: number.clone(), ..Website::default() },
                Website { domain, name: number.clone(), ..Website::default() },
            ],
            existing_filing: ExistingFiling { icp_number: icp, ..ExistingFiling::default() },
            ..FilingDraft::default()
        };
        for f in validate_draft(&draft, &Context { today: today() }) {
            prop_assert!(!f.message.zh_cn.is_empty() && !f.message.en.is_empty());
            prop_assert!(!f.field.is_empty());
        }
    }
}

/// Addresses made of place names, fragments of them and anything else.
fn address() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("广东省".to_owned()),
        Just("深圳".to_owned()),
        Just("南山区".to_owned()),
        Just("内蒙".to_owned()),
        Just("朝阳区".to_owned()),
        Just("自治州".to_owned()),
        Just("北京路".to_owned()),
        Just("延边".to_owned()),
        Just("1号".to_owned()),
        text(),
    ];
    proptest::collection::vec(piece, 0..6).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn address_checks_never_panic_and_readings_fit_the_text(
        cert in address(), mailing in address(), province in prop_oneof![text(), Just("44".to_owned()), Just("13".to_owned())],
        city in prop_oneof![text(), Just("4403".to_owned())], nature in any::<Option<u8>>(),
    ) {
        for p in beian_rules::address::locate(&cert) {
            prop_assert!(p.chars <= cert.trim_start().chars().count());
            prop_assert!(p.province.len() == 2);
        }
        // A message may quote what was typed; otherwise no placeholder stays unfilled.
        let braces = [&cert, &mailing, &province, &city].iter().any(|s| s.contains('{'));
        let subject = Subject {
            region: Region { province: province.clone(), city, district: String::new() },
            nature,
            certificate_address: cert.clone(),
            mailing_address: mailing.clone(),
            ..Subject::default()
        };
        let draft = FilingDraft {
            schema_version: 1,
            filing_type: Some(beian_rules::FilingType::FirstFiling),
            subject,
            websites: vec![Website { domain: mailing, ..Website::default() }],
            ..FilingDraft::default()
        };
        for f in validate_draft(&draft, &Context { today: today() }) {
            prop_assert!(braces || !(f.message.zh_cn.contains('{') || f.message.en.contains('{')), "{:?}", f.message);
        }
    }
}

#[test]
fn megabyte_inputs_are_refused_with_a_finding() {
    let huge = format!("广东省深圳市{}", "南".repeat(1 << 19));
    let subject = Subject {
        region: Region {
            province: "44".into(),
            ..Region::default()
        },
        certificate_address: huge.clone(),
        mailing_address: huge,
        remark: "备".repeat(1 << 19),
        ..Subject::default()
    };
    let f = validate_draft(
        &FilingDraft {
            schema_version: 1,
            subject,
            ..FilingDraft::default()
        },
        &Context::default(),
    );
    let codes: Vec<(&str, &str)> = f
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect();
    for want in [
        ("subject.certificate_address", "address.too_long"),
        ("subject.mailing_address", "address.too_long"),
        ("subject.remark", "form.too_long"),
    ] {
        assert!(codes.contains(&want), "{want:?} in {codes:?}");
    }

    let mut long = "例".repeat(350_000); // just over 1 MB of UTF-8
    long.push_str(".com");
    let check = check_domain("d", &long);
    assert_eq!(check.findings[0].code.as_str(), "domain.too_long");

    let draft = FilingDraft {
        schema_version: 1,
        subject: Subject {
            certificate_type: "resident_id".into(),
            nature: Some(5),
            certificate_number: "1".repeat(1 << 20),
            ..Subject::default()
        },
        websites: vec![Website {
            domain: "a.".repeat(1 << 19),
            ..Website::default()
        }],
        ..FilingDraft::default()
    };
    let codes: Vec<&str> = validate_draft(&draft, &Context::default())
        .iter()
        .map(|f| f.code.as_str())
        .collect();
    assert!(
        codes.contains(&"subject.certificate_number_too_long"),
        "{codes:?}"
    );
    assert!(codes.contains(&"domain.too_long"), "{codes:?}");

    // The number check itself, called directly with a megabyte, answers too.
    let ctx = NumberContext {
        certificate: subject::certificate_type("business_licence").unwrap(),
        nature: subject::nature(4),
        province: "44",
        today: today(),
    };
    assert_eq!(
        check_number("n", &"９".repeat(1 << 18), &ctx)[0]
            .code
            .as_str(),
        "certificate.format"
    );
}
