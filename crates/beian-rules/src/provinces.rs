//! The mainland provinces as the filing rules know them (`data/provinces.tsv`: short names, ICP
//! prefix, capital area code) and the per-province (管局) rules keyed by them
//! (`data/province-rules.tsv`). Always compiled in: both are small, unlike the division table.

use std::sync::OnceLock;

use crate::data_file;

const PROVINCES: &str = include_str!(concat!(env!("OUT_DIR"), "/provinces.tsv"));

/// A mainland province as the filing rules know it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Province {
    /// GB/T 2260 code (2 digits).
    pub code: &'static str,
    pub name: &'static str,
    pub short_names: Vec<&'static str>,
    /// The character that starts its ICP numbers (粤, 蜀 ...).
    pub icp_prefix: &'static str,
    pub capital: &'static str,
    pub capital_area_code: &'static str,
    /// The name English messages use (Guangdong, Inner Mongolia ...).
    pub name_en: &'static str,
}

pub fn provinces() -> &'static [Province] {
    static P: OnceLock<Vec<Province>> = OnceLock::new();
    P.get_or_init(|| {
        data_file::parse(PROVINCES)
            .rows
            .iter()
            .filter_map(|r| {
                Some(Province {
                    code: r.first()?,
                    name: r.get(1)?,
                    short_names: r.get(2)?.split(',').collect(),
                    icp_prefix: r.get(3)?,
                    capital: r.get(4)?,
                    capital_area_code: r.get(5)?,
                    name_en: r.get(6)?,
                })
            })
            .collect()
    })
}

pub fn province(code: &str) -> Option<&'static Province> {
    provinces().iter().find(|p| p.code == code)
}

/// The province's full name, or the code itself when it is not a province.
pub fn province_name(code: &str) -> &str {
    province(code).map_or(code, |p| p.name)
}

/// The English name of a province given by its full Chinese name (广东省 -> Guangdong).
pub fn english_name(name_zh: &str) -> Option<&'static str> {
    provinces()
        .iter()
        .find(|p| p.name == name_zh)
        .map(|p| p.name_en)
}

const PROVINCE_RULES: &str = include_str!(concat!(env!("OUT_DIR"), "/province-rules.tsv"));
const PROVINCE_DOCUMENTS: &str = include_str!(concat!(env!("OUT_DIR"), "/province-documents.tsv"));

/// Which filers a province rule or document concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppliesTo {
    All,
    /// Units (every 主办单位性质 but 个人).
    Unit,
    /// Personal filers (个人).
    Personal,
}

impl AppliesTo {
    fn parse(s: &str) -> Option<AppliesTo> {
        match s {
            "all" => Some(AppliesTo::All),
            "unit" => Some(AppliesTo::Unit),
            "personal" => Some(AppliesTo::Personal),
            _ => None,
        }
    }

    /// Whether it concerns a filer that is personal (`Some(true)`), a unit (`Some(false)`) or
    /// not known yet (`None`: only the rules for all filers).
    pub fn covers(self, personal: Option<bool>) -> bool {
        match self {
            AppliesTo::All => true,
            AppliesTo::Unit => personal == Some(false),
            AppliesTo::Personal => personal == Some(true),
        }
    }
}

/// One row of `data/province-rules.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProvinceRule {
    pub province: &'static str,
    pub rule: &'static str,
    pub value: &'static str,
    pub applies_to: AppliesTo,
    pub source: &'static str,
}

/// One row of `data/province-documents.tsv`: what a province asks for beyond the national rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProvinceDocument {
    pub province: &'static str,
    pub applies_to: AppliesTo,
    pub zh_cn: &'static str,
    pub en: &'static str,
    pub source: &'static str,
}

pub fn province_rules() -> &'static [ProvinceRule] {
    static R: OnceLock<Vec<ProvinceRule>> = OnceLock::new();
    R.get_or_init(|| {
        data_file::parse(PROVINCE_RULES)
            .rows
            .iter()
            .filter_map(|r| {
                Some(ProvinceRule {
                    province: r.first()?,
                    rule: r.get(1)?,
                    value: r.get(2)?,
                    applies_to: AppliesTo::parse(r.get(3)?)?,
                    source: r.get(4)?,
                })
            })
            .collect()
    })
}

pub fn province_documents() -> &'static [ProvinceDocument] {
    static D: OnceLock<Vec<ProvinceDocument>> = OnceLock::new();
    D.get_or_init(|| {
        data_file::parse(PROVINCE_DOCUMENTS)
            .rows
            .iter()
            .filter_map(|r| {
                Some(ProvinceDocument {
                    province: r.first()?,
                    applies_to: AppliesTo::parse(r.get(1)?)?,
                    zh_cn: r.get(2)?,
                    en: r.get(3)?,
                    source: r.get(4)?,
                })
            })
            .collect()
    })
}

/// The province's rule `rule` for a filer that is personal or not (`None`: not known yet).
pub fn province_rule_for(
    province: &str,
    rule: &str,
    personal: Option<bool>,
) -> Option<&'static ProvinceRule> {
    province_rules()
        .iter()
        .find(|r| r.province == province && r.rule == rule && r.applies_to.covers(personal))
}

/// The value of a province rule for all filers (`company_site_name_suffix`, `unique_site_names` ...).
pub fn province_rule(province: &str, rule: &str) -> Option<&'static str> {
    province_rule_for(province, rule, None).map(|r| r.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_every_mainland_province_with_the_corrected_prefixes() {
        assert_eq!(provinces().len(), 31);
        for p in provinces() {
            assert!(crate::regions::find(p.code).is_some(), "{}", p.code);
        }
        let prefix = |code| province(code).unwrap().icp_prefix;
        assert_eq!(
            [prefix("51"), prefix("62"), prefix("52"), prefix("53")],
            ["蜀", "陇", "黔", "滇"]
        );
    }

    #[test]
    fn province_rules_and_names() {
        assert_eq!(
            province_rule("44", "company_site_name_suffix"),
            Some("官网")
        );
        assert_eq!(province_rule("11", "company_site_name_suffix"), None);
        assert_eq!(province_name("62"), "甘肃省");
        assert_eq!(province_name("99"), "99");
        assert_eq!(english_name("内蒙古自治区"), Some("Inner Mongolia"));
        assert_eq!(english_name("南山区"), None);
        let unit = province_rule_for("41", "max_domains_per_order", Some(false)).unwrap();
        assert_eq!(unit.value, "5");
        assert!(province_rule_for("41", "max_domains_per_order", Some(true)).is_none());
    }

    #[test]
    fn every_rule_and_document_row_reads_and_names_a_province() {
        let rows = |text| data_file::parse(text).rows.len();
        assert_eq!(province_rules().len(), rows(PROVINCE_RULES));
        assert_eq!(province_documents().len(), rows(PROVINCE_DOCUMENTS));
        for r in province_rules() {
            assert!(province(r.province).is_some(), "{r:?}");
            assert!(!r.source.is_empty(), "{r:?}");
        }
        for d in province_documents() {
            assert!(province(d.province).is_some(), "{d:?}");
            assert!(!d.en.is_empty() && !d.source.is_empty(), "{d:?}");
        }
    }
}
