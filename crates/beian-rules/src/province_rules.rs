//! The per-province (管局) rules of `data/province-rules.tsv` and `data/province-documents.tsv`
//! applied to an application: who may be the responsible person, personal filers from other
//! provinces, local mobile numbers, minimum ages, domain and site limits per order, and the
//! documents a province asks for. Where a province has published nothing on a question that
//! matters to this filer, the finding says to check with the 管局; it never assumes "allowed".

use crate::address::Place;
use crate::date::CivilDate;
use crate::document::{fields, FilingDraft, FilingType};
use crate::finding::{Finding, RuleCode, Severity};
use crate::identity::resident_id_birth_date;
use crate::provinces::{province_documents, province_name, province_rule_for, ProvinceRule};

/// What the province rules need besides the document.
pub struct ProvinceInput<'a> {
    pub today: Option<CivilDate>,
    /// Readings of the 证件住所 (`subject_address.rs`).
    pub certificate_places: &'a [Place],
    /// How many websites of the order have a valid domain.
    pub domains: usize,
}

fn cite(mut f: Finding, rule: &ProvinceRule) -> Finding {
    f.source = format!("{}; {}", f.source, rule.source);
    f
}

pub fn check_province_rules(draft: &FilingDraft, input: &ProvinceInput<'_>) -> Vec<Finding> {
    let code = draft.subject.region.province.as_str();
    if crate::provinces::province(code).is_none() {
        return Vec::new();
    }
    let province = province_name(code);
    let personal = draft.subject.is_personal();
    let mut out = Vec::new();
    for doc in province_documents() {
        if doc.province == code && doc.applies_to.covers(personal) {
            let mut f = Finding::new(
                fields::PROVINCE,
                RuleCode::ProvinceExtraDocument,
                &[
                    ("province", province),
                    ("text", doc.zh_cn),
                    ("text_en", doc.en),
                ],
            );
            f.source = format!("{}; {}", f.source, doc.source);
            out.push(f);
        }
    }
    if personal == Some(false) {
        out.push(legal_representative(code, province));
    }
    if let Some(rule) = province_rule_for(code, "required_site_language", personal) {
        for (i, site) in draft.websites.iter().enumerate() {
            // An empty list is the completeness rule's to report.
            if !site.languages.is_empty() && !site.languages.iter().any(|l| l == rule.value) {
                out.push(cite(
                    Finding::new(
                        &fields::website(i, "languages"),
                        RuleCode::ProvinceSiteLanguage,
                        &[("province", province), ("language", rule.value)],
                    ),
                    rule,
                ));
            }
        }
    }
    if personal == Some(true) {
        out.extend(cross_province(code, province, input.certificate_places));
    }
    if let Some(rule) = province_rule_for(code, "local_mobile", personal) {
        let (alt, alt_en) = if rule.value == "or_remark" {
            ("（或在备注中说明原因）", " (or say why not in the remark)")
        } else {
            ("", "")
        };
        let mut mobiles = vec!["subject_owner.mobile".to_owned()];
        mobiles.extend((0..draft.websites.len()).map(|i| fields::website(i, "owner.mobile")));
        for field in mobiles {
            out.push(cite(
                Finding::new(
                    &field,
                    RuleCode::ProvinceLocalMobile,
                    &[
                        ("province", province),
                        ("alternative", alt),
                        ("alternative_en", alt_en),
                    ],
                ),
                rule,
            ));
        }
    }
    if let Some(today) = input.today {
        for (field, number) in resident_ids(draft, personal) {
            out.extend(age_rules(&field, number, today, code, province, personal));
        }
    }
    out.extend(order_limits(draft, input.domains, code, province, personal));
    out
}

fn legal_representative(code: &str, province: &str) -> Finding {
    let field = "subject_owner.name";
    match province_rule_for(code, "legal_representative", Some(false)) {
        Some(rule) => {
            let (alt, alt_en) = if rule.value == "authorisation" {
                (
                    "；不是法定代表人时须提供授权委托书",
                    "; another person needs a letter of authorisation (授权委托书)",
                )
            } else {
                ("", "")
            };
            cite(
                Finding::new(
                    field,
                    RuleCode::ProvinceLegalRepresentative,
                    &[
                        ("province", province),
                        ("alternative", alt),
                        ("alternative_en", alt_en),
                    ],
                ),
                rule,
            )
        }
        None => Finding::new(
            field,
            RuleCode::ProvinceCheckWithBureau,
            &[
                ("province", province),
                ("topic", "主体负责人是否须为法定代表人"),
                (
                    "topic_en",
                    "whether the responsible person must be the legal representative",
                ),
            ],
        ),
    }
}

fn cross_province(code: &str, province: &str, places: &[Place]) -> Vec<Finding> {
    if places.is_empty() || places.iter().any(|p| p.province == code) {
        return Vec::new();
    }
    let field = fields::CERTIFICATE_ADDRESS;
    let mut found: Vec<&str> = places.iter().map(|p| province_name(p.province)).collect();
    found.dedup();
    let found = found.join("或");
    let Some(rule) = province_rule_for(code, "personal_cross_province", Some(true)) else {
        return vec![Finding::new(
            field,
            RuleCode::ProvinceCheckWithBureau,
            &[
                ("province", province),
                ("topic", "外省个人备案"),
                ("topic_en", "personal filers from other provinces"),
            ],
        )
        .with_severity_if(true, Severity::Warning)];
    };
    let code = match rule.value {
        "forbidden" => RuleCode::ProvinceCrossProvinceForbidden,
        "permit" => RuleCode::ProvinceCrossProvincePermit,
        _ => RuleCode::ProvinceCrossProvinceAllowed,
    };
    vec![cite(
        Finding::new(
            field,
            code,
            &[
                ("province", province),
                ("found", &found),
                ("proof", "本省居住证或暂住证等证明（以管局要求为准）"),
                (
                    "proof_en",
                    "a residence permit of the province or the proof its administration names",
                ),
            ],
        ),
        rule,
    )]
}

/// The 居民身份证 numbers of the people of the application, with their fields.
fn resident_ids(draft: &FilingDraft, personal: Option<bool>) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    let s = &draft.subject;
    if personal == Some(true) && s.certificate_type == "resident_id" {
        out.push((
            fields::CERTIFICATE_NUMBER.to_owned(),
            s.certificate_number.as_str(),
        ));
    }
    let people = std::iter::once(("subject_owner".to_owned(), &draft.subject_owner)).chain(
        draft
            .websites
            .iter()
            .enumerate()
            .map(|(i, site)| (fields::website(i, "owner"), &site.owner)),
    );
    for (prefix, p) in people {
        if p.certificate_type == "resident_id" {
            out.push((
                format!("{prefix}.certificate_number"),
                p.certificate_number.as_str(),
            ));
        }
    }
    out
}

fn age_rules(
    field: &str,
    number: &str,
    today: CivilDate,
    code: &str,
    province: &str,
    personal: Option<bool>,
) -> Vec<Finding> {
    let Some(birth) = resident_id_birth_date(number).filter(|b| *b <= today) else {
        return Vec::new();
    };
    let age = birth.age_on(today);
    let age_s = age.to_string();
    let limit = |rule: &str| {
        province_rule_for(code, rule, personal)
            .and_then(|r| Some((r, r.value.parse::<i32>().ok()?)))
    };
    if let Some((rule, min)) = limit("min_age") {
        if age < min {
            return vec![cite(
                Finding::new(
                    field,
                    RuleCode::ProvinceUnderMinimumAge,
                    &[
                        ("province", province),
                        ("min", &min.to_string()),
                        ("age", &age_s),
                    ],
                ),
                rule,
            )];
        }
    }
    let mut out = Vec::new();
    for (rule_name, proof, proof_en) in [
        (
            "proof_below_age",
            "在职或收入证明",
            "proof of employment or income",
        ),
        (
            "guardian_below_age",
            "监护人身份证",
            "the guardian's ID card",
        ),
    ] {
        if let Some((rule, min)) = limit(rule_name) {
            if age < min {
                out.push(cite(
                    Finding::new(
                        field,
                        RuleCode::ProvinceUnderAgeNeedsProof,
                        &[
                            ("province", province),
                            ("min", &min.to_string()),
                            ("age", &age_s),
                            ("proof", proof),
                            ("proof_en", proof_en),
                        ],
                    ),
                    rule,
                ));
            }
        }
    }
    out
}

fn order_limits(
    draft: &FilingDraft,
    domains: usize,
    code: &str,
    province: &str,
    personal: Option<bool>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(rule) = province_rule_for(code, "max_domains_per_order", personal) {
        let mut parts = rule.value.split_whitespace();
        let max = parts.next().and_then(|m| m.parse::<usize>().ok());
        let except_change = parts.any(|p| p == "except_change");
        let is_change = matches!(
            draft.filing_type,
            Some(FilingType::ChangeSubject | FilingType::ChangeWebsite | FilingType::ChangeAccess)
        );
        if let Some(max) = max {
            if domains > max && !(except_change && is_change) {
                out.push(cite(
                    Finding::new(
                        fields::WEBSITES,
                        RuleCode::DomainProvinceLimit,
                        &[("province", province), ("max", &max.to_string())],
                    ),
                    rule,
                ));
            }
        }
    }
    if let Some(rule) = province_rule_for(code, "plan_document_above", personal) {
        if let Ok(max) = rule.value.parse::<usize>() {
            let count = draft.websites.len();
            if count > max {
                out.push(cite(
                    Finding::new(
                        fields::WEBSITES,
                        RuleCode::ProvincePlanDocument,
                        &[
                            ("province", province),
                            ("max", &max.to_string()),
                            ("count", &count.to_string()),
                        ],
                    ),
                    rule,
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address::locate;
    use crate::document::{Region, Subject, Website};

    fn draft(province: &str, nature: u8) -> FilingDraft {
        FilingDraft {
            subject: Subject {
                region: Region {
                    province: province.into(),
                    ..Region::default()
                },
                nature: Some(nature),
                ..Subject::default()
            },
            ..FilingDraft::default()
        }
    }

    fn run(d: &FilingDraft, places: &[Place], today: Option<CivilDate>) -> Vec<Finding> {
        check_province_rules(
            d,
            &ProvinceInput {
                today,
                certificate_places: places,
                domains: d.websites.len(),
            },
        )
    }

    fn codes(f: &[Finding]) -> Vec<&'static str> {
        f.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn shanghai_sites_must_list_simplified_chinese() {
        let site = |langs: &[&str]| Website {
            languages: langs.iter().map(|l| (*l).to_owned()).collect(),
            ..Website::default()
        };
        let mut d = draft("31", 5);
        d.websites = vec![site(&["英语"]), site(&["英语", "中文简体"]), site(&[])];
        let all = run(&d, &[], None);
        let f: Vec<&Finding> = all
            .iter()
            .filter(|f| f.code == RuleCode::ProvinceSiteLanguage)
            .collect();
        assert_eq!(f.len(), 1, "only the English-only site");
        assert_eq!(f[0].field, "websites[0].languages");
        assert!(f[0].is_error());
        assert!(f[0].message.zh_cn.contains("上海市") && f[0].message.zh_cn.contains("中文简体"));
        assert!(f[0].source.contains("shanghai.md"));
        // Elsewhere no such rule.
        d.subject.region.province = "44".into();
        assert!(!codes(&run(&d, &[], None)).contains(&"province.site_language"));
    }

    #[test]
    fn shanghai_documents_show_as_soon_as_the_province_is_chosen() {
        let f = run(&draft("31", 4), &[], None);
        let docs: Vec<&Finding> = f
            .iter()
            .filter(|f| f.code == RuleCode::ProvinceExtraDocument)
            .collect();
        assert_eq!(docs.len(), 2, "{f:?}");
        assert!(docs[0].message.zh_cn.starts_with("上海市管局："));
        assert!(
            docs[0].message.en.starts_with("Shanghai: "),
            "{}",
            docs[0].message.en
        );
        assert_eq!(docs[0].params["province"], "上海市");
        assert!(docs[0].source.contains("Shanghai"));
        assert_eq!(docs[0].field, fields::PROVINCE);
    }

    #[test]
    fn legal_representative_rule_or_check_with_the_bureau() {
        let f = run(&draft("32", 4), &[], None);
        let lr = f
            .iter()
            .find(|f| f.code == RuleCode::ProvinceLegalRepresentative)
            .unwrap();
        assert!(lr.message.zh_cn.contains("授权委托书"));
        let f = run(&draft("54", 4), &[], None);
        assert!(codes(&f).contains(&"province.check_with_bureau"), "{f:?}");
        // Personal filers have no legal representative.
        assert!(!codes(&run(&draft("32", 5), &[], None)).contains(&"province.legal_representative"));
    }

    #[test]
    fn personal_filers_from_other_provinces() {
        let places = locate("浙江省杭州市西湖区文三路1号");
        let f = run(&draft("41", 5), &places, None);
        let e = f
            .iter()
            .find(|f| f.code == RuleCode::ProvinceCrossProvinceForbidden)
            .unwrap();
        assert!(e.is_error());
        assert!(e.message.zh_cn.contains("河南省") && e.message.zh_cn.contains("浙江省"));
        assert!(codes(&run(&draft("44", 5), &places, None))
            .contains(&"province.personal_cross_province_permit"));
        assert!(codes(&run(&draft("61", 5), &places, None))
            .contains(&"province.personal_cross_province_allowed"));
        let unknown = run(&draft("43", 5), &places, None);
        let w = unknown
            .iter()
            .find(|f| f.code == RuleCode::ProvinceCheckWithBureau)
            .unwrap();
        assert_eq!(w.severity, Severity::Warning);
        // At home: nothing.
        assert!(!codes(&run(&draft("33", 5), &places, None))
            .iter()
            .any(|c| c.starts_with("province.personal_cross")));
    }

    #[test]
    fn ages_per_province() {
        let mut d = draft("32", 5);
        d.subject.certificate_type = "resident_id".into();
        // Born 2009-03-07 (a valid number): 17 on 2026-11-22.
        d.subject.certificate_number = "110101200903070012".into();
        let today = CivilDate::new(2026, 11, 22);
        let f = run(&d, &[], today);
        assert!(
            codes(&f).contains(&"province.under_age_needs_proof"),
            "{f:?}"
        );
        d.subject.region.province = "12".into();
        let f = run(&d, &[], today);
        let e = f
            .iter()
            .find(|f| f.code == RuleCode::ProvinceUnderMinimumAge)
            .unwrap();
        assert_eq!(e.field, fields::CERTIFICATE_NUMBER);
        assert_eq!(e.params["age"], "17");
        // Without today's date nothing is said.
        assert!(!codes(&run(&d, &[], None)).contains(&"province.under_minimum_age"));
    }

    #[test]
    fn limits_per_order() {
        let mut d = draft("42", 4);
        d.websites = vec![Website::default(); 2];
        let f = run(&d, &[], None);
        let hubei = f
            .iter()
            .find(|f| f.code == RuleCode::DomainProvinceLimit)
            .unwrap();
        assert!(hubei.message.zh_cn.contains("湖北省"));
        let mut d = draft("14", 4);
        d.websites = vec![Website::default(); 4];
        assert!(codes(&run(&d, &[], None)).contains(&"domain.province_limit"));
        d.filing_type = Some(FilingType::ChangeWebsite);
        assert!(!codes(&run(&d, &[], None)).contains(&"domain.province_limit"));
        let mut d = draft("44", 5);
        d.websites = vec![Website::default(); 6];
        let f = run(&d, &[], None);
        let plan = f
            .iter()
            .find(|f| f.code == RuleCode::ProvincePlanDocument)
            .unwrap();
        assert_eq!(
            (plan.params["max"].as_str(), plan.params["count"].as_str()),
            ("5", "6")
        );
        // Henan's limit is for units.
        let mut d = draft("41", 5);
        d.websites = vec![Website::default(); 6];
        assert!(!codes(&run(&d, &[], None)).contains(&"domain.province_limit"));
        d.subject.nature = Some(4);
        assert!(codes(&run(&d, &[], None)).contains(&"domain.province_limit"));
    }
}
