//! The mainland provinces as the filing rules know them (`data/provinces.tsv`: short names, ICP
//! prefix, capital area code) and the per-province (管局) rules keyed by them
//! (`data/province-rules.tsv`). Always compiled in: both are small, unlike the division table.

use std::sync::OnceLock;

use crate::data_file;

const PROVINCES: &str = include_str!("../data/provinces.tsv");

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

const PROVINCE_RULES: &str = include_str!("../data/province-rules.tsv");

/// The value of a province rule (`company_site_name_suffix`, `unique_site_names` ...).
pub fn province_rule(province: &str, rule: &str) -> Option<&'static str> {
    static R: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    R.get_or_init(|| data_file::parse(PROVINCE_RULES).rows)
        .iter()
        .find(|r| r.first() == Some(&province) && r.get(1) == Some(&rule))
        .and_then(|r| r.get(2).copied())
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
    }
}
