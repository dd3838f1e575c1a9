//! The subject's two addresses against the region chosen for it (icp-rules.md §2, national rules):
//!
//! - 证件住所 is the full address as the certificate prints it; it must lie in the chosen
//!   province (and city, where the province says so). A personal filer from another province is
//!   judged by the province's rule for cross-province filers (`province_rules.rs`).
//! - 通讯地址 is entered after the chosen province, city and county, which the form shows in front
//!   of it: it must not repeat them, must not name another place, and must go down to the house
//!   number (or the remark says it cannot).

use crate::address::{locate, Place};
use crate::document::{fields, Subject};
use crate::finding::{Finding, RuleCode};
use crate::provinces::{province_name, province_rule};
use crate::regions;

/// Longest address accepted (real ones are far shorter).
pub const MAX_ADDRESS_CHARS: usize = 128;

/// What the remark says when an address has no house number (Kingsoft Cloud's wording).
const MOST_DETAILED: &str = "最详细";

/// The certificate address's readings, for the province rules that depend on it.
pub struct AddressFindings {
    pub findings: Vec<Finding>,
    /// Readings of 证件住所 (empty when it names no known place).
    pub certificate_places: Vec<Place>,
}

fn names(places: &[Place]) -> String {
    let mut out: Vec<String> = Vec::new();
    for p in places {
        let name = place_name(p);
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out.join("或")
}

/// 广东省深圳市南山区, as far as the reading goes.
fn place_name(p: &Place) -> String {
    let mut s = province_name(p.province).to_owned();
    for code in [p.city, p.county].into_iter().flatten() {
        if let Some(d) = regions::find(code) {
            if !s.ends_with(d.name) && !d.name.contains("直辖") && d.name != "县" {
                s.push_str(d.name);
            }
        }
    }
    s
}

/// Checks both addresses. `personal`: the filer is a person (the cross-province question is
/// then the province rules' to answer, not an error here).
pub fn check_addresses(subject: &Subject, personal: Option<bool>) -> AddressFindings {
    let mut findings = Vec::new();
    let region = &subject.region;
    let mut certificate_places = Vec::new();
    let cert = subject.certificate_address.trim();
    if too_long(
        fields::CERTIFICATE_ADDRESS,
        "证件住所",
        "certificate address",
        cert,
        &mut findings,
    ) {
        // Nothing more to say about it.
    } else if !cert.is_empty() && regions::is_loaded() {
        certificate_places = locate(cert);
        findings.extend(certificate_address(&certificate_places, subject, personal));
    }
    let mailing = subject.mailing_address.trim();
    if !too_long(
        fields::MAILING_ADDRESS,
        "通讯地址",
        "mailing address",
        mailing,
        &mut findings,
    ) && !mailing.is_empty()
    {
        if regions::is_loaded() && !region.province.is_empty() {
            findings.extend(mailing_address(mailing, subject));
        }
        if !has_house_number(mailing) && !subject.remark.contains(MOST_DETAILED) {
            findings.push(Finding::new(
                fields::MAILING_ADDRESS,
                RuleCode::AddressNoHouseNumber,
                &[],
            ));
        }
    }
    AddressFindings {
        findings,
        certificate_places,
    }
}

fn too_long(field: &str, label: &str, label_en: &str, text: &str, out: &mut Vec<Finding>) -> bool {
    let long = text.chars().count() > MAX_ADDRESS_CHARS;
    if long {
        out.push(Finding::new(
            field,
            RuleCode::AddressTooLong,
            &[
                ("label", label),
                ("label_en", label_en),
                ("max", &MAX_ADDRESS_CHARS.to_string()),
            ],
        ));
    }
    long
}

fn certificate_address(
    places: &[Place],
    subject: &Subject,
    personal: Option<bool>,
) -> Vec<Finding> {
    let field = fields::CERTIFICATE_ADDRESS;
    let label = [("label", "证件住所"), ("label_en", "certificate address")];
    let province = subject.region.province.as_str();
    if places.is_empty() {
        return vec![Finding::new(
            field,
            RuleCode::AddressProvinceNotFound,
            &label,
        )];
    }
    if province.is_empty() {
        return Vec::new();
    }
    let in_province: Vec<&Place> = places.iter().filter(|p| p.province == province).collect();
    if in_province.is_empty() {
        // A person may file where they live: the province's rule decides (province_rules.rs).
        if personal == Some(true) {
            return Vec::new();
        }
        return vec![Finding::new(
            field,
            RuleCode::AddressProvinceMismatch,
            &[
                label[0],
                label[1],
                ("found", &names(places)),
                ("province", province_name(province)),
            ],
        )];
    }
    let city = subject.region.city.as_str();
    let same_city = province_rule(province, "same_city_address") == Some("true");
    let cities_known: Vec<&Place> = in_province
        .iter()
        .copied()
        .filter(|p| p.city.is_some())
        .collect();
    if same_city
        && !city.is_empty()
        && !cities_known.is_empty()
        && !cities_known.iter().any(|p| p.city == Some(city))
    {
        let owned: Vec<Place> = cities_known.iter().map(|p| **p).collect();
        return vec![Finding::new(
            field,
            RuleCode::AddressCityMismatch,
            &[
                label[0],
                label[1],
                ("found", &names(&owned)),
                ("province", province_name(province)),
                ("city", regions::find(city).map_or(city, |d| d.name)),
            ],
        )];
    }
    Vec::new()
}

fn mailing_address(text: &str, subject: &Subject) -> Vec<Finding> {
    let field = fields::MAILING_ADDRESS;
    let region = &subject.region;
    let places = locate(text);
    if places.is_empty() {
        return Vec::new();
    }
    let chosen_city = (!region.city.is_empty()).then_some(region.city.as_str());
    let same_province: Vec<&Place> = places
        .iter()
        .filter(|p| p.province == region.province)
        .collect();
    if same_province.is_empty() {
        return vec![Finding::new(
            field,
            RuleCode::AddressProvinceMismatch,
            &[
                ("label", "通讯地址"),
                ("label_en", "mailing address"),
                ("found", &names(&places)),
                ("province", province_name(&region.province)),
            ],
        )];
    }
    let fits = |p: &&Place| p.city.is_none() || chosen_city.is_none() || p.city == chosen_city;
    if same_province.iter().any(fits) {
        let repeated: String = text.chars().take(places[0].chars).collect();
        return vec![Finding::new(
            field,
            RuleCode::AddressRepeatsRegion,
            &[("repeated", &repeated)],
        )];
    }
    let city_name = chosen_city.and_then(regions::find).map_or("", |d| d.name);
    let owned: Vec<Place> = same_province.iter().map(|p| **p).collect();
    vec![Finding::new(
        field,
        RuleCode::AddressOtherCity,
        &[("found", &names(&owned)), ("city", city_name)],
    )]
}

/// A house number: a digit (ASCII, full-width or Chinese numeral before 号) or 号 / 栋 / 室.
fn has_house_number(text: &str) -> bool {
    text.chars().any(|c| {
        c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, '号' | '栋' | '幢' | '室')
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Region;

    fn subject(province: &str, city: &str, cert: &str, mailing: &str) -> Subject {
        Subject {
            region: Region {
                province: province.into(),
                city: city.into(),
                district: String::new(),
            },
            certificate_address: cert.into(),
            mailing_address: mailing.into(),
            ..Subject::default()
        }
    }

    fn codes(s: &Subject, personal: Option<bool>) -> Vec<(&'static str, String)> {
        check_addresses(s, personal)
            .findings
            .iter()
            .map(|f| (f.code.as_str(), f.field.clone()))
            .collect()
    }

    #[test]
    fn a_unit_in_its_own_province_passes() {
        let s = subject(
            "44",
            "4403",
            "深圳市南山区粤海街道科技园1号",
            "粤海街道科技园1号",
        );
        assert!(codes(&s, Some(false)).is_empty());
    }

    #[test]
    fn a_unit_address_in_another_province_is_an_error_naming_both() {
        let s = subject("44", "4403", "浙江省杭州市西湖区文三路1号", "科技园1号");
        let f = check_addresses(&s, Some(false)).findings;
        assert_eq!(f[0].code, RuleCode::AddressProvinceMismatch);
        assert!(
            f[0].message.zh_cn.contains("浙江省杭州市西湖区"),
            "{}",
            f[0].message.zh_cn
        );
        assert!(f[0].message.zh_cn.contains("广东省"));
        // A person's address elsewhere is for the province rules to judge.
        assert!(codes(&s, Some(true)).is_empty());
    }

    #[test]
    fn hebei_wants_the_same_city() {
        let s = subject("13", "1301", "河北省保定市竞秀区1号", "中华大街1号");
        assert_eq!(codes(&s, Some(false))[0].0, "address.city_mismatch");
        let s = subject("13", "1306", "河北省保定市竞秀区1号", "朝阳北大街1号");
        assert!(codes(&s, Some(false)).is_empty());
        // Guangdong does not.
        let s = subject("44", "4401", "广东省深圳市南山区1号", "天河路1号");
        assert!(codes(&s, Some(false)).is_empty());
    }

    #[test]
    fn the_mailing_address_must_not_repeat_or_contradict_the_region() {
        let s = subject("44", "4403", "", "广东省深圳市南山区科技园1号");
        let f = check_addresses(&s, None).findings;
        assert_eq!(f[0].code, RuleCode::AddressRepeatsRegion);
        assert!(f[0].message.zh_cn.contains("广东省深圳市南山区"));
        let s = subject("44", "4403", "", "广州市天河区天河路1号");
        assert_eq!(codes(&s, None)[0].0, "address.other_city");
        let s = subject("44", "4403", "", "北京市朝阳区建国路1号");
        assert_eq!(codes(&s, None)[0].0, "address.province_mismatch");
        // Street names are not places.
        let s = subject("11", "1101", "", "北京路100号");
        assert!(codes(&s, None).is_empty());
    }

    #[test]
    fn no_house_number_needs_the_remark() {
        let mut s = subject("11", "1101", "", "某某村");
        assert_eq!(codes(&s, None)[0].0, "address.no_house_number");
        s.remark = "此地址已是最详细地址".into();
        assert!(codes(&s, None).is_empty());
        s.mailing_address = "建国路甲十号".into();
        s.remark.clear();
        assert!(codes(&s, None).is_empty());
    }

    #[test]
    fn an_unreadable_certificate_address_and_a_long_one() {
        let s = subject("44", "4403", "科技园1号", "");
        assert_eq!(codes(&s, Some(false))[0].0, "address.province_not_found");
        let s = subject("44", "4403", &"深".repeat(MAX_ADDRESS_CHARS + 1), "");
        assert_eq!(codes(&s, Some(false))[0].0, "address.too_long");
    }
}
