//! ICP filing numbers (备案号, icp-rules.md §5.1).

use crate::finding::{Finding, RuleCode};
use crate::provinces::{province, provinces, Province};

/// A parsed 备案号: `粤ICP备12345678号-3A`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilingNumber {
    pub province: &'static Province,
    /// The 主体备案号 serial (6, 8 or 10 digits).
    pub serial: String,
    /// The site number after `-`, for a 网站备案号.
    pub site: Option<u32>,
    /// `A` for an app, `X` for a mini program.
    pub kind_suffix: Option<char>,
}

/// A number as typed, without spaces and with full-width forms as ASCII.
fn compact(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(crate::text::ascii_width)
        .collect()
}

/// Reads a 备案号 (spaces and full-width digits allowed); `None` if it is not one.
pub fn parse(input: &str) -> Option<FilingNumber> {
    let s = compact(input).replace("icp", "ICP");
    let (prefix, rest) = s.split_once("ICP备")?;
    let province = provinces().iter().find(|p| p.icp_prefix == prefix)?;
    let (serial, tail) = rest.split_once('号')?;
    if !(matches!(serial.len(), 6 | 8 | 10) && serial.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let (site, kind_suffix) = match tail {
        "" => (None, None),
        t => {
            let t = t.strip_prefix('-')?;
            let (digits, kind) = match t.strip_suffix(['A', 'X']) {
                Some(d) => (d, t.chars().last()),
                None => (t, None),
            };
            if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            (Some(digits.parse().ok()?), kind)
        }
    };
    Some(FilingNumber {
        province,
        serial: serial.to_owned(),
        site,
        kind_suffix,
    })
}

impl FilingNumber {
    /// The 主体备案号 part: `粤ICP备2026000001号`.
    pub fn subject(&self) -> String {
        format!("{}ICP备{}号", self.province.icp_prefix, self.serial)
    }
}

/// A new 主体备案号 in the current form (icp-rules.md §5.1: 4-digit year and a 6-digit serial),
/// for province `code`; `None` for an unknown province or a serial over 999999.
pub fn new_subject_number(code: &str, year: i32, serial: u32) -> Option<String> {
    let p = province(code)?;
    (serial <= 999_999 && (1000..=9999).contains(&year))
        .then(|| format!("{}ICP备{year}{serial:06}号", p.icp_prefix))
}

/// The 网站备案号 of site `n` (from 1) under a 主体备案号.
pub fn site_number(subject: &str, n: u32) -> String {
    format!("{subject}-{n}")
}

/// Findings for a 备案号 entered on `field`, given the chosen province code ("" = none).
pub fn check_filing_number(field: &str, input: &str, chosen_province: &str) -> Vec<Finding> {
    if input.trim().is_empty() {
        return Vec::new();
    }
    let Some(number) = parse(input) else {
        return vec![Finding::new(field, RuleCode::FilingNumberFormat, &[])];
    };
    match province(chosen_province) {
        Some(chosen) if chosen.code != number.province.code => vec![Finding::new(
            field,
            RuleCode::FilingNumberProvince,
            &[
                ("prefix", number.province.icp_prefix),
                ("issued", number.province.name),
                ("chosen", chosen.name),
            ],
        )],
        _ => Vec::new(),
    }
}

/// A parsed 公安联网备案号: `粤公网安备44030502008569号`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoliceNumber {
    /// The province its prefix names.
    pub province: &'static Province,
    /// The prefix as written (粤, 川 ...).
    pub prefix: String,
    /// The 14 digits; the first 6 are the county code of the public-security bureau.
    pub digits: String,
}

/// Reads a 公安备案号 (spaces and full-width digits allowed). Its prefix is one of the
/// province's short names (川 for Sichuan, where ICP numbers use 蜀).
pub fn parse_police_number(input: &str) -> Option<PoliceNumber> {
    let s = compact(input);
    let (prefix, rest) = s.split_once("公网安备")?;
    let province = provinces()
        .iter()
        .find(|p| p.short_names.contains(&prefix) || p.icp_prefix == prefix)?;
    let digits = rest.strip_suffix('号')?;
    (digits.len() == 14 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| PoliceNumber {
        province,
        prefix: prefix.to_owned(),
        digits: digits.to_owned(),
    })
}

/// Findings for a 公安备案号 entered on `field`: its shape, and its county code in the province
/// its prefix names (the county check needs the division table).
pub fn check_police_number(field: &str, input: &str) -> Vec<Finding> {
    if input.trim().is_empty() {
        return Vec::new();
    }
    let Some(n) = parse_police_number(input) else {
        return vec![Finding::new(field, RuleCode::PoliceNumberFormat, &[])];
    };
    let county = &n.digits[..6];
    if !county.starts_with(n.province.code) {
        return vec![Finding::new(
            field,
            RuleCode::PoliceNumberProvince,
            &[
                ("code", county),
                ("prefix", &n.prefix),
                ("province", n.province.name),
            ],
        )];
    }
    if crate::regions::is_loaded() && crate::regions::find(county).is_none() {
        return vec![Finding::new(
            field,
            RuleCode::PoliceNumberRegion,
            &[("code", county)],
        )];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_the_reference() {
        let n = parse("蜀ICP备12014244号-2").unwrap();
        assert_eq!(
            (n.province.code, n.serial.as_str(), n.site),
            ("51", "12014244", Some(2))
        );
        assert_eq!(parse("陇ICP备2021003158号-1").unwrap().province.code, "62");
        assert_eq!(parse("京ICP备17027580号").unwrap().site, None);
        assert_eq!(
            parse("陕ICP备2024026116号-1A").unwrap().kind_suffix,
            Some('A')
        );
        assert_eq!(parse("粤 ICP 备 １２３４５６ 号").unwrap().serial, "123456");
        assert!(
            parse("川ICP备12345678号").is_none(),
            "Sichuan numbers use 蜀"
        );
        assert!(parse("粤ICP备1234567号").is_none(), "7 digits");
        assert!(parse("粤ICP备12345678").is_none());
        assert!(parse("粤ICP备12345678号-").is_none());
        assert!(
            parse("粤B2-20090059").is_none(),
            "an ICP licence, not a filing number"
        );
    }

    #[test]
    fn the_province_must_be_the_chosen_one() {
        assert!(check_filing_number("f", "粤ICP备12345678号-3", "44").is_empty());
        let f = check_filing_number("f", "京ICP备12345678号", "44");
        assert_eq!(f[0].code, RuleCode::FilingNumberProvince);
        assert!(f[0].message.zh_cn.contains("北京市") && f[0].message.zh_cn.contains("广东省"));
        assert_eq!(
            check_filing_number("f", "ICP备12345678号", "44")[0].code,
            RuleCode::FilingNumberFormat
        );
    }

    #[test]
    fn police_numbers_from_the_reference() {
        assert!(check_police_number("f", "粤公网安备44030502008569号").is_empty());
        assert!(check_police_number("f", "渝公网安备 50011902000520号").is_empty());
        assert_eq!(
            parse_police_number("川公网安备51010402000001号")
                .unwrap()
                .province
                .code,
            "51"
        );
        assert_eq!(
            check_police_number("f", "粤公网安备4403050200856号")[0].code,
            RuleCode::PoliceNumberFormat
        );
        let f = check_police_number("f", "京公网安备44030502008569号");
        assert_eq!(f[0].code, RuleCode::PoliceNumberProvince);
        assert!(f[0].message.zh_cn.contains("北京市"));
        assert_eq!(
            check_police_number("f", "粤公网安备44999902008569号")[0].code,
            RuleCode::PoliceNumberRegion
        );
        assert!(check_police_number("f", "  ").is_empty());
    }
}

#[cfg(test)]
mod issue_tests {
    use super::*;

    #[test]
    fn issued_numbers_read_back_as_numbers_of_their_province() {
        let subject = new_subject_number("51", 2026, 42).unwrap();
        assert_eq!(subject, "蜀ICP备2026000042号");
        let site = parse(&site_number(&subject, 3)).unwrap();
        assert_eq!((site.province.code, site.site), ("51", Some(3)));
        assert_eq!(site.subject(), subject);
        assert_eq!(new_subject_number("99", 2026, 1), None);
        assert_eq!(new_subject_number("11", 2026, 1_000_000), None);
    }
}
